import { type Kysely, sql } from 'kysely';

// Frozen in time once released: imports nothing from src/.

/**
 * Work records of time-billing firms: per-project task lists and hourly rates, time entries,
 * expenses, notes and schedule entries. Nothing here is deleted: entries are archived, and an
 * entry billed on an invoice points at it until that invoice is voided.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

  // The small task list of a project, offered when logging time (the entry keeps the text).
  await db.schema.createTable('project_tasks')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('project_tasks_project').on('project_tasks').columns(['project_id', 'name']).execute();

  // A project's own hourly rate, in minor units of the currency it was set in (the client's).
  await db.schema.createTable('project_rates')
    .addColumn('project_id', 'integer', (c) => c.primaryKey().references('projects.id'))
    .addColumn('hourly_rate', 'integer', (c) => c.notNull().check(sql`hourly_rate > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema.createTable('time_entries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // Copied from the project (projects never move between clients): every list filters by client.
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('staff_user_id', 'integer', (c) => c.notNull().references('staff_users.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes > 0`))
    .addColumn('task', 'text')
    .addColumn('billable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('billed_invoice_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('notes', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('time_entries_client_date').on('time_entries').columns(['client_id', 'date', 'id']).execute();
  await db.schema.createIndex('time_entries_project_date').on('time_entries').columns(['project_id', 'date', 'id']).execute();
  await db.schema.createIndex('time_entries_billed_invoice').on('time_entries').column('billed_invoice_id').execute();
  await db.schema.createIndex('time_entries_unbilled').on('time_entries').columns(['client_id', 'billable', 'billed_invoice_id']).execute();

  await db.schema.createTable('expenses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
    .addColumn('staff_user_id', 'integer', (c) => c.references('staff_users.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('billable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('billed_invoice_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('notes', 'text')
    // The receipt: a row of `files` (migration 006 creates that table, so no REFERENCES here).
    .addColumn('receipt_file_id', 'integer')
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('expenses_client_date').on('expenses').columns(['client_id', 'date', 'id']).execute();
  await db.schema.createIndex('expenses_project_date').on('expenses').columns(['project_id', 'date', 'id']).execute();
  await db.schema.createIndex('expenses_billed_invoice').on('expenses').column('billed_invoice_id').execute();
  await db.schema.createIndex('expenses_unbilled').on('expenses').columns(['client_id', 'billable', 'billed_invoice_id']).execute();

  await db.schema.createTable('notes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
    .addColumn('staff_user_id', 'integer', (c) => c.references('staff_users.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('notes_client_date').on('notes').columns(['client_id', 'date', 'id']).execute();
  await db.schema.createIndex('notes_client_shared').on('notes').columns(['client_id', 'shared', 'date']).execute();

  await db.schema.createTable('schedule_entries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
    .addColumn('staff_user_id', 'integer', (c) => c.references('staff_users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('attendees', 'text')
    .addColumn('notes', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('schedule_entries_client_start').on('schedule_entries').columns(['client_id', 'starts_at', 'id']).execute();
}

/** Forward-only. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
