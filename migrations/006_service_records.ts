import type { Kysely } from 'kysely';

// Frozen in time once released: imports nothing from src/.

/** Reserved for a feature being written; it fills this migration in. */
export async function up(_db: Kysely<any>): Promise<void> {}

/** Forward-only. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
