import type { Ui } from '../../src/web/ui.js';
import { Base } from '../layouts/base.js';
import { ErrorSummary, Field } from '../components/form.js';

/** The sign-in page in the other language (`?lang=`, remembered in the cookie), keeping where to go next. */
function signInHref(next: string | undefined, lang: 'en' | 'el'): string {
  const query = new URLSearchParams(next ? { next, lang } : { lang });
  return `/login?${query.toString()}`;
}

/** The staff sign-in page, with a link to read it in the other language. */
export function StaffLoginPage(props: { ui: Ui; email?: string; next?: string; error?: string | null; errorValues?: Record<string, number>; notice?: string | null }) {
  const { t } = props.ui;
  return (
    <Base ui={props.ui} title={t('auth:sign_in_title')} bodyClass="auth">
      <main id="main" class="auth-card">
        <h1>{t('auth:sign_in_title')}</h1>
        {props.notice ? <p class="flash flash-info" role="status">{t(props.notice)}</p> : null}
        {props.error ? <div class="error-summary" role="alert"><p>{t(props.error, props.errorValues ?? {})}</p></div> : <ErrorSummary ui={props.ui} />}
        <form method="post" action="/login">
          <input type="hidden" name="next" value={props.next ?? ''} />
          <Field ui={props.ui} name="email" type="email" label={t('auth:email')} value={props.email} required autocomplete="username" />
          <Field ui={props.ui} name="password" type="password" label={t('auth:password')} required autocomplete="current-password" />
          <button type="submit" class="primary">{t('auth:sign_in')}</button>
        </form>
        <nav class="auth-lang" aria-label={t('brand:language.label')}>
          {props.ui.lang === 'el'
            ? <a href={signInHref(props.next, 'en')} hreflang="en" lang="en">English</a>
            : <a href={signInHref(props.next, 'el')} hreflang="el" lang="el">Ελληνικά</a>}
        </nav>
      </main>
    </Base>
  );
}
