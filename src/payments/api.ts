import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { api, apiError, apiId, notFound, pageParams, pageResult, readJson } from '../api/http.js';
import { parseId } from '../clients/params.js';
import { staffActor } from '../events/service.js';
import { clientBalances, clientStatement } from '../ledger/queries.js';
import { today } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import { resolvePeriod } from './period.js';
import { allocationsOfPayments, findPaymentClient, listPaymentsAfter, type AllocationRow, type PaymentRow } from './queries.js';
import { MAX_DAYS_AHEAD, MAX_NOTES_LENGTH, MAX_REFERENCE_LENGTH, MAX_VOID_REASON_LENGTH, paymentStanding, type PaymentFieldError, type PaymentFields } from './rules.js';
import { allocateCredit, getPaymentDetail, recordPayment, voidPayment } from './service.js';

const METHOD_MESSAGE = 'must be one of bank_transfer, card, cash, cheque, other';

// The API's wording of the service's field errors.
const MESSAGES: Record<PaymentFieldError, string> = {
  required: 'is required',
  positive: 'must be greater than zero',
  money: 'must be an integer amount in minor units',
  date: 'must be a date YYYY-MM-DD',
  future_date: `must not be more than ${MAX_DAYS_AHEAD} day after today`,
  too_long: 'is too long',
  method: METHOD_MESSAGE,
  unknown_invoice: 'is not an open invoice of this client in its currency',
  allocation_exceeds_balance: "is more than the invoice's balance",
  allocation_exceeds_payment: 'add up to more than the amount',
  duplicate: 'names the same invoice twice',
};

const allocationsSchema = z.array(z.object({ invoice_id: api.id, amount: api.positiveMoney })).max(1000, 'must have at most 1000 entries');

const createPaymentSchema = z.object({
  client_id: api.id,
  amount: api.positiveMoney,
  date: api.date.nullish(),
  method: z.enum(['bank_transfer', 'card', 'cash', 'cheque', 'other'], { error: METHOD_MESSAGE }).nullish(),
  reference: api.optionalText(MAX_REFERENCE_LENGTH),
  notes: api.optionalText(MAX_NOTES_LENGTH),
  allocations: allocationsSchema.nullish(),
});

const voidSchema = z.object({
  reason: z.string({ error: 'is required' }).trim().min(1, 'is required').max(MAX_VOID_REASON_LENGTH, `must be at most ${MAX_VOID_REASON_LENGTH} characters`),
});

const allocateSchema = z.object({ allocations: allocationsSchema.nullish() });

function invalid(c: Context, fields: PaymentFields): Response {
  const worded = Object.fromEntries(Object.entries(fields).map(([field, code]) => [field, MESSAGES[code]]));
  return apiError(c, 422, 'validation_failed', 'Some fields are not valid', worded);
}

/** A payment as the API shows it; `unallocated` is what it holds as client credit (0 once void). */
function paymentJson(p: PaymentRow, allocations: AllocationRow[]) {
  const { status, unallocated } = paymentStanding(p);
  return {
    id: apiId(p.id),
    client_id: apiId(p.client_id),
    amount: p.amount,
    currency: p.currency,
    date: p.date,
    method: p.method,
    reference: p.reference,
    notes: p.notes,
    allocations: allocations.map((a) => ({ invoice_id: apiId(a.invoice_id), amount: a.amount })),
    unallocated,
    status,
    created_at: p.created_at,
    voided_at: p.voided_at,
    void_reason: p.void_reason,
  };
}

async function paymentResponse(c: Context<AppEnv>, id: number, status: 200 | 201 = 200): Promise<Response> {
  const detail = await getPaymentDetail(c.var.db, id);
  if (!detail) return notFound(c);
  return c.json(paymentJson(detail.payment, detail.allocations), status);
}

