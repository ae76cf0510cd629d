import type { PublicBrand } from '../../src/brand/service.js';
import type { Ui } from '../../src/web/ui.js';
import { Field } from '../components/form.js';
import { LangField, PortalAuthFrame } from './auth-frame.js';

/** What the sign-in page says above the form: a notice (why you are here) or an error (why it failed). */
export interface LoginMessage { kind: 'info' | 'error'; key: string; values?: Record<string, string | number> }

/** The portal's sign-in page: inputs `email` and `password`, a safe `next`, a link to reset the password. */
export function PortalLoginPage(props: { ui: Ui; brand: PublicBrand; email?: string; next?: string; message?: LoginMessage | null; reason?: string }) {
  const { t } = props.ui;
  const m = props.message;
  return (
    <PortalAuthFrame ui={props.ui} brand={props.brand} title={t('portal_auth:login.title')} path="/portal/login" query={{ next: props.next, reason: props.reason }}>
      {m ? (
        <div class={m.kind === 'error' ? 'error-summary' : 'flash flash-info'} role={m.kind === 'error' ? 'alert' : 'status'}>
          <p>{t(m.key, m.values ?? {})}</p>
        </div>
      ) : null}
      <form method="post" action="/portal/login">
        <LangField ui={props.ui} />
        <input type="hidden" name="next" value={props.next ?? ''} />
        <Field ui={props.ui} name="email" type="email" label={t('portal_auth:email')} value={props.email} required autocomplete="username" maxlength={254} />
        <Field ui={props.ui} name="password" type="password" label={t('portal_auth:password')} required autocomplete="current-password" />
        <button type="submit" class="primary">{t('portal_auth:login.submit')}</button>
      </form>
      <p class="portal-auth-links"><a href={`/portal/forgot?lang=${props.ui.lang}`}>{t('portal_auth:login.forgot_link')}</a></p>
    </PortalAuthFrame>
  );
}
