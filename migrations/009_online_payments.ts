import { type Kysely, sql } from 'kysely';

// Frozen in time once released: imports nothing from src/.

/** Online payments (checkouts, webhook events, online payments, receipts, provider customers) and document emails. */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

  await db.schema.createTable('payment_checkouts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('gateway', 'text', (c) => c.notNull().check(sql`gateway in ('stripe','test')`))
    .addColumn('amount', 'integer', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('invoices', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','paid','failed','expired')`))
    .addColumn('created_by_type', 'text', (c) => c.notNull().check(sql`created_by_type in ('portal','permalink')`))
    .addColumn('portal_user_id', 'integer', (c) => c.references('portal_users.id'))
    .addColumn('permalink_id', 'integer')
    .addColumn('payer_name', 'text')
    .addColumn('payer_email', 'text')
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en','el')`))
    // Sealed (AES-GCM, key from SESSION_SECRET): a permalink's return URL carries its token.
    .addColumn('success_url_sealed', 'text', (c) => c.notNull())
    .addColumn('cancel_url_sealed', 'text', (c) => c.notNull())
    .addColumn('redirect_url', 'text')
    .addColumn('provider_checkout_id', 'text')
    .addColumn('payment_id', 'integer', (c) => c.references('payments.id'))
    .addColumn('failure_reason', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  // One open checkout per balance and gateway: a double click or a second tab reuses it (SECURITY.md row 36).
  await db.schema.createIndex('payment_checkouts_one_open').on('payment_checkouts').columns(['client_id', 'scope_key', 'gateway']).unique().where(sql.ref('status'), '=', 'open').execute();
  await db.schema.createIndex('payment_checkouts_client').on('payment_checkouts').columns(['client_id', 'id']).execute();

  // Provider callbacks, once each: the UNIQUE event id makes a replay record nothing (SECURITY.md row 32).
  await db.schema.createTable('webhook_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('succeeded','failed','refunded')`))
    .addColumn('checkout_id', 'integer', (c) => c.references('payment_checkouts.id'))
    .addColumn('provider_payment_id', 'text')
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'integer', (c) => c.references('payments.id'))
    .addColumn('detail', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('webhook_events_provider_event', ['provider', 'event_id'])
    .execute();
  await db.schema.createIndex('webhook_events_payment').on('webhook_events').columns(['provider', 'provider_payment_id']).execute();
  await db.schema.createIndex('webhook_events_checkout').on('webhook_events').columns(['checkout_id', 'id']).execute();

  // One payment per provider money movement, whichever event announced it (SECURITY.md row 32).
  await db.schema.createTable('online_payments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('payment_id', 'integer', (c) => c.notNull().unique().references('payments.id'))
    .addColumn('checkout_id', 'integer', (c) => c.notNull().references('payment_checkouts.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_payment_id', 'text', (c) => c.notNull())
    .addColumn('refunded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('online_payments_provider_payment', ['provider', 'provider_payment_id'])
    .execute();
  await db.schema.createIndex('online_payments_checkout').on('online_payments').column('checkout_id').execute();

  await db.schema.createTable('receipts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('payment_id', 'integer', (c) => c.notNull().unique().references('payments.id'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('issued_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('emailed_to', 'text')
    .execute();

  await db.schema.createTable('gateway_customers')
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('gateway_customers_pk', ['client_id', 'provider'])
    .execute();

  // --- Document emails (kept last): permalinks and open tracking. ---
  // A permalink lets one recipient of an emailed document (or statement) see that one thing
  // without a portal login: only the SHA-256 of its token is stored; it expires and can be revoked.
  await db.schema.createTable('document_permalinks')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('document','statement')`))
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('document_id', 'integer', (c) => c.references('documents.id'))
    // A statement link shows the period it was sent for (open bounds are null).
    .addColumn('period_from', 'text')
    .addColumn('period_to', 'text')
    // The recipient the link was sent to (lower-cased): a portal member is sent through sign-in.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('staff_users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addCheckConstraint('document_permalinks_target', sql`(kind = 'document') = (document_id is not null)`)
    .execute();
  await db.schema.createIndex('document_permalinks_document').on('document_permalinks').columns(['document_id', 'email']).execute();
  await db.schema.createIndex('document_permalinks_client').on('document_permalinks').columns(['client_id', 'kind']).execute();
  // An open-tracking token is bound to one outbox row; its first load marks that mail opened.
  await db.schema.createTable('mail_open_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('mail_id', 'integer', (c) => c.notNull().unique().references('mail_outbox.id'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
}

/** Forward-only. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
