// Pure rules of portal sign-in, reset and settings: no I/O, unit-tested on their own.

import { passwordProblem } from '../auth/password.js';
import { LOGIN_PER_ACCOUNT, LOGIN_PER_IP, type LimitRule } from '../auth/rate-limit.js';

/** Portal sign-in failures per account (same rule as staff, separate keys)… */
export const PORTAL_LOGIN_PER_ACCOUNT: LimitRule = LOGIN_PER_ACCOUNT;
/** …and per client address. */
export const PORTAL_LOGIN_PER_IP: LimitRule = LOGIN_PER_IP;
/** Forgot-password requests per address: a few mails, then a pause (the mail queue is not flooded). */
export const FORGOT_PER_ADDRESS: LimitRule = { limit: 3, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };
/** Forgot-password requests per client address, across every email typed. */
export const FORGOT_PER_IP: LimitRule = { limit: 20, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };
/** Unknown, used or expired reset links opened from one client address. */
export const RESET_PER_IP: LimitRule = { limit: 20, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };

/** How long a reset link works. */
export const RESET_TOKEN_MS = 60 * 60 * 1000;

/** Rate-limit keys of the portal; distinct from the staff ones (`login:staff:…`, `login:ip:…`). */
export const portalLimitKeys = {
  loginAccount: (email: string) => `portal-login:account:${email}`,
  loginIp: (ip: string) => `portal-login:ip:${ip}`,
  forgotAddress: (email: string) => `portal-forgot:address:${email}`,
  forgotIp: (ip: string) => `portal-forgot:ip:${ip}`,
  resetIp: (ip: string) => `portal-reset:ip:${ip}`,
};

/** An email as typed into a portal form, made comparable with stored ones. */
export function normalizeEmail(raw: string): string {
  // Bounded: it is echoed on the page and becomes part of rate-limit keys.
  return raw.trim().toLowerCase().slice(0, 320);
}

/** True when the text looks like an email address (the form's only check; no enumeration either way). */
export function looksLikeEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

/**
 * Where to go after signing in: only a same-origin path under /portal (no open redirect,
 * no staff pages); anything else lands on the dashboard.
 */
export function safePortalPath(next: string | null | undefined, fallback = '/portal'): string {
  if (!next || /[\r\n\t\\]/.test(next) || next.startsWith('//')) return fallback;
  if (next !== '/portal' && !next.startsWith('/portal/') && !next.startsWith('/portal?')) return fallback;
  // Paths that only make sense as POSTs or as public pages are not worth returning to.
  if (/^\/portal\/(login|logout|forgot|reset)(\/|\?|$)/.test(next)) return fallback;
  if (/(^|\/)\.\.(\/|$)/.test(next.split('?')[0] ?? '')) return fallback;
  return next;
}

/**
 * The portal path to return to after a language change: a `back` field first, then the
 * Referer's path when it is our own origin; always under `base`.
 */
export function backPath(base: string, candidates: { back?: string | null; referer?: string | null }, allowedOrigins: readonly string[]): string {
  const under = (p: string) => p === base || p.startsWith(base + '/') || p.startsWith(base + '?');
  const clean = (p: string) => !/[\r\n\t\\]/.test(p) && !p.startsWith('//') && !/(^|\/)\.\.(\/|$)/.test(p.split('?')[0] ?? '');
  const back = candidates.back;
  if (back && back.startsWith('/') && clean(back) && under(back)) return back;
  const referer = candidates.referer;
  if (referer) {
    try {
      const url = new URL(referer);
      const path = url.pathname + url.search;
      if (allowedOrigins.includes(url.origin) && clean(path) && under(path)) return path;
    } catch {
      // not a URL: ignored
    }
  }
  return base;
}

/** Field errors (translation keys) of a new password and its confirmation. */
export function newPasswordErrors(password: string, confirm: string, email: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (password === '') errors.password = 'portal_auth:errors.password_required';
  else {
    const problem = passwordProblem(password, email);
    if (problem) errors.password = `portal_auth:errors.password_${problem}`;
    else if (confirm !== password) errors.password_confirm = 'portal_auth:errors.password_mismatch';
  }
  return errors;
}

/** True when a generated (emailed) password is past its deadline and was never changed. */
export function generatedPasswordExpired(user: { password_expires_at: string | null }, nowIso: string): boolean {
  return user.password_expires_at !== null && user.password_expires_at <= nowIso;
}
