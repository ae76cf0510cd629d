import type { Kysely } from 'kysely';

// Frozen in time once released: imports nothing from src/.

/** Reserved for online payments and document emails; that feature fills this migration in. */
export async function up(_db: Kysely<any>): Promise<void> {}

/** Forward-only. */
export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
