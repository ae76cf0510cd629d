import type { Client, EventRow, StaffUser } from '../../src/db/schema.js';
import { countryName } from '../../src/clients/country.js';
import type { Ui } from '../../src/web/ui.js';
import { EventList } from '../components/events.js';
import type { FlashMessage } from '../components/flash.js';
import { ClientFrame, type ClientNav } from './client-frame.js';

/** /clients/:id: the details tab with everything the firm knows about the client. */
export function ClientDetailsPage(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; flash?: FlashMessage | null }) {
  const { ui, client } = props;
  const { t } = ui;
  const empty = <span class="muted">{t('clients:details.empty')}</span>;
  const address = [client.address_line1, client.address_line2, [client.postcode, client.city].filter((x) => x).join(' '), countryName(client.country, ui.lang)].filter((x) => x);
  return (
    <ClientFrame ui={ui} staff={props.staff} client={client} nav={props.nav} tab="details" flash={props.flash}>
      {client.archived_at ? <p class="flash flash-info" role="status">{t('clients:details.archived_on', { date: ui.dateTime(client.archived_at) })}</p> : null}
      <dl class="details">
        <dt>{t('clients:fields.name')}</dt>
        <dd>{client.name}</dd>
        <dt>{t('clients:fields.vat_number')}</dt>
        <dd>{client.vat_number ?? empty}</dd>
        <dt>{t('clients:fields.email')}</dt>
        <dd>{client.email ? <a href={`mailto:${client.email}`}>{client.email}</a> : empty}</dd>
        <dt>{t('clients:fields.phone')}</dt>
        <dd>{client.phone ? <a href={`tel:${client.phone.replace(/[^\d+]/g, '')}`}>{client.phone}</a> : empty}</dd>
        <dt>{t('clients:fields.address')}</dt>
        <dd>{address.length ? <address>{address.map((l, i) => (i ? <><br />{l}</> : l))}</address> : empty}</dd>
        <dt>{t('clients:fields.currency')}</dt>
        <dd>{client.currency}</dd>
        <dt>{t('clients:fields.language')}</dt>
        <dd>{t(`common:languages.${client.language}`)}</dd>
        <dt>{t('clients:fields.notes')}</dt>
        <dd class="notes">{client.notes ?? empty}</dd>
        <dt>{t('clients:fields.created_at')}</dt>
        <dd><time datetime={client.created_at}>{ui.dateTime(client.created_at)}</time></dd>
        <dt>{t('clients:fields.status')}</dt>
        <dd>{client.archived_at ? <span class="badge badge-void">{t('clients:archived')}</span> : t('clients:details.active')}</dd>
      </dl>
      <div class="actions">
        <a class="button primary" href={`/clients/${client.id}/edit`}>{t('clients:details.edit')}</a>
        {client.archived_at ? (
          <form method="post" action={`/clients/${client.id}/restore`}>
            <button type="submit">{t('clients:details.restore')}</button>
          </form>
        ) : (
          <form method="post" action={`/clients/${client.id}/archive`} data-confirm={t('clients:details.archive_confirm')}>
            <button type="submit" class="danger">{t('clients:details.archive')}</button>
          </form>
        )}
      </div>
    </ClientFrame>
  );
}

/** /clients/:id/events: the client's event log, newest first, with "older" paging by id. */
export function ClientEventsPage(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; events: EventRow[]; olderHref: string | null; newestHref: string | null }) {
  const { t } = props.ui;
  return (
    <ClientFrame ui={props.ui} staff={props.staff} client={props.client} nav={props.nav} tab="events">
      <h2 class="visually-hidden">{t('clients:events.title')}</h2>
      <EventList ui={props.ui} events={props.events} />
      {props.olderHref || props.newestHref ? (
        <nav class="pager" aria-label={t('common:pager.label')}>
          {props.newestHref ? <a href={props.newestHref}>{t('clients:events.newest')}</a> : <span />}
          {props.olderHref ? <a href={props.olderHref} rel="next">{t('clients:events.older')}</a> : <span />}
        </nav>
      ) : null}
    </ClientFrame>
  );
}
