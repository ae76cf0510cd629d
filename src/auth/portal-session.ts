import type { Db, Trx } from '../db/index.js';
import type { PortalUser } from '../db/schema.js';
import { ACTIVITY_INTERVAL_MS, newSessionToken, parseSessionToken, secretMatches, sessionExpired, type SessionLimits } from './session-token.js';

/** Portal sessions end after 30 minutes without a request (a bank portal's habit)… */
export const PORTAL_IDLE_MS = 30 * 60 * 1000;
/** …and in any case 12 hours after sign-in. */
export const PORTAL_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
const LIMITS: SessionLimits = { idleMs: PORTAL_IDLE_MS, absoluteMs: PORTAL_ABSOLUTE_MS };

/** Name of the portal session cookie (`__Host-` prefixed behind https); separate from the staff one. */
export function portalCookieName(https: boolean): string {
  return https ? '__Host-stoa_portal' : 'stoa_portal';
}

/** A validated portal session and its user, or neither. */
export type PortalSessionResult =
  | { session: { id: string; activeClientId: number | null }; user: PortalUser }
  | { session: null; user: null };

/** Creates a portal session (sign-in, invitation acceptance, reset) and returns the cookie token. */
export async function createPortalSession(db: Db | Trx, portalUserId: number, activeClientId: number | null = null, now = Date.now()): Promise<string> {
  const { id, secretHash, token } = newSessionToken();
  await db
    .insertInto('portal_sessions')
    .values({ id, secret_hash: secretHash, portal_user_id: portalUserId, active_client_id: activeClientId, created_at: now, last_verified_at: now })
    .execute();
  return token;
}

/** Validates a portal cookie token: known, matching, not idle, not past the cap, user enabled. */
export async function validatePortalSession(db: Db, token: string, now = Date.now()): Promise<PortalSessionResult> {
  const none = { session: null, user: null } as const;
  const parsed = parseSessionToken(token);
  if (!parsed) return none;
  const row = await db
    .selectFrom('portal_sessions as s')
    .innerJoin('portal_users as u', 'u.id', 's.portal_user_id')
    .select(['s.id as session_id', 's.secret_hash', 's.created_at as session_created_at', 's.last_verified_at', 's.active_client_id'])
    .selectAll('u')
    .where('s.id', '=', parsed.id)
    .executeTakeFirst();
  if (!row || !secretMatches(parsed.secret, row.secret_hash)) return none;
  if (sessionExpired({ created_at: row.session_created_at, last_verified_at: row.last_verified_at }, LIMITS, now) || row.disabled_at) {
    await db.deleteFrom('portal_sessions').where('id', '=', parsed.id).execute();
    return none;
  }
  if (now - row.last_verified_at >= ACTIVITY_INTERVAL_MS) {
    await db.updateTable('portal_sessions').set({ last_verified_at: now }).where('id', '=', parsed.id).execute();
  }
  const { session_id, secret_hash: _h, session_created_at: _c, last_verified_at: _l, active_client_id, ...user } = row;
  return { session: { id: session_id, activeClientId: active_client_id }, user };
}

/** Ends one portal session (logout). */
export async function invalidatePortalSession(db: Db | Trx, sessionId: string): Promise<void> {
  await db.deleteFrom('portal_sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a portal user (password change or reset). */
export async function invalidatePortalUserSessions(db: Db | Trx, portalUserId: number): Promise<void> {
  await db.deleteFrom('portal_sessions').where('portal_user_id', '=', portalUserId).execute();
}

/** Switches the client a session shows (the caller checks the membership). */
export async function setActiveClient(db: Db, sessionId: string, clientId: number): Promise<void> {
  await db.updateTable('portal_sessions').set({ active_client_id: clientId }).where('id', '=', sessionId).execute();
}
