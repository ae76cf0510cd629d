// Accepting portal invitations: by the link (the person sets a password) or, for invitations
// that came with a password, at the first successful sign-in.

import { hashPassword, passwordProblem } from '../auth/password.js';
import { createPortalSession, invalidatePortalSession } from '../auth/portal-session.js';
import type { LimitRule } from '../auth/rate-limit.js';
import { sha256Hex } from '../auth/tokens.js';
import type { Db, Trx } from '../db/index.js';
import type { Language, PortalInvitation, PortalUser } from '../db/schema.js';
import { recordEvent, type Actor } from '../events/service.js';
import { enqueueMail } from '../mail/outbox.js';
import { staffMailLanguage } from '../notifications/mail-language.js';
import type { TemplateData } from '../mail/templates.js';
import { getFirmSettings } from '../settings/service.js';
import { log } from '../util/log.js';
import { invitationStatus, isEstablishedLogin, passwordErrorKey } from './invitation-rules.js';
import {
  activeStaffIds, countActiveMemberships, findInvitationByHash, findMembership, findPortalUser, findStaffUser, insertNotifications,
  markInvitationAccepted, pendingInvitationsOfUser, updateMembership, updatePortalUser,
} from './membership-queries.js';

/** Invitation pages per client address: a bad token counts; past the limit the address waits. */
export const INVITE_PER_IP: LimitRule = { limit: 20, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };

/** The rate-limit key of invitation acceptance attempts from one address. */
export function inviteLimitKey(ip: string): string {
  return `invite:ip:${ip}`;
}

/** Longest token accepted in a URL (ours are 32 characters). */
const MAX_TOKEN_LENGTH = 64;

/** What an invitation page shows. */
export type InvitationLookup =
  | {
      ok: true;
      invitation: PortalInvitation;
      user: PortalUser;
      clientName: string;
      /** Sign in instead of setting a password: the invitation came with one, or the login is already in use. */
      signIn: boolean;
    }
  | { ok: false };

/**
 * Finds a usable invitation by its token: known, pending, not expired, its membership still
 * waiting and its login enabled. Unknown, used, revoked and expired all answer the same.
 */
export async function lookupInvitation(db: Db | Trx, token: string, now = new Date()): Promise<InvitationLookup> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return { ok: false };
  const invitation = await findInvitationByHash(db, sha256Hex(token));
  if (!invitation || invitationStatus(invitation, now) !== 'pending') return { ok: false };
  const [membership, user, client] = await Promise.all([
    findMembership(db, invitation.membership_id),
    db.selectFrom('portal_users as u')
      .innerJoin('portal_memberships as m', 'm.portal_user_id', 'u.id')
      .selectAll('u')
      .where('m.id', '=', invitation.membership_id)
      .executeTakeFirst(),
    db.selectFrom('clients').select('name').where('id', '=', invitation.client_id).executeTakeFirst(),
  ]);
  if (!membership || membership.status !== 'invited' || !user || user.disabled_at || !client) return { ok: false };
  const established = isEstablishedLogin(user, await countActiveMemberships(db, user.id));
  return { ok: true, invitation, user, clientName: client.name, signIn: invitation.method !== 'link' || established };
}

/** Why accepting by link failed. */
export type AcceptFailure =
  | { ok: false; error: 'InvalidToken' }
  | { ok: false; error: 'SignInInstead' }
  | { ok: false; error: 'Invalid'; errors: Partial<Record<'password' | 'password_confirm', string>> };

/** Tells staff a person is in: a notification for each active staff member and an email to whoever sent the invitation. */
async function notifyAccepted(trx: Trx, invitation: PortalInvitation, user: PortalUser, clientName: string, publicUrl: string | undefined): Promise<void> {
  const staffIds = await activeStaffIds(trx);
  const link = `/clients/${invitation.client_id}/portal`;
  const data = JSON.stringify({ inviteeName: user.name, email: user.email, clientName });
  await insertNotifications(trx, staffIds.map((id) => ({ staff_user_id: id, portal_user_id: null, client_id: invitation.client_id, kind: 'portal_invitation_accepted', data, link, read_at: null })));
  const sender = invitation.sent_by === null ? undefined : await findStaffUser(trx, invitation.sent_by);
  if (!sender || sender.disabled_at) return;
  if (!publicUrl) {
    log.warn('invitation accepted: no PUBLIC_URL given, staff email skipped', { invitationId: invitation.id });
    return;
  }
  const mail: TemplateData['portal-invitation-accepted'] = { inviteeName: user.name, clientName, link: `${publicUrl.replace(/\/+$/, '')}${link}` };
  // The sender's own language, else the firm's.
  const language = staffMailLanguage(sender, (await getFirmSettings(trx)).default_language);
  await enqueueMail(
    trx,
    { to: [sender.email], template: 'portal-invitation-accepted', language, data: { ...mail }, clientId: invitation.client_id, subjectType: 'portal_invitation', subjectId: invitation.id },
    { publicUrl },
  );
}

