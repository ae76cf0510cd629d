import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { PortalForgotPage } from '../../views/portal-auth/forgot.js';
import { PortalLoginPage, type LoginMessage } from '../../views/portal-auth/login.js';
import { PortalResetInvalidPage, PortalResetPage } from '../../views/portal-auth/reset.js';
import { PORTAL_ABSOLUTE_MS, portalCookieName } from '../auth/portal-session.js';
import { publicBrand } from '../brand/service.js';
import type { Language } from '../db/schema.js';
import { isLanguage } from '../i18n/index.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { clientIp } from '../web/middleware.js';
import { uiFor, type Ui } from '../web/ui.js';
import { looksLikeEmail, normalizeEmail, safePortalPath } from './auth-rules.js';
import {
  findResetTarget,
  recordBadResetLink,
  requestPasswordReset,
  resetBlockedFor,
  resetPassword,
  signInPortal,
  signOutPortal,
} from './auth-service.js';

/** Puts a fresh portal session in the browser: HttpOnly, SameSite=Lax, Secure and `__Host-` behind https. */
export function setPortalCookie(c: Context<AppEnv>, token: string): void {
  const secure = c.var.config.secureCookies;
  setCookie(c, portalCookieName(secure), token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: PORTAL_ABSOLUTE_MS / 1000 });
}

// Public pages speak the language asked for (?lang= or the form's lang), else the user's, else the browser's.
function useLanguage(c: Context<AppEnv>, requested: string | undefined, fallback?: Language): Ui {
  const ui = isLanguage(requested) ? uiFor(requested) : fallback ? uiFor(fallback) : c.var.ui;
  c.set('ui', ui);
  return ui;
}

// A Map, so that ?reason=toString or __proto__ finds nothing.
const REASONS = new Map<string, string>([
  ['no_access', 'portal_auth:login.reason_no_access'],
  ['expired', 'portal_auth:login.reason_expired'],
  ['signed_out', 'portal_auth:login.reason_signed_out'],
]);

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

// Pages that carry a token in their URL (or answer for one) keep it out of Referer and caches.
function tokenPageHeaders(c: Context<AppEnv>): void {
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
}

/**
 * Common start of both reset handlers: no-referrer/no-store headers, the language, the client
 * address, and a ready 429 answer while that address is blocked for trying bad links.
 */
async function resetRequest(c: Context<AppEnv>, lang: string | undefined) {
  tokenPageHeaders(c);
  const token = c.req.param('token') ?? '';
  const path = `/portal/reset/${token}`;
  const ip = clientIp(c);
  const ui = useLanguage(c, lang);
  // Before sign-in the client is unknown: the firm's own brand.
  const brand = await publicBrand(c.var.db, null);
  const wait = await resetBlockedFor(c.var.db, ip);
  let blocked: Response | null = null;
  if (wait > 0) {
    c.header('Retry-After', String(wait));
    blocked = await page(c, <PortalResetInvalidPage ui={ui} brand={brand} path={path} tooMany={{ minutes: minutes(wait) }} />, 429);
  }
  return { token, path, ip, brand, blocked };
}

