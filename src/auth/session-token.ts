import { randomToken, sameBytes, sha256Bytes } from './tokens.js';

// Lucia's session guide: token = id "." secret; only SHA-256(secret) is stored, compared in constant time.

/** A new session's id, its secret's hash (stored) and the token for the cookie (never stored). */
export function newSessionToken(): { id: string; secretHash: Uint8Array; token: string } {
  const id = randomToken();
  const secret = randomToken();
  return { id, secretHash: sha256Bytes(secret), token: `${id}.${secret}` };
}

/** Splits a cookie token into id and secret, or null when it is not shaped like one. */
export function parseSessionToken(token: string): { id: string; secret: string } | null {
  const [id, secret, extra] = token.split('.');
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  return { id, secret };
}

/** True when the secret matches the stored hash. */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  return sameBytes(sha256Bytes(secret), new Uint8Array(storedHash));
}

/** Sliding idle expiry and an absolute cap. */
export interface SessionLimits { idleMs: number; absoluteMs: number }

/** True when a session has been idle too long or is past its absolute cap. */
export function sessionExpired(row: { created_at: number; last_verified_at: number }, limits: SessionLimits, now: number): boolean {
  return now - row.last_verified_at >= limits.idleMs || now - row.created_at >= limits.absoluteMs;
}

/** Refresh last_verified_at at most this often, so reads do not become writes. */
export const ACTIVITY_INTERVAL_MS = 60 * 1000;
