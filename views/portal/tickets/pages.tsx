import type { TicketUpdate } from '../../../src/db/schema-requests.js';
import type { PortalView } from '../../../src/portal/context.js';
import { TICKET_TYPES, type TicketType } from '../../../src/tickets/rules.js';
import type { TicketAttachment, TicketListRow, TicketRow } from '../../../src/tickets/service.js';
import type { Ui } from '../../../src/web/ui.js';
import type { FlashMessage } from '../../components/flash.js';
import { ErrorSummary, Field, type FieldErrors } from '../../components/form.js';
import { DateText } from '../../components/money.js';
import { Pager } from '../../components/pager.js';
import { PortalLayout } from '../../layouts/portal.js';
import { BodyField } from '../../messages/parts.js';
import { TicketFiles, TicketPlaces, TicketStatusBadge, TicketTable, TicketTimeline } from '../../tickets/parts.js';

/** A portal page refusing an action this member may not take (403): says why, offers the way back. */
export function PortalNotAllowedPage(props: { ui: Ui; portal: PortalView; section: string; message: string; back: string }) {
  const { t } = props.ui;
  return (
    <PortalLayout ui={props.ui} portal={props.portal} title={t('tickets:portal.not_allowed_title')} section={props.section}>
      <h1>{t('tickets:portal.not_allowed_title')}</h1>
      <p>{t(props.message)}</p>
      <p><a href={props.back}>{t('tickets:portal.back')}</a></p>
    </PortalLayout>
  );
}

/** <base>/tickets: the client's requests with their status, and the ways to raise one (with the permission). */
export function PortalTicketsPage(props: { ui: Ui; portal: PortalView; rows: TicketListRow[]; page: number; hasNext: boolean; mayRaise: boolean }) {
  const { ui } = props;
  const { t } = ui;
  const p = props.portal;
  return (
    <PortalLayout ui={ui} portal={p} title={t('tickets:portal.title')} section="tickets">
      <h1>{t('tickets:portal.title')}</h1>
      {props.mayRaise ? <RaiseLinks ui={ui} portal={p} current={null} /> : null}
      <TicketTable ui={ui} rows={props.rows} href={(id) => `${p.base}/tickets/${id}`} showClient={false} showAssignee={false} />
      <Pager ui={ui} page={props.page} hasNext={props.hasNext} href={(n) => `${p.base}/tickets${n > 1 ? `?page=${n}` : ''}`} />
    </PortalLayout>
  );
}

// One link per kind of request; in a preview they are shown but lead to forms whose buttons are disabled.
function RaiseLinks(props: { ui: Ui; portal: PortalView; current: TicketType | null }) {
  const { t } = props.ui;
  return (
    <nav class="raise-links" aria-label={t('tickets:portal.raise_label')}>
      <ul class="quick-list">
        {TICKET_TYPES.map((ty) => (
          <li><a class={ty === props.current ? 'button primary' : 'button'} href={`${props.portal.base}/tickets/new?type=${ty}`} aria-current={ty === props.current ? 'page' : undefined}>{t(`tickets:portal.raise.${ty}`)}</a></li>
        ))}
      </ul>
    </nav>
  );
}

/** The raise form's values as typed (kept when it comes back with errors). */
export interface NewTicketValues { subject: string; description: string; invoice_id: string; site_id: string; equipment_id: string }

/** The client's sites and equipment the form may offer (null: this member may not see that kind). */
export interface PlaceChoices {
  sites: Array<{ id: number; name: string }> | null;
  equipment: Array<{ id: number; name: string; model: string | null; serial_number: string | null; site_name: string | null }> | null;
}

