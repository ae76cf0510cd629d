import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPortalSession } from '../../src/auth/portal-session.js';
import { upsertAdmin } from '../../src/auth/service.js';
import { staffActor } from '../../src/events/service.js';
import type { Client } from '../../src/db/schema.js';
import { invitePortalUser, resendInvitation, revokeAccess } from '../../src/portal-access/service.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { generatedPasswordIn, latestInviteToken, mailsTo, makeContact, staffOf } from './support.js';

let t: TestApp;
let client: Client;

beforeEach(async () => {
  t = await makeTestApp();
  client = await makeClient(t.db, { name: 'Acme Ltd', language: 'en' });
});
afterEach(() => t.close());

/** Invites a new contact by `method` (as the admin) and returns the emailed token. */
async function invite(method: 'link' | 'password' | 'generated' = 'link', opts: { email?: string; language?: 'en' | 'el'; now?: Date; password?: string } = {}) {
  const { actor } = await staffOf(t);
  const contact = await makeContact(t.db, client.id, { name: 'Maria Invitee', email: opts.email ?? `invitee-${Math.random().toString(36).slice(2)}@acme.test` });
  const result = await invitePortalUser(
    t.db,
    actor,
    { clientId: client.id, contactId: contact.id, method, language: opts.language ?? 'en', password: opts.password ?? null },
    { publicUrl: ORIGIN, ...(opts.now ? { now: opts.now } : {}) },
  );
  if (!result.ok) throw new Error(result.error);
  return { ...result, contact, token: await latestInviteToken(t.db, contact.email) };
}

