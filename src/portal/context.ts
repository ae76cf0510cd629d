import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { invalidatePortalSession, portalCookieName, validatePortalSession } from '../auth/portal-session.js';
import type { Client, Language } from '../db/schema.js';
import { activeMemberships, loadEffectiveSettings } from '../portal-access/queries.js';
import { ROLE_PRESETS, permissionsOf, type MemberAccess, type PortalDefaults, type Role } from '../portal-access/visibility.js';
import type { AppEnv } from '../web/env.js';
import { uiFor } from '../web/ui.js';
import { getFirmSettings } from '../settings/service.js';
import { portalBrand, type PortalBrand } from '../brand/service.js';

/** Everything a portal page needs to know about who is looking and what they may see. */
export interface PortalView {
  /** Where the portal's links start: '/portal', or '/preview/:clientId/:contactId' for a staff preview. */
  base: string;
  /** The path of this page (the language switcher returns here). */
  path: string;
  /** The firm's name, shown as the portal's brand. */
  firmName: string;
  /** Set in a staff preview: read-only, nothing is recorded as the client's. */
  preview: { staffName: string; contactName: string; hasAccess: boolean } | null;
  user: { id: number | null; name: string; email: string; language: Language; mustChangePassword: boolean };
  sessionId: string | null;
  /** The clients this login may switch between (one entry for a single-client login). */
  clients: Array<{ id: number; name: string }>;
  /** The active client: every portal query is scoped to its id. */
  client: Client;
  membershipId: number | null;
  role: Role;
  access: MemberAccess;
  /** The client's effective visibility settings. */
  settings: PortalDefaults;
  /** The firm's brand on this client's portal (logo, accent stylesheet); absent: the plain look. */
  brand?: PortalBrand;
}

function toLogin(c: Context<AppEnv>, reason?: string): Response {
  const target = '/portal/login' + (reason ? `?reason=${reason}` : '');
  if (c.req.header('HX-Request')) {
    c.header('HX-Redirect', target);
    return c.body(null, 401);
  }
  return c.redirect(target, 303);
}

/**
 * Requires a signed-in portal user with at least one active membership. A revoked membership
 * drops out at once (the next request); with none left the session ends.
 */
export function requirePortal(): MiddlewareHandler<AppEnv> {
  return async function requirePortalMiddleware(c, next) {
    const db = c.var.db;
    const cookieName = portalCookieName(c.var.config.secureCookies);
    const token = getCookie(c, cookieName);
    const found = token ? await validatePortalSession(db, token) : { session: null, user: null };
    if (!found.session) return toLogin(c, token ? 'expired' : undefined);
    const memberships = await activeMemberships(db, found.user.id);
    if (memberships.length === 0) {
      await invalidatePortalSession(db, found.session.id);
      deleteCookie(c, cookieName, { path: '/', secure: c.var.config.secureCookies });
      return toLogin(c, 'no_access');
    }
    const active = memberships.find((m) => m.client_id === found.session.activeClientId) ?? memberships[0]!;
    const [client, settings, firm, brand] = await Promise.all([
      db.selectFrom('clients').selectAll().where('id', '=', active.client_id).executeTakeFirstOrThrow(),
      loadEffectiveSettings(db, active.client_id),
      getFirmSettings(db),
      portalBrand(db, active.client_id),
    ]);
    const user = found.user;
    c.set('ui', uiFor(user.language));
    c.set('portal', {
      base: '/portal',
      path: c.req.path,
      firmName: firm.firm_name,
      preview: null,
      user: { id: user.id, name: user.name, email: user.email, language: user.language, mustChangePassword: user.must_change_password === 1 },
      sessionId: found.session.id,
      clients: memberships.map((m) => ({ id: m.client_id, name: m.client_name })),
      client,
      membershipId: active.id,
      role: active.role,
      access: { status: 'active', permissions: permissionsOf(active) },
      settings,
      brand,
    });
    await next();
    c.header('Cache-Control', 'no-store');
  };
}

/**
 * Staff preview of a client's portal as one of its contacts sees it: same pages, same
 * visibility and permissions, read-only. Contact 0 (or one without a membership) shows
 * what a person invited with the default role would see.
 */
export function previewPortal(): MiddlewareHandler<AppEnv> {
  return async function previewPortalMiddleware(c, next) {
    const db = c.var.db;
    const clientId = Number(c.req.param('clientId'));
    const contactId = Number(c.req.param('contactId'));
    if (!Number.isSafeInteger(clientId) || !Number.isSafeInteger(contactId) || clientId <= 0 || contactId < 0) return c.notFound();
    const client = await db.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirst();
    if (!client) return c.notFound();
    const contact = contactId
      ? await db.selectFrom('contacts').selectAll().where('id', '=', contactId).where('client_id', '=', clientId).executeTakeFirst()
      : undefined;
    if (contactId && !contact) return c.notFound();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.text(c.var.ui.t('portal:preview.read_only'), 403);
    const membership = contact
      ? await db.selectFrom('portal_memberships').selectAll().where('client_id', '=', clientId).where('contact_id', '=', contact.id).orderBy('id', 'desc').executeTakeFirst()
      : undefined;
    const portalUser = membership
      ? await db.selectFrom('portal_users').selectAll().where('id', '=', membership.portal_user_id).executeTakeFirst()
      : undefined;
    const role: Role = membership?.role ?? 'accounts';
    const language: Language = portalUser?.language ?? client.language;
    c.set('ui', uiFor(language));
    c.set('portal', {
      base: `/preview/${clientId}/${contactId}`,
      path: c.req.path,
      firmName: (await getFirmSettings(db)).firm_name,
      preview: { staffName: c.var.staff.name, contactName: contact?.name ?? '', hasAccess: membership?.status === 'active' },
      user: { id: null, name: contact?.name ?? client.name, email: contact?.email ?? '', language, mustChangePassword: false },
      sessionId: null,
      clients: [{ id: client.id, name: client.name }],
      client,
      membershipId: membership?.id ?? null,
      role,
      // The preview shows what the person sees (or would see once invited): as an active member.
      access: { status: 'active', permissions: membership ? permissionsOf(membership) : ROLE_PRESETS[role] },
      settings: await loadEffectiveSettings(db, clientId),
      brand: await portalBrand(db, clientId),
    });
    await next();
    c.header('Cache-Control', 'no-store');
  };
}
