import { hashPassword } from '../auth/password.js';
import { invalidatePortalUserSessions } from '../auth/portal-session.js';
import { randomToken, sha256Hex } from '../auth/tokens.js';
import type { Db, Trx } from '../db/index.js';
import type { Client, InvitationMethod, Language, PortalInvitation, PortalMembership, PortalUser, StaffUser } from '../db/schema.js';
import { recordEvent, type Actor } from '../events/service.js';
import { isMailAddress } from '../mail/headers.js';
import { enqueueMail } from '../mail/outbox.js';
import type { TemplateData } from '../mail/templates.js';
import { getFirmSettings } from '../settings/service.js';
import {
  checkInvitation, daysLater, generatePassword, GENERATED_PASSWORD_DAYS, invitationExpiry, invitationStatus, isEstablishedLogin, utcDayStart,
  type InvitationErrors, type InvitationStatus, type RawInvitation,
} from './invitation-rules.js';
import {
  countActiveMemberships, countInvitationsSince, findClientContact, findInvitation, findMembership, findMembershipOf, findPortalUser,
  findPortalUserByEmail, findStaffUser, insertInvitation, insertMembership, insertPortalUser, latestInvitationOf, listInvitations,
  listMembers, revokePendingInvitations, updateMembership, updatePortalUser, type InvitationRow, type MemberRow,
} from './membership-queries.js';
import { permissionColumns, permissionsOf, type Permissions, type Role } from './visibility.js';

/** What sending an invitation needs besides the request: where links point (PUBLIC_URL only, never the Host header). */
export interface InviteContext {
  publicUrl: string;
  firmName?: string;
  /** The current instant (tests fix it). */
  now?: Date;
}

/** Why an invitation was not sent. */
export type InviteFailure =
  | { ok: false; error: 'NotFound' }
  | { ok: false; error: 'Invalid'; errors: InvitationErrors }
  | { ok: false; error: 'StaffEmailNotVerified' }
  | { ok: false; error: 'DailyCapReached'; cap: number }
  | { ok: false; error: 'AlreadyMember' }
  | { ok: false; error: 'NotInvited' };

/** A sent invitation. `token` is for the email only: it is never stored or shown. */
export interface InviteSuccess { ok: true; invitation: PortalInvitation; membership: PortalMembership; userId: number; token: string }

/** Tokens of invitations: 32 characters of 5 bits (160 bits). */
const TOKEN_LENGTH = 32;

