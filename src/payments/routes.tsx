import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FlashMessage } from '../../views/components/flash.js';
import { ClientPaymentsTab } from '../../views/payments/client-payments.js';
import { NewPaymentPage, type NewPaymentValues } from '../../views/payments/payment-new.js';
import { PaymentPage, type PaymentForms } from '../../views/payments/payment-page.js';
import { PaymentsListPage, PaymentsListSection } from '../../views/payments/payments-list.js';
import { allocationInputName } from '../../views/payments/allocation-inputs.js';
import { ClientStatementTab, StatementSection } from '../../views/statement/statement.js';
import { loadClientFrame } from '../clients/frame.js';
import { parseId, parsePage } from '../clients/params.js';
import { clientOptions } from '../clients/service.js';
import { listSubjectEvents, staffActor } from '../events/service.js';
import { clientBalances, clientStatement } from '../ledger/queries.js';
import { toMajorString } from '../money/money.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { fragment, isHtmx, page, seeOther } from '../web/html.js';
import { today } from '../util/time.js';
import { fieldErrorKey, formErrors, periodErrorKeys, readAllocationInputs, readPaymentForm, readPaymentsListQuery } from './form.js';
import { resolvePeriod } from './period.js';
import { listPayments } from './queries.js';
import { allocateCredit, getPaymentDetail, invoicesOpenForPayment, paymentFormContext, recordPayment, voidPayment, type PaymentFormContext } from './service.js';

const PAGE_SIZE = 25;
const FLASHES = { recorded: 'payments:flash.recorded', voided: 'payments:flash.voided', allocated: 'payments:flash.allocated' } as const;
const NO_FORMS: PaymentForms = { alloc: {}, reason: '', errors: {}, message: null };

function flashFrom(done: string | undefined): FlashMessage | null {
  return done && Object.hasOwn(FLASHES, done) ? { kind: 'success', key: FLASHES[done as keyof typeof FLASHES] } : null;
}

/** Renders a payment's page (after a refused form too); 404 for an unknown id. */
async function paymentPage(c: Context<AppEnv>, id: number | null, forms: PaymentForms, status: ContentfulStatusCode = 200): Promise<Response> {
  const detail = id === null ? null : await getPaymentDetail(c.var.db, id);
  if (!detail) return c.notFound();
  const [openInvoices, events] = await Promise.all([invoicesOpenForPayment(c.var.db, detail), listSubjectEvents(c.var.db, 'payment', detail.payment.id)]);
  const flash = status === 200 ? flashFrom(c.req.query('done')) : null;
  return page(c, <PaymentPage ui={c.var.ui} staff={c.var.staff} detail={detail} openInvoices={openInvoices} events={events} forms={forms} flash={flash} />, status);
}

/** The new-payment page: the client chooser, and the form once a client is chosen (also after a refused form). */
async function newPaymentPage(c: Context<AppEnv>, ctx: PaymentFormContext | null, values: NewPaymentValues, errors: Record<string, string> = {}, status: ContentfulStatusCode = 200): Promise<Response> {
  const clients = await clientOptions(c.var.db);
  return page(c, <NewPaymentPage ui={c.var.ui} staff={c.var.staff} clients={clients} client={ctx?.client ?? null} invoices={ctx?.invoices ?? []} values={values} errors={errors} />, status);
}

