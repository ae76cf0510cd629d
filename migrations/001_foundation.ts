import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from src/ and never changes once released.

/** Creates the foundation tables: staff, sessions, clients, documents, payments, ledger, events. */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

  await db.schema.createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('staff_users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('staff').check(sql`role in ('admin','staff')`))
    .addColumn('email_verified_at', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema.createTable('staff_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'blob', (c) => c.notNull())
    .addColumn('staff_user_id', 'integer', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('last_verified_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_sessions_user').on('staff_sessions').column('staff_user_id').execute();

  await db.schema.createTable('api_tokens')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('staff_user_id', 'integer', (c) => c.notNull().references('staff_users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema.createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'integer', (c) => c.notNull())
    .addColumn('blocked_until', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.createTable('idempotency_keys')
    .addColumn('api_token_id', 'integer', (c) => c.notNull().references('api_tokens.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['api_token_id', 'key'])
    .execute();

  await db.schema.createTable('clients')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('vat_number', 'text')
    .addColumn('address_line1', 'text')
    .addColumn('address_line2', 'text')
    .addColumn('city', 'text')
    .addColumn('postcode', 'text')
    .addColumn('country', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en','el')`))
    .addColumn('notes', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('clients_sort_name').on('clients').columns(['search_text', 'id']).execute();

  await db.schema.createTable('contacts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('contacts_client').on('contacts').columns(['client_id', 'id']).execute();

  await db.schema.createTable('projects')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('portal_visible', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('portal_time', 'text', (c) => c.notNull().defaultTo('billable').check(sql`portal_time in ('all','billable')`))
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('projects_client').on('projects').columns(['client_id', 'id']).execute();

  // Invoices, estimates and credit notes share one table: same lines, totals, numbering and snapshot rules.
  await db.schema.createTable('documents')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('invoice','estimate','credit_note')`))
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
    .addColumn('number', 'text')
    .addColumn('series_year', 'integer')
    .addColumn('seq', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','issued','sent','accepted','rejected','converted','void')`))
    .addColumn('issue_date', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('related_invoice_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('converted_invoice_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'integer', (c) => c.notNull())
    .addColumn('tax', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('client_snapshot', 'text')
    .addColumn('finalized_at', 'text')
    .addColumn('voided_at', 'text')
    .addColumn('void_reason', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('response_comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('documents_number_series', ['kind', 'series_year', 'seq'])
    .execute();
  await db.schema.createIndex('documents_client_kind_date').on('documents').columns(['client_id', 'kind', 'issue_date', 'id']).execute();
  await db.schema.createIndex('documents_kind_date').on('documents').columns(['kind', 'issue_date', 'id']).execute();
  await db.schema.createIndex('documents_related_invoice').on('documents').column('related_invoice_id').execute();

  await db.schema.createTable('document_lines')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('unit_price', 'integer', (c) => c.notNull())
    .addColumn('tax_rate', 'text', (c) => c.notNull())
    .addColumn('net', 'integer', (c) => c.notNull())
    .addColumn('tax', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('document_lines_document').on('document_lines').columns(['document_id', 'position']).execute();

  await db.schema.createTable('payments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('amount', 'integer', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('bank_transfer','card','cash','cheque','other')`))
    .addColumn('reference', 'text')
    .addColumn('notes', 'text')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('staff'))
    .addColumn('voided_at', 'text')
    .addColumn('void_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('payments_client_date').on('payments').columns(['client_id', 'date', 'id']).execute();

  await db.schema.createTable('payment_allocations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('payment_id', 'integer', (c) => c.notNull().references('payments.id'))
    .addColumn('invoice_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('amount', 'integer', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('payment_allocations_invoice').on('payment_allocations').columns(['invoice_id', 'amount']).execute();
  await db.schema.createIndex('payment_allocations_payment').on('payment_allocations').columns(['payment_id', 'amount']).execute();

  await db.schema.createTable('credit_applications')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('credit_note_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('invoice_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('amount', 'integer', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('credit_applications_invoice').on('credit_applications').columns(['invoice_id', 'amount']).execute();
  await db.schema.createIndex('credit_applications_credit_note').on('credit_applications').columns(['credit_note_id', 'amount']).execute();

  // Money paid back to the client, out of a payment's or a credit note's unapplied rest.
  await db.schema.createTable('refunds')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('payment_id', 'integer', (c) => c.references('payments.id'))
    .addColumn('credit_note_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('amount', 'integer', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('refunds_client_date').on('refunds').columns(['client_id', 'date']).execute();

  await db.schema.createTable('events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('client_id', 'integer', (c) => c.references('clients.id'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('events_client').on('events').columns(['client_id', 'id']).execute();
  await db.schema.createIndex('events_subject').on('events').columns(['subject_type', 'subject_id', 'id']).execute();
}

/** Forward-only: migrations are never rolled back in production. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