/** The absolute link of an invitation token (built from PUBLIC_URL only). */
export function invitationLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/portal/invite/${token}`;
}

function invitationLabel(name: string, email: string): string {
  return `${name} <${email}>`;
}

/** Staff may invite only once their own email is verified. */
async function verifiedStaff(trx: Db | Trx, actor: Actor): Promise<StaffUser | null> {
  if (actor.id === null) return null;
  const staff = await findStaffUser(trx, actor.id);
  return staff && staff.email_verified_at && !staff.disabled_at ? staff : null;
}

/** True when the firm may still send an invitation today (UTC). */
async function underDailyCap(trx: Db | Trx, cap: number, now: Date): Promise<boolean> {
  return (await countInvitationsSince(trx, utcDayStart(now))) < cap;
}

interface IssueInput {
  client: Client;
  user: PortalUser;
  membership: PortalMembership;
  contactId: number | null;
  inviteeName: string;
  method: InvitationMethod;
  role: Role;
  language: Language;
  staff: StaffUser;
  generatedPassword: string | null;
  action: 'sent' | 'resent';
}

/** Revokes older pending invitations of the membership, writes the new one, records it and enqueues its email. */
async function issueInvitation(trx: Trx, actor: Actor, input: IssueInput, ctx: InviteContext & { now: Date; expiryDays: number }): Promise<{ invitation: PortalInvitation; token: string }> {
  const nowIso = ctx.now.toISOString();
  await revokePendingInvitations(trx, input.membership.id, nowIso);
  const token = randomToken(TOKEN_LENGTH);
  const invitation = await insertInvitation(trx, {
    client_id: input.client.id,
    contact_id: input.contactId,
    membership_id: input.membership.id,
    email: input.user.email,
    token_hash: sha256Hex(token),
    method: input.method,
    role: input.role,
    language: input.language,
    status: 'pending',
    expires_at: invitationExpiry(ctx.now, input.method, ctx.expiryDays),
    sent_by: input.staff.id,
    accepted_at: null,
    revoked_at: null,
    created_at: nowIso,
  });
  await recordEvent(trx, actor, {
    clientId: input.client.id,
    subjectType: 'portal_invitation',
    subjectId: invitation.id,
    action: input.action,
    detail: { label: invitationLabel(input.inviteeName, input.user.email), method: input.method, role: input.role },
  });
  const data: TemplateData['portal-invitation'] = {
    clientName: input.client.name,
    inviteeName: input.inviteeName,
    inviterName: input.staff.name,
    method: input.method,
    link: invitationLink(ctx.publicUrl, token),
    ...(input.generatedPassword ? { password: input.generatedPassword } : {}),
    expiresAt: invitation.expires_at,
  };
  await enqueueMail(
    trx,
    { to: [input.user.email], template: 'portal-invitation', language: input.language, data: { ...data }, clientId: input.client.id, subjectType: 'portal_invitation', subjectId: invitation.id },
    { publicUrl: ctx.publicUrl, ...(ctx.firmName ? { firmName: ctx.firmName } : {}) },
  );
  return { invitation, token };
}

/** The password columns for a login invited by `method` (a staff-set or generated password must be changed). */
function passwordColumns(method: InvitationMethod, hash: string | null, now: Date) {
  if (method === 'link') return { password_hash: null, must_change_password: 0, password_expires_at: null };
  return { password_hash: hash, must_change_password: 1, password_expires_at: method === 'generated' ? daysLater(now, GENERATED_PASSWORD_DAYS) : null };
}

/**
 * Invites a contact of a client to the portal. One login per email: an existing login gets a
 * membership of this client instead of a second login. The membership starts 'invited'; the
 * invitation (token stored only as a hash) expires after the firm's expiry days; older pending
 * invitations of the membership stop working; the email is enqueued in the same transaction.
 */
export async function invitePortalUser(db: Db, actor: Actor, raw: { clientId: number } & RawInvitation, ctx: InviteContext): Promise<InviteSuccess | InviteFailure> {
  const now = ctx.now ?? new Date();
  const client = await db.selectFrom('clients').selectAll().where('id', '=', raw.clientId).executeTakeFirst();
  if (!client) return { ok: false, error: 'NotFound' };
  const checked = checkInvitation(raw, client.language);
  if (!(await verifiedStaff(db, actor))) return { ok: false, error: 'StaffEmailNotVerified' };
  if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors };
  const req = checked.value;
  // Hashing is slow: done before the write transaction takes the lock.
  const generated = req.method === 'generated' ? generatePassword() : null;
  const plain = req.method === 'password' ? req.password : generated;
  const hash = plain ? await hashPassword(plain) : null;

  return db.transaction().execute(async (trx): Promise<InviteSuccess | InviteFailure> => {
    const settings = await getFirmSettings(trx);
    const staff = await verifiedStaff(trx, actor);
    if (!staff) return { ok: false, error: 'StaffEmailNotVerified' };
    const contact = await findClientContact(trx, client.id, req.contactId);
    const email = contact?.email.trim().toLowerCase() ?? '';
    if (!contact) return { ok: false, error: 'Invalid', errors: { contact_id: 'access:errors.contact_unknown' } };
    if (!email) return { ok: false, error: 'Invalid', errors: { contact_id: 'access:errors.contact_no_email' } };
    if (!isMailAddress(email)) return { ok: false, error: 'Invalid', errors: { contact_id: 'access:errors.contact_bad_email' } };
    let user = await findPortalUserByEmail(trx, email);
    if (user?.disabled_at) return { ok: false, error: 'Invalid', errors: { contact_id: 'access:errors.login_disabled' } };
    const established = user ? isEstablishedLogin(user, await countActiveMemberships(trx, user.id)) : false;
    if (established && req.method !== 'link') return { ok: false, error: 'Invalid', errors: { method: 'access:errors.existing_login' } };
    let membership = user ? await findMembershipOf(trx, user.id, client.id) : undefined;
    if (membership?.status === 'active') return { ok: false, error: 'AlreadyMember' };
    if (!(await underDailyCap(trx, settings.invitation_daily_cap, now))) return { ok: false, error: 'DailyCapReached', cap: settings.invitation_daily_cap };

    const nowIso = now.toISOString();
    if (!user) {
      user = await insertPortalUser(trx, { email, name: contact.name, language: req.language, last_login_at: null, disabled_at: null, ...passwordColumns(req.method, hash, now) });
    } else if (!established) {
      // Nobody has used this login yet: the newest invitation decides its password.
      await updatePortalUser(trx, user.id, { name: contact.name, language: req.language, updated_at: nowIso, ...passwordColumns(req.method, hash, now) });
    }
    const flags = permissionColumns(req.permissions);
    membership = membership
      ? await updateMembership(trx, membership.id, { contact_id: contact.id, role: req.role, ...flags, status: 'invited', revoked_at: null, updated_at: nowIso })
      : await insertMembership(trx, { portal_user_id: user.id, client_id: client.id, contact_id: contact.id, role: req.role, ...flags, status: 'invited', revoked_at: null });
    const issued = await issueInvitation(
      trx,
      actor,
      { client, user, membership, contactId: contact.id, inviteeName: contact.name, method: req.method, role: req.role, language: req.language, staff, generatedPassword: generated, action: 'sent' },
      { ...ctx, now, expiryDays: settings.invitation_expiry_days },
    );
    return { ok: true, invitation: issued.invitation, membership, userId: user.id, token: issued.token };
  });
}

/**
 * Sends a waiting membership's invitation again with a new token (older links stop working);
 * a generated password is generated anew. Counts towards the daily cap.
 */
export async function resendInvitation(db: Db, actor: Actor, membershipId: number, ctx: InviteContext): Promise<InviteSuccess | InviteFailure> {
  const now = ctx.now ?? new Date();
  const before = await findMembership(db, membershipId);
  if (!before) return { ok: false, error: 'NotFound' };
  const last = await latestInvitationOf(db, membershipId);
  if (!last || before.status !== 'invited') return { ok: false, error: 'NotInvited' };
  if (!(await verifiedStaff(db, actor))) return { ok: false, error: 'StaffEmailNotVerified' };
  const generated = last.method === 'generated' ? generatePassword() : null;
  const hash = generated ? await hashPassword(generated) : null;

  return db.transaction().execute(async (trx): Promise<InviteSuccess | InviteFailure> => {
    const settings = await getFirmSettings(trx);
    const staff = await verifiedStaff(trx, actor);
    if (!staff) return { ok: false, error: 'StaffEmailNotVerified' };
    const membership = await findMembership(trx, membershipId);
    const latest = await latestInvitationOf(trx, membershipId);
    if (!membership || membership.status !== 'invited' || !latest || latest.id !== last.id) return { ok: false, error: 'NotInvited' };
    const user = await findPortalUser(trx, membership.portal_user_id);
    const client = await trx.selectFrom('clients').selectAll().where('id', '=', membership.client_id).executeTakeFirst();
    if (!user || !client) return { ok: false, error: 'NotFound' };
    if (user.disabled_at) return { ok: false, error: 'Invalid', errors: { contact_id: 'access:errors.login_disabled' } };
    if (!(await underDailyCap(trx, settings.invitation_daily_cap, now))) return { ok: false, error: 'DailyCapReached', cap: settings.invitation_daily_cap };
    const established = isEstablishedLogin(user, await countActiveMemberships(trx, user.id));
    // A login that has been used keeps its password: the resent invitation is accepted by signing in.
    const method: InvitationMethod = established ? 'link' : latest.method;
    if (method === 'generated' && hash) {
      await updatePortalUser(trx, user.id, { updated_at: now.toISOString(), ...passwordColumns('generated', hash, now) });
    }
    const issued = await issueInvitation(
      trx,
      actor,
      { client, user, membership, contactId: membership.contact_id, inviteeName: user.name, method, role: membership.role, language: latest.language, staff, generatedPassword: method === 'generated' ? generated : null, action: 'resent' },
      { ...ctx, now, expiryDays: settings.invitation_expiry_days },
    );
    return { ok: true, invitation: issued.invitation, membership, userId: user.id, token: issued.token };
  });
}

/** Ends a membership in one transaction: revoked, pending invitations revoked, sessions ended when no client is left. */
async function revokeMembership(trx: Trx, actor: Actor, membership: PortalMembership, label: string, at: string): Promise<PortalMembership> {
  if (membership.status === 'revoked') return membership;
  const updated = await updateMembership(trx, membership.id, { status: 'revoked', revoked_at: at, updated_at: at });
  await revokePendingInvitations(trx, membership.id, at);
  // requirePortal loads only active memberships, so other sessions lose this client on their next request;
  // with nothing left the login's sessions end now.
  if ((await countActiveMemberships(trx, membership.portal_user_id)) === 0) await invalidatePortalUserSessions(trx, membership.portal_user_id);
  await recordEvent(trx, actor, { clientId: membership.client_id, subjectType: 'portal_membership', subjectId: membership.id, action: 'revoked', detail: { label } });
  return updated;
}

/** Revokes a person's access to a client at once (live sessions included); idempotent. */
export async function revokeAccess(db: Db, actor: Actor, membershipId: number, now = new Date()): Promise<{ ok: true; membership: PortalMembership } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const membership = await findMembership(trx, membershipId);
    if (!membership) return { ok: false, error: 'NotFound' } as const;
    const user = await findPortalUser(trx, membership.portal_user_id);
    const label = user ? invitationLabel(user.name, user.email) : `#${membership.id}`;
    return { ok: true, membership: await revokeMembership(trx, actor, membership, label, now.toISOString()) } as const;
  });
}

