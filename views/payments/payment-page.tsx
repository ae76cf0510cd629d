import type { EventRow, StaffUser } from '../../src/db/schema.js';
import type { OpenInvoice } from '../../src/ledger/ledger.js';
import type { PaymentDetail } from '../../src/payments/service.js';
import type { Ui } from '../../src/web/ui.js';
import { EventList } from '../components/events.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, TextArea, type FieldErrors } from '../components/form.js';
import { DateText, Money } from '../components/money.js';
import { StaffLayout } from '../layouts/staff.js';
import { AllocationInputs } from './allocation-inputs.js';
import { PaymentStatusBadge } from './payments-table.js';

/** Values and errors of the two forms on a payment's page (apply credit, void). */
export interface PaymentForms {
  alloc: Record<string, string>;
  reason: string;
  errors: FieldErrors;
  /** A form-level message key (e.g. the payment is already void). */
  message: string | null;
}

/** The label of a payment in titles and events: its reference, or #id. */
export function paymentLabel(p: { id: number; reference: string | null }): string {
  return p.reference ?? `#${p.id}`;
}

/** Where the payment went: each invoice with the amount applied to it. */
function AllocationsTable(props: { ui: Ui; detail: PaymentDetail }) {
  const { t } = props.ui;
  const { payment, allocations } = props.detail;
  if (allocations.length === 0) return <p class="empty">{t('payments:detail.no_allocations')}</p>;
  return (
    <table class="responsive allocations">
      <thead>
        <tr>
          <th scope="col">{t('payments:invoice.number')}</th>
          <th scope="col">{t('payments:invoice.due_date')}</th>
          <th scope="col" class="num">{t('payments:fields.amount')}</th>
        </tr>
      </thead>
      <tbody>
        {allocations.map((a) => (
          <tr>
            <td data-label={t('payments:invoice.number')}><a href={`/invoices/${a.invoice_id}`}>{a.invoice_number ?? `#${a.invoice_id}`}</a></td>
            <td data-label={t('payments:invoice.due_date')}><DateText ui={props.ui} date={a.invoice_due_date} /></td>
            <td class="num" data-label={t('payments:fields.amount')}><Money ui={props.ui} minor={a.amount} currency={payment.currency} /></td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan={2}>{t('payments:detail.total')}</th>
          <td class="num" data-label={t('payments:fields.amount')}><Money ui={props.ui} minor={payment.allocated} currency={payment.currency} /></td>
        </tr>
      </tfoot>
    </table>
  );
}

/** /payments/:id: who paid, how much, where it went, what is left as credit, void, history. */
export function PaymentPage(props: { ui: Ui; staff: StaffUser; detail: PaymentDetail; openInvoices: OpenInvoice[]; events: EventRow[]; forms: PaymentForms; flash?: FlashMessage | null }) {
  const { t } = props.ui;
  const { payment, status, unallocated } = props.detail;
  const { forms } = props;
  const title = t('payments:payment_title', { label: paymentLabel(payment) });
  const money = (minor: number) => <Money ui={props.ui} minor={minor} currency={payment.currency} />;
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={title} section="payments" flash={props.flash ?? null}>
      <h1>
        {title} <PaymentStatusBadge ui={props.ui} status={status} />
      </h1>
      <ErrorSummary ui={props.ui} errors={forms.errors} message={forms.message} />
      <dl class="details">
        <dt>{t('payments:fields.client')}</dt>
        <dd><a href={`/clients/${payment.client_id}/payments`}>{payment.client_name}</a></dd>
        <dt>{t('payments:fields.amount')}</dt>
        <dd>{money(payment.amount)}</dd>
        <dt>{t('payments:fields.date')}</dt>
        <dd><DateText ui={props.ui} date={payment.date} /></dd>
        <dt>{t('payments:fields.method')}</dt>
        <dd>{t(`payments:methods.${payment.method}`)}</dd>
        <dt>{t('payments:fields.reference')}</dt>
        <dd>{payment.reference ?? '—'}</dd>
        {payment.notes ? (
          <>
            <dt>{t('payments:fields.notes')}</dt>
            <dd class="notes">{payment.notes}</dd>
          </>
        ) : null}
        <dt>{t('payments:fields.recorded_at')}</dt>
        <dd>{props.ui.dateTime(payment.created_at)}</dd>
        {payment.voided_at ? (
          <>
            <dt>{t('payments:fields.voided_at')}</dt>
            <dd>{props.ui.dateTime(payment.voided_at)}</dd>
            <dt>{t('payments:fields.void_reason')}</dt>
            <dd>{payment.void_reason ?? ''}</dd>
          </>
        ) : null}
      </dl>
      <p class="actions"><a class="button" href={`/payments/${payment.id}/receipt`}>{t('receipts:staff.open')}</a></p>

      <h2>{t('payments:detail.allocations')}</h2>
      {status === 'void' && props.detail.allocations.length > 0 ? <p class="hint">{t('payments:detail.allocations_void')}</p> : null}
      <AllocationsTable ui={props.ui} detail={props.detail} />

      {status === 'completed' ? (
        <>
          <h2>{t('payments:detail.rest')}</h2>
          <p class="figure">{money(unallocated)}</p>
          {unallocated > 0 ? (
            props.openInvoices.length === 0 ? (
              <p class="hint">{t('payments:detail.no_open_invoices')}</p>
            ) : (
              <form method="post" action={`/payments/${payment.id}/allocate`}>
                <fieldset>
                  <legend>{t('payments:detail.apply_legend')}</legend>
                  <p class="hint">{t('payments:detail.apply_hint')}</p>
                  {forms.errors.allocations ? <p class="error" role="alert">{t(forms.errors.allocations)}</p> : null}
                  <AllocationInputs ui={props.ui} invoices={props.openInvoices} currency={payment.currency} values={forms.alloc} errors={forms.errors} />
                  <p class="actions">
                    <button type="submit" class="primary">{t('payments:detail.apply_button')}</button>
                  </p>
                </fieldset>
              </form>
            )
          ) : null}
          <form method="post" action={`/payments/${payment.id}/void`} data-confirm={t('payments:detail.void_confirm')}>
            <fieldset>
              <legend>{t('payments:detail.void_legend')}</legend>
              <p class="hint">{t('payments:detail.void_hint')}</p>
              <TextArea ui={props.ui} name="reason" label={t('payments:fields.void_reason')} value={forms.reason} errors={forms.errors} rows={2} maxlength={500} />
              <button type="submit" class="danger">{t('payments:detail.void_button')}</button>
            </fieldset>
          </form>
        </>
      ) : null}

      <h2>{t('payments:detail.events')}</h2>
      <EventList ui={props.ui} events={props.events} />
    </StaffLayout>
  );
}
