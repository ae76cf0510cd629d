import type { PublicBrand } from '../../src/brand/service.js';
import type { Ui } from '../../src/web/ui.js';
import { ErrorSummary, Field, type FieldErrors } from '../components/form.js';
import { LangField, PortalAuthFrame } from './auth-frame.js';

/** "Forgot your password?": one email input; the answer is the same for every address. */
export function PortalForgotPage(props: {
  ui: Ui;
  brand: PublicBrand;
  email?: string;
  errors?: FieldErrors;
  sent?: boolean;
  tooMany?: { minutes: number } | null;
}) {
  const { t } = props.ui;
  return (
    <PortalAuthFrame ui={props.ui} brand={props.brand} title={t('portal_auth:forgot.title')} path="/portal/forgot" query={{ sent: props.sent ? '1' : undefined }}>
      {props.sent ? <p class="flash flash-info" role="status">{t('portal_auth:forgot.sent')}</p> : null}
      {props.tooMany ? (
        <div class="error-summary" role="alert"><p>{t('portal_auth:forgot.blocked', { minutes: props.tooMany.minutes })}</p></div>
      ) : (
        <ErrorSummary ui={props.ui} errors={props.errors} />
      )}
      <p>{t('portal_auth:forgot.intro')}</p>
      <form method="post" action="/portal/forgot">
        <LangField ui={props.ui} />
        <Field ui={props.ui} name="email" type="email" label={t('portal_auth:email')} value={props.email} errors={props.errors} required autocomplete="username" maxlength={254} />
        <button type="submit" class="primary">{t('portal_auth:forgot.submit')}</button>
      </form>
      <p class="portal-auth-links"><a href={`/portal/login?lang=${props.ui.lang}`}>{t('portal_auth:back_to_login')}</a></p>
    </PortalAuthFrame>
  );
}
