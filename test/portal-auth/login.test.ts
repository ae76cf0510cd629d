import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createPortalSession, PORTAL_ABSOLUTE_MS, PORTAL_IDLE_MS, validatePortalSession } from '../../src/auth/portal-session.js';
import { sha256Hex } from '../../src/auth/tokens.js';
import { databaseFile, openDatabase } from '../../src/db/index.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { getPage, portalCookieOf, portalLogin, post, textOf } from './support.js';

let t: TestApp;
let clientId: number;
let ipCounter = 0;
/** A fresh client address per test, so the per-address limit of one test does not leak into another. */
const freshIp = () => `10.0.0.${++ipCounter}`;

beforeAll(async () => {
  t = await makeTestApp({ TRUST_PROXY: 'true' });
  clientId = (await makeClient(t.db, { name: 'Acme Heating Ltd' })).id;
});
afterAll(() => t.close());

describe('portal sign-in', () => {
  it('shows a sign-in form with email and password inputs and a way to reset the password', async () => {
    const res = await getPage(t, '/portal/login');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="email"');
    expect(html).toContain('name="password"');
    expect(html).toContain('action="/portal/login"');
    expect(html).toContain('href="/portal/forgot?lang=en"');
  });

  it('signs a member in with a HttpOnly SameSite cookie, stamps the last login and opens the dashboard', async () => {
    const m = await makePortalMember(t, clientId, { name: 'Maria Papadopoulou', signIn: 'direct' });
    const res = await portalLogin(t, m.email.toUpperCase(), m.password, { ip: freshIp() });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal');
    const raw = res.headers.getSetCookie().join('\n');
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Lax/i);
    const cookie = portalCookieOf(t, res);
    const dashboard = await getPage(t, '/portal', cookie);
    expect(dashboard.status).toBe(200);
    expect(await textOf(dashboard)).toContain('Maria Papadopoulou');
    const user = await t.db.selectFrom('portal_users').select('last_login_at').where('id', '=', m.userId).executeTakeFirstOrThrow();
    expect(user.last_login_at).not.toBeNull();
  });

  it('gives the same status and page for an unknown email, a wrong password, a disabled login and one without access', async () => {
    const wrong = await makePortalMember(t, clientId, { signIn: 'direct' });
    const disabled = await makePortalMember(t, clientId, { signIn: 'direct' });
    await t.db.updateTable('portal_users').set({ disabled_at: new Date().toISOString() }).where('id', '=', disabled.userId).execute();
    const revoked = await makePortalMember(t, clientId, { status: 'revoked' });
    const attempts = [
      { email: 'nobody@client.test', password: 'portal pass phrase 1' },
      { email: wrong.email, password: 'not the password at all' },
      { email: disabled.email, password: disabled.password },
      { email: revoked.email, password: revoked.password },
    ];
    const bodies: string[] = [];
    for (const a of attempts) {
      const res = await portalLogin(t, a.email, a.password, { ip: freshIp() });
      expect(res.status).toBe(400);
      expect(portalCookieOf(t, res)).toBe('');
      bodies.push((await res.text()).split(a.email).join('EMAIL'));
    }
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('The email or password is not right.');
  });

  it('blocks an account after 10 wrong passwords with 429 and Retry-After, refusing the right password too', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    for (let i = 0; i < 10; i++) expect((await portalLogin(t, m.email, 'wrong password here', { ip: freshIp() })).status).toBe(400);
    const blocked = await portalLogin(t, m.email, m.password, { ip: freshIp() });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(portalCookieOf(t, blocked)).toBe('');
    expect(await textOf(blocked)).toMatch(/Too many attempts\. Try again in \d+ minutes\./);
  });

  it('keeps the block across a restart: a new app on the same database file still refuses', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    for (let i = 0; i < 10; i++) await portalLogin(t, m.email, 'wrong password here', { ip: freshIp() });
    const second = openDatabase(databaseFile(t.dataDir));
    try {
      const restarted = createApp({ db: second.db, config: t.config });
      const res = await restarted.request('/portal/login', {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': freshIp() },
        body: new URLSearchParams({ email: m.email, password: m.password }),
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).not.toBeNull();
    } finally {
      await second.close();
    }
  });

  it('throttles one client address trying many accounts, without locking those accounts out elsewhere', async () => {
    const ip = freshIp();
    for (let i = 0; i < 50; i++) await portalLogin(t, `guess${i}@client.test`, 'wrong password here', { ip });
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const fromBadIp = await portalLogin(t, m.email, m.password, { ip });
    expect(fromBadIp.status).toBe(429);
    const elsewhere = await portalLogin(t, m.email, m.password, { ip: freshIp() });
    expect(elsewhere.status).toBe(303);
  });

  it('keeps portal and staff sign-in limits apart', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    for (let i = 0; i < 10; i++) await portalLogin(t, m.email, 'wrong password here', { ip: freshIp() });
    const keys = (await t.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key);
    expect(keys).toContain(`portal-login:account:${m.email}`);
    expect(keys).not.toContain(`login:staff:${m.email}`);
  });

  it('ends a session fixed in the browser before sign-in and issues a new one', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const fixed = m.cookie;
    expect((await getPage(t, '/portal', fixed)).status).toBe(200);
    const res = await portalLogin(t, m.email, m.password, { ip: freshIp(), cookie: fixed });
    const fresh = portalCookieOf(t, res);
    expect(fresh).not.toBe('');
    expect(fresh).not.toBe(fixed);
    expect((await getPage(t, '/portal', fixed)).status).toBe(303);
    expect((await getPage(t, '/portal', fresh)).status).toBe(200);
  });

  it('follows only a same-origin portal path after sign-in', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const cases: Array<[string, string]> = [
      ['https://evil.example/portal', '/portal'],
      ['//evil.example', '/portal'],
      ['/clients', '/portal'],
      ['/portal/settings', '/portal/settings'],
    ];
    for (const [next, expected] of cases) {
      const res = await portalLogin(t, m.email, m.password, { ip: freshIp(), next });
      expect(res.headers.get('location')).toBe(expected);
    }
    const form = await (await getPage(t, '/portal/login?next=https://evil.example')).text();
    expect(form).toContain('name="next" value=""');
    expect(form).not.toContain('evil.example');
  });

  it('explains why the member is on the sign-in page', async () => {
    expect(await textOf(await getPage(t, '/portal/login?reason=no_access'))).toContain('Your access has ended');
    expect(await textOf(await getPage(t, '/portal/login?reason=expired'))).toContain('Your session has ended');
    const other = await (await getPage(t, '/portal/login?reason=%3Cscript%3Ealert(1)%3C%2Fscript%3E')).text();
    expect(other).not.toContain('alert(1)');
    for (const odd of ['toString', '__proto__', 'constructor']) {
      const res = await getPage(t, `/portal/login?reason=${odd}`);
      expect(res.status).toBe(200);
      expect(await textOf(res)).not.toContain('function');
    }
  });

  it('accepts pending invitations that came with a password at the first sign-in', async () => {
    const m = await makePortalMember(t, clientId, { status: 'invited' });
    await t.db
      .insertInto('portal_invitations')
      .values({
        client_id: clientId, contact_id: m.contactId, membership_id: m.membershipId, email: m.email, token_hash: sha256Hex(`invite-${m.userId}`),
        method: 'password', role: 'accounts', language: 'en', status: 'pending', expires_at: new Date(Date.now() + 86_400_000).toISOString(), sent_by: null,
        accepted_at: null, revoked_at: null,
      })
      .execute();
    const res = await portalLogin(t, m.email, m.password, { ip: freshIp() });
    expect(res.status).toBe(303);
    const membership = await t.db.selectFrom('portal_memberships').select('status').where('id', '=', m.membershipId).executeTakeFirstOrThrow();
    expect(membership.status).toBe('active');
    const invitation = await t.db.selectFrom('portal_invitations').select('status').where('membership_id', '=', m.membershipId).executeTakeFirstOrThrow();
    expect(invitation.status).toBe('accepted');
  });

  it('answers bad input (nothing typed, a huge email) with the same refusal, never a 500', async () => {
    expect((await post(t, '/portal/login', {}, { ip: freshIp() })).status).toBe(400);
    expect((await portalLogin(t, 'x'.repeat(5000), 'y'.repeat(5000), { ip: freshIp() })).status).toBe(400);
  });

  it('refuses a sign-in posted from another site', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const res = await portalLogin(t, m.email, m.password, { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });
});

