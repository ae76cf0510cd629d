import { type Kysely, sql } from 'kysely';

// Frozen in time once released: imports nothing from src/.

/** A staff member's own language (NULL until they choose one: their pages then fall back to the firm's default). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_users')
    .addColumn('language', 'text', (c) => c.check(sql`language in ('en','el')`))
    .execute();
}

/** Forward-only. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
