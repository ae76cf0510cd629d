import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password.js';
import { createPortalSession } from '../../src/auth/portal-session.js';
import { sha256Hex } from '../../src/auth/tokens.js';
import type { Client } from '../../src/db/schema.js';
import { acceptPendingInvitationsOnLogin } from '../../src/portal-access/invitations.js';
import { invitePortalUser, listClientPortalAccess, resendInvitation, revokeAccess, revokeInvitation, updateMemberPermissions } from '../../src/portal-access/service.js';
import { ROLE_PRESETS } from '../../src/portal-access/visibility.js';
import { saveFirmSettings } from '../../src/settings/service.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { generatedPasswordIn, latestInviteToken, mailsTo, makeContact, staffOf, unverifiedStaff } from './support.js';

let t: TestApp;
let client: Client;
const ctx = { publicUrl: ORIGIN };

beforeEach(async () => {
  t = await makeTestApp();
  client = await makeClient(t.db, { name: 'Acme Ltd', language: 'el' });
});
afterEach(() => t.close());

describe('inviting a contact', () => {
  it('creates a login, an invited membership with the role preset, a hashed token and a queued email', async () => {
    const { actor } = await staffOf(t);
    const contact = await makeContact(t.db, client.id, { name: 'Maria Papadopoulou', email: 'Maria@Acme.test' });
    const result = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'link', role: 'viewer' }, ctx);
    if (!result.ok) throw new Error(result.error);

    const user = await t.db.selectFrom('portal_users').selectAll().where('id', '=', result.userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: 'maria@acme.test', name: 'Maria Papadopoulou', password_hash: null, language: 'el' });
    expect(result.membership).toMatchObject({ client_id: client.id, contact_id: contact.id, role: 'viewer', status: 'invited', can_view_finances: 1, can_pay: 0 });
    expect(result.invitation).toMatchObject({ status: 'pending', method: 'link', role: 'viewer', language: 'el', email: 'maria@acme.test' });
    // Only the hash is stored; the token (≥128 bits) travels in the email alone.
    expect(result.token.length).toBeGreaterThanOrEqual(26);
    expect(result.invitation.token_hash).toBe(sha256Hex(result.token));
    const dump = JSON.stringify(await t.db.selectFrom('portal_invitations').selectAll().execute());
    expect(dump).not.toContain(result.token);

    const [mail] = await mailsTo(t.db, 'maria@acme.test');
    expect(mail?.template).toBe('portal-invitation');
    expect(mail?.text_body).toContain(`${ORIGIN}/portal/invite/${result.token}`);
    expect(mail?.client_id).toBe(client.id);
    const days = (Date.parse(result.invitation.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const events = await t.db.selectFrom('events').selectAll().where('subject_type', '=', 'portal_invitation').execute();
    expect(events.map((e) => e.action)).toEqual(['sent']);
  });

  it('uses the firm’s expiry days', async () => {
    await saveFirmSettings(t.db, { invitation_expiry_days: 2 });
    const { actor } = await staffOf(t);
    const contact = await makeContact(t.db, client.id);
    const now = new Date('2026-05-01T10:00:00.000Z');
    const result = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'link' }, { ...ctx, now });
    expect(result.ok && result.invitation.expires_at).toBe('2026-05-03T10:00:00.000Z');
  });

  it('adds a membership to the existing login of an email instead of a second login', async () => {
    const { actor } = await staffOf(t);
    const other = await makeClient(t.db, { name: 'Beta SA' });
    const accountant = await makePortalMember(t, other.id, { email: 'books@outside.test', name: 'Outside Accountant' });
    const contact = await makeContact(t.db, client.id, { name: 'Outside Accountant', email: 'BOOKS@outside.test' });
    const result = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'link' }, ctx);
    if (!result.ok) throw new Error(result.error);
    expect(result.userId).toBe(accountant.userId);
    expect(await t.db.selectFrom('portal_users').select('id').where('email', '=', 'books@outside.test').execute()).toHaveLength(1);
    // The login keeps the password its owner has: the invitation is accepted by signing in.
    const user = await t.db.selectFrom('portal_users').selectAll().where('id', '=', accountant.userId).executeTakeFirstOrThrow();
    expect(await verifyPassword(user.password_hash, accountant.password)).toBe(true);
  });

  it('refuses to set a password on a login that is already in use', async () => {
    const { actor } = await staffOf(t);
    const other = await makeClient(t.db);
    await makePortalMember(t, other.id, { email: 'used@outside.test' });
    const contact = await makeContact(t.db, client.id, { email: 'used@outside.test' });
    const result = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'password', password: 'a staff chosen phrase' }, ctx);
    expect(result).toEqual({ ok: false, error: 'Invalid', errors: { method: 'access:errors.existing_login' } });
  });

  it('refuses a contact of another client, and a person who already has access', async () => {
    const { actor } = await staffOf(t);
    const other = await makeClient(t.db);
    const foreign = await makeContact(t.db, other.id);
    expect(await invitePortalUser(t.db, actor, { clientId: client.id, contactId: foreign.id, method: 'link' }, ctx)).toEqual({
      ok: false, error: 'Invalid', errors: { contact_id: 'access:errors.contact_unknown' },
    });
    const member = await makePortalMember(t, client.id);
    expect(await invitePortalUser(t.db, actor, { clientId: client.id, contactId: member.contactId, method: 'link' }, ctx)).toEqual({ ok: false, error: 'AlreadyMember' });
    expect(await t.db.selectFrom('mail_outbox').selectAll().execute()).toEqual([]);
  });

  it('refuses staff whose email is not verified, writing nothing', async () => {
    const { actor } = await unverifiedStaff(t);
    const contact = await makeContact(t.db, client.id);
    const result = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'link' }, ctx);
    expect(result).toEqual({ ok: false, error: 'StaffEmailNotVerified' });
    expect(await t.db.selectFrom('portal_invitations').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('portal_users').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('mail_outbox').selectAll().execute()).toEqual([]);
  });

  it('stops at the daily cap (UTC day) and starts again the next day', async () => {
    await saveFirmSettings(t.db, { invitation_daily_cap: 2 });
    const { actor } = await staffOf(t);
    const day = new Date('2026-06-01T08:00:00.000Z');
    for (let i = 0; i < 2; i++) {
      const contact = await makeContact(t.db, client.id);
      expect((await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'link' }, { ...ctx, now: day })).ok).toBe(true);
    }
    const third = await makeContact(t.db, client.id);
    const refused = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: third.id, method: 'link' }, { ...ctx, now: new Date('2026-06-01T23:59:00.000Z') });
    expect(refused).toEqual({ ok: false, error: 'DailyCapReached', cap: 2 });
    expect(await mailsTo(t.db, third.email)).toEqual([]);
    const nextDay = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: third.id, method: 'link' }, { ...ctx, now: new Date('2026-06-02T00:00:01.000Z') });
    expect(nextDay.ok).toBe(true);
  });

  it('emails a generated password that must be changed and expires in 3 days', async () => {
    const { actor } = await staffOf(t);
    const contact = await makeContact(t.db, client.id, { email: 'gen@acme.test' });
    const now = new Date();
    const result = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'generated' }, { ...ctx, now });
    if (!result.ok) throw new Error(result.error);
    const user = await t.db.selectFrom('portal_users').selectAll().where('id', '=', result.userId).executeTakeFirstOrThrow();
    expect(user.must_change_password).toBe(1);
    expect(user.password_expires_at).toBe(new Date(now.getTime() + 3 * 86_400_000).toISOString());
    const password = await generatedPasswordIn(t.db, 'gen@acme.test');
    expect(await verifyPassword(user.password_hash, password)).toBe(true);
    expect(user.password_hash).not.toContain(password);
  });

  it('sets a staff-chosen password that must be changed, and does not email it', async () => {
    const { actor } = await staffOf(t);
    const contact = await makeContact(t.db, client.id, { email: 'pw@acme.test' });
    const result = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'password', password: 'agreed on the phone' }, ctx);
    if (!result.ok) throw new Error(result.error);
    const user = await t.db.selectFrom('portal_users').selectAll().where('id', '=', result.userId).executeTakeFirstOrThrow();
    expect(await verifyPassword(user.password_hash, 'agreed on the phone')).toBe(true);
    expect(user.must_change_password).toBe(1);
    const [mail] = await mailsTo(t.db, 'pw@acme.test');
    expect(mail?.text_body).not.toContain('agreed on the phone');
  });

  it('refuses a contact address that mail cannot be sent to', async () => {
    const { actor } = await staffOf(t);
    const contact = await makeContact(t.db, client.id, { email: 'a,b@acme.test' });
    expect(await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'link' }, ctx)).toEqual({
      ok: false, error: 'Invalid', errors: { contact_id: 'access:errors.contact_bad_email' },
    });
  });

  it('writes nothing when the email cannot be queued (the mail is part of the same transaction)', async () => {
    const { actor } = await staffOf(t);
    const contact = await makeContact(t.db, client.id, { email: 'odd@acme.test' });
    // The outbox insert (the last step of an invitation) fails: everything written before it rolls back.
    await sql`CREATE TRIGGER outbox_down BEFORE INSERT ON mail_outbox BEGIN SELECT RAISE(ABORT, 'outbox down'); END`.execute(t.db);
    await expect(invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'link' }, ctx)).rejects.toThrow();
    expect(await t.db.selectFrom('portal_invitations').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('portal_memberships').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('portal_users').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('events').selectAll().where('subject_type', '=', 'portal_invitation').execute()).toEqual([]);
    expect(await t.db.selectFrom('mail_outbox').selectAll().execute()).toEqual([]);
  });
});

