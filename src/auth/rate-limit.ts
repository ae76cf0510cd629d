import type { Db, Trx } from '../db/index.js';

/** How many failures a key may have in a window, and how long it is then blocked. */
export interface LimitRule { limit: number; windowMs: number; blockMs: number }

/** Staff and portal sign-in: per account (the real user is not locked out for long)… */
export const LOGIN_PER_ACCOUNT: LimitRule = { limit: 10, windowMs: 15 * 60_000, blockMs: 10 * 60_000 };
/** …and per client address, wider, against one address trying many accounts. */
export const LOGIN_PER_IP: LimitRule = { limit: 50, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };

/** Seconds until `key` may try again, or 0 when it is not blocked. Persisted: restarts do not reset it. */
export async function blockedFor(db: Db | Trx, key: string, now = Date.now()): Promise<number> {
  const row = await db.selectFrom('rate_limits').select('blocked_until').where('key', '=', key).executeTakeFirst();
  return row && row.blocked_until > now ? Math.ceil((row.blocked_until - now) / 1000) : 0;
}

/** Counts one failure for `key` inside a transaction; blocks it when the rule's limit is reached. */
async function countFailure(trx: Trx, key: string, rule: LimitRule, now: number): Promise<void> {
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
}

/** Counts one failure for `key`; blocks it when the rule's limit is reached. */
export async function recordFailure(db: Db, key: string, rule: LimitRule, now = Date.now()): Promise<void> {
  await db.transaction().execute((trx) => countFailure(trx, key, rule, now));
}

/**
 * Counts an attempt as a failure before the password is checked, in the same transaction as
 * the block check: parallel requests cannot all pass the check before any failure is counted.
 * Returns 0 when the attempt may go ahead, else the seconds to wait (a refused attempt is not
 * counted). A successful attempt is then taken back with clearFailures or refundAttempt.
 */
export async function takeAttempt(db: Db, key: string, rule: LimitRule, now = Date.now()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const wait = await blockedFor(trx, key, now);
    if (wait === 0) await countFailure(trx, key, rule, now);
    return wait;
  });
}

/** Takes back one attempt counted by takeAttempt that succeeded; lifts a block it alone caused. */
export async function refundAttempt(db: Db, key: string, rule: LimitRule): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row) return;
    const count = Math.max(0, row.count - 1);
    await trx.updateTable('rate_limits').set({ count, blocked_until: count < rule.limit ? 0 : row.blocked_until }).where('key', '=', key).execute();
  });
}

/** Forgets the failures of `key` (after a successful sign-in). */
export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
