import type { Child } from 'hono/jsx';
import type { Client, StaffUser } from '../../src/db/schema.js';
import type { Ui } from '../../src/web/ui.js';
import type { FlashMessage } from '../components/flash.js';
import { StaffLayout } from '../layouts/staff.js';

/** Tabs of the staff client page, in order; each is served at /clients/:id/<path>. */
export const CLIENT_TABS = [
  { tab: 'details', path: '', key: 'clients:tabs.details' },
  { tab: 'contacts', path: '/contacts', key: 'clients:tabs.contacts' },
  { tab: 'projects', path: '/projects', key: 'clients:tabs.projects' },
  { tab: 'work', path: '/work', key: 'work:tab' },
  { tab: 'invoices', path: '/invoices', key: 'clients:tabs.invoices' },
  { tab: 'estimates', path: '/estimates', key: 'clients:tabs.estimates' },
  { tab: 'credit_notes', path: '/credit-notes', key: 'clients:tabs.credit_notes' },
  { tab: 'payments', path: '/payments', key: 'clients:tabs.payments' },
  { tab: 'statement', path: '/statement', key: 'clients:tabs.statement' },
  { tab: 'service', path: '/service-reports', key: 'service:tab' },
  { tab: 'files', path: '/files', key: 'files:tab' },
  { tab: 'tickets', path: '/tickets', key: 'tickets:tab' },
  { tab: 'messages', path: '/messages', key: 'messages:tab' },
  { tab: 'portal', path: '/portal', key: 'clients:tabs.portal' },
  { tab: 'events', path: '/events', key: 'clients:tabs.events' },
] as const;

/** One of the client page's tabs. */
export type ClientTab = (typeof CLIENT_TABS)[number]['tab'];

/** Neighbours of a client in the clients list order (folded name, then id; active clients), for the previous/next arrows. */
export interface ClientNav { prevId: number | null; nextId: number | null }

/**
 * The frame around every tab of a client's page: name, previous/next arrows, the
 * jump-to-client search, the tab bar; the tab's content goes in `children`.
 */
export function ClientFrame(props: { ui: Ui; staff: StaffUser; client: Client; tab: ClientTab; nav: ClientNav; flash?: FlashMessage | null; children: Child }) {
  const { t } = props.ui;
  const { client, nav } = props;
  const tabPath = CLIENT_TABS.find((x) => x.tab === props.tab)?.path ?? '';
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={client.name} section="clients" flash={props.flash}>
      <div class="client-head">
        <nav class="client-nav" aria-label={t('clients:nav.label')}>
          {nav.prevId ? <a href={`/clients/${nav.prevId}${tabPath}`} rel="prev" aria-label={t('clients:nav.previous')}>←</a> : <span class="disabled" aria-hidden="true">←</span>}
          {nav.nextId ? <a href={`/clients/${nav.nextId}${tabPath}`} rel="next" aria-label={t('clients:nav.next')}>→</a> : <span class="disabled" aria-hidden="true">→</span>}
        </nav>
        <h1>{client.name}{client.archived_at ? <span class="badge badge-void"> {t('clients:archived')}</span> : null}</h1>
        <form class="jump" method="get" action="/clients" role="search" aria-label={t('clients:nav.jump')}>
          <label for="jump-q" class="visually-hidden">{t('clients:nav.jump')}</label>
          <input id="jump-q" name="q" type="search" placeholder={t('clients:nav.jump')} autocomplete="off"
            list="jump-results" hx-get="/clients/jump" hx-trigger="input changed delay:200ms" hx-target="#jump-results" hx-swap="outerHTML" />
          <datalist id="jump-results"></datalist>
          <input type="hidden" name="jump" value="1" />
          <button type="submit" class="secondary">{t('common:search')}</button>
        </form>
      </div>
      <nav class="tabs" aria-label={t('clients:tabs.label')}>
        <ul>
          {CLIENT_TABS.map((x) => (
            <li><a href={`/clients/${client.id}${x.path}`} aria-current={x.tab === props.tab ? 'page' : undefined}>{t(x.key)}</a></li>
          ))}
        </ul>
      </nav>
      <section class="tab-body">{props.children}</section>
    </StaffLayout>
  );
}
