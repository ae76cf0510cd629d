import type { Db, Trx } from '../db/index.js';
import { recordEvent, type Actor } from '../events/service.js';
import {
  allocateOldestFirst,
  sortOldestDueFirst,
  validateAllocations,
  type Allocation,
  type AllocationError,
  type OpenInvoice,
} from '../ledger/ledger.js';
import { openInvoices } from '../ledger/queries.js';
import type { Minor } from '../money/money.js';
import { nowIso, today as todayDate } from '../util/time.js';
import { allocationsOfPayments, findPayment, findPaymentClient, type AllocationRow, type PaymentRow } from './queries.js';
import { checkPaymentFields, MAX_VOID_REASON_LENGTH, paymentStanding, type PaymentFields, type PaymentStatus } from './rules.js';

// Payments: recording (with allocations), voiding, applying credit later. Every change runs in
// one transaction with its events; expected failures come back as values.

export type { PaymentFieldError, PaymentFields, PaymentStatus } from './rules.js';

/** A part of a payment to apply to one invoice, as callers give it. */
export interface AllocationInput {
  invoice_id: number;
  amount: Minor;
}

/** What recording a payment needs; the currency is always the client's. */
export interface RecordPaymentInput {
  client_id: number;
  amount: Minor;
  /** YYYY-MM-DD; today when null or absent. */
  date?: string | null;
  /** 'other' when null or absent. */
  method?: string | null;
  reference?: string | null;
  notes?: string | null;
  /** Absent or null: oldest due first. Given (even empty): exactly these; the rest stays as client credit. */
  allocations?: AllocationInput[] | null;
}

/** Outcome of recording a payment. */
export type RecordPaymentResult =
  | { ok: true; paymentId: number; allocations: Allocation[]; unallocated: Minor }
  | { ok: false; error: 'UnknownClient' }
  | { ok: false; error: 'Invalid'; fields: PaymentFields };

/** Outcome of voiding a payment. */
export type VoidPaymentResult =
  | { ok: true }
  | { ok: false; error: 'NotFound' }
  | { ok: false; error: 'AlreadyVoid' }
  | { ok: false; error: 'Invalid'; fields: PaymentFields };

/** Outcome of applying a payment's unallocated rest to invoices. */
export type AllocateCreditResult =
  | { ok: true; allocations: Allocation[]; unallocated: Minor }
  | { ok: false; error: 'NotFound' | 'PaymentVoid' | 'NothingToAllocate' | 'NoOpenInvoices' }
  | { ok: false; error: 'Invalid'; fields: PaymentFields };

/** A payment with its allocations and what of it is still client credit. */
export interface PaymentDetail {
  payment: PaymentRow;
  allocations: AllocationRow[];
  status: PaymentStatus;
  /** Money of this payment held as client credit: 0 once the payment is void. */
  unallocated: Minor;
}

/** A payment with its allocations, or null for an unknown id. */
export async function getPaymentDetail(db: Db, id: number): Promise<PaymentDetail | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const payment = await findPayment(db, id);
  if (!payment) return null;
  const allocations = await allocationsOfPayments(db, [id]);
  return { payment, allocations, ...paymentStanding(payment) };
}

/** The client a payment is for, and its open invoices in its currency, oldest due first. */
export interface PaymentFormContext {
  client: { id: number; name: string; currency: string };
  invoices: OpenInvoice[];
}

/** What the new-payment form needs for a client; null for an unknown client. */
export async function paymentFormContext(db: Db, clientId: number | null): Promise<PaymentFormContext | null> {
  if (clientId === null || !Number.isSafeInteger(clientId) || clientId <= 0) return null;
  const client = await findPaymentClient(db, clientId);
  if (!client) return null;
  return { client, invoices: sortOldestDueFirst(await openInvoices(db, client.id, client.currency)) };
}

/** Open invoices a payment's rest may still go to (none once it is void or fully allocated), oldest due first. */
export async function invoicesOpenForPayment(db: Db, detail: PaymentDetail): Promise<OpenInvoice[]> {
  if (detail.status === 'void' || detail.unallocated <= 0) return [];
  return sortOldestDueFirst(await openInvoices(db, detail.payment.client_id, detail.payment.currency));
}

