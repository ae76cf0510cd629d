import type { StaffUser } from '../../src/db/schema.js';
import type { ListedClient } from '../../src/clients/queries.js';
import type { Ui } from '../../src/web/ui.js';
import type { FlashMessage } from '../components/flash.js';
import { Pager } from '../components/pager.js';
import { StaffLayout } from '../layouts/staff.js';

/** The list's state, kept in the query string. */
export interface ClientsQuery { q: string; archived: boolean; page: number }

/** The URL of the clients list for a state (page 1 and defaults left out). */
export function clientsHref(query: ClientsQuery, page = query.page): string {
  const p = new URLSearchParams();
  if (query.q) p.set('q', query.q);
  if (query.archived) p.set('archived', '1');
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `/clients?${s}` : '/clients';
}

/** Id of the region the live search swaps. */
export const CLIENTS_RESULTS_ID = 'clients-results';

/** The table of clients and its pager: the whole page shows it, the live search swaps just it. */
export function ClientsResults(props: { ui: Ui; rows: ListedClient[]; query: ClientsQuery; hasNext: boolean }) {
  const { t } = props.ui;
  const { rows, query } = props;
  return (
    <div id={CLIENTS_RESULTS_ID} aria-live="polite">
      {rows.length === 0 ? (
        query.q ? (
          <p class="empty">{t('clients:list.no_match', { q: query.q })} <a href={clientsHref({ ...query, q: '', page: 1 })}>{t('clients:list.clear')}</a></p>
        ) : (
          <p class="empty">{t('clients:list.empty')} <a href="/clients/new">{t('clients:list.create_first')}</a></p>
        )
      ) : (
        <table class="responsive">
          <caption class="visually-hidden">{t('clients:list.results', { count: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('clients:fields.name')}</th>
              <th scope="col">{t('clients:fields.email')}</th>
              <th scope="col">{t('clients:fields.phone')}</th>
              <th scope="col">{t('clients:fields.city')}</th>
              <th scope="col">{t('clients:fields.currency')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td data-label={t('clients:fields.name')}>
                  <a href={`/clients/${r.id}`}>{r.name}</a>
                  {r.archived_at ? <> <span class="badge badge-void">{t('clients:archived')}</span></> : null}
                </td>
                <td data-label={t('clients:fields.email')}>{r.email ? <a href={`mailto:${r.email}`}>{r.email}</a> : null}</td>
                <td data-label={t('clients:fields.phone')}>{r.phone}</td>
                <td data-label={t('clients:fields.city')}>{r.city}</td>
                <td data-label={t('clients:fields.currency')}>{r.currency}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ui={props.ui} page={query.page} hasNext={props.hasNext} href={(p) => clientsHref(query, p)} />
    </div>
  );
}

/** /clients: search box (live with htmx, a plain GET form without), archived toggle, the table. */
export function ClientsPage(props: { ui: Ui; staff: StaffUser; rows: ListedClient[]; query: ClientsQuery; hasNext: boolean; flash?: FlashMessage | null }) {
  const { t } = props.ui;
  const live = {
    'hx-get': '/clients',
    'hx-target': `#${CLIENTS_RESULTS_ID}`,
    'hx-swap': 'outerHTML',
    'hx-push-url': 'true',
    'hx-include': 'closest form',
  };
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={t('clients:title')} section="clients" flash={props.flash}>
      <div class="toolbar">
        <h1>{t('clients:title')}</h1>
        <a class="button primary" href="/clients/new">{t('clients:new')}</a>
      </div>
      <form class="toolbar" method="get" action="/clients" role="search">
        <div class="field">
          <label for="clients-q">{t('clients:list.search')}</label>
          <input id="clients-q" name="q" type="search" value={props.query.q} autocomplete="off" maxlength={200}
            aria-describedby="clients-q-hint" hx-trigger="input changed delay:300ms, search" {...live} />
          <p class="hint" id="clients-q-hint">{t('clients:list.search_hint')}</p>
        </div>
        <div class="field">
          <label>
            <input type="checkbox" name="archived" value="1" checked={props.query.archived} hx-trigger="change" {...live} /> {t('clients:list.show_archived')}
          </label>
        </div>
        <button type="submit" class="secondary">{t('common:search')}</button>
      </form>
      <ClientsResults ui={props.ui} rows={props.rows} query={props.query} hasNext={props.hasNext} />
    </StaffLayout>
  );
}

/** Options for the jump-to-client box of the client frame (replaces its <datalist>). */
export function JumpResults(props: { options: Array<{ id: number; name: string }> }) {
  return (
    <datalist id="jump-results">
      {props.options.map((o) => <option value={o.name} />)}
    </datalist>
  );
}