function postAccept(token: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return t.app.request(`/portal/invite/${token}`, {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
}

const GOOD = { password: 'my own long passphrase', password_confirm: 'my own long passphrase' };

describe('accepting a link invitation', () => {
  it('shows the invitee’s email and two password inputs', async () => {
    const { token, contact } = await invite();
    const res = await t.get(`/portal/invite/${token}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(contact.email);
    expect(html.match(/type="password"/g)).toHaveLength(2);
    expect(html).toContain('name="password_confirm"');
    expect(html).toContain('class="auth portal-auth"');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });

  it('speaks the language of the invitation', async () => {
    const { token } = await invite('link', { language: 'el' });
    const html = await (await t.get(`/portal/invite/${token}`, undefined, { 'Accept-Language': 'en' })).text();
    expect(html).toContain('lang="el"');
    expect(html).toContain('Επιλέξτε κωδικό');
  });

  it('lets the visitor switch language without losing the invitation, the invitation’s language staying the default', async () => {
    const { token } = await invite('link', { language: 'el' });
    const greek = await (await t.get(`/portal/invite/${token}`)).text();
    expect(greek).toContain(`href="/portal/invite/${token}?lang=en"`);
    const english = await t.get(`/portal/invite/${token}?lang=en`);
    expect(english.status).toBe(200);
    const html = await english.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Choose a password');
    expect(html).toContain(`action="/portal/invite/${token}"`);
    expect(html).toContain('name="lang" value="en"');
    expect(html).toContain(`href="/portal/invite/${token}?lang=el"`);
    // A bad ?lang= is ignored: the invitation's language.
    expect(await (await t.get(`/portal/invite/${token}?lang=xx`)).text()).toContain('<html lang="el"');
  });

  it('answers a mistake in the language the visitor switched to, and keeps that language for the portal', async () => {
    const { token, userId } = await invite('link', { language: 'el' });
    const bad = await postAccept(token, { ...GOOD, password_confirm: 'something else entirely', lang: 'en' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('name="lang" value="en"');
    const res = await postAccept(token, { ...GOOD, lang: 'en' });
    expect(res.status).toBe(303);
    expect((await t.db.selectFrom('portal_users').select('language').where('id', '=', userId).executeTakeFirstOrThrow()).language).toBe('en');
  });

  it('keeps the invitation’s language for the portal when the visitor did not switch', async () => {
    const { token, userId } = await invite('link', { language: 'el' });
    expect((await postAccept(token, { ...GOOD, lang: 'el' })).status).toBe(303);
    expect((await t.db.selectFrom('portal_users').select('language').where('id', '=', userId).executeTakeFirstOrThrow()).language).toBe('el');
  });

  it('sets the password, activates the membership, notifies staff and signs the person in', async () => {
    const { token, userId, membership, invitation } = await invite();
    const { staff } = await staffOf(t);
    const res = await postAccept(token, GOOD);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^stoa_portal=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    const home = await t.get('/portal', cookie);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Acme Ltd');

    expect((await t.db.selectFrom('portal_memberships').select('status').where('id', '=', membership.id).executeTakeFirstOrThrow()).status).toBe('active');
    const inv = await t.db.selectFrom('portal_invitations').selectAll().where('id', '=', invitation.id).executeTakeFirstOrThrow();
    expect(inv.status).toBe('accepted');
    expect(inv.accepted_at).not.toBeNull();
    const user = await t.db.selectFrom('portal_users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(user.last_login_at).not.toBeNull();
    const notes = await t.db.selectFrom('notifications').selectAll().execute();
    expect(notes.map((n) => n.staff_user_id)).toEqual([staff.id]);
    expect((await mailsTo(t.db, staff.email)).map((m) => m.template)).toEqual(['portal-invitation-accepted']);
    const events = await t.db.selectFrom('events').select(['action', 'actor_type']).where('subject_type', '=', 'portal_invitation').orderBy('id').execute();
    expect(events).toEqual([{ action: 'sent', actor_type: 'staff' }, { action: 'accepted', actor_type: 'portal' }]);

    // The staff tab shows the person as active and the invitation accepted.
    const tab = await (await t.get(`/clients/${client.id}/portal`, await t.staffCookie())).text();
    expect(tab).toMatch(/badge badge-active">Active/);
    expect(tab).toMatch(/badge badge-accepted">Accepted/);
  });

  it('ends the session the browser had before (rotation)', async () => {
    const other = await makeClient(t.db);
    const previous = await makePortalMember(t, other.id, { signIn: 'direct' });
    const { token } = await invite();
    const res = await postAccept(token, GOOD, { Cookie: previous.cookie });
    expect(res.status).toBe(303);
    expect((await t.get('/portal', previous.cookie)).status).toBe(303);
  });

  it('sets a Secure __Host- cookie behind https', async () => {
    await t.close();
    t = await makeTestApp({ PUBLIC_URL: 'https://stoa.test' });
    client = await makeClient(t.db);
    await upsertAdmin(t.db, { email: 'admin@firm.test', password: 'correct horse battery', name: 'Anna Admin' });
    const actor = staffActor(await t.db.selectFrom('staff_users').selectAll().executeTakeFirstOrThrow());
    const contact = await makeContact(t.db, client.id);
    const sent = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'link' }, { publicUrl: 'https://stoa.test' });
    if (!sent.ok) throw new Error(sent.error);
    const res = await t.app.request(`/portal/invite/${sent.token}`, {
      method: 'POST',
      headers: { Origin: 'https://stoa.test', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(GOOD),
    });
    expect(res.status).toBe(303);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^__Host-stoa_portal=/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/Path=\//);
  });

  it('re-renders with errors for bad passwords and leaves the invitation usable', async () => {
    const { token, contact, invitation } = await invite();
    const cases: Array<[Record<string, string>, string]> = [
      [{ password: '', password_confirm: '' }, 'This field is required.'],
      [{ password: 'short', password_confirm: 'short' }, 'Use at least 8 characters.'],
      [{ password: 'password123', password_confirm: 'password123' }, 'This password is too common.'],
      [{ password: contact.email, password_confirm: contact.email }, 'This password is too common.'],
      [{ password: 'my own long passphrase', password_confirm: 'something else entirely' }, 'The two passwords do not match.'],
      [{}, 'This field is required.'],
    ];
    for (const [fields, message] of cases) {
      const res = await postAccept(token, fields);
      expect(res.status, JSON.stringify(fields)).toBe(422);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toContain(message);
    }
    expect((await t.db.selectFrom('portal_invitations').select('status').where('id', '=', invitation.id).executeTakeFirstOrThrow()).status).toBe('pending');
    expect((await postAccept(token, GOOD)).status).toBe(303);
  });

  it('accepts a long passphrase whole', async () => {
    const { token, userId } = await invite();
    const long = 'correct horse battery staple '.repeat(4);
    expect((await postAccept(token, { password: long, password_confirm: long })).status).toBe(303);
    const res = await t.app.request('/portal/login', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: (await t.db.selectFrom('portal_users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email, password: long.slice(0, 64) }),
    });
    expect(res.status).not.toBe(303);
  });
});

describe('links that no longer work', () => {
  it('refuses a used link with the same page as an unknown one', async () => {
    const { token } = await invite();
    expect((await postAccept(token, GOOD)).status).toBe(303);
    const second = await postAccept(token, { password: 'another long phrase', password_confirm: 'another long phrase' });
    expect(second.status).toBe(404);
    expect(second.headers.get('set-cookie')).toBeNull();
    const used = await t.get(`/portal/invite/${token}`);
    const unknown = await t.get('/portal/invite/abcdefghijkmnpqrstuvwxyz23456789');
    expect(used.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await used.text()).toBe(await unknown.text());
  });

  it('refuses an older link after a resend', async () => {
    const { token, membership } = await invite();
    const { actor } = await staffOf(t);
    const again = await resendInvitation(t.db, actor, membership.id, { publicUrl: ORIGIN });
    if (!again.ok) throw new Error(again.error);
    expect((await t.get(`/portal/invite/${token}`)).status).toBe(404);
    expect((await postAccept(token, GOOD)).status).toBe(404);
    expect((await t.get(`/portal/invite/${again.token}`)).status).toBe(200);
  });

  it('refuses an expired link', async () => {
    const { token } = await invite('link', { now: new Date(Date.now() - 8 * 86_400_000) });
    expect((await t.get(`/portal/invite/${token}`)).status).toBe(404);
    expect((await postAccept(token, GOOD)).status).toBe(404);
  });

  it('refuses a revoked link', async () => {
    const { token, membership } = await invite();
    const { actor } = await staffOf(t);
    await revokeAccess(t.db, actor, membership.id);
    expect((await t.get(`/portal/invite/${token}`)).status).toBe(404);
    expect((await postAccept(token, GOOD)).status).toBe(404);
  });

  it('does not take a portal session or reset token as an invitation', async () => {
    const member = await makePortalMember(t, client.id, { signIn: 'direct' });
    const sessionToken = member.cookie.split('=')[1]!;
    expect((await t.get(`/portal/invite/${sessionToken}`)).status).toBe(404);
    const token = await createPortalSession(t.db, member.userId);
    expect((await t.get(`/portal/invite/${token.split('.')[0]}`)).status).toBe(404);
  });

  it('blocks an address after many bad tokens, persisted, with Retry-After', async () => {
    const { token } = await invite();
    for (let i = 0; i < 20; i++) expect((await t.get(`/portal/invite/bad${i}token`)).status).toBe(404);
    const blocked = await t.get(`/portal/invite/${token}`);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await postAccept(token, GOOD)).status).toBe(429);
    const stored = await t.db.selectFrom('rate_limits').selectAll().where('key', 'like', 'invite:%').execute();
    expect(stored).toHaveLength(1);
  });
});

describe('invitations that came with a password', () => {
  it('tells a generated-password invitee to sign in, and refuses to set a password by the link', async () => {
    const { token, contact } = await invite('generated');
    const res = await t.get(`/portal/invite/${token}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Sign in with the password you received');
    expect(html).toContain('href="/portal/login?lang=en"');
    expect(html).not.toContain('type="password"');
    expect((await postAccept(token, GOOD)).status).toBe(409);
    const password = await generatedPasswordIn(t.db, contact.email);
    expect(password).toHaveLength(20);
  });

  it('accepts a generated-password invitation at the first sign-in', async () => {
    const { contact, membership, invitation } = await invite('generated');
    const password = await generatedPasswordIn(t.db, contact.email);
    const res = await t.app.request('/portal/login', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: contact.email, password }),
    });
    expect(res.status).toBe(303);
    expect((await t.db.selectFrom('portal_memberships').select('status').where('id', '=', membership.id).executeTakeFirstOrThrow()).status).toBe('active');
    expect((await t.db.selectFrom('portal_invitations').select('status').where('id', '=', invitation.id).executeTakeFirstOrThrow()).status).toBe('accepted');
    expect(await t.db.selectFrom('notifications').selectAll().execute()).toHaveLength(1);
  });

  it('asks an existing login to sign in with the password it has', async () => {
    const other = await makeClient(t.db);
    const existing = await makePortalMember(t, other.id, { email: 'books@outside.test', signIn: 'direct' });
    const { token } = await invite('link', { email: 'books@outside.test' });
    const html = await (await t.get(`/portal/invite/${token}`)).text();
    expect(html).toContain('You already have a portal login with this email address.');
    expect((await postAccept(token, GOOD)).status).toBe(409);
    const user = await t.db.selectFrom('portal_users').selectAll().where('id', '=', existing.userId).executeTakeFirstOrThrow();
    expect(user.password_hash).not.toBeNull();
  });
});
