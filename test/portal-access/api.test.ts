import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src/db/schema.js';
import { saveFirmSettings } from '../../src/settings/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { latestInviteToken, mailsTo, makeContact } from './support.js';

let t: TestApp;
let client: Client;

beforeEach(async () => {
  t = await makeTestApp();
  client = await makeClient(t.db, { name: 'Acme Ltd', language: 'el' });
});
afterEach(() => t.close());

type Json = Record<string, unknown>;

describe('POST /clients/:id/portal-invitations', () => {
  it('invites a contact and answers the invitation, never its token', async () => {
    const contact = await makeContact(t.db, client.id, { email: 'Api@Acme.test' });
    const res = await t.api('POST', `/api/v1/clients/${client.id}/portal-invitations`, { contact_id: String(contact.id), method: 'link' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json;
    expect(Object.keys(body).sort()).toEqual(['accepted_at', 'client_id', 'contact_id', 'created_at', 'email', 'expires_at', 'id', 'language', 'method', 'revoked_at', 'role', 'status']);
    expect(body).toMatchObject({ client_id: String(client.id), contact_id: String(contact.id), email: 'api@acme.test', method: 'link', role: 'accounts', language: 'el', status: 'pending', accepted_at: null, revoked_at: null });
    expect(typeof body.id).toBe('string');
    const token = await latestInviteToken(t.db, 'api@acme.test');
    expect(JSON.stringify(body)).not.toContain(token);
  });

  it('takes role, language and a password for method password', async () => {
    const contact = await makeContact(t.db, client.id);
    const res = await t.api('POST', `/api/v1/clients/${client.id}/portal-invitations`, { contact_id: contact.id, method: 'password', password: 'a good long passphrase', role: 'owner', language: 'en' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ method: 'password', role: 'owner', language: 'en' });
  });

  it('ignores fields it does not know (status, client_id, permissions)', async () => {
    const other = await makeClient(t.db);
    const contact = await makeContact(t.db, client.id);
    const res = await t.api('POST', `/api/v1/clients/${client.id}/portal-invitations`, {
      contact_id: String(contact.id), method: 'link', status: 'accepted', client_id: String(other.id), token_hash: 'x', expires_at: '2099-01-01T00:00:00Z',
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ status: 'pending', client_id: String(client.id) });
    expect(body.expires_at).not.toBe('2099-01-01T00:00:00Z');
  });

  it('answers 400 for malformed JSON, 404 for an unknown client and 422 with fields for bad input', async () => {
    const contact = await makeContact(t.db, client.id);
    const url = `/api/v1/clients/${client.id}/portal-invitations`;
    expect((await t.api('POST', url, '{"contact_id":')).status).toBe(400);
    expect((await t.api('POST', '/api/v1/clients/99999/portal-invitations', { contact_id: contact.id, method: 'link' })).status).toBe(404);
    expect((await t.api('POST', '/api/v1/clients/abc/portal-invitations', { contact_id: contact.id, method: 'link' })).status).toBe(404);
    const cases: Array<[unknown, string]> = [
      [{}, 'contact_id'],
      [[], '_'],
      [{ contact_id: 'x', method: 'link' }, 'contact_id'],
      [{ contact_id: contact.id, method: 'fax' }, 'method'],
      [{ contact_id: contact.id, method: 'link', role: 'admin' }, 'role'],
      [{ contact_id: contact.id, method: 'link', language: 'de' }, 'language'],
      [{ contact_id: contact.id, method: 'password' }, 'password'],
      [{ contact_id: contact.id, method: 'password', password: 'short' }, 'password'],
      [{ contact_id: contact.id, method: 'password', password: 12345678 }, 'password'],
      [{ contact_id: 99999, method: 'link' }, 'contact_id'],
    ];
    for (const [body, field] of cases) {
      const res = await t.api('POST', url, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const json = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(json.error.code).toBe('validation_failed');
      expect(Object.keys(json.error.fields), JSON.stringify(body)).toContain(field);
    }
    expect(await t.db.selectFrom('portal_invitations').selectAll().execute()).toEqual([]);
  });

  it('answers 409 for a person who already has access', async () => {
    const member = await makePortalMember(t, client.id, { signIn: 'direct' });
    const res = await t.api('POST', `/api/v1/clients/${client.id}/portal-invitations`, { contact_id: member.contactId, method: 'link' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('already_member');
  });

  it('acts as the token’s staff member: 403 until their email is verified', async () => {
    await t.apiToken();
    await t.db.updateTable('staff_users').set({ email_verified_at: null }).execute();
    const contact = await makeContact(t.db, client.id);
    const res = await t.api('POST', `/api/v1/clients/${client.id}/portal-invitations`, { contact_id: contact.id, method: 'link' });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('staff_email_not_verified');
    expect(body.error.message).toContain('Verify your email address');
    expect(await mailsTo(t.db, contact.email)).toEqual([]);
  });

  it('answers 429 with a clear message at the daily cap', async () => {
    await saveFirmSettings(t.db, { invitation_daily_cap: 1 });
    const a = await makeContact(t.db, client.id);
    const b = await makeContact(t.db, client.id);
    expect((await t.api('POST', `/api/v1/clients/${client.id}/portal-invitations`, { contact_id: a.id, method: 'link' })).status).toBe(201);
    const res = await t.api('POST', `/api/v1/clients/${client.id}/portal-invitations`, { contact_id: b.id, method: 'link' });
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: { code: 'daily_invitation_cap', message: 'The firm has sent 1 invitations today, the daily limit. Try again tomorrow.' } });
  });

  it('replays an Idempotency-Key retry without a second invitation or email', async () => {
    const contact = await makeContact(t.db, client.id);
    const url = `/api/v1/clients/${client.id}/portal-invitations`;
    const first = await t.api('POST', url, { contact_id: contact.id, method: 'link' }, { 'Idempotency-Key': 'inv-1' });
    const second = await t.api('POST', url, { contact_id: contact.id, method: 'link' }, { 'Idempotency-Key': 'inv-1' });
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
    expect(await t.db.selectFrom('portal_invitations').selectAll().execute()).toHaveLength(1);
    expect(await mailsTo(t.db, contact.email)).toHaveLength(1);
  });
});

describe('listing and revoking', () => {
  it('lists a client’s invitations with keyset paging', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await makeContact(t.db, client.id);
      ids.push(((await (await t.api('POST', `/api/v1/clients/${client.id}/portal-invitations`, { contact_id: c.id, method: 'link' })).json()) as Json).id as string);
    }
    const other = await makeClient(t.db);
    const oc = await makeContact(t.db, other.id);
    await t.api('POST', `/api/v1/clients/${other.id}/portal-invitations`, { contact_id: oc.id, method: 'link' });

    const page1 = (await (await t.api('GET', `/api/v1/clients/${client.id}/portal-invitations?limit=2`)).json()) as { data: Json[]; next_cursor: string | null };
    expect(page1.data.map((d) => d.id)).toEqual(ids.slice(0, 2));
    expect(page1.next_cursor).not.toBeNull();
    const page2 = (await (await t.api('GET', `/api/v1/clients/${client.id}/portal-invitations?limit=2&cursor=${page1.next_cursor}`)).json()) as { data: Json[]; next_cursor: string | null };
    expect(page2.data.map((d) => d.id)).toEqual(ids.slice(2));
    expect(page2.next_cursor).toBeNull();

    expect((await t.api('GET', '/api/v1/clients/99999/portal-invitations')).status).toBe(404);
    expect((await t.api('GET', `/api/v1/clients/${client.id}/portal-invitations?limit=0`)).status).toBe(400);
    expect((await t.api('GET', `/api/v1/clients/${client.id}/portal-invitations?cursor=!!`)).status).toBe(400);
    const all = (await (await t.api('GET', '/api/v1/portal-invitations')).json()) as { data: Json[] };
    expect(all.data).toHaveLength(4);
    expect((await t.api('GET', `/api/v1/portal-invitations/${ids[0]}`)).status).toBe(200);
    expect((await t.api('GET', '/api/v1/portal-invitations/99999')).status).toBe(404);
  });

  it('revokes: the invitation is revoked and the person’s open session ends at once', async () => {
    const member = await makePortalMember(t, client.id, { signIn: 'direct' });
    // An accepted member's invitation, as the invite flow would leave it.
    const membership = await t.db.selectFrom('portal_memberships').selectAll().where('id', '=', member.membershipId).executeTakeFirstOrThrow();
    const invitation = await t.db.insertInto('portal_invitations').values({
      client_id: client.id, contact_id: member.contactId, membership_id: membership.id, email: member.email, token_hash: 'h'.repeat(64), method: 'link', role: 'accounts', language: 'en',
      status: 'accepted', expires_at: '2099-01-01T00:00:00.000Z', sent_by: null, accepted_at: '2026-01-01T00:00:00.000Z', revoked_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    expect((await t.get('/portal', member.cookie)).status).toBe(200);

    const res = await t.api('POST', `/api/v1/portal-invitations/${invitation.id}/revoke`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ id: String(invitation.id), status: 'revoked' });
    expect(body.revoked_at).not.toBeNull();
    const after = await t.get('/portal', member.cookie);
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/portal\/login/);
    const events = await t.db.selectFrom('events').select(['actor_type', 'action']).where('subject_type', 'in', ['portal_invitation', 'portal_membership']).execute();
    expect(events.every((e) => e.actor_type === 'api')).toBe(true);
  });

  it('revokes a pending invitation so its link stops working', async () => {
    const contact = await makeContact(t.db, client.id);
    const created = (await (await t.api('POST', `/api/v1/clients/${client.id}/portal-invitations`, { contact_id: contact.id, method: 'link' })).json()) as Json;
    const token = await latestInviteToken(t.db, contact.email);
    expect((await t.get(`/portal/invite/${token}`)).status).toBe(200);
    expect((await t.api('POST', `/api/v1/portal-invitations/${created.id}/revoke`)).status).toBe(200);
    expect((await t.get(`/portal/invite/${token}`)).status).toBe(404);
    expect(((await (await t.api('GET', `/api/v1/portal-invitations/${created.id}`)).json()) as Json).status).toBe('revoked');
  });

  it('answers 404 when revoking an unknown invitation', async () => {
    expect((await t.api('POST', '/api/v1/portal-invitations/99999/revoke')).status).toBe(404);
    expect((await t.api('POST', '/api/v1/portal-invitations/abc/revoke')).status).toBe(404);
  });
});
