import type { Db } from '../db/index.js';

/** How many failures a key may have in a window, and how long it is then blocked. */
export interface LimitRule { limit: number; windowMs: number; blockMs: number }

/** Staff and portal sign-in: per account (the real user is not locked out for long)… */
export const LOGIN_PER_ACCOUNT: LimitRule = { limit: 10, windowMs: 15 * 60_000, blockMs: 10 * 60_000 };
/** …and per client address, wider, against one address trying many accounts. */
export const LOGIN_PER_IP: LimitRule = { limit: 50, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };

/** Seconds until `key` may try again, or 0 when it is not blocked. Persisted: restarts do not reset it. */
export async function blockedFor(db: Db, key: string, now = Date.now()): Promise<number> {
  const row = await db.selectFrom('rate_limits').select('blocked_until').where('key', '=', key).executeTakeFirst();
  return row && row.blocked_until > now ? Math.ceil((row.blocked_until - now) / 1000) : 0;
}

/** Counts one failure for `key`; blocks it when the rule's limit is reached. */
export async function recordFailure(db: Db, key: string, rule: LimitRule, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirst();
    const fresh = !row || now - row.window_start >= rule.windowMs;
    const count = fresh ? 1 : row.count + 1;
    const windowStart = fresh ? now : row.window_start;
    const blockedUntil = count >= rule.limit ? now + rule.blockMs : (row?.blocked_until ?? 0);
    await trx
      .insertInto('rate_limits')
      .values({ key, count, window_start: windowStart, blocked_until: blockedUntil })
      .onConflict((oc) => oc.column('key').doUpdateSet({ count, window_start: windowStart, blocked_until: blockedUntil }))
      .execute();
  });
}

/** Forgets the failures of `key` (after a successful sign-in). */
export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
