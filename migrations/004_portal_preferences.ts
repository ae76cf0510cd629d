import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from src/.

/** Per-portal-user preferences (list columns, notification choices), one JSON value per key. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('portal_user_preferences')
    .addColumn('portal_user_id', 'integer', (c) => c.notNull().references('portal_users.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('portal_user_preferences_pk', ['portal_user_id', 'key'])
    .execute();
}

/** Forward-only. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