describe('resending and revoking', () => {
  it('resends with a new token and revokes the older pending invitation', async () => {
    const { actor } = await staffOf(t);
    const contact = await makeContact(t.db, client.id);
    const first = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'link' }, ctx);
    if (!first.ok) throw new Error(first.error);
    const again = await resendInvitation(t.db, actor, first.membership.id, ctx);
    if (!again.ok) throw new Error(again.error);
    expect(again.token).not.toBe(first.token);
    const rows = await t.db.selectFrom('portal_invitations').select(['id', 'status']).orderBy('id').execute();
    expect(rows.map((r) => r.status)).toEqual(['revoked', 'pending']);
    expect(await latestInviteToken(t.db, contact.email)).toBe(again.token);
  });

  it('refuses to resend for someone who is already in', async () => {
    const { actor } = await staffOf(t);
    const member = await makePortalMember(t, client.id);
    expect(await resendInvitation(t.db, actor, member.membershipId, ctx)).toEqual({ ok: false, error: 'NotInvited' });
  });

  it('revokes access: membership revoked, pending invitations revoked, sessions ended when no client is left', async () => {
    const { actor } = await staffOf(t);
    const member = await makePortalMember(t, client.id, { signIn: 'direct' });
    expect(await t.db.selectFrom('portal_sessions').selectAll().where('portal_user_id', '=', member.userId).execute()).toHaveLength(1);
    const result = await revokeAccess(t.db, actor, member.membershipId);
    expect(result.ok && result.membership.status).toBe('revoked');
    expect(await t.db.selectFrom('portal_sessions').selectAll().where('portal_user_id', '=', member.userId).execute()).toEqual([]);
    const events = await t.db.selectFrom('events').select('action').where('subject_type', '=', 'portal_membership').execute();
    expect(events).toEqual([{ action: 'revoked' }]);
  });

  it('keeps the sessions of a login that still opens another client', async () => {
    const { actor } = await staffOf(t);
    const other = await makeClient(t.db);
    const a = await makePortalMember(t, client.id, { email: 'two@clients.test', signIn: 'direct' });
    await makePortalMember(t, other.id, { email: 'two@clients.test', signIn: 'direct' });
    await revokeAccess(t.db, actor, a.membershipId);
    expect((await t.db.selectFrom('portal_sessions').selectAll().where('portal_user_id', '=', a.userId).execute()).length).toBeGreaterThan(0);
  });

  it('revokes by invitation (API): the invitation and the access both end', async () => {
    const { actor } = await staffOf(t);
    const contact = await makeContact(t.db, client.id);
    const sent = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'link' }, ctx);
    if (!sent.ok) throw new Error(sent.error);
    const result = await revokeInvitation(t.db, actor, sent.invitation.id);
    expect(result.ok && result.invitation.status).toBe('revoked');
    const membership = await t.db.selectFrom('portal_memberships').selectAll().where('id', '=', sent.membership.id).executeTakeFirstOrThrow();
    expect(membership.status).toBe('revoked');
    expect(await revokeInvitation(t.db, actor, 999)).toEqual({ ok: false, error: 'NotFound' });
  });

  it('invites a revoked person again', async () => {
    const { actor } = await staffOf(t);
    const member = await makePortalMember(t, client.id);
    await revokeAccess(t.db, actor, member.membershipId);
    const again = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: member.contactId, method: 'link', role: 'owner' }, ctx);
    expect(again.ok && again.membership).toMatchObject({ id: member.membershipId, status: 'invited', role: 'owner', revoked_at: null });
  });
});