/** <base>/tickets/new?type=…: raise a request of one type; a dispute may name one of the client's issued invoices. */
export function PortalNewTicketPage(props: {
  ui: Ui;
  portal: PortalView;
  type: TicketType;
  invoices: Array<{ id: number; number: string | null; issue_date: string }> | null;
  places: PlaceChoices;
  values: NewTicketValues;
  errors?: FieldErrors;
  maxUploadMb: number;
}) {
  const { ui, type } = props;
  const { t } = ui;
  const p = props.portal;
  const errors = props.errors;
  const heading = t(`tickets:portal.raise.${type}`);
  const invoiceError = errors?.invoice_id;
  return (
    <PortalLayout ui={ui} portal={p} title={heading} section="tickets">
      <p class="breadcrumbs"><a href={`${p.base}/tickets`}>{t('tickets:portal.title')}</a></p>
      <h1>{heading}</h1>
      <RaiseLinks ui={ui} portal={p} current={type} />
      <p class="hint">{t(`tickets:portal.intro.${type}`)}</p>
      <form method="post" action={`${p.base}/tickets`} enctype="multipart/form-data" novalidate>
        <ErrorSummary ui={ui} errors={errors} />
        <fieldset disabled={p.preview ? true : undefined} class="plain">
          <input type="hidden" name="type" value={type} />
          <Field ui={ui} name="subject" label={t('tickets:fields.subject')} value={props.values.subject} errors={errors} required maxlength={200} autocomplete="off" />
          {type === 'dispute' && props.invoices !== null ? (
            <div class={invoiceError ? 'field has-error' : 'field'}>
              <label for="f-invoice_id">{t('tickets:fields.disputed')}</label>
              <select id="f-invoice_id" name="invoice_id" aria-invalid={invoiceError ? 'true' : undefined} aria-describedby={invoiceError ? 'f-invoice_id-error' : undefined}>
                <option value="">{t('tickets:about_statement')}</option>
                {props.invoices.map((i) => (
                  <option value={String(i.id)} selected={props.values.invoice_id === String(i.id)}>{`${i.number ?? `#${i.id}`} · ${ui.date(i.issue_date)}`}</option>
                ))}
              </select>
              {invoiceError ? <p class="error" id="f-invoice_id-error">{t(invoiceError)}</p> : null}
            </div>
          ) : null}
          <PlaceSelects ui={ui} places={props.places} values={props.values} errors={errors} />
          <DescriptionField ui={ui} value={props.values.description} errors={errors} />
          <FileField ui={ui} errors={errors} maxUploadMb={props.maxUploadMb} />
          <p class="actions">
            <button type="submit" class="primary">{t('tickets:portal.submit')}</button>
            <a class="button" href={`${p.base}/tickets`}>{t('common:cancel')}</a>
          </p>
        </fieldset>
      </form>
    </PortalLayout>
  );
}

// Optional site and equipment selects (service-record firms), shown only when there is something to choose.
function PlaceSelects(props: { ui: Ui; places: PlaceChoices; values: NewTicketValues; errors?: FieldErrors }) {
  const { ui } = props;
  const { t } = ui;
  const { sites, equipment } = props.places;
  const select = (name: 'site_id' | 'equipment_id', label: string, options: Array<{ value: string; label: string }>) => {
    const error = props.errors?.[name];
    return (
      <div class={error ? 'field has-error' : 'field'}>
        <label for={`f-${name}`}>{label}</label>
        <select id={`f-${name}`} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `f-${name}-error` : undefined}>
          <option value="">{t('tickets:fields.none')}</option>
          {options.map((o) => <option value={o.value} selected={props.values[name] === o.value}>{o.label}</option>)}
        </select>
        {error ? <p class="error" id={`f-${name}-error`}>{t(error)}</p> : null}
      </div>
    );
  };
  return (
    <>
      {sites && sites.length > 0 ? select('site_id', t('tickets:fields.site'), sites.map((s) => ({ value: String(s.id), label: s.name }))) : null}
      {equipment && equipment.length > 0
        ? select('equipment_id', t('tickets:fields.equipment'), equipment.map((e) => ({ value: String(e.id), label: equipmentLabel(t, e) })))
        : null}
    </>
  );
}

/** "Boiler · Viessmann 100 · SN 1234 · Athens office" ("Α/Σ 1234" in Greek). */
export function equipmentLabel(t: Ui['t'], e: { name: string; model?: string | null; serial_number: string | null; site_name?: string | null }): string {
  return [e.name, e.model, e.serial_number ? t('tickets:fields.serial', { serial: e.serial_number }) : null, e.site_name].filter((x) => x).join(' · ');
}

function FileField(props: { ui: Ui; errors?: FieldErrors; maxUploadMb: number }) {
  const { t } = props.ui;
  const error = props.errors?.file;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for="f-file">{t('tickets:fields.attachment')}</label>
      <input id="f-file" name="file" type="file" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-file-hint f-file-error' : 'f-file-hint'} />
      <p class="hint" id="f-file-hint">{t('files:limit_hint', { mb: props.maxUploadMb })}</p>
      {error ? <p class="error" id="f-file-error">{t(error, { mb: props.maxUploadMb })}</p> : null}
    </div>
  );
}