/** Points an allocation refusal at the input that caused it (validateAllocations names the invoice, not the row). */
function allocationFields(list: readonly Allocation[], failure: { error: AllocationError; invoiceId?: number }): PaymentFields {
  if (failure.error === 'ExceedsPayment') return { allocations: 'allocation_exceeds_payment' };
  const indexes = list.map((a, i) => (a.invoiceId === failure.invoiceId ? i : -1)).filter((i) => i >= 0);
  switch (failure.error) {
    case 'NonPositive': {
      const i = indexes.find((j) => !(list[j]!.amount > 0)) ?? indexes[0] ?? 0;
      return { [`allocations.${i}.amount`]: 'positive' };
    }
    case 'UnknownInvoice':
      return { [`allocations.${indexes[0] ?? 0}.invoice_id`]: 'unknown_invoice' };
    case 'Duplicate':
      return { [`allocations.${indexes[1] ?? indexes[0] ?? 0}.invoice_id`]: 'duplicate' };
    case 'ExceedsBalance':
      return { [`allocations.${indexes[0] ?? 0}.amount`]: 'allocation_exceeds_balance' };
  }
}

/** Chosen allocations checked against open balances, or oldest due first when none were chosen. */
function planAllocations(
  amount: Minor,
  open: readonly OpenInvoice[],
  chosen: readonly AllocationInput[] | null | undefined,
): { ok: true; allocations: Allocation[]; rest: Minor } | { ok: false; fields: PaymentFields } {
  if (chosen === null || chosen === undefined) return { ok: true, ...allocateOldestFirst(amount, open) };
  const list: Allocation[] = chosen.map((a) => ({ invoiceId: a.invoice_id, amount: a.amount }));
  const check = validateAllocations(amount, list, new Map(open.map((i) => [i.id, i.balance])));
  if (!check.ok) return { ok: false, fields: allocationFields(list, check) };
  return { ok: true, allocations: list, rest: amount - list.reduce((sum, a) => sum + a.amount, 0) };
}

/** Writes allocations and records an 'invoice paid' event for every invoice they settle in full. */
async function writeAllocations(trx: Trx, actor: Actor, clientId: number, paymentId: number, allocations: readonly Allocation[], open: readonly OpenInvoice[]): Promise<void> {
  if (allocations.length === 0) return;
  await trx
    .insertInto('payment_allocations')
    .values(allocations.map((a) => ({ payment_id: paymentId, invoice_id: a.invoiceId, amount: a.amount })))
    .execute();
  const byId = new Map(open.map((i) => [i.id, i]));
  for (const a of allocations) {
    const invoice = byId.get(a.invoiceId);
    if (invoice && a.amount >= invoice.balance) {
      await recordEvent(trx, actor, {
        clientId,
        subjectType: 'invoice',
        subjectId: invoice.id,
        action: 'paid',
        detail: { label: invoice.number ?? `#${invoice.id}`, payment_id: paymentId },
      });
    }
  }
}

/**
 * Records a payment from a client in the client's currency, in one transaction: with
 * allocations given, exactly those (each checked against the client's open invoices);
 * without, oldest due first. Whatever is not allocated stays as client credit.
 */
export async function recordPayment(db: Db, actor: Actor, input: RecordPaymentInput, opts: { today?: string } = {}): Promise<RecordPaymentResult> {
  const checked = checkPaymentFields(input, opts.today ?? todayDate());
  if (!checked.ok) return { ok: false, error: 'Invalid', fields: checked.fields };
  return db.transaction().execute((trx) => recordPaymentInTransaction(trx, actor, input, opts));
}

/**
 * recordPayment inside a transaction the caller opened, for a use case that writes more in the
 * same transaction (online payments: the webhook event, receipt and notifications with it).
 */
