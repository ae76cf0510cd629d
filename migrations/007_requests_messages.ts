import { type Kysely, sql } from 'kysely';

// Frozen in time once released: imports nothing from src/.

/**
 * Requests (tickets) raised by clients, with their public replies, internal notes and status
 * changes; conversations (message threads) between a client's members and staff, with
 * per-reader read marks. Nothing here is deleted: closed tickets and old threads stay history.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

  await db.schema.createTable('tickets')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('complaint','quote','dispute','general')`))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','in_progress','resolved','closed')`))
    // A dispute about one invoice; a dispute without one is about the account statement.
    .addColumn('invoice_id', 'integer', (c) => c.references('documents.id'))
    // The draft estimate a quote request was turned into.
    .addColumn('estimate_id', 'integer', (c) => c.references('documents.id'))
    // What a complaint or a quote is about on the ground (service-record firms), both optional.
    .addColumn('site_id', 'integer', (c) => c.references('sites.id'))
    .addColumn('equipment_id', 'integer', (c) => c.references('equipment.id'))
    .addColumn('assignee_id', 'integer', (c) => c.references('staff_users.id'))
    .addColumn('raised_by_portal_user_id', 'integer', (c) => c.references('portal_users.id'))
    .addColumn('raised_by_staff_id', 'integer', (c) => c.references('staff_users.id'))
    .addColumn('raised_by_name', 'text', (c) => c.notNull())
    .addColumn('last_activity_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  // The staff queue sorts by last activity, filtered by status, assignee or client; the portal lists one client's.
  await db.schema.createIndex('tickets_activity').on('tickets').columns(['last_activity_at', 'id']).execute();
  await db.schema.createIndex('tickets_status_activity').on('tickets').columns(['status', 'last_activity_at', 'id']).execute();
  await db.schema.createIndex('tickets_assignee_activity').on('tickets').columns(['assignee_id', 'last_activity_at', 'id']).execute();
  await db.schema.createIndex('tickets_client_activity').on('tickets').columns(['client_id', 'last_activity_at', 'id']).execute();

  // One row per public reply, internal note or status change, in order.
  await db.schema.createTable('ticket_updates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('reply','note','status')`))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status_from', 'text')
    .addColumn('status_to', 'text')
    .addColumn('author_type', 'text', (c) => c.notNull().check(sql`author_type in ('staff','portal')`))
    .addColumn('author_staff_id', 'integer', (c) => c.references('staff_users.id'))
    .addColumn('author_portal_user_id', 'integer', (c) => c.references('portal_users.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    // Internal notes are staff-only by construction: a note can never come from the portal.
    .addCheckConstraint('ticket_updates_note_by_staff', sql`kind <> 'note' or author_type = 'staff'`)
    .execute();
  await db.schema.createIndex('ticket_updates_ticket').on('ticket_updates').columns(['ticket_id', 'id']).execute();

  // Files attached to a request (stored by the uploads feature; not shared in the client's Documents).
  await db.schema.createTable('ticket_files')
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
    .addPrimaryKeyConstraint('ticket_files_pk', ['ticket_id', 'file_id'])
    .execute();
  await db.schema.createIndex('ticket_files_file').on('ticket_files').column('file_id').execute();

  // One thread per record (about_id 0 for the client's one general thread).
  await db.schema.createTable('message_threads')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('about_type', 'text', (c) => c.notNull().check(sql`about_type in ('general','invoice','estimate','project','ticket')`))
    .addColumn('about_id', 'integer', (c) => c.notNull())
    .addColumn('last_message_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('message_threads_about', ['client_id', 'about_type', 'about_id'])
    .execute();
  await db.schema.createIndex('message_threads_recent').on('message_threads').columns(['last_message_at', 'id']).execute();
  await db.schema.createIndex('message_threads_client_recent').on('message_threads').columns(['client_id', 'last_message_at', 'id']).execute();

  await db.schema.createTable('messages')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('thread_id', 'integer', (c) => c.notNull().references('message_threads.id'))
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('author_type', 'text', (c) => c.notNull().check(sql`author_type in ('staff','portal')`))
    .addColumn('author_staff_id', 'integer', (c) => c.references('staff_users.id'))
    .addColumn('author_portal_user_id', 'integer', (c) => c.references('portal_users.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('messages_thread').on('messages').columns(['thread_id', 'id']).execute();

  // How far each reader (a staff member or a portal user) has read each thread: unread counts.
  await db.schema.createTable('message_reads')
    .addColumn('thread_id', 'integer', (c) => c.notNull().references('message_threads.id'))
    .addColumn('reader_type', 'text', (c) => c.notNull().check(sql`reader_type in ('staff','portal')`))
    .addColumn('reader_id', 'integer', (c) => c.notNull())
    .addColumn('last_read_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_reads_pk', ['thread_id', 'reader_type', 'reader_id'])
    .execute();
}

/** Forward-only. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
