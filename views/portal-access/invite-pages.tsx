import type { PublicBrand } from '../../src/brand/service.js';
import type { Ui } from '../../src/web/ui.js';
import { ErrorSummary, Field, type FieldErrors } from '../components/form.js';
import { LangField, PortalAuthFrame } from '../portal-auth/auth-frame.js';

/** Where an invitation's pages live: the language links return here, token and all. */
const invitePath = (token: string) => `/portal/invite/${token}`;

/** /portal/invite/:token for a link invitation: choose a password (two inputs) and sign in. */
export function InviteSetPasswordPage(props: { ui: Ui; brand: PublicBrand; token: string; clientName: string; email: string; expiresAt: string; errors?: FieldErrors }) {
  const { ui } = props;
  const { t } = ui;
  const path = invitePath(props.token);
  return (
    <PortalAuthFrame ui={ui} brand={props.brand} title={t('access:accept.title')} path={path}>
      <p>{t('access:accept.intro', { firm: props.brand.firmName, client: props.clientName })}</p>
      <ErrorSummary ui={ui} errors={props.errors} />
      <form method="post" action={path} novalidate>
        <LangField ui={ui} />
        <div class="field">
          <span class="label">{t('access:accept.email')}</span>
          <p class="invite-email"><strong>{props.email}</strong></p>
          {/* Lets password managers store the login with the right user name. */}
          <input type="email" name="username" value={props.email} autocomplete="username" readonly hidden />
        </div>
        <Field ui={ui} name="password" type="password" label={t('access:accept.password')} errors={props.errors} hint={t('access:accept.password_hint')} required autocomplete="new-password" maxlength={1024} />
        <Field ui={ui} name="password_confirm" type="password" label={t('access:accept.password_confirm')} errors={props.errors} required autocomplete="new-password" maxlength={1024} />
        <button type="submit" class="primary">{t('access:accept.submit')}</button>
      </form>
      <p class="hint">{t('access:accept.expires', { date: ui.dateTime(props.expiresAt) })}</p>
    </PortalAuthFrame>
  );
}

/** /portal/invite/:token when the person accepts by signing in (a password came with the invitation, or the login exists). */
export function InviteSignInPage(props: { ui: Ui; brand: PublicBrand; token: string; clientName: string; email: string; existingLogin: boolean }) {
  const { ui } = props;
  const { t } = ui;
  const firm = props.brand.firmName;
  return (
    <PortalAuthFrame ui={ui} brand={props.brand} title={t('access:accept.title')} path={invitePath(props.token)}>
      <p>{t('access:accept.intro', { firm, client: props.clientName })}</p>
      <p>{props.existingLogin ? t('access:accept.sign_in_existing') : t('access:accept.sign_in_received', { firm })}</p>
      <p><strong>{props.email}</strong></p>
      <p><a class="button primary" href={`/portal/login?lang=${ui.lang}`}>{t('access:accept.go_sign_in')}</a></p>
    </PortalAuthFrame>
  );
}

/**
 * The same page for an unknown, used, replaced, revoked or expired invitation (no enumeration:
 * not even the token is echoed; the language links are relative, `?lang=`, to this same URL).
 */
export function InviteGonePage(props: { ui: Ui; brand: PublicBrand }) {
  const { t } = props.ui;
  return (
    <PortalAuthFrame ui={props.ui} brand={props.brand} title={t('access:accept.gone_title')} path="">
      <p>{t('access:accept.gone')}</p>
    </PortalAuthFrame>
  );
}

/** Too many invitation attempts from one address (language links relative, like the page above). */
export function InviteBlockedPage(props: { ui: Ui; brand: PublicBrand; minutes: number }) {
  const { t } = props.ui;
  return (
    <PortalAuthFrame ui={props.ui} brand={props.brand} title={t('access:accept.title')} path="">
      <div class="error-summary" role="alert"><p>{t('access:accept.blocked', { minutes: props.minutes })}</p></div>
    </PortalAuthFrame>
  );
}