/** The portal's public pages: sign-in, sign-out, forgot password and reset (mounted at /portal before requirePortal). */
export const portalAuthRoutes = new Hono<AppEnv>()
  .get('/login', async (c) => {
    const ui = useLanguage(c, c.req.query('lang'));
    const reason = c.req.query('reason') ?? '';
    const notice = REASONS.get(reason);
    const message: LoginMessage | null = notice ? { kind: 'info', key: notice } : null;
    const brand = await publicBrand(c.var.db, null);
    return page(c, <PortalLoginPage ui={ui} brand={brand} next={safePortalPath(c.req.query('next'), '')} message={message} reason={notice ? reason : undefined} />);
  })
  .post('/login', async (c) => {
    const body = await c.req.parseBody();
    const ui = useLanguage(c, formString(body, 'lang'));
    const email = normalizeEmail(formString(body, 'email'));
    const next = safePortalPath(formString(body, 'next'), '');
    const cookie = getCookie(c, portalCookieName(c.var.config.secureCookies));
    const result = await signInPortal(c.var.db, { email, password: formString(body, 'password'), ip: clientIp(c), previousToken: cookie }, { publicUrl: c.var.config.publicUrl });
    if (result.ok) {
      setPortalCookie(c, result.token);
      return seeOther(c, result.mustChangePassword ? '/portal/settings' : next || '/portal');
    }
    const brand = await publicBrand(c.var.db, null);
    let message: LoginMessage = { kind: 'error', key: 'portal_auth:login.invalid' };
    let status: 400 | 429 = 400;
    if (result.error === 'TooManyAttempts') {
      c.header('Retry-After', String(result.retryAfter));
      message = { kind: 'error', key: 'portal_auth:login.blocked', values: { minutes: minutes(result.retryAfter) } };
      status = 429;
    } else if (result.error === 'PasswordExpired') {
      message = { kind: 'error', key: 'portal_auth:login.password_expired' };
    }
    return page(c, <PortalLoginPage ui={ui} brand={brand} email={email} next={next} message={message} />, status);
  })
  .post('/logout', async (c) => {
    const secure = c.var.config.secureCookies;
    const name = portalCookieName(secure);
    const language = await signOutPortal(c.var.db, getCookie(c, name));
    deleteCookie(c, name, { path: '/', secure });
    return seeOther(c, `/portal/login?reason=signed_out&lang=${language ?? c.var.ui.lang}`);
  })
  .get('/forgot', async (c) => {
    const ui = useLanguage(c, c.req.query('lang'));
    const brand = await publicBrand(c.var.db, null);
    return page(c, <PortalForgotPage ui={ui} brand={brand} sent={c.req.query('sent') === '1'} />);
  })
  .post('/forgot', async (c) => {
    const body = await c.req.parseBody();
    const ui = useLanguage(c, formString(body, 'lang'));
    const email = normalizeEmail(formString(body, 'email'));
    const brand = await publicBrand(c.var.db, null);
    if (!looksLikeEmail(email)) {
      const errors = { email: email === '' ? 'portal_auth:errors.email_required' : 'portal_auth:errors.email_invalid' };
      return page(c, <PortalForgotPage ui={ui} brand={brand} email={email} errors={errors} />, 422);
    }
    const result = await requestPasswordReset(c.var.db, { email, ip: clientIp(c) }, { publicUrl: c.var.config.publicUrl });
    if (!result.ok) {
      c.header('Retry-After', String(result.retryAfter));
      return page(c, <PortalForgotPage ui={ui} brand={brand} email={email} tooMany={{ minutes: minutes(result.retryAfter) }} />, 429);
    }
    // The same answer whether or not an account exists for the address.
    return seeOther(c, `/portal/forgot?sent=1&lang=${ui.lang}`);
  })
  .get('/reset/:token', async (c) => {
    const { token, path, ip, brand, blocked } = await resetRequest(c, c.req.query('lang'));
    if (blocked) return blocked;
    const target = await findResetTarget(c.var.db, token);
    if (!target) {
      await recordBadResetLink(c.var.db, ip);
      return page(c, <PortalResetInvalidPage ui={c.var.ui} brand={brand} path={path} />, 404);
    }
    const ui = useLanguage(c, c.req.query('lang'), target.language);
    return page(c, <PortalResetPage ui={ui} brand={brand} token={token} email={target.email} />);
  })
  .post('/reset/:token', async (c) => {
    const body = await c.req.parseBody();
    const { token, path, ip, brand, blocked } = await resetRequest(c, formString(body, 'lang'));
    if (blocked) return blocked;
    const password = formString(body, 'password');
    const result = await resetPassword(c.var.db, { token, password, passwordConfirm: formString(body, 'password_confirm') }, { publicUrl: c.var.config.publicUrl });
    if (!result.ok && result.error === 'InvalidToken') {
      await recordBadResetLink(c.var.db, ip);
      return page(c, <PortalResetInvalidPage ui={c.var.ui} brand={brand} path={path} />, 404);
    }
    if (!result.ok) return page(c, <PortalResetPage ui={c.var.ui} brand={brand} token={token} email={result.email} errors={result.fields} />, 422);
    // Whatever portal session this browser had before is ended too (the user's own ones already are).
    await signOutPortal(c.var.db, getCookie(c, portalCookieName(c.var.config.secureCookies)));
    setPortalCookie(c, result.token);
    return seeOther(c, '/portal');
  });