describe('generated passwords', () => {
  async function generatedMember(expiresInMs: number) {
    const m = await makePortalMember(t, clientId, { signIn: 'direct', password: 'Generated-Pass-4821' });
    await t.db.updateTable('portal_users')
      .set({ must_change_password: 1, password_expires_at: new Date(Date.now() + expiresInMs).toISOString() })
      .where('id', '=', m.userId).execute();
    return m;
  }

  it('sends the member to change it at first sign-in, and nowhere else until it is changed', async () => {
    const m = await generatedMember(3 * 86_400_000);
    const res = await portalLogin(t, m.email, m.password, { ip: freshIp() });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal/settings');
    const cookie = portalCookieOf(t, res);

    const dashboard = await getPage(t, '/portal', cookie);
    expect(dashboard.status).toBe(303);
    expect(dashboard.headers.get('location')).toBe('/portal/settings');
    const partial = await getPage(t, '/portal', cookie, { 'HX-Request': 'true' });
    expect(partial.headers.get('hx-redirect')).toBe('/portal/settings');
    expect((await post(t, `/portal/switch/${clientId}`, {}, { cookie })).headers.get('location')).toBe('/portal/settings');

    const settings = await getPage(t, '/portal/settings', cookie);
    expect(settings.status).toBe(200);
    const text = await textOf(settings);
    expect(text).toContain('Please choose your own password before you continue');
    expect(text).not.toContain('Portal language');

    const changed = await post(t, '/portal/settings/password', { current_password: m.password, password: 'my own harbour lamps', password_confirm: 'my own harbour lamps' }, { cookie });
    expect(changed.status).toBe(303);
    const after = portalCookieOf(t, changed);
    expect((await getPage(t, '/portal', after)).status).toBe(200);
    const user = await t.db.selectFrom('portal_users').select(['must_change_password', 'password_expires_at']).where('id', '=', m.userId).executeTakeFirstOrThrow();
    expect(user).toEqual({ must_change_password: 0, password_expires_at: null });
  });

  it('refuses a generated password past its deadline and says to ask for a new invitation or a reset', async () => {
    const m = await generatedMember(-60_000);
    const res = await portalLogin(t, m.email, m.password, { ip: freshIp() });
    expect(res.status).toBe(400);
    expect(portalCookieOf(t, res)).toBe('');
    expect(await textOf(res)).toContain('The password we emailed you has expired');
  });
});

