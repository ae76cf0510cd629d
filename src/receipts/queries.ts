// Kysely only: receipts and what a receipt shows.

import type { Db, Trx } from '../db/index.js';
import type { PaymentMethod } from '../db/schema.js';
import { allocatedSql } from '../payments/queries.js';

/** A payment as its receipt prints it. */
export interface ReceiptPaymentRow {
  id: number;
  client_id: number;
  client_name: string;
  client_email: string | null;
  client_language: 'en' | 'el';
  amount: number;
  currency: string;
  date: string;
  method: PaymentMethod;
  reference: string | null;
  voided_at: string | null;
  allocated: number;
  receipt_number: string | null;
  issued_at: string | null;
  emailed_to: string | null;
  gateway: string | null;
  refunded_at: string | null;
}

/** One payment with its receipt row (if issued) and gateway (if online); scoped to a client when `clientId` is given. */
export async function findReceiptPayment(db: Db | Trx, paymentId: number, clientId: number | null): Promise<ReceiptPaymentRow | undefined> {
  let q = db
    .selectFrom('payments as p')
    .innerJoin('clients as c', 'c.id', 'p.client_id')
    .leftJoin('receipts as r', 'r.payment_id', 'p.id')
    .leftJoin('online_payments as op', 'op.payment_id', 'p.id')
    .select([
      'p.id', 'p.client_id', 'c.name as client_name', 'c.email as client_email', 'c.language as client_language', 'p.amount', 'p.currency', 'p.date', 'p.method',
      'p.reference', 'p.voided_at', allocatedSql('p').as('allocated'), 'r.number as receipt_number', 'r.issued_at', 'r.emailed_to', 'op.provider as gateway', 'op.refunded_at',
    ])
    .where('p.id', '=', paymentId);
  if (clientId !== null) q = q.where('p.client_id', '=', clientId);
  return q.executeTakeFirst();
}

/** The invoices a payment settled, with their numbers, in allocation order. */
export async function receiptAllocations(db: Db | Trx, paymentId: number): Promise<Array<{ invoice_id: number; number: string | null; amount: number }>> {
  return db
    .selectFrom('payment_allocations as pa')
    .innerJoin('documents as d', 'd.id', 'pa.invoice_id')
    .select(['pa.invoice_id', 'd.number', 'pa.amount'])
    .where('pa.payment_id', '=', paymentId)
    .orderBy('pa.id', 'asc')
    .execute();
}

/** Inserts the receipt row of a payment unless it exists. */
export async function insertReceipt(trx: Db | Trx, paymentId: number, number: string): Promise<void> {
  await trx.insertInto('receipts').values({ payment_id: paymentId, number }).onConflict((oc) => oc.column('payment_id').doNothing()).execute();
}

/** Notes the addresses a receipt was emailed to. */
export async function markReceiptEmailed(trx: Db | Trx, paymentId: number, to: string[]): Promise<void> {
  await trx.updateTable('receipts').set({ emailed_to: to.join(',') }).where('payment_id', '=', paymentId).execute();
}
