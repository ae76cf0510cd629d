import type { StaffUser } from '../../src/db/schema.js';
import type { Ui } from '../../src/web/ui.js';
import { StaffLayout } from '../layouts/staff.js';

/** /verify-email/:token: the staff member's address was confirmed, or the link did not work. */
export function VerifyEmailPage(props: { ui: Ui; staff: StaffUser; verified: boolean }) {
  const { t } = props.ui;
  const title = props.verified ? t('access:verify.verified_title') : t('access:verify.invalid_title');
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={title} section="clients">
      <h1>{title}</h1>
      {props.verified ? <p class="flash flash-success" role="status">{t('access:verify.verified')}</p> : <p class="flash flash-error" role="alert">{t('access:verify.invalid')}</p>}
      <p><a class="button" href="/clients">{t('access:verify.back')}</a></p>
    </StaffLayout>
  );
}
