// Rules of a payment's own fields and standing. Pure: no I/O; today comes in as an argument.

import type { PaymentMethod } from '../db/schema.js';
import { addDays, isIsoDate } from '../ledger/ledger.js';
import { isMinor, type Minor } from '../money/money.js';

/** How a client paid. */
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['bank_transfer', 'card', 'cash', 'cheque', 'other'];

/** Longest payment reference (bank transfer references fit easily). */
export const MAX_REFERENCE_LENGTH = 100;
/** Longest payment notes. */
export const MAX_NOTES_LENGTH = 2000;
/** Longest reason for voiding a payment. */
export const MAX_VOID_REASON_LENGTH = 500;
/**
 * A payment may be dated at most this many days after the server's today: enough for a payer
 * or an importing system a time zone ahead, not enough to record money that has not arrived
 * (a post-dated cheque is recorded when it clears).
 */
export const MAX_DAYS_AHEAD = 1;

/** Why one field of a payment is refused; routes translate it, the API words it. */
export type PaymentFieldError =
  | 'required'
  | 'positive'
  | 'money'
  | 'date'
  | 'future_date'
  | 'too_long'
  | 'method'
  | 'unknown_invoice'
  | 'allocation_exceeds_balance'
  | 'allocation_exceeds_payment'
  | 'duplicate';

/**
 * Field errors keyed by field name: `amount`, `date`, `method`, `reference`, `notes`, `reason`,
 * `allocations` (the sum), `allocations.<index>.invoice_id`, `allocations.<index>.amount`.
 */
export type PaymentFields = Record<string, PaymentFieldError>;

/** A payment's status as people and the API see it. */
export type PaymentStatus = 'completed' | 'void';

/** True for one of the payment methods. */
export function isPaymentMethod(s: string): s is PaymentMethod {
  return (PAYMENT_METHODS as readonly string[]).includes(s);
}

/** Status and unallocated rest of a payment row (void payments hold no credit). */
export function paymentStanding(p: { amount: Minor; allocated: Minor; voided_at: string | null }): { status: PaymentStatus; unallocated: Minor } {
  return p.voided_at ? { status: 'void', unallocated: 0 } : { status: 'completed', unallocated: p.amount - p.allocated };
}

/** Checks the single-valued fields of a new payment (no I/O); returns the cleaned values or field errors. */
export function checkPaymentFields(
  input: { amount: Minor; date?: string | null; method?: string | null; reference?: string | null; notes?: string | null },
  today: string,
): { ok: true; value: { amount: Minor; date: string; method: PaymentMethod; reference: string | null; notes: string | null } } | { ok: false; fields: PaymentFields } {
  const fields: PaymentFields = {};
  if (!isMinor(input.amount)) fields.amount = 'money';
  else if (input.amount <= 0) fields.amount = 'positive';
  const date = input.date?.trim() || today;
  if (!isIsoDate(date)) fields.date = 'date';
  else if (date > addDays(today, MAX_DAYS_AHEAD)) fields.date = 'future_date';
  const typedMethod = input.method?.trim() || 'other';
  const method = isPaymentMethod(typedMethod) ? typedMethod : null;
  if (method === null) fields.method = 'method';
  const reference = input.reference?.trim() || null;
  if (reference && reference.length > MAX_REFERENCE_LENGTH) fields.reference = 'too_long';
  const notes = input.notes?.trim() || null;
  if (notes && notes.length > MAX_NOTES_LENGTH) fields.notes = 'too_long';
  if (Object.keys(fields).length > 0 || method === null) return { ok: false, fields };
  return { ok: true, value: { amount: input.amount, date, method, reference, notes } };
}
