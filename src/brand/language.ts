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
 * Sets the request's Ui by negotiation (signed-in pages override it with the user's choice; on
 * staff pages the last resort is English rather than the firm default, as before);
 * a GET with a valid `?lang=` also remembers that choice in the `stoa_lang` cookie.
 */
export function languageNegotiation(): MiddlewareHandler<AppEnv> {
  return async function languageNegotiationMiddleware(c, next) {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/static/')) return next();
    const query = c.req.query('lang');
    const cookie = getCookie(c, LANG_COOKIE);
    const acceptLanguage = c.req.header('Accept-Language');
    // The firm default is read only when nothing else decides.
    const decided = isLanguage(query) || isLanguage(cookie) || headerLanguage(acceptLanguage) !== null;
    // Portal pages fall back to the firm's default (clients read them); staff pages to English.
    const portal = c.req.path === '/portal' || c.req.path.startsWith('/portal/');
    const firmDefault = decided || !portal ? 'en' : await chosenFirmLanguage(c);
    const lang = negotiateLanguage({ query, cookie, acceptLanguage, firmDefault });
    c.set('ui', uiFor(lang));
    if (c.req.method === 'GET' && isLanguage(query) && query !== cookie) rememberLanguage(c, query);
    await next();
  };
}
