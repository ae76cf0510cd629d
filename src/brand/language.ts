import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Language } from '../db/schema.js';
import { isLanguage, languageFromHeader } from '../i18n/index.js';
import { getFirmSettings } from '../settings/service.js';
import type { AppEnv } from '../web/env.js';
import { uiFor } from '../web/ui.js';

/** The cookie that remembers a visitor's language on public pages (not a secret: readable, Lax). */
export const LANG_COOKIE = 'stoa_lang';

/**
 * A visitor's language before anyone signs in: `?lang=`, else the remembered choice,
 * else the browser's Accept-Language, else the firm's default. Pure, for the tests.
 */
export function negotiateLanguage(input: { query?: string | undefined; cookie?: string | undefined; acceptLanguage?: string | undefined; firmDefault: Language }): Language {
  if (isLanguage(input.query)) return input.query;
  if (isLanguage(input.cookie)) return input.cookie;
  return headerLanguage(input.acceptLanguage) ?? input.firmDefault;
}

/**
 * A signed-in staff member's language: `?lang=` for that one page, else their own stored choice,
 * else what the negotiation found (cookie, browser, firm default). Pure, for the tests.
 */
export function staffLanguage(input: { query?: string | undefined; stored: Language | null; negotiated: Language }): Language {
  if (isLanguage(input.query)) return input.query;
  return input.stored ?? input.negotiated;
}

/**
 * A same-site path to return to after switching language, without its own `?lang=` (which would
 * otherwise show the page once more in the language just left). Expects a path already checked safe.
 */
export function withoutLangParam(path: string): string {
  const q = path.indexOf('?');
  if (q < 0) return path;
  const hash = path.indexOf('#', q);
  const query = new URLSearchParams(path.slice(q + 1, hash < 0 ? undefined : hash));
  if (!query.has('lang')) return path;
  query.delete('lang');
  const rest = query.toString();
  return path.slice(0, q) + (rest ? '?' + rest : '') + (hash < 0 ? '' : path.slice(hash));
}

/** The language an Accept-Language header asks for, or null when it names neither of ours. */
export function headerLanguage(header: string | undefined): Language | null {
  const a = languageFromHeader(header, 'en');
  return a === languageFromHeader(header, 'el') ? a : null;
}

/** Remembers a chosen language in the browser for a year. */
export function rememberLanguage(c: Context<AppEnv>, lang: Language): void {
  setCookie(c, LANG_COOKIE, lang, { path: '/', sameSite: 'Lax', secure: c.var.config.secureCookies, maxAge: 365 * 24 * 3600 });
}

/** The firm's default language once an admin saved the firm settings; English on a fresh install. */
async function chosenFirmLanguage(c: Context<AppEnv>): Promise<Language> {
  const saved = await c.var.db.selectFrom('settings').select('key').where('key', '=', 'firm').executeTakeFirst();
  return saved ? (await getFirmSettings(c.var.db)).default_language : 'en';
}

/**
 * Sets the request's Ui by negotiation, on portal and staff pages alike (signed-in pages then
 * override it with the person's own choice: see applyStaffLanguage); a GET with a valid `?lang=`
 * also remembers that choice in the `stoa_lang` cookie.
 */
export function languageNegotiation(): MiddlewareHandler<AppEnv> {
  return async function languageNegotiationMiddleware(c, next) {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/static/')) return next();
    const query = c.req.query('lang');
    const cookie = getCookie(c, LANG_COOKIE);
    const acceptLanguage = c.req.header('Accept-Language');
    // The firm default is read only when nothing else decides.
    const decided = isLanguage(query) || isLanguage(cookie) || headerLanguage(acceptLanguage) !== null;
    const firmDefault = decided ? 'en' : await chosenFirmLanguage(c);
    const lang = negotiateLanguage({ query, cookie, acceptLanguage, firmDefault });
    c.set('ui', uiFor(lang));
    if (c.req.method === 'GET' && isLanguage(query) && query !== cookie) rememberLanguage(c, query);
    await next();
  };
}

/**
 * On a signed-in staff request: the person's stored language beats the cookie and the browser
 * (a one-off `?lang=` still beats it). Their choice is also put in this browser's cookie, so the
 * next request is decided without reading the firm settings and the sign-in page after signing
 * out speaks it too.
 */
export function applyStaffLanguage(c: Context<AppEnv>, stored: Language | null): void {
  if (stored === null) return;
  const query = c.req.query('lang');
  const lang = staffLanguage({ query, stored, negotiated: c.var.ui.lang });
  if (lang !== c.var.ui.lang) c.set('ui', uiFor(lang));
  const reading = c.req.method === 'GET' || c.req.method === 'HEAD';
  if (reading && !isLanguage(query) && getCookie(c, LANG_COOKIE) !== stored) rememberLanguage(c, stored);
}
