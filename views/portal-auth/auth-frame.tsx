import type { Child } from 'hono/jsx';
import type { Ui } from '../../src/web/ui.js';
import { Base } from '../layouts/base.js';

/** A language link of a public portal page: the same page with `lang` set, other query values kept. */
export function languageHref(path: string, query: Record<string, string | undefined>, lang: 'en' | 'el'): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}

/** The frame of the portal's public pages (sign-in, forgot, reset): firm brand, language links, one card. */
export function PortalAuthFrame(props: { ui: Ui; firmName: string; title: string; path: string; query?: Record<string, string | undefined>; children: Child }) {
  const { t } = props.ui;
  const query = props.query ?? {};
  return (
    <Base ui={props.ui} title={props.title} bodyClass="auth portal-auth">
      <main id="main" class="auth-card">
        <p class="portal-auth-brand">{t('portal_auth:portal_of', { firm: props.firmName })}</p>
        <h1>{props.title}</h1>
        {props.children}
        <nav class="portal-auth-lang" aria-label={t('portal_auth:language')}>
          {props.ui.lang === 'el'
            ? <a href={languageHref(props.path, query, 'en')} hreflang="en" lang="en">English</a>
            : <a href={languageHref(props.path, query, 'el')} hreflang="el" lang="el">Ελληνικά</a>}
        </nav>
      </main>
    </Base>
  );
}

/** A hidden field carrying the page's language through a POST (the answer renders in it too). */
export function LangField(props: { ui: Ui }) {
  return <input type="hidden" name="lang" value={props.ui.lang} />;
}
