import type { Ui } from '../../src/web/ui.js';
import { ErrorSummary, Field, type FieldErrors } from '../components/form.js';
import { Base } from '../layouts/base.js';

/** /portal/invite/:token for a link invitation: choose a password (two inputs) and sign in. */
export function InviteSetPasswordPage(props: { ui: Ui; token: string; firmName: string; clientName: string; email: string; expiresAt: string; errors?: FieldErrors }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <Base ui={ui} title={t('access:accept.title')} bodyClass="auth">
      <main id="main" class="auth-card">
        <h1>{t('access:accept.title')}</h1>
        <p>{t('access:accept.intro', { firm: props.firmName, client: props.clientName })}</p>
        <ErrorSummary ui={ui} errors={props.errors} />
        <form method="post" action={`/portal/invite/${props.token}`} novalidate>
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
      </main>
    </Base>
  );
}

/** /portal/invite/:token when the person accepts by signing in (a password came with the invitation, or the login exists). */
export function InviteSignInPage(props: { ui: Ui; firmName: string; clientName: string; email: string; existingLogin: boolean }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <Base ui={ui} title={t('access:accept.title')} bodyClass="auth">
      <main id="main" class="auth-card">
        <h1>{t('access:accept.title')}</h1>
        <p>{t('access:accept.intro', { firm: props.firmName, client: props.clientName })}</p>
        <p>{props.existingLogin ? t('access:accept.sign_in_existing') : t('access:accept.sign_in_received', { firm: props.firmName })}</p>
        <p><strong>{props.email}</strong></p>
        <p><a class="button primary" href={`/portal/login?lang=${ui.lang}`}>{t('access:accept.go_sign_in')}</a></p>
      </main>
    </Base>
  );
}

/** The same page for an unknown, used, replaced, revoked or expired invitation (no enumeration). */
export function InviteGonePage(props: { ui: Ui }) {
  const { t } = props.ui;
  return (
    <Base ui={props.ui} title={t('access:accept.gone_title')} bodyClass="auth">
      <main id="main" class="auth-card">
        <h1>{t('access:accept.gone_title')}</h1>
        <p>{t('access:accept.gone')}</p>
      </main>
    </Base>
  );
}

/** Too many invitation attempts from one address. */
export function InviteBlockedPage(props: { ui: Ui; minutes: number }) {
  const { t } = props.ui;
  return (
    <Base ui={props.ui} title={t('access:accept.title')} bodyClass="auth">
      <main id="main" class="auth-card">
        <h1>{t('access:accept.title')}</h1>
        <div class="error-summary" role="alert"><p>{t('access:accept.blocked', { minutes: props.minutes })}</p></div>
      </main>
    </Base>
  );
}
