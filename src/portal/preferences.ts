import type { Db, Trx } from '../db/index.js';

/** A portal user's stored preference (parsed JSON), or null when never set. */
export async function getPreference(db: Db | Trx, portalUserId: number, key: string): Promise<unknown> {
  const row = await db.selectFrom('portal_user_preferences').select('value').where('portal_user_id', '=', portalUserId).where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  try {
    return JSON.parse(row.value) as unknown;
  } catch {
    return null;
  }
}

/** Stores a portal user's preference (any JSON value). */
export async function setPreference(db: Db | Trx, portalUserId: number, key: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value);
  await db
    .insertInto('portal_user_preferences')
    .values({ portal_user_id: portalUserId, key, value: text })
    .onConflict((oc) => oc.columns(['portal_user_id', 'key']).doUpdateSet({ value: text }))
    .execute();
}