/**
 * Revokes an invitation (API): the invitation is marked revoked and the person's access to
 * that client ends at once, sessions included.
 */
export async function revokeInvitation(db: Db, actor: Actor, invitationId: number, now = new Date()): Promise<{ ok: true; invitation: PortalInvitation } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const invitation = await findInvitation(trx, invitationId);
    if (!invitation) return { ok: false, error: 'NotFound' } as const;
    const at = now.toISOString();
    const membership = await findMembership(trx, invitation.membership_id);
    const user = membership ? await findPortalUser(trx, membership.portal_user_id) : undefined;
    const label = invitationLabel(user?.name ?? invitation.email, invitation.email);
    if (membership) await revokeMembership(trx, actor, membership, label, at);
    if (invitation.status !== 'revoked') {
      await trx.updateTable('portal_invitations').set({ status: 'revoked', revoked_at: at }).where('id', '=', invitation.id).execute();
      await recordEvent(trx, actor, { clientId: invitation.client_id, subjectType: 'portal_invitation', subjectId: invitation.id, action: 'revoked', detail: { label } });
    }
    return { ok: true, invitation: (await findInvitation(trx, invitation.id))! } as const;
  });
}

/** Changes a member's role and permission flags (they apply from the member's next request). */
export async function updateMemberPermissions(
  db: Db,
  actor: Actor,
  membershipId: number,
  input: { role: Role; permissions: Permissions },
): Promise<{ ok: true; membership: PortalMembership } | { ok: false; error: 'NotFound' | 'Revoked' }> {
  return db.transaction().execute(async (trx) => {
    const membership = await findMembership(trx, membershipId);
    if (!membership) return { ok: false, error: 'NotFound' } as const;
    if (membership.status === 'revoked') return { ok: false, error: 'Revoked' } as const;
    const now = new Date().toISOString();
    const updated = await updateMembership(trx, membership.id, { role: input.role, ...permissionColumns(input.permissions), updated_at: now });
    const user = await findPortalUser(trx, membership.portal_user_id);
    await recordEvent(trx, actor, {
      clientId: membership.client_id,
      subjectType: 'portal_membership',
      subjectId: membership.id,
      action: 'permissions_updated',
      detail: { label: user ? invitationLabel(user.name, user.email) : `#${membership.id}`, role: input.role, permissions: input.permissions },
    });
    return { ok: true, membership: updated } as const;
  });
}

