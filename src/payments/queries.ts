import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { Payment, PaymentMethod } from '../db/schema.js';
import { searchPatterns } from '../clients/queries.js';
import type { Minor } from '../money/money.js';

/** SQL: Σ of the allocations recorded for payment `<alias>.id` (whether or not the payment is void). */
export function allocatedSql(alias: string): RawBuilder<number> {
  return sql<number>`(select coalesce(sum(pa.amount), 0) from payment_allocations pa where pa.payment_id = ${sql.ref(alias + '.id')})`;
}

/** A payment with its client's name and what of it is allocated. */
export interface PaymentRow extends Payment {
  client_name: string;
  allocated: Minor;
}

/** The client fields a payment needs (currency, name), or undefined for an unknown client. */
export async function findPaymentClient(db: Db | Trx, clientId: number): Promise<{ id: number; name: string; currency: string } | undefined> {
  return db.selectFrom('clients').select(['id', 'name', 'currency']).where('id', '=', clientId).executeTakeFirst();
}

/** One payment with its client's name and allocated sum, or undefined. */
export async function findPayment(db: Db | Trx, id: number): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('payments as p')
    .innerJoin('clients as c', 'c.id', 'p.client_id')
    .selectAll('p')
    .select(['c.name as client_name', allocatedSql('p').as('allocated')])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** One allocation of a payment, with the invoice's number and its current balance. */
export interface AllocationRow {
  id: number;
  payment_id: number;
  invoice_id: number;
  amount: Minor;
  invoice_number: string | null;
  invoice_due_date: string | null;
}

/** Allocations of the given payments, in the order they were made (one query, whatever their number). */
export async function allocationsOfPayments(db: Db | Trx, paymentIds: number[]): Promise<AllocationRow[]> {
  if (paymentIds.length === 0) return [];
  return db
    .selectFrom('payment_allocations as pa')
    .innerJoin('documents as d', 'd.id', 'pa.invoice_id')
    .select(['pa.id', 'pa.payment_id', 'pa.invoice_id', 'pa.amount', 'd.number as invoice_number', 'd.due_date as invoice_due_date'])
    .where('pa.payment_id', 'in', paymentIds)
    .orderBy('pa.id', 'asc')
    .execute();
}

/** Filters of the staff payments list. */
export interface PaymentFilters {
  /** Client search text (folded name, email, VAT number). */
  q?: string | null;
  clientId?: number | null;
  method?: PaymentMethod | null;
  from?: string | null;
  to?: string | null;
}

/** A page of payments, newest first (date, then id), with the client's name and the allocated sum. */
export async function listPayments(db: Db, filters: PaymentFilters, page: { limit: number; offset: number }): Promise<PaymentRow[]> {
  let q = db
    .selectFrom('payments as p')
    .innerJoin('clients as c', 'c.id', 'p.client_id')
    .selectAll('p')
    .select(['c.name as client_name', allocatedSql('p').as('allocated')]);
  // Every word of the search must match the client's folded name, email or VAT number.
  for (const pattern of searchPatterns(filters.q ?? '')) q = q.where(sql<SqlBool>`c.search_text like ${pattern} escape '\\'`);
  if (filters.clientId) q = q.where('p.client_id', '=', filters.clientId);
  if (filters.method) q = q.where('p.method', '=', filters.method);
  if (filters.from) q = q.where('p.date', '>=', filters.from);
  if (filters.to) q = q.where('p.date', '<=', filters.to);
  return q.orderBy('p.date', 'desc').orderBy('p.id', 'desc').limit(page.limit).offset(page.offset).execute();
}

/** Payments by id ascending after `afterId`, optionally of one client (API keyset paging). */
export async function listPaymentsAfter(db: Db, opts: { clientId: number | null; afterId: number; limit: number }): Promise<PaymentRow[]> {
  let q = db
    .selectFrom('payments as p')
    .innerJoin('clients as c', 'c.id', 'p.client_id')
    .selectAll('p')
    .select(['c.name as client_name', allocatedSql('p').as('allocated')])
    .where('p.id', '>', opts.afterId);
  if (opts.clientId !== null) q = q.where('p.client_id', '=', opts.clientId);
  return q.orderBy('p.id', 'asc').limit(opts.limit).execute();
}
