import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { validateStaffSession } from '../auth/session.js';
import { applyStaffLanguage } from '../brand/language.js';
import { languageFromHeader } from '../i18n/index.js';
import { log, redactPath } from '../util/log.js';
import type { AppEnv, Deps } from './env.js';
import { uiFor } from './ui.js';

/** Puts the long-lived dependencies and a default Ui on the context. */
export function provideDeps(deps: Deps): MiddlewareHandler<AppEnv> {
  return async function provideDepsMiddleware(c, next) {
    c.set('deps', deps);
    c.set('db', deps.db);
    c.set('config', deps.config);
    c.set('ui', uiFor(languageFromHeader(c.req.header('Accept-Language'), 'en')));
    await next();
  };
}

/** Logs method, path (tokens redacted), status and milliseconds for each request. */
export function requestLog(enabled: boolean): MiddlewareHandler<AppEnv> {
  return async function requestLogMiddleware(c, next) {
    const start = performance.now();
    await next();
    if (enabled) {
      log.info('request', { method: c.req.method, path: redactPath(c.req.path), status: c.res.status, ms: Math.round((performance.now() - start) * 10) / 10 });
    }
  };
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** Secure headers on every response: CSP without unsafe-inline/eval, no framing, no sniffing. */
export function securityHeaders(https: boolean): MiddlewareHandler<AppEnv> {
  return async function securityHeadersMiddleware(c, next) {
    await next();
    const h = c.res.headers;
    if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', CSP);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    // A page may ask for stricter (a reset link's page sends none).
    if (!h.has('Referrer-Policy')) h.set('Referrer-Policy', 'strict-origin');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (https) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: every state-changing browser request must come from our own origin (Origin checked
 * against PUBLIC_URL, never the Host header). The bearer-token API carries no cookies and is exempt,
 * and so are payment provider webhooks (/webhooks/…): server-to-server, authenticated by their signature.
 */
export function csrfProtection(allowedOrigins: string[]): MiddlewareHandler<AppEnv> {
  return async function csrfMiddleware(c, next) {
    if (SAFE_METHODS.has(c.req.method) || c.req.path.startsWith('/api/') || c.req.path.startsWith('/webhooks/')) return next();
    const origin = c.req.header('Origin');
    const fetchSite = c.req.header('Sec-Fetch-Site');
    // A browser that says the request is cross-site (or from a sibling subdomain) is believed either way.
    const crossSite = fetchSite === 'cross-site' || fetchSite === 'same-site';
    const ok = !crossSite && (origin ? allowedOrigins.includes(origin) : fetchSite === 'same-origin');
    if (!ok) {
      log.warn('csrf refused', { path: redactPath(c.req.path), origin: origin ?? null, fetchSite: fetchSite ?? null });
      return c.text(c.var.ui.t('common:errors.csrf'), 403);
    }
    return next();
  };
}

/**
 * Reads a form body once, before any handler: a malformed one (a broken multipart boundary) is
 * answered 400 here instead of failing inside a handler; handlers' parseBody() reuses the result.
 */
export function readableForms(): MiddlewareHandler<AppEnv> {
  return async function readableFormsMiddleware(c, next) {
    const type = c.req.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
    if (SAFE_METHODS.has(c.req.method) || c.req.path.startsWith('/api/') || (type !== 'multipart/form-data' && type !== 'application/x-www-form-urlencoded')) return next();
    try {
      await c.req.parseBody();
    } catch {
      return c.text(c.var.ui.t('common:errors.bad_form'), 400);
    }
    return next();
  };
}

/**
 * The client's address for rate limits: the socket's, or behind a trusted proxy the last
 * X-Forwarded-For entry (the one the proxy appended; earlier entries are the client's own claim).
 */
export function clientIp(c: Context<AppEnv>): string {
  if (c.var.config.trustProxy) {
    const fwd = c.req.header('X-Forwarded-For')?.split(',').pop()?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

/** Name of the staff session cookie (`__Host-` prefixed behind https). */
export function staffCookieName(https: boolean): string {
  return https ? '__Host-stoa_staff' : 'stoa_staff';
}

/**
 * Requires a signed-in staff member (otherwise sends the browser to the staff sign-in page) and
 * speaks their own language when they chose one.
 */
export function requireStaff(): MiddlewareHandler<AppEnv> {
  return async function requireStaffMiddleware(c, next) {
    const token = getCookie(c, staffCookieName(c.var.config.secureCookies));
    const result = token ? await validateStaffSession(c.var.db, token) : { session: null, user: null };
    if (!result.session) {
      const nextPath = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : '/';
      const target = '/login?next=' + encodeURIComponent(nextPath);
      if (c.req.header('HX-Request')) {
        c.header('HX-Redirect', target);
        return c.body(null, 401);
      }
      return c.redirect(target, 303);
    }
    // The page's own address, for the layout's language switcher to return to (POSTs render no page to return to).
    c.set('staff', c.req.method === 'GET' ? { ...result.user, pagePath: c.req.path + (new URL(c.req.url).search || '') } : result.user);
    c.set('staffSessionId', result.session.id);
    applyStaffLanguage(c, result.user.language);
    await next();
    c.header('Cache-Control', 'no-store');
  };
}

/** Admins only (firm settings, staff accounts, portal setup). */
export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async function requireAdminMiddleware(c, next) {
    if (c.var.staff.role !== 'admin') return c.text(c.var.ui.t('common:errors.admin_only'), 403);
    await next();
  };
}

/** Only same-origin paths may be followed after sign-in (no open redirects). */
export function safeNextPath(next: string | undefined | null, fallback = '/'): string {
  // Browsers drop tabs and newlines anywhere in a URL and read a backslash as a slash, so
  // "/<tab>/evil" and "/\evil" both mean "//evil"; no control characters or backslashes at all.
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  return next;
}