describe('sign-out and session lifetime', () => {
  it('ends the session on sign-out, clears the cookie and refuses the old cookie afterwards', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const out = await post(t, '/portal/logout', {}, { cookie: m.cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/portal/login?reason=signed_out&lang=en');
    expect(out.headers.getSetCookie().join('\n')).toMatch(/stoa_portal=;/);
    const replay = await getPage(t, '/portal', m.cookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/portal/login?reason=expired');
    expect(await textOf(await getPage(t, '/portal/login?reason=signed_out'))).toContain('You have signed out.');
  });

  it('refuses a sign-out posted from another site', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const res = await post(t, '/portal/logout', {}, { cookie: m.cookie, headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect((await getPage(t, '/portal', m.cookie)).status).toBe(200);
  });

  it('ends a session idle for 30 minutes', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const start = Date.now();
    const token = await createPortalSession(t.db, m.userId, null, start);
    expect((await validatePortalSession(t.db, token, start + PORTAL_IDLE_MS - 1000)).session).not.toBeNull();
    expect((await validatePortalSession(t.db, token, start + 2 * PORTAL_IDLE_MS)).session).toBeNull();
  });

  it('ends an active session 12 hours after sign-in', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const start = Date.now();
    const token = await createPortalSession(t.db, m.userId, null, start);
    let at = start;
    while (at + 20 * 60_000 < start + PORTAL_ABSOLUTE_MS) {
      at += 20 * 60_000;
      expect((await validatePortalSession(t.db, token, at)).session).not.toBeNull();
    }
    expect((await validatePortalSession(t.db, token, start + PORTAL_ABSOLUTE_MS)).session).toBeNull();
  });

  it('sends a browser whose session went idle back to the sign-in page', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    await t.db.updateTable('portal_sessions').set({ last_verified_at: Date.now() - PORTAL_IDLE_MS - 1000 }).where('portal_user_id', '=', m.userId).execute();
    const res = await getPage(t, '/portal', m.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/portal\/login/);
  });
});

describe('portal and staff sessions are separate', () => {
  it('does not let a staff session into the portal', async () => {
    const staff = await t.staffCookie();
    const res = await getPage(t, '/portal', staff);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal/login');
    expect((await getPage(t, '/portal/settings', staff)).status).toBe(303);
    expect((await post(t, `/portal/switch/${clientId}`, {}, { cookie: staff })).status).toBe(303);
  });

  it('does not let a portal session into staff pages, partials or the API', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const home = await getPage(t, '/', m.cookie);
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toMatch(/^\/login/);
    const clients = await getPage(t, `/clients/${clientId}`, m.cookie, { 'HX-Request': 'true' });
    expect(clients.status).toBe(401);
    expect(clients.headers.get('hx-redirect')).toMatch(/^\/login/);
    const api = await getPage(t, '/api/v1/clients', m.cookie);
    expect(api.status).toBe(401);
    const token = m.cookie.split('=')[1] ?? '';
    const bearer = await t.app.request('/api/v1/clients', { headers: { Authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(401);
  });

  it('keeps a portal cookie out of staff sign-out and a staff cookie out of portal sign-out', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const staff = await t.staffCookie();
    await post(t, '/portal/logout', {}, { cookie: staff });
    expect((await getPage(t, '/', staff)).status).toBe(200);
    await post(t, '/logout', {}, { cookie: m.cookie });
    expect((await getPage(t, '/portal', m.cookie)).status).toBe(200);
  });
});

describe('stored secrets', () => {
  it('stores only the hash of session secrets: a value copied from the database opens nothing', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const row = await t.db.selectFrom('portal_sessions').select(['id', 'secret_hash']).where('portal_user_id', '=', m.userId).executeTakeFirstOrThrow();
    const forged = `stoa_portal=${row.id}.${Buffer.from(row.secret_hash).toString('hex')}`;
    expect((await getPage(t, '/portal', forged)).status).toBe(303);
    expect(m.cookie).not.toContain(Buffer.from(row.secret_hash).toString('hex'));
  });

  it('keeps a password only as an argon2id hash', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const row = await t.db.selectFrom('portal_users').select('password_hash').where('id', '=', m.userId).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(m.password);
  });
});
