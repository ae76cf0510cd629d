import type { Client, DocumentKind, StaffUser } from '../../src/db/schema.js';
import { KIND_INFO, STATUS_FILTERS } from '../../src/documents/kinds.js';
import { listHref, PERIODS, type ListQuery } from '../../src/documents/list-query.js';
import type { DocumentListItem } from '../../src/documents/service.js';
import type { Ui } from '../../src/web/ui.js';
import { ClientFrame, type ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { Field, Select } from '../components/form.js';
import { DateText, Money } from '../components/money.js';
import { Pager } from '../components/pager.js';
import { StaffLayout } from '../layouts/staff.js';
import { StatusBadge } from './status-badge.js';

/** Id of the list region that filters and pages swap. */
export const DOCUMENT_RESULTS_ID = 'document-results';

interface ListProps {
  ui: Ui;
  kind: DocumentKind;
  rows: DocumentListItem[];
  query: ListQuery;
  hasNext: boolean;
  /** URL of this list (/invoices or /clients/7/invoices). */
  base: string;
  /** Whole-firm lists show the client column and search by client. */
  showClient: boolean;
}

/** The filters of a list: a GET form that works without JavaScript; htmx swaps just the results. */
export function DocumentFilters(props: ListProps) {
  const { t } = props.ui;
  const q = props.query;
  return (
    <form method="get" action={props.base} class="toolbar" role="search"
      hx-get={props.base} hx-target={`#${DOCUMENT_RESULTS_ID}`} hx-swap="outerHTML" hx-push-url="true" hx-trigger="change, submit">
      {props.showClient ? <Field ui={props.ui} name="q" type="search" label={t('documents:list.q')} value={q.q} /> : null}
      <Select ui={props.ui} name="status" label={t('documents:fields.status')} value={q.status} empty={t('documents:list.any_status')}
        options={STATUS_FILTERS[props.kind].map((s) => ({ value: s, label: t(`documents:status.${s}`) }))} />
      <Select ui={props.ui} name="period" label={t('documents:list.period')} value={q.period} empty={t('documents:list.custom_period')}
        options={PERIODS.map((p) => ({ value: p, label: t(`documents:periods.${p}`) }))} />
      <Field ui={props.ui} name="from" type="date" label={t('documents:list.from')} value={q.period ? '' : q.from} />
      <Field ui={props.ui} name="to" type="date" label={t('documents:list.to')} value={q.period ? '' : q.to} />
      <button type="submit">{t('documents:list.filter')}</button>
    </form>
  );
}

/** The results table and pager: the whole page shows it, and it is the htmx partial. */
export function DocumentResults(props: ListProps) {
  const { ui, kind } = props;
  const { t } = ui;
  const path = KIND_INFO[kind].path;
  return (
    <div id={DOCUMENT_RESULTS_ID}>
      {props.rows.length === 0 ? (
        <p class="empty">{t(`documents:kinds.${kind}.none`)}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('documents:fields.number')}</th>
              {props.showClient ? <th scope="col">{t('documents:fields.client')}</th> : null}
              <th scope="col">{t('documents:fields.issue_date')}</th>
              {kind === 'invoice' ? <th scope="col">{t('documents:fields.due_date')}</th> : null}
              {kind === 'estimate' ? <th scope="col">{t('documents:fields.valid_until')}</th> : null}
              <th scope="col" class="num">{t('documents:fields.total')}</th>
              {kind === 'invoice' ? <th scope="col" class="num">{t('documents:fields.balance')}</th> : null}
              {kind === 'credit_note' ? <th scope="col" class="num">{t('documents:fields.remaining')}</th> : null}
              <th scope="col">{t('documents:fields.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td class="doc-number" data-label={t('documents:fields.number')}>
                  <a href={`${path}/${r.id}`}>{r.number ?? t('documents:list.draft_number', { id: r.id })}</a>
                </td>
                {props.showClient ? <td data-label={t('documents:fields.client')}><a href={`/clients/${r.client_id}`}>{r.client_name}</a></td> : null}
                <td data-label={t('documents:fields.issue_date')}><DateText ui={ui} date={r.issue_date} /></td>
                {kind === 'invoice' ? <td data-label={t('documents:fields.due_date')}><DateText ui={ui} date={r.due_date} /></td> : null}
                {kind === 'estimate' ? <td data-label={t('documents:fields.valid_until')}><DateText ui={ui} date={r.valid_until} /></td> : null}
                <td class="num" data-label={t('documents:fields.total')}><Money ui={ui} minor={r.total} currency={r.currency} /></td>
                {kind === 'invoice' ? (
                  <td class="num" data-label={t('documents:fields.balance')}>
                    {r.status === 'issued' ? <Money ui={ui} minor={r.balance} currency={r.currency} /> : '—'}
                  </td>
                ) : null}
                {kind === 'credit_note' ? (
                  <td class="num" data-label={t('documents:fields.remaining')}>
                    {r.status === 'issued' ? <Money ui={ui} minor={r.remaining} currency={r.currency} /> : '—'}
                  </td>
                ) : null}
                <td data-label={t('documents:fields.status')}><StatusBadge ui={ui} status={r.shownStatus} overdue={r.overdue} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div hx-boost="true" hx-target={`#${DOCUMENT_RESULTS_ID}`} hx-select={`#${DOCUMENT_RESULTS_ID}`} hx-swap="outerHTML">
        <Pager ui={ui} page={props.query.page} hasNext={props.hasNext} href={(p) => listHref(props.base, props.query, { page: p })} />
      </div>
    </div>
  );
}

/** The firm-wide list of one kind (/invoices, /estimates, /credit-notes). */
export function DocumentsPage(props: ListProps & { staff: StaffUser; flash?: FlashMessage | null }) {
  const { t } = props.ui;
  const info = KIND_INFO[props.kind];
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={t(`documents:kinds.${props.kind}.plural`)} section={info.section} flash={props.flash}>
      <h1>{t(`documents:kinds.${props.kind}.plural`)}</h1>
      <p class="actions"><a class="button primary" href={`${info.path}/new`}>{t(`documents:kinds.${props.kind}.new`)}</a></p>
      <DocumentFilters {...props} />
      <DocumentResults {...props} />
    </StaffLayout>
  );
}

/** A client's tab of one kind (/clients/:id/invoices …) inside the client frame. */
export function ClientDocumentsTab(props: ListProps & { staff: StaffUser; client: Client; nav: ClientNav }) {
  const { t } = props.ui;
  const info = KIND_INFO[props.kind];
  return (
    <ClientFrame ui={props.ui} staff={props.staff} client={props.client} nav={props.nav} tab={info.tab}>
      <h2>{t(`documents:kinds.${props.kind}.plural`)}</h2>
      {props.client.archived_at ? null : (
        <p class="actions"><a class="button primary" href={`${info.path}/new?client_id=${props.client.id}`}>{t(`documents:kinds.${props.kind}.new_for_client`)}</a></p>
      )}
      <DocumentFilters {...props} />
      <DocumentResults {...props} />
    </ClientFrame>
  );
}
