// Pure rules of permalinks and open-tracking tokens: shape, lifetime, state, paths.

/** A permalink works this many days after it was last emailed. */
export const PERMALINK_DAYS = 90;

/** Characters of a token: 32 of 5 bits each (160 bits), from src/auth/tokens.ts's alphabet. */
export const LINK_TOKEN_LENGTH = 32;

const TOKEN_SHAPE = /^[a-kmnp-z2-9]{32}$/;

/** True when `value` could be one of our tokens (anything else is a 404 without a lookup). */
export function isTokenShape(value: string | undefined | null): value is string {
  return typeof value === 'string' && TOKEN_SHAPE.test(value);
}

/** When a permalink emailed at `now` stops working. */
export function permalinkExpiry(now: Date): string {
  return new Date(now.getTime() + PERMALINK_DAYS * 86_400_000).toISOString();
}

/** Whether a stored permalink still opens its document. */
export type LinkState = 'active' | 'expired' | 'revoked';

/** The state of a permalink at `now`. */
export function linkState(row: { expires_at: string; revoked_at: string | null }, now: Date): LinkState {
  if (row.revoked_at !== null) return 'revoked';
  return row.expires_at <= now.toISOString() ? 'expired' : 'active';
}

/** The path of a permalink. */
export function permalinkPath(token: string): string {
  return `/d/${token}`;
}

/** The path of an open-tracking pixel. */
export function pixelPath(token: string): string {
  return `/o/${token}.gif`;
}

/** The absolute URL of a path under PUBLIC_URL (links in emails are built from it only: SECURITY.md row 22). */
export function absoluteUrl(publicUrl: string, path: string): string {
  return publicUrl.replace(/\/+$/, '') + path;
}
