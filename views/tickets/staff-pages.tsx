import type { Client, StaffUser } from '../../src/db/schema.js';
import type { StaffWithBell } from '../../src/notifications/bell.js';
import { nextStatuses, queueQuery, TICKET_STATUSES, TICKET_TYPES, type QueueFilter } from '../../src/tickets/rules.js';
import type { TicketAttachment, TicketListRow, TicketRow } from '../../src/tickets/service.js';
import type { TicketUpdate } from '../../src/db/schema-requests.js';
import type { Ui } from '../../src/web/ui.js';
import { ClientFrame, type ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, type FieldErrors } from '../components/form.js';
import { DateText } from '../components/money.js';
import { Pager } from '../components/pager.js';
import { StaffLayout } from '../layouts/staff.js';
import { BodyField } from '../messages/parts.js';
import { TicketFiles, TicketPlaces, TicketStatusBadge, TicketTable, TicketTimeline } from './parts.js';

/** /tickets: the firm's requests, latest activity first, filtered by status, type, client and assignee. */
export function TicketQueuePage(props: {
  ui: Ui;
  staff: StaffWithBell;
  filter: QueueFilter;
  rows: TicketListRow[];
  hasNext: boolean;
  clients: Array<{ id: number; name: string }>;
  staffChoices: Array<{ id: number; name: string }>;
}) {
  const { ui, filter: f } = props;
  const { t } = ui;
  const statusChoices = ['active', ...TICKET_STATUSES, 'all'] as const;
  return (
    <StaffLayout ui={ui} staff={props.staff} title={t('tickets:queue.title')} section="tickets">
      <h1>{t('tickets:queue.title')}</h1>
      <form method="get" action="/tickets" class="filters toolbar" role="search" aria-label={t('tickets:queue.filters')}>
        <div class="field">
          <label for="q-status">{t('tickets:columns.status')}</label>
          <select id="q-status" name="status">
            {statusChoices.map((s) => <option value={s} selected={f.status === s}>{t(`tickets:queue.status_filter.${s}`)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="q-type">{t('tickets:columns.type')}</label>
          <select id="q-type" name="type">
            <option value="">{t('tickets:queue.any_type')}</option>
            {TICKET_TYPES.map((ty) => <option value={ty} selected={f.type === ty}>{t(`tickets:type.${ty}`)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="q-client">{t('tickets:columns.client')}</label>
          <select id="q-client" name="client_id">
            <option value="">{t('tickets:queue.any_client')}</option>
            {props.clients.map((c) => <option value={String(c.id)} selected={f.clientId === c.id}>{c.name}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="q-assignee">{t('tickets:columns.assignee')}</label>
          <select id="q-assignee" name="assignee">
            <option value="">{t('tickets:queue.any_assignee')}</option>
            <option value="none" selected={f.assignee === 'none'}>{t('tickets:unassigned')}</option>
            {props.staffChoices.map((s) => <option value={String(s.id)} selected={f.assignee === s.id}>{s.name}</option>)}
          </select>
        </div>
        <p class="actions"><button type="submit" class="secondary">{t('tickets:queue.apply')}</button></p>
      </form>
      <TicketTable ui={ui} rows={props.rows} href={(id) => `/tickets/${id}`} showClient showAssignee />
      <Pager ui={ui} page={f.page} hasNext={props.hasNext} href={(p) => `/tickets${queueQuery(f, p)}`} />
    </StaffLayout>
  );
}

/** /clients/:id/tickets: one client's requests. */
export function ClientTicketsTab(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; rows: TicketListRow[]; page: number; hasNext: boolean }) {
  const { ui, client } = props;
  const { t } = ui;
  return (
    <ClientFrame ui={ui} staff={props.staff} client={client} nav={props.nav} tab="tickets">
      <h2>{t('tickets:tab_title')}</h2>
      <TicketTable ui={ui} rows={props.rows} href={(id) => `/tickets/${id}`} showClient={false} showAssignee />
      <Pager ui={ui} page={props.page} hasNext={props.hasNext} href={(p) => `/clients/${client.id}/tickets${p > 1 ? `?page=${p}` : ''}`} />
    </ClientFrame>
  );
}

/** Which form of the request page came back with errors, and what was typed in it. */
export interface StaffTicketFormState { form: 'reply' | 'note' | 'assign' | 'status' | 'estimate'; body?: string; errors?: FieldErrors; message?: string }

const STATUS_BUTTONS = { in_progress: 'tickets:actions.start', resolved: 'tickets:actions.resolve', closed: 'tickets:actions.close', open: 'tickets:actions.reopen' } as const;

/** /tickets/:id: the request, its history with internal notes, and every staff action. */
export function StaffTicketPage(props: {
  ui: Ui;
  staff: StaffWithBell;
  ticket: TicketRow;
  updates: TicketUpdate[];
  files: TicketAttachment[];
  staffChoices: Array<{ id: number; name: string }>;
  flash?: FlashMessage | null;
  state?: StaffTicketFormState;
}) {
  const { ui, ticket: tk } = props;
  const { t } = ui;
  const st = props.state;
  const title = `#${tk.id} ${tk.subject}`;
  return (
    <StaffLayout ui={ui} staff={props.staff} title={title} section="tickets" flash={props.flash}>
      <p class="breadcrumbs"><a href="/tickets">{t('tickets:queue.title')}</a> › <a href={`/clients/${tk.client_id}/tickets`}>{tk.client_name}</a></p>
      <h1>{title} <TicketStatusBadge ui={ui} status={tk.status} /></h1>
      {st?.message ? <ErrorSummary ui={ui} message={st.message} /> : null}
      <dl class="details">
        <dt>{t('tickets:columns.client')}</dt><dd><a href={`/clients/${tk.client_id}`}>{tk.client_name}</a></dd>
        <dt>{t('tickets:columns.type')}</dt><dd>{t(`tickets:type.${tk.type}`)}</dd>
        {tk.type === 'dispute' ? (
          <>
            <dt>{t('tickets:fields.about')}</dt>
            <dd>{tk.invoice_id ? <a href={`/invoices/${tk.invoice_id}`}>{tk.invoice_number ?? `#${tk.invoice_id}`}</a> : t('tickets:about_statement')}</dd>
          </>
        ) : null}
        <TicketPlaces ui={ui} ticket={tk} />
        <dt>{t('tickets:columns.raised_by')}</dt><dd>{tk.raised_by_name}</dd>
        <dt>{t('tickets:fields.raised_on')}</dt><dd><DateText ui={ui} date={tk.created_at.slice(0, 10)} /></dd>
        <dt>{t('tickets:columns.activity')}</dt><dd><time datetime={tk.last_activity_at}>{ui.dateTime(tk.last_activity_at)}</time></dd>
        {tk.estimate_id ? (
          <>
            <dt>{t('tickets:fields.estimate')}</dt>
            <dd><a href={`/estimates/${tk.estimate_id}`}>{tk.estimate_number ?? t('tickets:draft_estimate', { id: tk.estimate_id })}</a></dd>
          </>
        ) : null}
      </dl>
      <h2>{t('tickets:fields.description')}</h2>
      <div class="message-body ticket-description">{tk.description}</div>
      <TicketFiles ui={ui} files={props.files} href={(id) => `/files/${id}`} />

      <section aria-labelledby="manage-h" class="ticket-manage">
        <h2 id="manage-h">{t('tickets:manage')}</h2>
        <div class="actions">
          {nextStatuses(tk.status).map((s) => (
            <form method="post" action={`/tickets/${tk.id}/status`}>
              <input type="hidden" name="status" value={s} />
              <button type="submit" class={s === 'resolved' ? 'primary' : 'secondary'}>{t(STATUS_BUTTONS[s])}</button>
            </form>
          ))}
          {tk.type === 'quote' && !tk.estimate_id ? (
            <form method="post" action={`/tickets/${tk.id}/estimate`}>
              <button type="submit" class="secondary">{t('tickets:actions.to_estimate')}</button>
            </form>
          ) : null}
        </div>
        <form method="post" action={`/tickets/${tk.id}/assign`} class="inline-form">
          <div class={st?.form === 'assign' && st.errors?.assignee_id ? 'field has-error' : 'field'}>
            <label for="f-assignee">{t('tickets:columns.assignee')}</label>
            <select id="f-assignee" name="assignee_id">
              <option value="">{t('tickets:unassigned')}</option>
              {props.staffChoices.map((s) => <option value={String(s.id)} selected={tk.assignee_id === s.id}>{s.name}</option>)}
            </select>
            {st?.form === 'assign' && st.errors?.assignee_id ? <p class="error">{t(st.errors.assignee_id)}</p> : null}
          </div>
          <button type="submit" class="secondary">{t('tickets:actions.assign')}</button>
        </form>
      </section>

      <section aria-labelledby="history-h">
        <h2 id="history-h">{t('tickets:timeline.title')}</h2>
        <TicketTimeline ui={ui} updates={props.updates} showNotes staffLabel={t('tickets:side.staff')} clientLabel={t('tickets:side.client')} />
      </section>

      <section aria-labelledby="reply-h" class="ticket-reply-form">
        <h2 id="reply-h">{t('tickets:reply.title')}</h2>
        <form method="post" action={`/tickets/${tk.id}/reply`} novalidate>
          {st?.form === 'reply' ? <ErrorSummary ui={ui} errors={st.errors} /> : null}
          <BodyField ui={ui} id="f-reply-body" value={st?.form === 'reply' ? st.body ?? '' : ''} errors={st?.form === 'reply' ? st.errors : undefined} label={t('tickets:reply.label')} />
          <p class="hint">{t('tickets:reply.hint')}</p>
          <p class="actions"><button type="submit" class="primary">{t('tickets:reply.send')}</button></p>
        </form>
      </section>
      <section aria-labelledby="note-h" class="ticket-note-form">
        <h2 id="note-h">{t('tickets:note.title')}</h2>
        <form method="post" action={`/tickets/${tk.id}/note`} novalidate>
          {st?.form === 'note' ? <ErrorSummary ui={ui} errors={st.errors} /> : null}
          <BodyField ui={ui} id="f-note-body" value={st?.form === 'note' ? st.body ?? '' : ''} errors={st?.form === 'note' ? st.errors : undefined} label={t('tickets:note.label')} />
          <p class="hint">{t('tickets:note.hint')}</p>
          <p class="actions"><button type="submit" class="secondary">{t('tickets:note.send')}</button></p>
        </form>
      </section>
    </StaffLayout>
  );
}