/** A member as the Portal tab shows them. */
export type MemberView = MemberRow & { permissions: Permissions };
/** An invitation with its derived status. */
export type InvitationView = InvitationRow & { shown_status: InvitationStatus };

/** Who has (or was offered) portal access to a client: memberships and invitations with derived statuses. */
export async function listClientPortalAccess(db: Db, clientId: number, now = new Date()): Promise<{ members: MemberView[]; invitations: InvitationView[] }> {
  const [members, invitations] = await Promise.all([listMembers(db, clientId), listInvitations(db, clientId)]);
  return {
    members: members.map((m) => ({ ...m, permissions: permissionsOf(m) })),
    invitations: invitations.map((i) => ({ ...i, shown_status: invitationStatus(i, now) })),
  };
}

/** A membership with the client it belongs to (404 checks of the Portal tab's actions). */
export async function getMembership(db: Db, membershipId: number): Promise<PortalMembership | null> {
  if (!Number.isSafeInteger(membershipId) || membershipId <= 0) return null;
  return (await findMembership(db, membershipId)) ?? null;
}

/** An invitation by id, or null. */
export async function getInvitation(db: Db, invitationId: number): Promise<PortalInvitation | null> {
  if (!Number.isSafeInteger(invitationId) || invitationId <= 0) return null;
  return (await findInvitation(db, invitationId)) ?? null;
}
