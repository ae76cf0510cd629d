import type { DocumentKind, StaffUser } from '../../src/db/schema.js';
import type { DocumentFormValues, LineRow } from '../../src/documents/form.js';
import { MAX_DESCRIPTION, MAX_NOTES } from '../../src/documents/draft.js';
import { KIND_INFO } from '../../src/documents/kinds.js';
import type { DocumentFormOptions } from '../../src/documents/service.js';
import type { Ui } from '../../src/web/ui.js';
import { ErrorSummary, Field, Select, TextArea, type FieldErrors } from '../components/form.js';
import { StaffLayout } from '../layouts/staff.js';

/** The line editor: numbered rows of inputs; "Add line" re-renders the form with one more row (no JavaScript needed). */
export function LineEditor(props: { ui: Ui; currency: string; rows: LineRow[]; errors?: FieldErrors }) {
  const { t } = props.ui;
  const errors = props.errors ?? {};
  const cell = (i: number, field: keyof LineRow, label: string, extra: { inputmode?: 'decimal'; maxlength?: number; class?: string }) => {
    const name = `lines.${i}.${field}`;
    const error = errors[name];
    const id = `f-lines-${i}-${field}`;
    return (
      <td class={error ? `has-error ${extra.class ?? ''}` : extra.class} data-label={label}>
        <input id={id} name={name} value={props.rows[i]?.[field] ?? ''} aria-label={t('documents:form.line_field', { n: i + 1, field: label })}
          inputmode={extra.inputmode} maxlength={extra.maxlength} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined} />
        {error ? <p class="error" id={`${id}-error`}>{t(error)}</p> : null}
      </td>
    );
  };
  return (
    <fieldset>
      <legend>{t('documents:form.lines')}</legend>
      {errors.lines ? <p class="error" role="alert">{t(errors.lines)}</p> : null}
      <table class="responsive line-editor">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('documents:fields.description')}</th>
            <th scope="col" class="num">{t('documents:fields.quantity')}</th>
            <th scope="col" class="num">{t('documents:form.unit_price_in', { currency: props.currency })}</th>
            <th scope="col" class="num">{t('documents:form.tax_rate_percent')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((_, i) => (
            <tr>
              <td class="line-no" data-label={t('documents:form.line_n', { n: i + 1 })}><span>{i + 1}</span></td>
              {cell(i, 'description', t('documents:fields.description'), { maxlength: MAX_DESCRIPTION, class: 'line-description' })}
              {cell(i, 'quantity', t('documents:fields.quantity'), { inputmode: 'decimal', class: 'num' })}
              {cell(i, 'unit_price', t('documents:form.unit_price_in', { currency: props.currency }), { inputmode: 'decimal', class: 'num' })}
              {cell(i, 'tax_rate', t('documents:fields.tax_rate'), { inputmode: 'decimal', class: 'num' })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">{t('documents:form.lines_hint')}</p>
      <button type="submit" name="add_line" value="1" class="secondary" formnovalidate>{t('documents:form.add_line')}</button>
    </fieldset>
  );
}

/** Props of the document form page. */
export interface DocumentFormProps {
  ui: Ui;
  staff: StaffUser;
  kind: DocumentKind;
  client: { id: number; name: string; currency: string };
  /** The draft being edited, or null for a new one. */
  docId: number | null;
  values: DocumentFormValues;
  options: DocumentFormOptions;
  errors?: FieldErrors;
}

/** New or edit form of a draft invoice, estimate or credit note. */
export function DocumentFormPage(props: DocumentFormProps) {
  const { ui, kind, values, options } = props;
  const { t } = ui;
  const info = KIND_INFO[kind];
  const title = t(props.docId ? `documents:kinds.${kind}.edit_title` : `documents:kinds.${kind}.new_title`);
  const cancel = props.docId ? `${info.path}/${props.docId}` : `/clients/${props.client.id}${info.path}`;
  return (
    <StaffLayout ui={ui} staff={props.staff} title={title} section={info.section}>
      <h1>{title}</h1>
      <p>
        {t('documents:fields.client')}: <a href={`/clients/${props.client.id}`}>{props.client.name}</a> · {t('documents:fields.currency')}: {props.client.currency}
        {props.docId ? null : <> · <a href={`${info.path}/new`}>{t('documents:form.change_client')}</a></>}
      </p>
      {props.errors?.client_id ? <p class="error" role="alert">{t(props.errors.client_id)}</p> : null}
      <ErrorSummary ui={ui} errors={props.errors} />
      <form method="post" action={props.docId ? `${info.path}/${props.docId}` : info.path} class="document-form">
        {/* Enter in a field saves: the first submit button of a form is its default. */}
        <button type="submit" name="save" value="1" class="visually-hidden" tabindex={-1} aria-hidden="true">{t('documents:form.save')}</button>
        <input type="hidden" name="client_id" value={String(props.client.id)} />
        <div class="form-grid">
          <Select ui={ui} name="project_id" label={t('documents:fields.project')} value={values.project_id} errors={props.errors}
            empty={t('documents:form.no_project')} options={options.projects.map((p) => ({ value: p.id, label: p.name }))} />
          <Field ui={ui} name="issue_date" type="date" label={t('documents:fields.issue_date')} value={values.issue_date} errors={props.errors} required />
          {kind === 'invoice' ? (
            <Field ui={ui} name="due_date" type="date" label={t('documents:fields.due_date')} value={values.due_date} errors={props.errors}
              hint={t('documents:form.due_hint', { days: options.paymentTermsDays })} />
          ) : null}
          {kind === 'estimate' ? (
            <Field ui={ui} name="valid_until" type="date" label={t('documents:fields.valid_until')} value={values.valid_until} errors={props.errors}
              hint={t('documents:form.valid_hint', { days: options.estimateValidityDays })} />
          ) : null}
          {kind === 'credit_note' ? (
            <Select ui={ui} name="invoice_id" label={t('documents:fields.related_invoice')} value={values.invoice_id} errors={props.errors}
              empty={t('documents:form.no_related_invoice')}
              options={options.invoices.map((i) => ({ value: i.id, label: `${i.number ?? i.id} · ${ui.money(i.total, i.currency)}` }))} />
          ) : null}
        </div>
        <LineEditor ui={ui} currency={props.client.currency} rows={values.lines} errors={props.errors} />
        <TextArea ui={ui} name="notes" label={t('documents:fields.notes')} value={values.notes} errors={props.errors} maxlength={MAX_NOTES} />
        <div class="actions">
          <button type="submit" name="save" value="1" class="primary">{t('documents:form.save')}</button>
          <a href={cancel}>{t('common:cancel')}</a>
        </div>
      </form>
    </StaffLayout>
  );
}

/** First step of a new document when no client is chosen yet: pick one (a GET form, works without JavaScript). */
export function ChooseClientPage(props: { ui: Ui; staff: StaffUser; kind: DocumentKind; clients: Array<{ id: number; name: string; currency: string }>; error?: string | null }) {
  const { ui, kind } = props;
  const { t } = ui;
  const info = KIND_INFO[kind];
  const errors = props.error ? { client_id: props.error } : undefined;
  return (
    <StaffLayout ui={ui} staff={props.staff} title={t(`documents:kinds.${kind}.new_title`)} section={info.section}>
      <h1>{t(`documents:kinds.${kind}.new_title`)}</h1>
      <ErrorSummary ui={ui} errors={errors} />
      {props.clients.length === 0 ? (
        <p class="empty">{t('documents:form.no_clients')} <a href="/clients/new">{t('documents:form.add_client')}</a></p>
      ) : (
        <form method="get" action={`${info.path}/new`}>
          <Select ui={ui} name="client_id" label={t('documents:fields.client')} errors={errors} required
            options={props.clients.map((c) => ({ value: c.id, label: `${c.name} (${c.currency})` }))} />
          <button type="submit" class="primary">{t('documents:form.continue')}</button>
        </form>
      )}
    </StaffLayout>
  );
}