export async function recordPaymentInTransaction(trx: Trx, actor: Actor, input: RecordPaymentInput, opts: { today?: string } = {}): Promise<RecordPaymentResult> {
  const checked = checkPaymentFields(input, opts.today ?? todayDate());
  if (!checked.ok) return { ok: false, error: 'Invalid', fields: checked.fields };
  const { amount, date, method, reference, notes } = checked.value;
  const client = await findPaymentClient(trx, input.client_id);
  if (!client) return { ok: false, error: 'UnknownClient' };
  const open = await openInvoices(trx, client.id, client.currency);
  const plan = planAllocations(amount, open, input.allocations);
  if (!plan.ok) return { ok: false, error: 'Invalid', fields: plan.fields };
  const inserted = await trx
    .insertInto('payments')
    .values({ client_id: client.id, amount, currency: client.currency, date, method, reference, notes, source: actor.type })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(trx, actor, {
    clientId: client.id,
    subjectType: 'payment',
    subjectId: inserted.id,
    action: 'recorded',
    detail: { label: reference ?? `#${inserted.id}`, amount, currency: client.currency, unallocated: plan.rest },
  });
  await writeAllocations(trx, actor, client.id, inserted.id, plan.allocations, open);
  return { ok: true, paymentId: inserted.id, allocations: plan.allocations, unallocated: plan.rest };
}

/** Voids a payment: it stays on record with its reason, and its allocations stop counting (the invoices reopen). */
export async function voidPayment(db: Db, actor: Actor, paymentId: number, reasonInput: string | null | undefined): Promise<VoidPaymentResult> {
  const reason = reasonInput?.trim() ?? '';
  if (reason === '') return { ok: false, error: 'Invalid', fields: { reason: 'required' } };
  if (reason.length > MAX_VOID_REASON_LENGTH) return { ok: false, error: 'Invalid', fields: { reason: 'too_long' } };
  if (!Number.isSafeInteger(paymentId) || paymentId <= 0) return { ok: false, error: 'NotFound' };
  return db.transaction().execute(async (trx): Promise<VoidPaymentResult> => {
    const payment = await trx.selectFrom('payments').select(['id', 'client_id', 'amount', 'currency', 'reference', 'voided_at']).where('id', '=', paymentId).executeTakeFirst();
    if (!payment) return { ok: false, error: 'NotFound' };
    if (payment.voided_at) return { ok: false, error: 'AlreadyVoid' };
    await trx.updateTable('payments').set({ voided_at: nowIso(), void_reason: reason }).where('id', '=', paymentId).execute();
    await recordEvent(trx, actor, {
      clientId: payment.client_id,
      subjectType: 'payment',
      subjectId: payment.id,
      action: 'voided',
      detail: { label: payment.reference ?? `#${payment.id}`, reason, amount: payment.amount, currency: payment.currency },
    });
    return { ok: true };
  });
}

/**
 * Applies what is left of a payment to the client's open invoices: the allocations given,
 * or oldest due first when none are (null or absent).
 */
export async function allocateCredit(db: Db, actor: Actor, paymentId: number, chosen?: AllocationInput[] | null): Promise<AllocateCreditResult> {
  if (!Number.isSafeInteger(paymentId) || paymentId <= 0) return { ok: false, error: 'NotFound' };
  if (chosen && chosen.length === 0) return { ok: false, error: 'Invalid', fields: { allocations: 'required' } };
  return db.transaction().execute(async (trx): Promise<AllocateCreditResult> => {
    const payment = await findPayment(trx, paymentId);
    if (!payment) return { ok: false, error: 'NotFound' };
    if (payment.voided_at) return { ok: false, error: 'PaymentVoid' };
    const rest = payment.amount - payment.allocated;
    if (rest <= 0) return { ok: false, error: 'NothingToAllocate' };
    const open = await openInvoices(trx, payment.client_id, payment.currency);
    const plan = planAllocations(rest, open, chosen);
    if (!plan.ok) return { ok: false, error: 'Invalid', fields: plan.fields };
    if (plan.allocations.length === 0) return { ok: false, error: 'NoOpenInvoices' };
    const applied = rest - plan.rest;
    await recordEvent(trx, actor, {
      clientId: payment.client_id,
      subjectType: 'payment',
      subjectId: payment.id,
      action: 'allocated',
      detail: { label: payment.reference ?? `#${payment.id}`, amount: applied, currency: payment.currency },
    });
    await writeAllocations(trx, actor, payment.client_id, payment.id, plan.allocations, open);
    return { ok: true, allocations: plan.allocations, unallocated: plan.rest };
  });
}
