import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src/db/schema.js';
import { invitePortalUser } from '../../src/portal-access/service.js';
import { saveFirmSettings } from '../../src/settings/service.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { latestInviteToken, mailsTo, makeContact, staffOf, unverifiedStaff } from './support.js';

let t: TestApp;
let client: Client;

beforeEach(async () => {
  t = await makeTestApp();
  client = await makeClient(t.db, { name: 'Acme Ltd', language: 'en' });
});
afterEach(() => t.close());

describe('the client Portal tab', () => {
  it('lists people, invitations, the invite form and preview links', async () => {
    const { cookie } = await staffOf(t);
    const contact = await makeContact(t.db, client.id, { name: 'Maria <b>P</b>', email: 'maria@acme.test' });
    const member = await makePortalMember(t, client.id, { name: 'Nikos Active', role: 'viewer', signIn: 'direct' });
    const res = await t.get(`/clients/${client.id}/portal`, cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('People with portal access');
    expect(html).toContain('Nikos Active');
    expect(html).toMatch(/badge badge-active">Active/);
    expect(html).toContain('Viewer');
    expect(html).toContain('Never');
    expect(html).toContain('Maria &lt;b&gt;P&lt;/b&gt;');
    expect(html).not.toContain('<b>P</b>');
    expect(html).toContain(`action="/clients/${client.id}/portal/invitations"`);
    expect(html).not.toContain('name="password_confirm"');
    expect(html).toContain('value="generated"');
    expect(html).toContain('View, pay, raise requests and send messages.');
    expect(html).toContain(`href="/preview/${client.id}/${contact.id}"`);
    expect(html).toContain(`href="/preview/${client.id}/0"`);
    expect(html).toContain(`/clients/${client.id}/portal/members/${member.membershipId}/revoke`);
    expect(html).not.toContain('is not verified yet');
  });

  it('preselects the contact coming from the contacts tab, which links to the invite form', async () => {
    const { cookie } = await staffOf(t);
    const contact = await makeContact(t.db, client.id, { name: 'Eleni' });
    const contactsTab = await (await t.get(`/clients/${client.id}/contacts`, cookie)).text();
    expect(contactsTab).toContain(`href="/clients/${client.id}/portal?contact_id=${contact.id}#invite"`);
    const html = await (await t.get(`/clients/${client.id}/portal?contact_id=${contact.id}`, cookie)).text();
    expect(html).toMatch(new RegExp(`<option value="${contact.id}" selected="">Eleni`));
  });

  it('answers 404 for an unknown client', async () => {
    const { cookie } = await staffOf(t);
    expect((await t.get('/clients/9999/portal', cookie)).status).toBe(404);
    expect((await t.postForm('/clients/9999/portal/invitations', { contact_id: '1', method: 'link' }, cookie)).status).toBe(404);
  });

  it('invites a contact through the form and shows the pending invitation', async () => {
    const { cookie } = await staffOf(t);
    const contact = await makeContact(t.db, client.id, { name: 'Maria', email: 'maria@acme.test' });
    const res = await t.postForm(`/clients/${client.id}/portal/invitations`, { contact_id: String(contact.id), method: 'link', role: 'owner', language: 'el' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/clients/${client.id}/portal?done=invited`);
    const html = await (await t.get(res.headers.get('location')!, cookie)).text();
    expect(html).toContain('Invitation sent.');
    expect(html).toMatch(/badge badge-pending">Pending/);
    expect(html).toMatch(/badge badge-invited">Invited/);
    expect(html).toContain('Owner');
    const [mail] = await mailsTo(t.db, 'maria@acme.test');
    expect(mail?.subject).toBeTruthy();
    // The invitation speaks the language chosen for it.
    expect(mail?.text_body).toMatch(/[α-ω]/);
  });

  it('re-renders the form with errors and writes nothing on bad input', async () => {
    const { cookie } = await staffOf(t);
    const contact = await makeContact(t.db, client.id);
    const cases: Array<[Record<string, string>, string]> = [
      [{ contact_id: '', method: 'link' }, 'Choose a contact.'],
      [{ contact_id: 'x', method: 'link' }, 'Choose a contact.'],
      [{ contact_id: String(contact.id), method: 'telegram' }, 'Choose how they get in.'],
      [{ contact_id: String(contact.id), method: 'link', role: 'admin' }, 'Choose a role.'],
      [{ contact_id: String(contact.id), method: 'link', language: 'fr' }, 'Choose English or Greek.'],
      [{ contact_id: String(contact.id), method: 'password', password: '' }, 'Enter a password, or choose another way in.'],
      [{ contact_id: String(contact.id), method: 'password', password: 'short' }, 'Use at least 8 characters.'],
      [{ contact_id: '99999', method: 'link' }, 'This contact does not belong to the client.'],
    ];
    for (const [fields, message] of cases) {
      const res = await t.postForm(`/clients/${client.id}/portal/invitations`, fields, cookie);
      expect(res.status, JSON.stringify(fields)).toBe(422);
      expect(await res.text()).toContain(message);
    }
    expect(await t.db.selectFrom('portal_invitations').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('mail_outbox').selectAll().execute()).toEqual([]);
  });

  it('says clearly when the daily cap is reached', async () => {
    const { cookie, actor } = await staffOf(t);
    await saveFirmSettings(t.db, { invitation_daily_cap: 40 });
    for (let i = 0; i < 40; i++) {
      const c = await makeContact(t.db, client.id);
      const r = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: c.id, method: 'link' }, { publicUrl: ORIGIN });
      expect(r.ok).toBe(true);
    }
    const last = await makeContact(t.db, client.id);
    // Saved settings make the firm's default language Greek; this staff member's browser asks for English.
    const res = await t.postForm(`/clients/${client.id}/portal/invitations`, { contact_id: String(last.id), method: 'link' }, cookie, { 'Accept-Language': 'en' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('The firm has sent 40 invitations today, the daily limit. Try again tomorrow.');
    expect(await mailsTo(t.db, last.email)).toEqual([]);
  }, 60_000);

  it('builds the emailed link from PUBLIC_URL even with a hostile Host or X-Forwarded-Host', async () => {
    const { cookie } = await staffOf(t);
    const contact = await makeContact(t.db, client.id, { email: 'host@acme.test' });
    const res = await t.postForm(`/clients/${client.id}/portal/invitations`, { contact_id: String(contact.id), method: 'link' }, cookie, {
      Host: 'evil.example',
      'X-Forwarded-Host': 'evil.example',
      'X-Forwarded-Proto': 'https',
    });
    expect(res.status).toBe(303);
    const [mail] = await mailsTo(t.db, 'host@acme.test');
    expect(mail?.text_body).toContain(`${ORIGIN}/portal/invite/`);
    expect(mail?.text_body).not.toContain('evil.example');
    expect(mail?.html_body).not.toContain('evil.example');
  });

  it('resends, edits permissions and revokes from the tab', async () => {
    const { cookie } = await staffOf(t);
    const contact = await makeContact(t.db, client.id, { email: 'flow@acme.test' });
    await t.postForm(`/clients/${client.id}/portal/invitations`, { contact_id: String(contact.id), method: 'link' }, cookie);
    const membership = await t.db.selectFrom('portal_memberships').selectAll().executeTakeFirstOrThrow();
    const base = `/clients/${client.id}/portal/members/${membership.id}`;

    const resend = await t.postForm(`${base}/resend`, {}, cookie);
    expect(resend.headers.get('location')).toBe(`/clients/${client.id}/portal?done=resent`);
    expect((await mailsTo(t.db, 'flow@acme.test')).length).toBe(2);

    // Changing only the role applies its preset; the boxes shown were the old role's.
    const perms = await t.postForm(`${base}/permissions`, { role: 'viewer', perm_view_finances: '1', perm_pay: '1', perm_raise_tickets: '1', perm_message: '1' }, cookie);
    expect(perms.status).toBe(303);
    let row = await t.db.selectFrom('portal_memberships').selectAll().where('id', '=', membership.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'viewer', can_view_finances: 1, can_pay: 0, can_message: 0 });
    // Ticking boxes sets exactly those; extra fields are ignored.
    await t.postForm(`${base}/permissions`, { role: 'viewer', perm_view_finances: '1', perm_message: '1', status: 'active', client_id: '77' }, cookie);
    row = await t.db.selectFrom('portal_memberships').selectAll().where('id', '=', membership.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'viewer', can_message: 1, can_pay: 0, status: 'invited', client_id: client.id });
    const badRole = await t.postForm(`${base}/permissions`, { role: 'superuser' }, cookie);
    expect(badRole.status).toBe(422);
    expect(await badRole.text()).toContain('Choose a role.');

    const revoke = await t.postForm(`${base}/revoke`, {}, cookie);
    expect(revoke.headers.get('location')).toBe(`/clients/${client.id}/portal?done=revoked`);
    const html = await (await t.get(revoke.headers.get('location')!, cookie)).text();
    expect(html).toMatch(/badge badge-revoked">Revoked/);
    // Nothing to resend for a revoked person.
    const again = await t.postForm(`${base}/resend`, {}, cookie);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('not waiting for an invitation');
  });

  it('answers 404 for a membership of another client or an unknown one', async () => {
    const { cookie } = await staffOf(t);
    const other = await makeClient(t.db);
    const member = await makePortalMember(t, other.id, { signIn: 'direct' });
    for (const action of ['resend', 'revoke', 'permissions']) {
      expect((await t.postForm(`/clients/${client.id}/portal/members/${member.membershipId}/${action}`, { role: 'owner' }, cookie)).status).toBe(404);
      expect((await t.postForm(`/clients/${client.id}/portal/members/99999/${action}`, { role: 'owner' }, cookie)).status).toBe(404);
    }
    const still = await t.db.selectFrom('portal_memberships').select('status').where('id', '=', member.membershipId).executeTakeFirstOrThrow();
    expect(still.status).toBe('active');
  });

  it('refuses cross-site posts', async () => {
    const { cookie } = await staffOf(t);
    const contact = await makeContact(t.db, client.id);
    const res = await t.postForm(`/clients/${client.id}/portal/invitations`, { contact_id: String(contact.id), method: 'link' }, cookie, { Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await t.db.selectFrom('portal_invitations').selectAll().execute()).toEqual([]);
  });
});

describe('revoking ends an open portal session', () => {
  it('sends the revoked member to the sign-in page on the next request (htmx too)', async () => {
    const { cookie } = await staffOf(t);
    const member = await makePortalMember(t, client.id);
    expect((await t.get('/portal', member.cookie)).status).toBe(200);
    await t.postForm(`/clients/${client.id}/portal/members/${member.membershipId}/revoke`, {}, cookie);
    const res = await t.get('/portal', member.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/portal\/login/);
    const hx = await t.get('/portal', member.cookie, { 'HX-Request': 'true' });
    expect(hx.headers.get('HX-Redirect')).toMatch(/^\/portal\/login/);
  });

  it('drops only the revoked client from a login that serves two clients', async () => {
    const { cookie } = await staffOf(t);
    const other = await makeClient(t.db, { name: 'Beta SA' });
    const a = await makePortalMember(t, client.id, { email: 'acct@outside.test', signIn: 'direct' });
    await makePortalMember(t, other.id, { email: 'acct@outside.test', signIn: 'direct' });
    expect(await (await t.get('/portal', a.cookie)).text()).toContain('Acme Ltd');
    await t.postForm(`/clients/${client.id}/portal/members/${a.membershipId}/revoke`, {}, cookie);
    const html = await (await t.get('/portal', a.cookie)).text();
    expect(html).toContain('Beta SA');
    expect(html).not.toContain('Acme Ltd');
  });
});

describe('staff email verification', () => {
  it('shows a banner and refuses invitations until the email is verified', async () => {
    const { cookie, staff } = await unverifiedStaff(t);
    const contact = await makeContact(t.db, client.id);
    const tab = await (await t.get(`/clients/${client.id}/portal`, cookie)).text();
    expect(tab).toContain(`Your email address ${staff.email} is not verified yet.`);
    expect(tab).toContain(`action="/clients/${client.id}/portal/verify-email"`);
    const res = await t.postForm(`/clients/${client.id}/portal/invitations`, { contact_id: String(contact.id), method: 'link' }, cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Verify your email address before sending invitations.');
    expect(await t.db.selectFrom('portal_invitations').selectAll().execute()).toEqual([]);
  });

  it('mails a single-use link bound to the staff member that marks the address verified', async () => {
    const { cookie, staff } = await unverifiedStaff(t);
    const sent = await t.postForm(`/clients/${client.id}/portal/verify-email`, {}, cookie, { Host: 'evil.example' });
    expect(sent.headers.get('location')).toBe(`/clients/${client.id}/portal?done=verification_sent`);
    const [mail] = await mailsTo(t.db, staff.email);
    expect(mail?.template).toBe('staff-verify-email');
    const token = /\/verify-email\/([a-z0-9]+)/.exec(mail!.text_body)?.[1] ?? '';
    expect(mail?.text_body).toContain(`${ORIGIN}/verify-email/${token}`);
    const stored = await t.db.selectFrom('one_time_tokens').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(Date.parse(stored[0]!.expires_at) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);

    // Another staff member cannot use it.
    const { cookie: adminCookie } = await staffOf(t);
    expect((await t.get(`/verify-email/${token}`, adminCookie)).status).toBe(404);

    const ok = await t.get(`/verify-email/${token}`, cookie);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Email address verified');
    const row = await t.db.selectFrom('staff_users').select('email_verified_at').where('id', '=', staff.id).executeTakeFirstOrThrow();
    expect(row.email_verified_at).not.toBeNull();
    expect((await t.get(`/verify-email/${token}`, cookie)).status).toBe(404);
    expect((await t.get('/verify-email/unknowntoken', cookie)).status).toBe(404);
    const tab = await (await t.get(`/clients/${client.id}/portal`, cookie)).text();
    expect(tab).not.toContain('is not verified yet');
  });

  it('makes an older verification link stop working and limits how many are sent', async () => {
    const { cookie, staff } = await unverifiedStaff(t);
    await t.postForm(`/clients/${client.id}/portal/verify-email`, {}, cookie);
    const first = /\/verify-email\/([a-z0-9]+)/.exec((await mailsTo(t.db, staff.email))[0]!.text_body)?.[1];
    for (let i = 0; i < 4; i++) expect((await t.postForm(`/clients/${client.id}/portal/verify-email`, {}, cookie)).status).toBe(303);
    const blocked = await t.postForm(`/clients/${client.id}/portal/verify-email`, {}, cookie);
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('Several verification emails were sent in the last hour');
    expect(await mailsTo(t.db, staff.email)).toHaveLength(5);
    expect((await t.get(`/verify-email/${first}`, cookie)).status).toBe(404);
  });

  it('sends a signed-out visitor to the staff sign-in page', async () => {
    const res = await t.get('/verify-email/sometoken');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
  });
});
