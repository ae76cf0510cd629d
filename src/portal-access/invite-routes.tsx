import type { Context } from 'hono';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { InviteBlockedPage, InviteGonePage, InviteSetPasswordPage, InviteSignInPage } from '../../views/portal-access/invite-pages.js';
import { PORTAL_ABSOLUTE_MS, portalCookieName, validatePortalSession } from '../auth/portal-session.js';
import { blockedFor, recordFailure } from '../auth/rate-limit.js';
import { getFirmSettings } from '../settings/service.js';
import { log } from '../util/log.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { clientIp } from '../web/middleware.js';
import { uiFor } from '../web/ui.js';
import { acceptInvitation, INVITE_PER_IP, inviteLimitKey, lookupInvitation, type InvitationLookup } from './invitations.js';

/** 429 while the address is blocked, else null. */
async function blocked(c: Context<AppEnv>): Promise<Response | null> {
  const wait = await blockedFor(c.var.db, inviteLimitKey(clientIp(c)));
  if (wait === 0) return null;
  log.warn('invitation attempts blocked', { retryAfter: wait });
  c.header('Retry-After', String(wait));
  return page(c, <InviteBlockedPage ui={c.var.ui} minutes={Math.ceil(wait / 60)} />, 429);
}

/** The same 404 page for unknown, used, replaced, revoked and expired tokens; the attempt counts against the address. */
async function gone(c: Context<AppEnv>): Promise<Response> {
  await recordFailure(c.var.db, inviteLimitKey(clientIp(c)), INVITE_PER_IP);
  return page(c, <InviteGonePage ui={c.var.ui} />, 404);
}

async function signInPage(c: Context<AppEnv>, found: Extract<InvitationLookup, { ok: true }>, firmName: string, status: 200 | 409): Promise<Response> {
  const existingLogin = found.invitation.method === 'link';
  return page(c, <InviteSignInPage ui={c.var.ui} firmName={firmName} clientName={found.clientName} email={found.user.email} existingLogin={existingLogin} />, status);
}

/** Public invitation pages under /portal/invite: set a password (link invitations) or go and sign in. */
export const inviteRoutes = new Hono<AppEnv>()
  .use('*', async function noStoreInvite(c, next) {
    await next();
    c.header('Cache-Control', 'no-store');
  })
  .get('/:token', async (c) => {
    const stop = await blocked(c);
    if (stop) return stop;
    const token = c.req.param('token');
    const found = await lookupInvitation(c.var.db, token);
    if (!found.ok) return gone(c);
    c.set('ui', uiFor(found.invitation.language));
    const firm = await getFirmSettings(c.var.db);
    if (found.signIn) return signInPage(c, found, firm.firm_name, 200);
    return page(c, <InviteSetPasswordPage ui={c.var.ui} token={token} firmName={firm.firm_name} clientName={found.clientName} email={found.user.email} expiresAt={found.invitation.expires_at} />);
  })
  .post('/:token', async (c) => {
    const stop = await blocked(c);
    if (stop) return stop;
    const token = c.req.param('token');
    const body = await c.req.parseBody();
    const cookieName = portalCookieName(c.var.config.secureCookies);
    const previous = getCookie(c, cookieName);
    const previousSessionId = previous ? (await validatePortalSession(c.var.db, previous)).session?.id ?? null : null;
    const result = await acceptInvitation(
      c.var.db,
      { token, password: formString(body, 'password'), passwordConfirm: formString(body, 'password_confirm'), previousSessionId },
      { publicUrl: c.var.config.publicUrl },
    );
    if (result.ok) {
      setCookie(c, cookieName, result.sessionToken, { httpOnly: true, sameSite: 'Lax', secure: c.var.config.secureCookies, path: '/', maxAge: PORTAL_ABSOLUTE_MS / 1000 });
      return seeOther(c, '/portal');
    }
    if (result.error === 'InvalidToken') return gone(c);
    const found = await lookupInvitation(c.var.db, token);
    if (!found.ok) return gone(c);
    c.set('ui', uiFor(found.invitation.language));
    const firm = await getFirmSettings(c.var.db);
    if (result.error === 'SignInInstead') return signInPage(c, found, firm.firm_name, 409);
    return page(
      c,
      <InviteSetPasswordPage ui={c.var.ui} token={token} firmName={firm.firm_name} clientName={found.clientName} email={found.user.email} expiresAt={found.invitation.expires_at} errors={result.errors} />,
      422,
    );
  });
