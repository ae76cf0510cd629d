import type { Context } from 'hono';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { InviteBlockedPage, InviteGonePage, InviteSetPasswordPage, InviteSignInPage } from '../../views/portal-access/invite-pages.js';
import { PORTAL_ABSOLUTE_MS, portalCookieName, validatePortalSession } from '../auth/portal-session.js';
import { blockedFor, recordFailure } from '../auth/rate-limit.js';
import { publicBrand } from '../brand/service.js';
import type { Language } from '../db/schema.js';
import { isLanguage } from '../i18n/index.js';
import { log } from '../util/log.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { clientIp } from '../web/middleware.js';
import { uiFor } from '../web/ui.js';
import { acceptInvitation, INVITE_PER_IP, inviteLimitKey, lookupInvitation, type InvitationLookup } from './invitations.js';

/**
 * The page's language: the one the visitor picked (`?lang=` on a page, the form's `lang` on a
 * POST), else the invitation's, else the request's.
 */
function useLanguage(c: Context<AppEnv>, requested: string | undefined, invitation: Language | null): void {
  if (isLanguage(requested)) c.set('ui', uiFor(requested));
  else if (invitation) c.set('ui', uiFor(invitation));
}

/** 429 while the address is blocked, else null. */
async function blocked(c: Context<AppEnv>, requestedLang: string | undefined): Promise<Response | null> {
  const wait = await blockedFor(c.var.db, inviteLimitKey(clientIp(c)));
  if (wait === 0) return null;
  log.warn('invitation attempts blocked', { retryAfter: wait });
  c.header('Retry-After', String(wait));
  useLanguage(c, requestedLang, null);
  return page(c, <InviteBlockedPage ui={c.var.ui} brand={await publicBrand(c.var.db, null)} minutes={Math.ceil(wait / 60)} />, 429);
}

/** The same 404 page for unknown, used, replaced, revoked and expired tokens; the attempt counts against the address. */
async function gone(c: Context<AppEnv>, requestedLang: string | undefined): Promise<Response> {
  await recordFailure(c.var.db, inviteLimitKey(clientIp(c)), INVITE_PER_IP);
  useLanguage(c, requestedLang, null);
  // No client is known here (and none is hinted at): the firm's own brand.
  return page(c, <InviteGonePage ui={c.var.ui} brand={await publicBrand(c.var.db, null)} />, 404);
}

type Found = Extract<InvitationLookup, { ok: true }>;

async function signInPage(c: Context<AppEnv>, token: string, found: Found, status: 200 | 409): Promise<Response> {
  const existingLogin = found.invitation.method === 'link';
  const brand = await publicBrand(c.var.db, found.invitation.client_id);
  return page(c, <InviteSignInPage ui={c.var.ui} brand={brand} token={token} clientName={found.clientName} email={found.user.email} existingLogin={existingLogin} />, status);
}

/** Public invitation pages under /portal/invite: set a password (link invitations) or go and sign in. */
export const inviteRoutes = new Hono<AppEnv>()
  .use('*', async function noStoreInvite(c, next) {
    await next();
    c.header('Cache-Control', 'no-store');
  })
  .get('/:token', async (c) => {
    const lang = c.req.query('lang');
    const stop = await blocked(c, lang);
    if (stop) return stop;
    const token = c.req.param('token');
    const found = await lookupInvitation(c.var.db, token);
    if (!found.ok) return gone(c, lang);
    useLanguage(c, lang, found.invitation.language);
    if (found.signIn) return signInPage(c, token, found, 200);
    const brand = await publicBrand(c.var.db, found.invitation.client_id);
    return page(c, <InviteSetPasswordPage ui={c.var.ui} brand={brand} token={token} clientName={found.clientName} email={found.user.email} expiresAt={found.invitation.expires_at} />);
  })
  .post('/:token', async (c) => {
    const body = await c.req.parseBody();
    const lang = formString(body, 'lang');
    const stop = await blocked(c, lang);
    if (stop) return stop;
    const token = c.req.param('token');
    const cookieName = portalCookieName(c.var.config.secureCookies);
    const previous = getCookie(c, cookieName);
    const previousSessionId = previous ? (await validatePortalSession(c.var.db, previous)).session?.id ?? null : null;
    const result = await acceptInvitation(
      c.var.db,
      // The language the visitor read the page in becomes the portal's (the invitation's unless they switched).
      { token, password: formString(body, 'password'), passwordConfirm: formString(body, 'password_confirm'), previousSessionId, language: isLanguage(lang) ? lang : undefined },
      { publicUrl: c.var.config.publicUrl },
    );
    if (result.ok) {
      setCookie(c, cookieName, result.sessionToken, { httpOnly: true, sameSite: 'Lax', secure: c.var.config.secureCookies, path: '/', maxAge: PORTAL_ABSOLUTE_MS / 1000 });
      return seeOther(c, '/portal');
    }
    if (result.error === 'InvalidToken') return gone(c, lang);
    const found = await lookupInvitation(c.var.db, token);
    if (!found.ok) return gone(c, lang);
    useLanguage(c, lang, found.invitation.language);
    if (result.error === 'SignInInstead') return signInPage(c, token, found, 409);
    const brand = await publicBrand(c.var.db, found.invitation.client_id);
    return page(
      c,
      <InviteSetPasswordPage ui={c.var.ui} brand={brand} token={token} clientName={found.clientName} email={found.user.email} expiresAt={found.invitation.expires_at} errors={result.errors} />,
      422,
    );
  });