describe('permissions and listing', () => {
  it('updates role and flags, and refuses a revoked membership', async () => {
    const { actor } = await staffOf(t);
    const member = await makePortalMember(t, client.id, { role: 'accounts' });
    const permissions = { ...ROLE_PRESETS.viewer, message: true };
    const result = await updateMemberPermissions(t.db, actor, member.membershipId, { role: 'viewer', permissions });
    expect(result.ok && result.membership).toMatchObject({ role: 'viewer', can_pay: 0, can_message: 1 });
    await revokeAccess(t.db, actor, member.membershipId);
    expect(await updateMemberPermissions(t.db, actor, member.membershipId, { role: 'owner', permissions })).toEqual({ ok: false, error: 'Revoked' });
    expect(await updateMemberPermissions(t.db, actor, 999, { role: 'owner', permissions })).toEqual({ ok: false, error: 'NotFound' });
  });

  it('lists members and invitations with derived statuses', async () => {
    const { actor } = await staffOf(t);
    const contact = await makeContact(t.db, client.id, { name: 'Zoe' });
    const sent = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'link' }, { ...ctx, now: new Date('2026-01-01T00:00:00.000Z') });
    if (!sent.ok) throw new Error(sent.error);
    const member = await makePortalMember(t, client.id, { name: 'Alex' });
    const access = await listClientPortalAccess(t.db, client.id, new Date('2026-02-01T00:00:00.000Z'));
    expect(access.members.map((m) => [m.user_name, m.status])).toEqual([['Alex', 'active'], ['Zoe', 'invited']]);
    expect(access.members[0]?.permissions).toEqual(ROLE_PRESETS.accounts);
    expect(access.members[0]?.id).toBe(member.membershipId);
    expect(access.invitations.map((i) => i.shown_status)).toEqual(['expired']);
  });
});

