import type { StaffUser } from '../../src/db/schema.js';
import type { BillingPageData } from '../../src/work/billing.js';
import { formatDuration } from '../../src/work/duration.js';
import type { Ui } from '../../src/web/ui.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field } from '../components/form.js';
import { DateText, Money } from '../components/money.js';
import { StaffLayout } from '../layouts/staff.js';
import { excerpt } from './work-frame.js';

/** What the billing form holds: the chosen entries, typed rates and tax rates. */
export interface BillingFormValues {
  time: Set<number>;
  expenses: Set<number>;
  rates: Record<number, string>;
  timeTaxRate: string;
  expenseTaxRate: string;
}

/** The form as first shown: every entry chosen, the default rates and tax rate filled in. */
export function defaultBillingValues(data: BillingPageData): BillingFormValues {
  return {
    time: new Set(data.time.map((e) => e.id)),
    expenses: new Set(data.expenses.map((e) => e.id)),
    rates: Object.fromEntries(data.projects.map((p) => [p.id, p.rate])),
    timeTaxRate: data.defaultTaxRate,
    expenseTaxRate: data.defaultTaxRate,
  };
}

/** /invoices/:id/work: choose the client's unbilled time and expenses to add to a draft invoice. */
export function BillingPage(props: { ui: Ui; staff: StaffUser; data: BillingPageData; values: BillingFormValues; errors?: Record<string, string>; message?: string | null; flash?: FlashMessage | null }) {
  const { ui, data, values } = props;
  const { t } = ui;
  const { invoice, client } = data;
  const title = t('work:billing.title');
  const isDraft = invoice.status === 'draft';
  const errors = props.errors ?? {};
  const invoiceLabel = invoice.number ?? t('work:billed_on_draft', { id: invoice.id });
  return (
    <StaffLayout ui={ui} staff={props.staff} title={title} section="invoices" flash={props.flash}>
      <p><a href={`/invoices/${invoice.id}`}>← {t('work:billing.back', { invoice: invoiceLabel })}</a></p>
      <h1>{title}</h1>
      <p>{t('work:billing.intro', { client: client.name, invoice: invoiceLabel })}</p>
      {props.message ? <p class="flash flash-error" role="alert">{t(props.message)}</p> : null}
      {!isDraft ? (
        props.message ? null : <p class="flash flash-error" role="alert">{t('work:errors.NotDraft')}</p>
      ) : data.time.length === 0 && data.expenses.length === 0 ? (
        <p class="empty">{t('work:billing.nothing')}</p>
      ) : (
        <form method="post" action={`/invoices/${invoice.id}/work`} novalidate>
          <ErrorSummary ui={ui} errors={props.message ? undefined : errors} />
          {data.time.length > 0 ? (
            <fieldset>
              <legend>{t('work:billing.time')}</legend>
              <p class="hint">{t('work:billing.time_hint')}</p>
              {data.projects.map((p) => (
                <section class="billing-project" aria-labelledby={`bill-project-${p.id}`}>
                  <h2 id={`bill-project-${p.id}`}>{p.name}</h2>
                  <Field ui={ui} name={`rate_${p.id}`} label={t('work:billing.rate', { currency: invoice.currency })} value={values.rates[p.id] ?? ''} errors={errors} inputmode="decimal" maxlength={64}
                    hint={p.rate ? undefined : t('work:billing.no_rate')} autocomplete="off" />
                  <table class="responsive">
                    <thead>
                      <tr>
                        <th scope="col"><span class="visually-hidden">{t('work:billing.choose')}</span></th>
                        <th scope="col">{t('work:fields.date')}</th>
                        <th scope="col">{t('work:fields.task')}</th>
                        <th scope="col">{t('work:fields.staff')}</th>
                        <th scope="col" class="num">{t('work:fields.duration')}</th>
                        <th scope="col">{t('work:fields.work_notes')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.time.filter((e) => e.project_id === p.id).map((e) => (
                        <tr>
                          <td>
                            <input type="checkbox" id={`time-${e.id}`} name="time" value={String(e.id)} checked={values.time.has(e.id)} />
                            <label for={`time-${e.id}`} class="visually-hidden">{t('work:billing.choose_entry', { date: ui.date(e.date), duration: formatDuration(e.minutes) })}</label>
                          </td>
                          <td data-label={t('work:fields.date')}><DateText ui={ui} date={e.date} /></td>
                          <td data-label={t('work:fields.task')}>{e.task ?? ''}</td>
                          <td data-label={t('work:fields.staff')}>{e.staff_name}</td>
                          <td class="num" data-label={t('work:fields.duration')}>{formatDuration(e.minutes)}</td>
                          <td data-label={t('work:fields.work_notes')}>{excerpt(e.notes)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              ))}
              <Field ui={ui} name="time_tax_rate" label={t('work:billing.tax_rate')} value={values.timeTaxRate} errors={errors} inputmode="decimal" maxlength={20} />
            </fieldset>
          ) : null}
          {data.expenses.length > 0 ? (
            <fieldset>
              <legend>{t('work:billing.expenses')}</legend>
              <table class="responsive">
                <thead>
                  <tr>
                    <th scope="col"><span class="visually-hidden">{t('work:billing.choose')}</span></th>
                    <th scope="col">{t('work:fields.date')}</th>
                    <th scope="col">{t('work:fields.category')}</th>
                    <th scope="col">{t('work:fields.project')}</th>
                    <th scope="col" class="num">{t('work:fields.amount')}</th>
                    <th scope="col">{t('work:fields.notes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.expenses.map((e) => (
                    <tr>
                      <td>
                        <input type="checkbox" id={`expense-${e.id}`} name="expense" value={String(e.id)} checked={values.expenses.has(e.id)} />
                        <label for={`expense-${e.id}`} class="visually-hidden">{t('work:billing.choose_expense', { category: e.category, date: ui.date(e.date) })}</label>
                      </td>
                      <td data-label={t('work:fields.date')}><DateText ui={ui} date={e.date} /></td>
                      <td data-label={t('work:fields.category')}>{e.category}</td>
                      <td data-label={t('work:fields.project')}>{e.project_name ?? ''}</td>
                      <td class="num" data-label={t('work:fields.amount')}><Money ui={ui} minor={e.amount} currency={invoice.currency} /></td>
                      <td data-label={t('work:fields.notes')}>{excerpt(e.notes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Field ui={ui} name="expense_tax_rate" label={t('work:billing.tax_rate')} value={values.expenseTaxRate} errors={errors} inputmode="decimal" maxlength={20} />
            </fieldset>
          ) : null}
          <p class="actions"><button type="submit" class="primary">{t('work:billing.submit')}</button></p>
        </form>
      )}
      {isDraft && data.billedOnInvoice.time + data.billedOnInvoice.expenses > 0 ? (
        <section aria-labelledby="billed-here">
          <h2 id="billed-here">{t('work:billing.billed_here_title')}</h2>
          <p>{t('work:billing.billed_here', { time: data.billedOnInvoice.time, expenses: data.billedOnInvoice.expenses })}</p>
          <form method="post" action={`/invoices/${invoice.id}/work/release`} data-confirm={t('work:billing.release_confirm')}>
            <button type="submit" class="danger">{t('work:billing.release')}</button>
          </form>
        </section>
      ) : null}
    </StaffLayout>
  );
}
