import type { Db } from '../db/index.js';
import { log } from '../util/log.js';
import { nowIso } from '../util/time.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { LOGIN_PER_ACCOUNT, LOGIN_PER_IP, clearFailures, refundAttempt, takeAttempt } from './rate-limit.js';
import { createStaffSession, invalidateStaffUserSessions } from './session.js';
import { randomToken, sha256Hex } from './tokens.js';

/** Outcome of a staff sign-in. */
export type SignInResult = { ok: true; token: string; staffUserId: number } | { ok: false; error: 'InvalidCredentials' | 'TooManyAttempts'; retryAfter?: number };

/** Signs a staff member in: rate limits per account and per address, constant-ish timing, new session. */
export async function signInStaff(db: Db, input: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const accountKey = `login:staff:${input.email}`;
  const ipKey = `login:ip:${input.ip}`;
  // Counted before the password is checked (taken back on success): parallel guesses cannot overrun the limits.
  const wait = Math.max(await takeAttempt(db, accountKey, LOGIN_PER_ACCOUNT), await takeAttempt(db, ipKey, LOGIN_PER_IP));
  if (wait > 0) {
    log.warn('sign-in blocked', { kind: 'staff', retryAfter: wait });
    return { ok: false, error: 'TooManyAttempts', retryAfter: wait };
  }
  const user = await db.selectFrom('staff_users').selectAll().where('email', '=', input.email).executeTakeFirst();
  const valid = await verifyPassword(user && !user.disabled_at ? user.password_hash : null, input.password);
  if (!user || !valid || user.disabled_at) {
    log.warn('sign-in failed', { kind: 'staff' });
    return { ok: false, error: 'InvalidCredentials' };
  }
  await clearFailures(db, accountKey);
  await refundAttempt(db, ipKey, LOGIN_PER_IP);
  return { ok: true, token: await createStaffSession(db, user.id), staffUserId: user.id };
}

/** Creates or resets a staff admin (CLI); the email is marked verified. */
export async function upsertAdmin(db: Db, input: { email: string; password: string; name: string | null }): Promise<{ ok: true; created: boolean } | { ok: false; error: string }> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { ok: false, error: 'invalid email address' };
  const problem = passwordProblem(input.password, email);
  if (problem) return { ok: false, error: `password ${problem.replace('_', ' ')}` };
  const hash = await hashPassword(input.password);
  const now = nowIso();
  const existing = await db.selectFrom('staff_users').select(['id', 'name']).where('email', '=', email).executeTakeFirst();
  if (existing) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('staff_users')
        .set({ password_hash: hash, role: 'admin', disabled_at: null, email_verified_at: now, updated_at: now, name: input.name ?? existing.name })
        .where('id', '=', existing.id)
        .execute();
    });
    await invalidateStaffUserSessions(db, existing.id);
    return { ok: true, created: false };
  }
  await db.insertInto('staff_users')
    .values({ email, name: input.name ?? email.split('@')[0] ?? email, password_hash: hash, role: 'admin', email_verified_at: now, disabled_at: null })
    .execute();
  return { ok: true, created: true };
}

/** Creates an API token for a staff user; returns the token (shown once; only its hash is kept). */
export async function createApiToken(db: Db, input: { email: string; name: string | null }): Promise<{ ok: true; token: string } | { ok: false; error: string }> {
  const user = await db.selectFrom('staff_users').select(['id', 'disabled_at']).where('email', '=', input.email.trim().toLowerCase()).executeTakeFirst();
  if (!user || user.disabled_at) return { ok: false, error: `no active staff user with email ${input.email}` };
  const token = 'stoa_' + randomToken(32);
  await db.insertInto('api_tokens')
    .values({ staff_user_id: user.id, name: input.name ?? 'API token', token_hash: sha256Hex(token), last_used_at: null, revoked_at: null })
    .execute();
  return { ok: true, token };
}