/** JSON API v1: payments, allocations, a client's statement and balance. */
export const paymentsApi = new Hono<AppEnv>()
  .post('/payments', async (c) => {
    const body = await readJson(c, createPaymentSchema);
    if (!body.ok) return body.response;
    const result = await recordPayment(c.var.db, staffActor(c.var.apiUser, 'api'), body.data);
    if (result.ok) return paymentResponse(c, result.paymentId, 201);
    if (result.error === 'UnknownClient') return apiError(c, 422, 'validation_failed', 'Some fields are not valid', { client_id: 'is not a known client' });
    return invalid(c, result.fields);
  })
  .get('/payments', async (c) => {
    const paging = pageParams(c);
    if (!paging.ok) return paging.response;
    const clientRaw = c.req.query('client_id');
    const clientId = clientRaw === undefined || clientRaw === '' ? null : parseId(clientRaw);
    if (clientRaw && clientId === null) return apiError(c, 400, 'invalid_filter', 'client_id must be an id', { client_id: 'must be an id' });
    const rows = await listPaymentsAfter(c.var.db, { clientId, afterId: paging.afterId, limit: paging.limit + 1 });
    const allocations = await allocationsOfPayments(c.var.db, rows.slice(0, paging.limit).map((r) => r.id));
    const byPayment = new Map<number, AllocationRow[]>();
    for (const a of allocations) byPayment.set(a.payment_id, [...(byPayment.get(a.payment_id) ?? []), a]);
    return c.json(pageResult(rows, paging.limit, (p) => paymentJson(p, byPayment.get(p.id) ?? [])));
  })
  .get('/payments/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    return id === null ? notFound(c) : paymentResponse(c, id);
  })
  .post('/payments/:id/void', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const body = await readJson(c, voidSchema);
    if (!body.ok) return body.response;
    const result = await voidPayment(c.var.db, staffActor(c.var.apiUser, 'api'), id, body.data.reason);
    if (result.ok) return paymentResponse(c, id);
    if (result.error === 'NotFound') return notFound(c);
    if (result.error === 'AlreadyVoid') return apiError(c, 409, 'already_void', 'The payment is already void');
    return invalid(c, result.fields);
  })
  .post('/payments/:id/allocate', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const body = await readJson(c, allocateSchema);
    if (!body.ok) return body.response;
    const result = await allocateCredit(c.var.db, staffActor(c.var.apiUser, 'api'), id, body.data.allocations);
    if (result.ok) return paymentResponse(c, id);
    switch (result.error) {
      case 'NotFound':
        return notFound(c);
      case 'PaymentVoid':
        return apiError(c, 409, 'payment_void', 'The payment is void');
      case 'NothingToAllocate':
        return apiError(c, 409, 'nothing_to_allocate', 'Nothing of this payment is left to allocate');
      case 'NoOpenInvoices':
        return apiError(c, 409, 'no_open_invoices', 'The client has no open invoices');
      case 'Invalid':
        return invalid(c, result.fields);
    }
  })
  .get('/clients/:id/statement', async (c) => {
    const id = parseId(c.req.param('id'));
    const client = id === null ? undefined : await findPaymentClient(c.var.db, id);
    if (!client) return notFound(c);
    const period = resolvePeriod({ from: c.req.query('from'), to: c.req.query('to') }, today(), 'all');
    if (!period.ok) {
      const fields = Object.fromEntries(Object.entries(period.errors).map(([k, v]) => [k, v === 'to_before_from' ? 'must not be before from' : 'must be a date YYYY-MM-DD']));
      return apiError(c, 422, 'validation_failed', 'Some fields are not valid', fields);
    }
    const s = await clientStatement(c.var.db, client.id, period.value.from, period.value.to);
    return c.json({
      client_id: apiId(client.id),
      currency: client.currency,
      from: s.from,
      to: s.to,
      opening_balance: s.openingBalance,
      closing_balance: s.closingBalance,
      total_debit: s.totalDebit,
      total_credit: s.totalCredit,
      lines: s.lines.map((l) => ({ date: l.date, type: l.type, id: apiId(l.id), reference: l.reference, debit: l.debit, credit: l.credit, balance: l.balance })),
    });
  })
  .get('/clients/:id/balance', async (c) => {
    const id = parseId(c.req.param('id'));
    const client = id === null ? undefined : await findPaymentClient(c.var.db, id);
    if (!client) return notFound(c);
    const asOf = today();
    const b = await clientBalances(c.var.db, client.id, asOf);
    return c.json({ client_id: apiId(client.id), currency: client.currency, amount_due: b.amountDue, overdue: b.overdue, credit: b.credit, as_of: asOf });
  });
