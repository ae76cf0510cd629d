import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from src/.

/** Portal access: visibility settings, portal logins and memberships, invitations, portal sessions, resets, mail outbox, notifications. */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

  // Firm-wide visibility defaults; a missing key is false (fresh install: nothing visible).
  await db.schema.createTable('portal_defaults')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  // Per-client overrides; a missing row inherits the firm default.
  await db.schema.createTable('client_portal_settings')
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_portal_settings_pk', ['client_id', 'key'])
    .execute();

  await db.schema.createTable('portal_users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en','el')`))
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('password_expires_at', 'text')
    .addColumn('last_login_at', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema.createTable('portal_memberships')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('portal_user_id', 'integer', (c) => c.notNull().references('portal_users.id'))
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner','accounts','viewer')`))
    .addColumn('can_view_finances', 'integer', (c) => c.notNull())
    .addColumn('can_pay', 'integer', (c) => c.notNull())
    .addColumn('can_approve', 'integer', (c) => c.notNull())
    .addColumn('can_raise_tickets', 'integer', (c) => c.notNull())
    .addColumn('can_message', 'integer', (c) => c.notNull())
    .addColumn('can_edit_company', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('invited','active','revoked')`))
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('portal_memberships_user_client', ['portal_user_id', 'client_id'])
    .execute();
  await db.schema.createIndex('portal_memberships_client').on('portal_memberships').columns(['client_id', 'status']).execute();

  await db.schema.createTable('portal_invitations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id'))
    .addColumn('membership_id', 'integer', (c) => c.notNull().references('portal_memberships.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('link','password','generated')`))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','accepted','revoked')`))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('sent_by', 'integer', (c) => c.references('staff_users.id'))
    .addColumn('accepted_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('portal_invitations_client').on('portal_invitations').columns(['client_id', 'id']).execute();
  await db.schema.createIndex('portal_invitations_created').on('portal_invitations').column('created_at').execute();

  await db.schema.createTable('portal_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'blob', (c) => c.notNull())
    .addColumn('portal_user_id', 'integer', (c) => c.notNull().references('portal_users.id').onDelete('cascade'))
    .addColumn('active_client_id', 'integer', (c) => c.references('clients.id'))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('last_verified_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_sessions_user').on('portal_sessions').column('portal_user_id').execute();

  // Single-use tokens for portal password resets and staff email verification; only hashes stored.
  await db.schema.createTable('one_time_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('portal_reset','staff_verify')`))
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('one_time_tokens_subject').on('one_time_tokens').columns(['kind', 'subject_id']).execute();

  // Durable mail queue: rows are written in the transaction of the change that causes them.
  await db.schema.createTable('mail_outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('to_addresses', 'text', (c) => c.notNull())
    .addColumn('cc_addresses', 'text')
    .addColumn('bcc_addresses', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('client_id', 'integer', (c) => c.references('clients.id'))
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued','sending','sent','failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('mail_outbox_subject').on('mail_outbox').columns(['subject_type', 'subject_id']).execute();

  // In-app notifications: one row per recipient (a staff member or a portal user), read or unread.
  await db.schema.createTable('notifications')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('staff_user_id', 'integer', (c) => c.references('staff_users.id'))
    .addColumn('portal_user_id', 'integer', (c) => c.references('portal_users.id'))
    .addColumn('client_id', 'integer', (c) => c.references('clients.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('notifications_staff').on('notifications').columns(['staff_user_id', 'read_at', 'id']).execute();
  await db.schema.createIndex('notifications_portal').on('notifications').columns(['portal_user_id', 'read_at', 'id']).execute();
}

/** Forward-only. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
