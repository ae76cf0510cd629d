import type { Client, StaffUser } from '../../src/db/schema.js';
import type { Expense } from '../../src/db/schema-work.js';
import type { Errors, Raw } from '../../src/clients/validation.js';
import { workListHref, type WorkListQuery } from '../../src/work/list-query.js';
import type { ExpenseRow } from '../../src/work/queries.js';
import { WORK_LIMITS, type ExpenseField } from '../../src/work/validation.js';
import type { Ui } from '../../src/web/ui.js';
import type { ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, Select, TextArea } from '../components/form.js';
import { DateText, Money } from '../components/money.js';
import { Pager } from '../components/pager.js';
import { BilledCell, RowActions } from './cells.js';
import { Checkbox, excerpt, isOn, sectionPath, WORK_RESULTS_ID, WorkFilters, WorkFrame } from './work-frame.js';

/** The inputs of an expense; the amount is typed in `currency`. */
export function ExpenseFields(props: { ui: Ui; values: Raw<ExpenseField>; errors?: Errors<ExpenseField>; projects: Array<{ id: number; name: string }>; currency: string }) {
  const { ui, values } = props;
  const { t } = ui;
  const errors = props.errors as Record<string, string> | undefined;
  return (
    <div class="form-grid">
      <Field ui={ui} name="date" type="date" label={t('work:fields.date')} value={values.date} errors={errors} required />
      <Field ui={ui} name="category" label={t('work:fields.category')} value={values.category} errors={errors} required maxlength={WORK_LIMITS.category} hint={t('work:category_hint')} />
      <Field ui={ui} name="amount" label={t('work:fields.amount_in', { currency: props.currency })} value={values.amount} errors={errors} required inputmode="decimal" maxlength={64} autocomplete="off" />
      <Select ui={ui} name="project_id" label={t('work:fields.project')} value={values.project_id} errors={errors} empty={t('work:no_project')} options={props.projects.map((p) => ({ value: p.id, label: p.name }))} />
      <Checkbox ui={ui} name="billable" label={t('work:fields.billable')} checked={isOn(values.billable, true)} errors={errors} />
      <TextArea ui={ui} name="notes" label={t('work:fields.notes')} value={values.notes} errors={errors} maxlength={WORK_LIMITS.notes} />
    </div>
  );
}

