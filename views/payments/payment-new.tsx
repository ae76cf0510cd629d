import type { StaffUser } from '../../src/db/schema.js';
import type { OpenInvoice } from '../../src/ledger/ledger.js';
import type { Ui } from '../../src/web/ui.js';
import { ErrorSummary, Field, Select, TextArea, type FieldErrors } from '../components/form.js';
import { StaffLayout } from '../layouts/staff.js';
import { AllocationInputs } from './allocation-inputs.js';
import { methodOptions } from './payments-table.js';

/** What staff typed into the new-payment form (kept as typed, for re-rendering). */
export interface NewPaymentValues {
  amount: string;
  date: string;
  method: string;
  reference: string;
  notes: string;
  keepAsCredit: boolean;
  /** alloc_<invoiceId> → typed amount. */
  alloc: Record<string, string>;
}

/** The client a payment is being recorded for. */
export interface PaymentClient { id: number; name: string; currency: string }

/** Step 1 of recording a payment: a plain GET form choosing the client. */
function ChooseClient(props: { ui: Ui; clients: Array<{ id: number; name: string }>; clientId: number | null }) {
  const { t } = props.ui;
  if (props.clients.length === 0) return <p class="empty">{t('payments:choose_client.no_clients')}</p>;
  return (
    <form method="get" action="/payments/new" class="toolbar">
      <Select
        ui={props.ui}
        name="client_id"
        label={t('payments:choose_client.label')}
        value={props.clientId}
        empty={t('payments:choose_client.empty')}
        options={props.clients.map((c) => ({ value: c.id, label: c.name }))}
        required
      />
      <button type="submit" class="secondary">{t('payments:choose_client.continue')}</button>
    </form>
  );
}

/** The payment form for a chosen client: amount, date, method, reference, notes and allocations. */
function PaymentForm(props: { ui: Ui; client: PaymentClient; invoices: OpenInvoice[]; values: NewPaymentValues; errors: FieldErrors }) {
  const { t } = props.ui;
  const { values, errors, client } = props;
  return (
    <form method="post" action="/payments">
      <input type="hidden" name="client_id" value={String(client.id)} />
      <div class="form-grid">
        <Field ui={props.ui} name="amount" label={t('payments:fields.amount')} value={values.amount} errors={errors} required inputmode="decimal" hint={t('payments:form.amount_hint', { currency: client.currency })} />
        <Field ui={props.ui} name="date" label={t('payments:fields.date')} value={values.date} errors={errors} type="date" required hint={t('payments:form.date_hint')} />
        <Select ui={props.ui} name="method" label={t('payments:fields.method')} value={values.method} errors={errors} options={methodOptions(props.ui)} />
        <Field ui={props.ui} name="reference" label={t('payments:fields.reference')} value={values.reference} errors={errors} maxlength={100} />
      </div>
      <TextArea ui={props.ui} name="notes" label={t('payments:fields.notes')} value={values.notes} errors={errors} maxlength={2000} />
      <fieldset>
        <legend>{t('payments:form.allocation_legend')}</legend>
        {errors.allocations ? <p class="error" role="alert">{t(errors.allocations)}</p> : null}
        {props.invoices.length === 0 ? (
          <p class="hint">{t('payments:form.no_open_invoices')}</p>
        ) : (
          <>
            <p class="hint">{t('payments:form.allocation_auto')}</p>
            <p class="hint">{t('payments:form.allocation_manual')}</p>
            <AllocationInputs ui={props.ui} invoices={props.invoices} currency={client.currency} values={values.alloc} errors={errors} />
            <div class={errors.keep_as_credit ? 'field has-error' : 'field'}>
              <label>
                <input type="checkbox" name="keep_as_credit" value="1" checked={values.keepAsCredit} /> {t('payments:form.keep_as_credit')}
              </label>
              {errors.keep_as_credit ? <p class="error">{t(errors.keep_as_credit)}</p> : null}
            </div>
          </>
        )}
      </fieldset>
      <p class="actions">
        <button type="submit" class="primary">{t('payments:record')}</button>
        <a href={`/clients/${client.id}/payments`}>{t('common:cancel')}</a>
      </p>
    </form>
  );
}

/** /payments/new: choose a client, then record what it paid. */
export function NewPaymentPage(props: {
  ui: Ui;
  staff: StaffUser;
  clients: Array<{ id: number; name: string }>;
  client: PaymentClient | null;
  invoices: OpenInvoice[];
  values: NewPaymentValues;
  errors?: FieldErrors;
  message?: string | null;
}) {
  const { t } = props.ui;
  const errors = props.errors ?? {};
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={t('payments:new_title')} section="payments">
      <h1>{t('payments:new_title')}</h1>
      <ErrorSummary ui={props.ui} errors={errors} message={props.message ?? null} />
      <ChooseClient ui={props.ui} clients={props.clients} clientId={props.client?.id ?? null} />
      {props.client ? (
        <section aria-labelledby="payment-client">
          <h2 id="payment-client">{props.client.name}</h2>
          <PaymentForm ui={props.ui} client={props.client} invoices={props.invoices} values={props.values} errors={errors} />
        </section>
      ) : null}
    </StaffLayout>
  );
}
