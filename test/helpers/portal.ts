// Shared portal test helpers: build portal members straight in the database and sign them in.

import { createPortalSession, portalCookieName } from '../../src/auth/portal-session.js';
import { hashPassword } from '../../src/auth/password.js';
import type { Language, PortalRole } from '../../src/db/schema.js';
import { ROLE_PRESETS, permissionColumns, type Permissions } from '../../src/portal-access/visibility.js';
import { ORIGIN, type TestApp } from './app.js';

/** What a test may say about a portal member; everything has a sensible default. */
export interface PortalMemberOptions {
  role?: PortalRole;
  /** Membership status; only 'active' members get a working cookie. Default 'active'. */
  status?: 'invited' | 'active' | 'revoked';
  /** Plain password (hashed with argon2id). Default 'portal pass phrase 1'. */
  password?: string;
  /** Lower-cased; reusing an email adds a membership to the existing login (one login, several clients). */
  email?: string;
  name?: string;
  language?: Language;
  /** The contact this membership belongs to; default: a new contact of the client with the same name/email. */
  contactId?: number | null;
  /** Overrides of the role's preset flags. */
  permissions?: Partial<Permissions>;
  /** Sign in through POST /portal/login (default) or make the session directly ('direct'). */
  signIn?: 'login' | 'direct';
}

/** A portal member as tests use it. */
export interface PortalMember {
  userId: number;
  membershipId: number;
  contactId: number | null;
  email: string;
  password: string;
  /** A Cookie header value of a signed-in portal session ('' when the membership is not active). */
  cookie: string;
}

let memberCounter = 0;

/** Creates (or extends) a portal login with a membership of `clientId` and, when active, signs it in. */
export async function makePortalMember(t: TestApp, clientId: number, opts: PortalMemberOptions = {}): Promise<PortalMember> {
  memberCounter += 1;
  const db = t.db;
  const email = (opts.email ?? `member${memberCounter}-${Date.now()}@client.test`).toLowerCase();
  const name = opts.name ?? `Member ${memberCounter}`;
  const password = opts.password ?? 'portal pass phrase 1';
  const role = opts.role ?? 'accounts';
  const status = opts.status ?? 'active';
  const permissions: Permissions = { ...ROLE_PRESETS[role], ...opts.permissions };

  let contactId: number | null;
  if (opts.contactId !== undefined) contactId = opts.contactId;
  else {
    const contact = await db.insertInto('contacts').values({ client_id: clientId, name, email, phone: null, archived_at: null }).returning('id').executeTakeFirstOrThrow();
    contactId = contact.id;
  }

  const existing = await db.selectFrom('portal_users').select('id').where('email', '=', email).executeTakeFirst();
  let userId: number;
  if (existing) {
    userId = existing.id;
  } else {
    const user = await db
      .insertInto('portal_users')
      .values({ email, name, password_hash: await hashPassword(password), language: opts.language ?? 'en', password_expires_at: null, last_login_at: null, disabled_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    userId = user.id;
  }
  const membership = await db
    .insertInto('portal_memberships')
    .values({ portal_user_id: userId, client_id: clientId, contact_id: contactId, role, ...permissionColumns(permissions), status, revoked_at: status === 'revoked' ? new Date().toISOString() : null })
    .returning('id')
    .executeTakeFirstOrThrow();

  let cookie = '';
  if (status === 'active') cookie = await portalCookie(t, userId, email, password, clientId, opts.signIn ?? 'login');
  return { userId, membershipId: membership.id, contactId, email, password, cookie };
}

/**
 * A signed-in portal Cookie header value. Tries POST /portal/login first (when the sign-in page
 * answers with a portal cookie); otherwise creates the session directly.
 */
export async function portalCookie(t: TestApp, userId: number, email: string, password: string, clientId: number | null = null, signIn: 'login' | 'direct' = 'login'): Promise<string> {
  const name = portalCookieName(t.config.secureCookies);
  if (signIn === 'login') {
    const res = await t.app.request('/portal/login', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }),
    });
    const setCookie = res.headers.get('set-cookie') ?? '';
    const first = setCookie.split(';')[0] ?? '';
    if (res.status === 303 && first.startsWith(`${name}=`) && first.length > name.length + 1) {
      // Several memberships: land on the requested client.
      if (clientId !== null) {
        const session = await t.db.selectFrom('portal_sessions').select('id').where('id', '=', first.slice(name.length + 1).split('.')[0] ?? '').executeTakeFirst();
        if (session) await t.db.updateTable('portal_sessions').set({ active_client_id: clientId }).where('id', '=', session.id).execute();
      }
      return first;
    }
  }
  const token = await createPortalSession(t.db, userId, clientId);
  return `${name}=${token}`;
}
