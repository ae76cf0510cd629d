import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from src/.

/**
 * Covering indexes for the portal's hot reads (issue 8 benchmark: a client with 1,000 invoices
 * among 1,000,000). Each index keeps its name and its leading columns, so every query plan that
 * used it still does (same order, same range scans); the added trailing columns let SQLite answer
 * from the index alone instead of fetching one table row per invoice or payment, which on a big
 * database means one random page per row.
 *
 * - documents_client_kind_date + status, due_date, total, currency, number, valid_until: the
 *   portal list's count, the open-invoice balances (amount due, overdue), the statement's
 *   documents and the dashboard's latest documents read the client's documents without the table.
 * - payments_client_date + voided_at, amount, method, reference: the statement's payments and
 *   the client's credit read the client's payments without the table.
 * - payment_allocations_invoice + payment_id, payment_allocations_payment + invoice_id: paid
 *   amounts per invoice and allocations per payment without the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const rebuild = async (name: string, table: string, columns: string[]) => {
    await sql`drop index if exists ${sql.ref(name)}`.execute(db);
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  };
  await rebuild('documents_client_kind_date', 'documents', ['client_id', 'kind', 'issue_date', 'id', 'status', 'due_date', 'total', 'currency', 'number', 'valid_until']);
  await rebuild('payments_client_date', 'payments', ['client_id', 'date', 'id', 'voided_at', 'amount', 'method', 'reference']);
  await rebuild('payment_allocations_invoice', 'payment_allocations', ['invoice_id', 'amount', 'payment_id']);
  await rebuild('payment_allocations_payment', 'payment_allocations', ['payment_id', 'amount', 'invoice_id']);
}

/** Forward-only. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
