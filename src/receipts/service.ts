// Receipts: one for every payment (its number follows from the payment). Online payments get
// theirs, and its email, in the transaction that records them; staff can email the receipt of
// any payment they recorded.

import type { Db, Trx } from '../db/index.js';
import type { Language } from '../db/schema.js';
import { recordEvent, type Actor } from '../events/service.js';
import { isMailAddress } from '../mail/headers.js';
import { enqueueMail } from '../mail/outbox.js';
import type { TemplateData } from '../mail/templates.js';
import type { Minor } from '../money/money.js';
import { receiptNumber } from './number.js';
import { findReceiptPayment, insertReceipt, markReceiptEmailed, receiptAllocations, type ReceiptPaymentRow } from './queries.js';

/** Everything a receipt shows (page, PDF, email). */
export interface ReceiptView {
  payment: ReceiptPaymentRow;
  number: string;
  allocations: Array<{ invoice_id: number; number: string | null; amount: Minor }>;
  /** Money of the payment kept as client credit. */
  credit: Minor;
  /** Paid through the built-in test gateway: no money moved. */
  testMode: boolean;
}

/** The receipt of a payment, or null for an unknown id (or another client's, when `clientId` is given). */
export async function getReceipt(db: Db | Trx, paymentId: number, clientId: number | null): Promise<ReceiptView | null> {
  if (!Number.isSafeInteger(paymentId) || paymentId <= 0) return null;
  const payment = await findReceiptPayment(db, paymentId, clientId);
  if (!payment) return null;
  const allocations = await receiptAllocations(db, paymentId);
  return {
    payment,
    number: payment.receipt_number ?? receiptNumber(payment),
    allocations,
    credit: payment.voided_at ? 0 : payment.amount - payment.allocated,
    testMode: payment.gateway === 'test',
  };
}

/** The data of the 'payment-receipt' email for a receipt. */
export function receiptMailData(view: ReceiptView, payerName: string, link: string | null): TemplateData['payment-receipt'] {
  return {
    payerName,
    clientName: view.payment.client_name,
    receiptNumber: view.number,
    date: view.payment.date,
    amount: view.payment.amount,
    currency: view.payment.currency,
    method: view.payment.method,
    invoices: view.allocations.map((a) => ({ number: a.number ?? `#${a.invoice_id}`, amount: a.amount })),
    credit: view.credit,
    testMode: view.testMode,
    ...(link ? { link } : {}),
  };
}

/**
 * Issues the receipt of a payment and enqueues its email, inside the caller's transaction
 * (the one that recorded the payment, for online payments).
 */
export async function issueAndEmailReceipt(
  trx: Trx,
  input: { paymentId: number; to: string[]; payerName: string; language: Language; link: string | null; publicUrl: string },
): Promise<ReceiptView | null> {
  const view = await getReceipt(trx, input.paymentId, null);
  if (!view) return null;
  await insertReceipt(trx, view.payment.id, view.number);
  const to = input.to.filter(isMailAddress);
  if (to.length > 0) {
    await enqueueMail(
      trx,
      { to, template: 'payment-receipt', language: input.language, data: { ...receiptMailData(view, input.payerName, input.link) }, clientId: view.payment.client_id, subjectType: 'payment', subjectId: view.payment.id },
      { publicUrl: input.publicUrl },
    );
    await markReceiptEmailed(trx, view.payment.id, to);
  }
  return view;
}

/** Outcome of staff emailing a receipt. */
export type EmailReceiptResult = { ok: true; to: string[] } | { ok: false; error: 'NotFound' | 'PaymentVoid' | 'Invalid'; field?: string };

/** Staff email the receipt of a payment to the given addresses (default: the client's email), in one transaction with its event. */
export async function emailReceipt(db: Db, actor: Actor, paymentId: number, addresses: string, opts: { publicUrl: string }): Promise<EmailReceiptResult> {
  const to = addresses.split(/[;,]/).map((a) => a.trim()).filter((a) => a !== '');
  if (to.length === 0) return { ok: false, error: 'Invalid', field: 'validation:required' };
  if (to.length > 10 || to.some((a) => !isMailAddress(a))) return { ok: false, error: 'Invalid', field: 'validation:email' };
  return db.transaction().execute(async (trx): Promise<EmailReceiptResult> => {
    const view = await getReceipt(trx, paymentId, null);
    if (!view) return { ok: false, error: 'NotFound' };
    if (view.payment.voided_at) return { ok: false, error: 'PaymentVoid' };
    await issueAndEmailReceipt(trx, { paymentId, to, payerName: view.payment.client_name, language: view.payment.client_language, link: null, publicUrl: opts.publicUrl });
    await recordEvent(trx, actor, { clientId: view.payment.client_id, subjectType: 'payment', subjectId: paymentId, action: 'receipt_sent', detail: { label: view.number, to: to.join(', ') } });
    return { ok: true, to };
  });
}
