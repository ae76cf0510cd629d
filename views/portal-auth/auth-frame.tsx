import type { Child } from 'hono/jsx';
import { logoPath, type PublicBrand } from '../../src/brand/service.js';
import type { Ui } from '../../src/web/ui.js';
import { BrandFooter } from '../components/brand-footer.js';
import { Base } from '../layouts/base.js';

/** A language link of a public portal page: the same page with `lang` set, other query values kept (path '': relative to this URL). */
export function languageHref(path: string, query: Record<string, string | undefined>, lang: 'en' | 'el'): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}

/**
 * The frame of the portal's public pages (sign-in, forgot, reset, invitation): the firm's brand
 * (logo, accent stylesheet, contact footer), language links, one card.
 */
export function PortalAuthFrame(props: { ui: Ui; brand: PublicBrand; title: string; path: string; query?: Record<string, string | undefined>; children: Child }) {
  const { t } = props.ui;
  const query = props.query ?? {};
  const { brand } = props;
  return (
    <Base ui={props.ui} title={props.title} bodyClass="auth portal-auth" brandCss={brand.cssHref}>
      <main id="main" class="auth-card">
        {/* The firm's name follows the logo, so the image itself is decorative. */}
        {brand.logo ? <img class="brand-logo portal-auth-logo" src={logoPath(brand.logo)} alt="" /> : null}
        <p class="portal-auth-brand">{t('portal_auth:portal_of', { firm: brand.firmName })}</p>
        <h1>{props.title}</h1>
        {props.children}
        <nav class="portal-auth-lang" aria-label={t('portal_auth:language')}>
          {props.ui.lang === 'el'
            ? <a href={languageHref(props.path, query, 'en')} hreflang="en" lang="en">English</a>
            : <a href={languageHref(props.path, query, 'el')} hreflang="el" lang="el">Ελληνικά</a>}
        </nav>
      </main>
      <BrandFooter ui={props.ui} firmName={brand.firmName} contact={brand.contact} />
    </Base>
  );
}

/** A hidden field carrying the page's language through a POST (the answer renders in it too). */
export function LangField(props: { ui: Ui }) {
  return <input type="hidden" name="lang" value={props.ui.lang} />;
}