/** Staff pages of payments, and the payments and statement tabs of a client. */
export const paymentsRoutes = new Hono<AppEnv>()
  .get('/payments', async (c) => {
    const { query, filters, errors } = readPaymentsListQuery(c.req.query(), today());
    const ok = Object.keys(errors).length === 0;
    const found = ok ? await listPayments(c.var.db, filters, { limit: PAGE_SIZE + 1, offset: (query.page - 1) * PAGE_SIZE }) : [];
    const props = { ui: c.var.ui, query, rows: found.slice(0, PAGE_SIZE), hasNext: found.length > PAGE_SIZE, errors };
    if (isHtmx(c)) return fragment(c, <PaymentsListSection {...props} />, ok ? 200 : 422);
    return page(c, <PaymentsListPage staff={c.var.staff} {...props} />, ok ? 200 : 422);
  })
  .get('/payments/new', async (c) => {
    const raw = c.req.query('client_id') ?? '';
    const ctx = raw === '' ? null : await paymentFormContext(c.var.db, parseId(raw));
    if (raw !== '' && !ctx) return c.notFound();
    // From an invoice's page: prefill that invoice's balance as amount and as its allocation.
    const invoice = ctx?.invoices.find((i) => i.id === parseId(c.req.query('invoice_id')));
    const prefill = invoice && ctx ? toMajorString(invoice.balance, ctx.client.currency) : '';
    // Most firms are paid by bank transfer, so the method starts there.
    const values: NewPaymentValues = { amount: prefill, date: today(), method: 'bank_transfer', reference: '', notes: '', keepAsCredit: false, alloc: invoice ? { [allocationInputName(invoice.id)]: prefill } : {} };
    return newPaymentPage(c, ctx, values);
  })
  .post('/payments', async (c) => {
    const body = await c.req.parseBody();
    const ctx = await paymentFormContext(c.var.db, parseId(formString(body, 'client_id')));
    if (!ctx) return c.notFound();
    const form = readPaymentForm(body, ctx.client.id, ctx.client.currency);
    if (!form.ok) return newPaymentPage(c, ctx, form.values, form.errors, 422);
    const result = await recordPayment(c.var.db, staffActor(c.var.staff), form.input);
    if (result.ok) return seeOther(c, `/payments/${result.paymentId}?done=recorded`);
    if (result.error === 'UnknownClient') return c.notFound();
    const shown = new Set(ctx.invoices.map((i) => allocationInputName(i.id)));
    return newPaymentPage(c, ctx, form.values, formErrors(result.fields, form.inputs, shown), 422);
  })
  .get('/payments/:id', async (c) => paymentPage(c, parseId(c.req.param('id')), NO_FORMS))
  .post('/payments/:id/allocate', async (c) => {
    const id = parseId(c.req.param('id'));
    const detail = id === null ? null : await getPaymentDetail(c.var.db, id);
    if (!detail) return c.notFound();
    const form = readAllocationInputs(await c.req.parseBody(), detail.payment.currency);
    const forms: PaymentForms = { ...NO_FORMS, alloc: form.values, errors: form.errors };
    if (Object.keys(form.errors).length > 0) return paymentPage(c, detail.payment.id, forms, 422);
    const result = await allocateCredit(c.var.db, staffActor(c.var.staff), detail.payment.id, form.allocations.length > 0 ? form.allocations : null);
    if (result.ok) return seeOther(c, `/payments/${detail.payment.id}?done=allocated`);
    if (result.error === 'NotFound') return c.notFound();
    if (result.error === 'Invalid') {
      const shown = new Set((await invoicesOpenForPayment(c.var.db, detail)).map((i) => allocationInputName(i.id)));
      return paymentPage(c, detail.payment.id, { ...forms, errors: formErrors(result.fields, form.inputs, shown) }, 422);
    }
    const message = { PaymentVoid: 'payments:errors.payment_void', NothingToAllocate: 'payments:errors.nothing_to_allocate', NoOpenInvoices: 'payments:errors.no_open_invoices' }[result.error];
    return paymentPage(c, detail.payment.id, { ...forms, message }, 409);
  })
  .post('/payments/:id/void', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.notFound();
    const reason = formString(await c.req.parseBody(), 'reason');
    const result = await voidPayment(c.var.db, staffActor(c.var.staff), id, reason);
    if (result.ok) return seeOther(c, `/payments/${id}?done=voided`);
    if (result.error === 'NotFound') return c.notFound();
    if (result.error === 'AlreadyVoid') return paymentPage(c, id, { ...NO_FORMS, reason, message: 'payments:errors.already_void' }, 409);
    const errors = Object.fromEntries(Object.entries(result.fields).map(([k, v]) => [k, fieldErrorKey(v)]));
    return paymentPage(c, id, { ...NO_FORMS, reason, errors }, 422);
  })
  .get('/clients/:id/payments', async (c) => {
    const frame = await loadClientFrame(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!frame) return c.notFound();
    const pageNo = parsePage(c.req.query('page'));
    const [balances, found] = await Promise.all([
      clientBalances(c.var.db, frame.client.id, today()),
      listPayments(c.var.db, { clientId: frame.client.id }, { limit: PAGE_SIZE + 1, offset: (pageNo - 1) * PAGE_SIZE }),
    ]);
    return page(
      c,
      <ClientPaymentsTab ui={c.var.ui} staff={c.var.staff} {...frame} balances={balances} rows={found.slice(0, PAGE_SIZE)} page={pageNo} hasNext={found.length > PAGE_SIZE} />,
    );
  })
  .get('/clients/:id/statement', async (c) => {
    const frame = await loadClientFrame(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!frame) return c.notFound();
    const period = resolvePeriod(c.req.query(), today(), 'this_year');
    const values = { period: period.value.period, from: period.value.from ?? '', to: period.value.to ?? '' };
    const errors = period.ok ? {} : periodErrorKeys(period.errors);
    const statement = period.ok ? await clientStatement(c.var.db, frame.client.id, period.value.from, period.value.to) : null;
    const props = { ui: c.var.ui, values, errors, statement };
    const status = period.ok ? 200 : 422;
    if (isHtmx(c)) return fragment(c, <StatementSection {...props} clientId={frame.client.id} currency={frame.client.currency} />, status);
    return page(c, <ClientStatementTab {...props} staff={c.var.staff} client={frame.client} nav={frame.nav} />, status);
  });