describe('acceptance at sign-in', () => {
  it('accepts the login’s pending invitations, activates the memberships and notifies staff', async () => {
    const { actor, staff } = await staffOf(t);
    const contact = await makeContact(t.db, client.id, { email: 'gen2@acme.test' });
    const sent = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'generated' }, ctx);
    if (!sent.ok) throw new Error(sent.error);
    const accepted = await t.db.transaction().execute((trx) => acceptPendingInvitationsOnLogin(trx, sent.userId, { publicUrl: ORIGIN }));
    expect(accepted).toEqual([client.id]);
    expect((await t.db.selectFrom('portal_memberships').select('status').where('id', '=', sent.membership.id).executeTakeFirstOrThrow()).status).toBe('active');
    expect((await t.db.selectFrom('portal_invitations').select('status').where('id', '=', sent.invitation.id).executeTakeFirstOrThrow()).status).toBe('accepted');
    const notes = await t.db.selectFrom('notifications').selectAll().execute();
    expect(notes.map((n) => [n.staff_user_id, n.kind, n.link])).toEqual([[staff.id, 'portal_invitation_accepted', `/clients/${client.id}/portal`]]);
    const [toStaff] = await mailsTo(t.db, staff.email);
    expect(toStaff?.template).toBe('portal-invitation-accepted');
    expect(toStaff?.text_body).toContain(`${ORIGIN}/clients/${client.id}/portal`);
    // Nothing left to accept the second time.
    expect(await t.db.transaction().execute((trx) => acceptPendingInvitationsOnLogin(trx, sent.userId))).toEqual([]);
  });

  it('does not accept expired or revoked invitations', async () => {
    const { actor } = await staffOf(t);
    const c1 = await makeContact(t.db, client.id);
    const expired = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: c1.id, method: 'link' }, { ...ctx, now: new Date('2020-01-01T00:00:00.000Z') });
    if (!expired.ok) throw new Error(expired.error);
    expect(await t.db.transaction().execute((trx) => acceptPendingInvitationsOnLogin(trx, expired.userId))).toEqual([]);
    const c2 = await makeContact(t.db, client.id);
    const revoked = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: c2.id, method: 'link' }, ctx);
    if (!revoked.ok) throw new Error(revoked.error);
    await revokeAccess(t.db, actor, revoked.membership.id);
    expect(await t.db.transaction().execute((trx) => acceptPendingInvitationsOnLogin(trx, revoked.userId))).toEqual([]);
    // A session made anyway sees nothing: requirePortal only loads active memberships.
    const token = await createPortalSession(t.db, revoked.userId);
    const res = await t.get('/portal', `stoa_portal=${token}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal/login?reason=no_access');
  });
});
