import type { Db, Trx } from '../db/index.js';
import type { Language } from '../db/schema.js';

/** Stores a staff member's own language. */
export async function updateStaffLanguage(db: Db | Trx, staffUserId: number, language: Language, at: string): Promise<void> {
  await db.updateTable('staff_users').set({ language, updated_at: at }).where('id', '=', staffUserId).execute();
}
