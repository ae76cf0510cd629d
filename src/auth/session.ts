import type { Db } from '../db/index.js';
import type { StaffUser } from '../db/schema.js';
import { ACTIVITY_INTERVAL_MS, newSessionToken, parseSessionToken, secretMatches, sessionExpired } from './session-token.js';

/** Staff sessions end after this long without a request… */
export const STAFF_IDLE_MS = 12 * 60 * 60 * 1000;
/** …and in any case this long after sign-in. */
export const STAFF_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;

/** A validated staff session and its user, or neither. */
export type SessionResult =
  | { session: { id: string; createdAt: number }; user: StaffUser }
  | { session: null; user: null };

/** Creates a session for a staff user and returns the token to put in the cookie. */
export async function createStaffSession(db: Db, staffUserId: number, now = Date.now()): Promise<string> {
  const { id, secretHash, token } = newSessionToken();
  await db
    .insertInto('staff_sessions')
    .values({ id, secret_hash: secretHash, staff_user_id: staffUserId, created_at: now, last_verified_at: now })
    .execute();
  return token;
}

/** Validates a cookie token: known id, matching secret, not idle, not past the cap, user enabled. */
export async function validateStaffSession(db: Db, token: string, now = Date.now()): Promise<SessionResult> {
  const none = { session: null, user: null } as const;
  const parsed = parseSessionToken(token);
  if (!parsed) return none;
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.staff_user_id')
    .select(['s.id as session_id', 's.secret_hash', 's.created_at as session_created_at', 's.last_verified_at'])
    .selectAll('u')
    .where('s.id', '=', parsed.id)
    .executeTakeFirst();
  if (!row || !secretMatches(parsed.secret, row.secret_hash)) return none;
  if (sessionExpired({ created_at: row.session_created_at, last_verified_at: row.last_verified_at }, { idleMs: STAFF_IDLE_MS, absoluteMs: STAFF_ABSOLUTE_MS }, now) || row.disabled_at) {
    await db.deleteFrom('staff_sessions').where('id', '=', parsed.id).execute();
    return none;
  }
  if (now - row.last_verified_at >= ACTIVITY_INTERVAL_MS) {
    await db.updateTable('staff_sessions').set({ last_verified_at: now }).where('id', '=', parsed.id).execute();
  }
  const { session_id, secret_hash: _hash, session_created_at, last_verified_at: _seen, ...user } = row;
  return { session: { id: session_id, createdAt: session_created_at }, user };
}

/** Ends one session (logout). */
export async function invalidateStaffSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a staff user (password change, disable). */
export async function invalidateStaffUserSessions(db: Db, staffUserId: number): Promise<void> {
  await db.deleteFrom('staff_sessions').where('staff_user_id', '=', staffUserId).execute();
}
