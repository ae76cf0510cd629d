import type { PublicBrand } from '../../src/brand/service.js';
import type { Ui } from '../../src/web/ui.js';
import { ErrorSummary, Field, type FieldErrors } from '../components/form.js';
import { LangField, PortalAuthFrame } from './auth-frame.js';

/** The page a reset link opens: a new password, typed twice. */
export function PortalResetPage(props: { ui: Ui; brand: PublicBrand; token: string; email: string; errors?: FieldErrors }) {
  const { t } = props.ui;
  const action = `/portal/reset/${props.token}`;
  return (
    <PortalAuthFrame ui={props.ui} brand={props.brand} title={t('portal_auth:reset.title')} path={action}>
      <ErrorSummary ui={props.ui} errors={props.errors} />
      <p>{t('portal_auth:reset.intro', { email: props.email })}</p>
      <form method="post" action={action}>
        <LangField ui={props.ui} />
        {/* Lets password managers file the new password under the right login. */}
        <input type="hidden" name="username" value={props.email} autocomplete="username" />
        <Field ui={props.ui} name="password" type="password" label={t('portal_auth:new_password')} errors={props.errors} required autocomplete="new-password" hint={t('portal_auth:password_hint')} />
        <Field ui={props.ui} name="password_confirm" type="password" label={t('portal_auth:confirm_password')} errors={props.errors} required autocomplete="new-password" />
        <button type="submit" class="primary">{t('portal_auth:reset.submit')}</button>
      </form>
    </PortalAuthFrame>
  );
}

/** What an unknown, used or expired reset link shows (the same for all three). */
export function PortalResetInvalidPage(props: { ui: Ui; brand: PublicBrand; path: string; tooMany?: { minutes: number } | null }) {
  const { t } = props.ui;
  return (
    <PortalAuthFrame ui={props.ui} brand={props.brand} title={t('portal_auth:reset.invalid_title')} path={props.path}>
      {props.tooMany ? (
        <div class="error-summary" role="alert"><p>{t('portal_auth:reset.blocked', { minutes: props.tooMany.minutes })}</p></div>
      ) : (
        <p>{t('portal_auth:reset.invalid')}</p>
      )}
      <p class="portal-auth-links">
        <a href={`/portal/forgot?lang=${props.ui.lang}`}>{t('portal_auth:reset.ask_again')}</a>
        {' · '}
        <a href={`/portal/login?lang=${props.ui.lang}`}>{t('portal_auth:back_to_login')}</a>
      </p>
    </PortalAuthFrame>
  );
}