/** Marks one invitation accepted and its membership active, records it and tells staff. False when it was taken meanwhile. */
async function acceptOne(trx: Trx, invitation: PortalInvitation, user: PortalUser, clientName: string, at: string, publicUrl: string | undefined): Promise<boolean> {
  if (!(await markInvitationAccepted(trx, invitation.id, at))) return false;
  await updateMembership(trx, invitation.membership_id, { status: 'active', revoked_at: null, updated_at: at });
  const actor: Actor = { type: 'portal', id: user.id, name: user.name };
  await recordEvent(trx, actor, { clientId: invitation.client_id, subjectType: 'portal_invitation', subjectId: invitation.id, action: 'accepted', detail: { label: `${user.name} <${user.email}>` } });
  await notifyAccepted(trx, invitation, user, clientName, publicUrl);
  return true;
}

/**
 * Accepts an invitation by its link: checks the two passwords, sets the login's password, marks
 * the invitation accepted and the membership active, tells staff, ends the browser's previous
 * portal session and opens a new one — all in one transaction. The login's language becomes
 * `language` (the one the page was read in) or else the invitation's. Returns the new session's cookie token.
 */
export async function acceptInvitation(
  db: Db,
  input: { token: string; password: string; passwordConfirm: string; previousSessionId?: string | null; language?: Language | undefined },
  ctx: { publicUrl: string; now?: Date },
): Promise<{ ok: true; sessionToken: string; clientId: number; userId: number } | AcceptFailure> {
  const now = ctx.now ?? new Date();
  const found = await lookupInvitation(db, input.token, now);
  if (!found.ok) return { ok: false, error: 'InvalidToken' };
  if (found.signIn) return { ok: false, error: 'SignInInstead' };
  const problem = passwordProblem(input.password, found.user.email);
  if (input.password === '') return { ok: false, error: 'Invalid', errors: { password: 'validation:required' } };
  if (problem) return { ok: false, error: 'Invalid', errors: { password: passwordErrorKey(problem) } };
  if (input.password !== input.passwordConfirm) return { ok: false, error: 'Invalid', errors: { password_confirm: 'access:errors.password_mismatch' } };
  const hash = await hashPassword(input.password);

  return db.transaction().execute(async (trx) => {
    // Checked again under the write lock: a second request with the same token finds it used.
    const again = await lookupInvitation(trx, input.token, now);
    if (!again.ok || again.invitation.id !== found.invitation.id) return { ok: false, error: 'InvalidToken' } as const;
    if (again.signIn) return { ok: false, error: 'SignInInstead' } as const;
    const at = now.toISOString();
    if (!(await acceptOne(trx, again.invitation, again.user, again.clientName, at, ctx.publicUrl))) return { ok: false, error: 'InvalidToken' } as const;
    await updatePortalUser(trx, again.user.id, { password_hash: hash, must_change_password: 0, password_expires_at: null, last_login_at: at, language: input.language ?? again.invitation.language, updated_at: at });
    if (input.previousSessionId) await invalidatePortalSession(trx, input.previousSessionId);
    const sessionToken = await createPortalSession(trx, again.user.id, again.invitation.client_id, now.getTime());
    return { ok: true, sessionToken, clientId: again.invitation.client_id, userId: again.user.id } as const;
  });
}

/**
 * For the sign-in (and password reset) of a portal login: accepts its pending, unexpired
 * invitations — their memberships become active — and tells staff. Call inside the sign-in's
 * transaction, before loading the active memberships. Pass `publicUrl` (config.publicUrl) so the
 * inviting staff member gets an email too; without it only the in-app notifications are written.
 */
export async function acceptPendingInvitationsOnLogin(trx: Trx, portalUserId: number, opts: { publicUrl?: string; now?: Date } = {}): Promise<number[]> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const user = await findPortalUser(trx, portalUserId);
  if (!user || user.disabled_at) return [];
  const pending = await pendingInvitationsOfUser(trx, portalUserId, at);
  const accepted: number[] = [];
  for (const invitation of pending) {
    if (await acceptOne(trx, invitation, user, invitation.client_name, at, opts.publicUrl)) accepted.push(invitation.client_id);
  }
  return accepted;
}
