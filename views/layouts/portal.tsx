import type { Child } from 'hono/jsx';
import type { PortalView } from '../../src/portal/context.js';
import { mayView, type VisibilityKey } from '../../src/portal-access/visibility.js';
import type { Ui } from '../../src/web/ui.js';
import { Flash, type FlashMessage } from '../components/flash.js';
import { Base } from './base.js';
import { BrandMark } from '../components/brand-settings.js';
import { BrandFooter } from '../components/brand-footer.js';

/** A portal menu entry: shown only when its entry type is visible to this member. */
export interface PortalMenuItem { section: string; path: string; key: string; visibility: VisibilityKey | null }

/**
 * The portal's sections that exist, in menu order. A feature adds its entry here when its
 * pages land; an entry whose visibility key is off is absent from the menu (and 404s).
 */
export const PORTAL_MENU: PortalMenuItem[] = [
  { section: 'dashboard', path: '', key: 'portal:nav.dashboard', visibility: null },
  { section: 'invoices', path: '/invoices', key: 'portal_docs:nav.invoices', visibility: 'invoices' },
  { section: 'estimates', path: '/estimates', key: 'portal_docs:nav.estimates', visibility: 'estimates' },
  { section: 'credit_notes', path: '/credit-notes', key: 'portal_docs:nav.credit_notes', visibility: 'credit_notes' },
  { section: 'payments', path: '/payments', key: 'portal_docs:nav.payments', visibility: 'payments' },
  { section: 'statement', path: '/statement', key: 'portal_statement:menu', visibility: 'statement' },
  { section: 'projects', path: '/projects', key: 'portal_projects:nav.projects', visibility: 'projects' },
  { section: 'expenses', path: '/expenses', key: 'portal_projects:nav.expenses', visibility: 'expenses' },
  { section: 'notes', path: '/notes', key: 'portal_projects:nav.notes', visibility: 'notes' },
  { section: 'schedule', path: '/schedule', key: 'portal_projects:nav.schedule', visibility: 'schedule' },
  { section: 'contracts', path: '/contracts', key: 'service:portal.nav.contracts', visibility: 'contracts' },
  { section: 'equipment', path: '/equipment', key: 'service:portal.nav.equipment', visibility: 'equipment' },
  { section: 'service_reports', path: '/service-reports', key: 'service:portal.nav.service_reports', visibility: 'service_reports' },
  { section: 'documents', path: '/documents', key: 'files:portal.nav', visibility: 'documents' },
  { section: 'tickets', path: '/tickets', key: 'tickets:portal.nav', visibility: 'tickets' },
  { section: 'messages', path: '/messages', key: 'messages:portal.nav', visibility: null },
  { section: 'settings', path: '/settings', key: 'portal:nav.settings', visibility: null },
];

/** Layout of every portal page: firm brand, active client (and switcher), language, menu, preview banner. */
export function PortalLayout(props: { ui: Ui; portal: PortalView; title: string; section: string; flash?: FlashMessage | null; children: Child }) {
  const { t } = props.ui;
  const p = props.portal;
  const menu = PORTAL_MENU.filter((m) => m.visibility === null || mayView(p.access, p.settings, m.visibility));
  const disabled = p.preview ? true : undefined;
  return (
    <Base ui={props.ui} title={props.title} bodyClass="portal" brandCss={p.brand?.cssHref}>
      <a class="skip-link" href="#main">{t('common:skip_to_content')}</a>
      {p.preview ? (
        <div class="preview-banner" role="note">
          <strong>{t('portal:preview.banner')}</strong>{' '}
          {p.preview.contactName ? t('portal:preview.as_contact', { name: p.preview.contactName }) : t('portal:preview.as_default')}{' '}
          {p.preview.contactName && !p.preview.hasAccess ? t('portal:preview.no_access_yet') : null}{' '}
          <a href={`/clients/${p.client.id}/portal`}>{t('portal:preview.exit')}</a>
        </div>
      ) : null}
      <header class="topbar portal-bar">
        <BrandMark href={p.base} firmName={p.firmName} logo={p.brand?.logo ?? null} />
        <div class="portal-client">
          <span class="visually-hidden">{t('portal:active_client')}</span>
          <strong>{p.client.name}</strong>
          {p.clients.length > 1 ? (
            <details class="switcher">
              <summary>{t('portal:switch_client')}</summary>
              <ul>
                {p.clients.filter((x) => x.id !== p.client.id).map((x) => (
                  <li>
                    <form method="post" action={`${p.base}/switch/${x.id}`}>
                      <button type="submit" class="link" disabled={disabled}>{x.name}</button>
                    </form>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
        <div class="user">
          <form method="post" action={`${p.base}/language`} class="lang-switch">
            <input type="hidden" name="back" value={p.path} />
            <label for="portal-lang" class="visually-hidden">{t('portal:language')}</label>
            <select id="portal-lang" name="language" data-autosubmit disabled={disabled}>
              <option value="el" selected={props.ui.lang === 'el'} lang="el">Ελληνικά</option>
              <option value="en" selected={props.ui.lang === 'en'} lang="en">English</option>
            </select>
            <button type="submit" class="secondary small" disabled={disabled}>{t('portal:change_language')}</button>
          </form>
          <span>{p.user.name}</span>
          <form method="post" action="/portal/logout">
            <button type="submit" class="link" disabled={disabled}>{t('common:sign_out')}</button>
          </form>
        </div>
      </header>
      <nav class="portal-nav" aria-label={t('common:nav.label')}>
        <ul class="menu">
          {menu.map((m) => (
            <li><a href={`${p.base}${m.path}`} aria-current={m.section === props.section ? 'page' : undefined}>{t(m.key)}</a></li>
          ))}
        </ul>
      </nav>
      <main id="main" tabindex={-1}>
        <div aria-live="polite" id="flash">{props.flash ? <Flash message={props.flash} ui={props.ui} /> : null}</div>
        {props.children}
      </main>
      <BrandFooter ui={props.ui} firmName={p.firmName} contact={p.brand?.contact} />
    </Base>
  );
}