function DescriptionField(props: { ui: Ui; value: string; errors?: FieldErrors }) {
  const { t } = props.ui;
  const error = props.errors?.description;
  return (
    <div class={error ? 'field field-wide has-error' : 'field field-wide'}>
      <label for="f-description">{t('tickets:fields.description')} <span aria-hidden="true">*</span></label>
      <textarea id="f-description" name="description" rows={7} maxlength={5000} required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-description-error' : undefined}>
        {props.value}
      </textarea>
      {error ? <p class="error" id="f-description-error">{t(error)}</p> : null}
    </div>
  );
}

/** <base>/tickets/:id: the request, its status, the public replies (never internal notes) and the reply form. */
export function PortalTicketPage(props: {
  ui: Ui;
  portal: PortalView;
  ticket: TicketRow;
  updates: TicketUpdate[];
  files: TicketAttachment[];
  mayReply: boolean;
  showInvoiceLink: boolean;
  body: string;
  errors?: FieldErrors;
  message?: string | null;
  flash?: FlashMessage | null;
}) {
  const { ui, ticket: tk } = props;
  const { t } = ui;
  const p = props.portal;
  const title = `#${tk.id} ${tk.subject}`;
  return (
    <PortalLayout ui={ui} portal={p} title={title} section="tickets" flash={props.flash}>
      <p class="breadcrumbs"><a href={`${p.base}/tickets`}>{t('tickets:portal.title')}</a></p>
      <h1>{title} <TicketStatusBadge ui={ui} status={tk.status} /></h1>
      <dl class="details">
        <dt>{t('tickets:columns.type')}</dt><dd>{t(`tickets:type.${tk.type}`)}</dd>
        <dt>{t('tickets:columns.status')}</dt><dd data-status={tk.status}>{t(`tickets:status.${tk.status}`)}</dd>
        {tk.type === 'dispute' ? (
          <>
            <dt>{t('tickets:fields.about')}</dt>
            <dd>
              {tk.invoice_id === null ? t('tickets:about_statement')
                : props.showInvoiceLink ? <a href={`${p.base}/invoices/${tk.invoice_id}`}>{tk.invoice_number ?? `#${tk.invoice_id}`}</a>
                  : tk.invoice_number ?? `#${tk.invoice_id}`}
            </dd>
          </>
        ) : null}
        <TicketPlaces ui={ui} ticket={tk} />
        <dt>{t('tickets:columns.raised_by')}</dt><dd>{tk.raised_by_name}</dd>
        <dt>{t('tickets:fields.raised_on')}</dt><dd><DateText ui={ui} date={tk.created_at.slice(0, 10)} /></dd>
      </dl>
      <h2>{t('tickets:fields.description')}</h2>
      <div class="message-body ticket-description">{tk.description}</div>
      <TicketFiles ui={ui} files={props.files} href={(id) => `${p.base}/tickets/${tk.id}/files/${id}`} />
      {props.message ? <ErrorSummary ui={ui} message={props.message} /> : null}
      <section aria-labelledby="history-h">
        <h2 id="history-h">{t('tickets:timeline.title')}</h2>
        <TicketTimeline ui={ui} updates={props.updates} showNotes={false} staffLabel={p.firmName} clientLabel={p.client.name} />
      </section>
      {props.mayReply ? (
        tk.status === 'closed' ? (
          <p class="hint">{t('tickets:portal.closed_hint')}</p>
        ) : (
          <section aria-labelledby="reply-h">
            <h2 id="reply-h">{t('tickets:portal.reply_title')}</h2>
            <form method="post" action={`${p.base}/tickets/${tk.id}/reply`} novalidate>
              <ErrorSummary ui={ui} errors={props.errors} />
              <fieldset disabled={p.preview ? true : undefined} class="plain">
                <BodyField ui={ui} value={props.body} errors={props.errors} label={t('tickets:portal.reply_label')} />
                {tk.status === 'resolved' ? <p class="hint">{t('tickets:portal.reopen_hint')}</p> : null}
                <p class="actions"><button type="submit" class="primary">{t('tickets:portal.reply_send')}</button></p>
              </fieldset>
            </form>
          </section>
        )
      ) : null}
    </PortalLayout>
  );
}