/** The filtered expenses with their totals. */
export function ExpenseResults(props: { ui: Ui; client: Client; query: WorkListQuery; errors: Record<string, string>; projects: Array<{ id: number; name: string }>; rows: ExpenseRow[]; hasNext: boolean; totals: Array<{ currency: string; amount: number; unbilled: number }> }) {
  const { ui, client, query } = props;
  const { t } = ui;
  const path = sectionPath(client.id, 'expenses');
  return (
    <div id={WORK_RESULTS_ID}>
      <WorkFilters ui={ui} action={path} query={query} errors={props.errors} projects={props.projects} billing />
      {props.totals.length ? (
        <section class="tiles" aria-label={t('work:expenses.totals')}>
          {props.totals.map((x) => (
            <>
              <div class="tile"><h3>{t('work:expenses.total')}</h3><p class="figure"><Money ui={ui} minor={x.amount} currency={x.currency} /></p></div>
              <div class="tile"><h3>{t('work:expenses.unbilled')}</h3><p class="figure"><Money ui={ui} minor={x.unbilled} currency={x.currency} /></p></div>
            </>
          ))}
        </section>
      ) : null}
      {props.rows.length === 0 ? (
        <p class="empty">{t('work:expenses.none')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('work:fields.date')}</th>
              <th scope="col">{t('work:fields.category')}</th>
              <th scope="col">{t('work:fields.project')}</th>
              <th scope="col" class="num">{t('work:fields.amount')}</th>
              <th scope="col">{t('work:fields.billable')}</th>
              <th scope="col">{t('work:fields.billed')}</th>
              <th scope="col">{t('work:fields.notes')}</th>
              <th scope="col">{t('work:receipt.label')}</th>
              <th scope="col"><span class="visually-hidden">{t('common:actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td data-label={t('work:fields.date')}><DateText ui={ui} date={r.date} /></td>
                <td data-label={t('work:fields.category')}>{r.category}</td>
                <td data-label={t('work:fields.project')}>{r.project_name ?? ''}</td>
                <td class="num" data-label={t('work:fields.amount')}><Money ui={ui} minor={r.amount} currency={r.currency} /></td>
                <td data-label={t('work:fields.billable')}>{r.billable ? t('common:yes') : t('common:no')}</td>
                <td data-label={t('work:fields.billed')}><BilledCell ui={ui} billable={r.billable === 1} invoiceId={r.billed_invoice_id} number={r.invoice_number} /></td>
                <td data-label={t('work:fields.notes')}>{excerpt(r.notes)}</td>
                <td data-label={t('work:receipt.label')}>
                  {r.receipt_file_id !== null ? <a href={`/expenses/${r.id}/receipt`}>{t('work:receipt.download')}</a> : null}
                  {r.archived_at ? null : <>{r.receipt_file_id !== null ? ' · ' : null}<a href={`/expenses/${r.id}/attach`}>{t(r.receipt_file_id !== null ? 'work:receipt.replace' : 'work:receipt.attach')}</a></>}
                </td>
                <td class="row-actions">
                  <RowActions ui={ui} base={`/expenses/${r.id}`} editable={!r.archived_at && r.billed_invoice_id === null} confirm={t('work:expenses.archive_confirm')} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ui={ui} page={query.page} hasNext={props.hasNext} href={(p) => workListHref(path, query, p)} />
    </div>
  );
}

/** /clients/:id/work/expenses: the client's expenses and a form to record one. */
export function ExpensesSection(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  query: WorkListQuery;
  filterErrors: Record<string, string>;
  rows: ExpenseRow[];
  hasNext: boolean;
  totals: Array<{ currency: string; amount: number; unbilled: number }>;
  projects: Array<{ id: number; name: string }>;
  values: Raw<ExpenseField>;
  errors?: Errors<ExpenseField>;
  flash?: FlashMessage | null;
}) {
  const { ui, client } = props;
  const { t } = ui;
  return (
    <WorkFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="expenses" flash={props.flash}>
      <h2 class="visually-hidden">{t('work:sections.expenses')}</h2>
      <ExpenseResults ui={ui} client={client} query={props.query} errors={props.filterErrors} projects={props.projects} rows={props.rows} hasNext={props.hasNext} totals={props.totals} />
      <section aria-labelledby="add-expense">
        <h3 id="add-expense">{t('work:expenses.add')}</h3>
        <form method="post" action={`/clients/${client.id}/work/expenses`} novalidate>
          <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
          <ExpenseFields ui={ui} values={props.values} errors={props.errors} projects={props.projects} currency={client.currency} />
          <p class="hint">{t('work:receipt.after_saving')}</p>
          <p class="actions"><button type="submit" class="primary">{t('work:expenses.add_button')}</button></p>
        </form>
      </section>
    </WorkFrame>
  );
}

/** /expenses/:id/edit, inside the client's Work tab. */
export function EditExpensePage(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; id: number; currency: string; values: Raw<ExpenseField>; errors?: Errors<ExpenseField>; projects: Array<{ id: number; name: string }> }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <WorkFrame ui={ui} staff={props.staff} client={props.client} nav={props.nav} section="expenses">
      <h2>{t('work:expenses.edit_title')}</h2>
      <p><a href={`/expenses/${props.id}/attach`}>{t('work:receipt.attach')}</a></p>
      <form method="post" action={`/expenses/${props.id}`} novalidate>
        <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
        <ExpenseFields ui={ui} values={props.values} errors={props.errors} projects={props.projects} currency={props.currency} />
        <p class="actions">
          <button type="submit" class="primary">{t('common:save')}</button>
          <a class="button" href={sectionPath(props.client.id, 'expenses')}>{t('common:cancel')}</a>
        </p>
      </form>
    </WorkFrame>
  );
}

/** /expenses/:id/attach: upload (or replace) the receipt of an expense; the file is checked by its content. */
export function ReceiptPage(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; expense: Expense; receiptName: string | null; maxMb: number; error?: string | null }) {
  const { ui, expense } = props;
  const { t } = ui;
  const error = props.error ?? null;
  return (
    <WorkFrame ui={ui} staff={props.staff} client={props.client} nav={props.nav} section="expenses">
      <h2>{t('work:receipt.title')}</h2>
      <dl class="details">
        <dt>{t('work:fields.date')}</dt><dd><DateText ui={ui} date={expense.date} /></dd>
        <dt>{t('work:fields.category')}</dt><dd>{expense.category}</dd>
        <dt>{t('work:fields.amount')}</dt><dd><Money ui={ui} minor={expense.amount} currency={expense.currency} /></dd>
        <dt>{t('work:receipt.label')}</dt>
        <dd>{props.receiptName ? <a href={`/expenses/${expense.id}/receipt`}>{props.receiptName}</a> : t('work:receipt.none')}</dd>
      </dl>
      <form method="post" action={`/expenses/${expense.id}/receipt`} enctype="multipart/form-data">
        {error ? <div class="error-summary" role="alert"><p>{t(error, { mb: props.maxMb })}</p></div> : null}
        <div class={error ? 'field has-error' : 'field'}>
          <label for="f-receipt">{t('work:receipt.file')}</label>
          <input id="f-receipt" type="file" name="receipt" required aria-describedby="f-receipt-hint" accept=".pdf,.png,.jpg,.jpeg,.webp,.gif,application/pdf,image/*" />
          <p class="hint" id="f-receipt-hint">{t('work:receipt.hint', { mb: props.maxMb })}</p>
        </div>
        <p class="actions">
          <button type="submit" class="primary">{t('work:receipt.upload')}</button>
          <a class="button" href={sectionPath(props.client.id, 'expenses')}>{t('common:cancel')}</a>
        </p>
      </form>
    </WorkFrame>
  );
}
