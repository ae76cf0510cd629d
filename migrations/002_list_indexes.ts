import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from src/.

/** Indexes for the firm-wide lists (payments by date, refunds by credit note). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('payments_date').on('payments').columns(['date', 'id']).execute();
  await db.schema.createIndex('refunds_credit_note').on('refunds').column('credit_note_id').execute();
  await db.schema.createIndex('refunds_payment').on('refunds').column('payment_id').execute();
  await db.schema.createIndex('documents_kind_status_due').on('documents').columns(['kind', 'status', 'due_date']).execute();
}

/** Forward-only. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
