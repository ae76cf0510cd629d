import { type Kysely, sql } from 'kysely';

// Frozen in time once released: imports nothing from src/.

/** Reconciliation of missed payment callbacks (SECURITY.md row 34): the test gateway's own record, and an index for the pass. */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
  // What the built-in test gateway, acting as the provider, took or declined: written before its
  // callback is delivered, so a callback lost to a crash can be reconciled like Stripe's.
  await db.schema.createTable('test_gateway_outcomes')
    .addColumn('checkout_id', 'text', (c) => c.primaryKey())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('succeeded','failed')`))
    .addColumn('payment_id', 'text')
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  // The reconciliation pass reads open (and set-aside) checkouts by age.
  await db.schema.createIndex('payment_checkouts_status_created').on('payment_checkouts').columns(['status', 'created_at']).execute();
}

/** Forward-only. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
