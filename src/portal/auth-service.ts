import { hashPassword, verifyPassword } from '../auth/password.js';
import {
  createPortalSession,
  invalidatePortalSession,
  invalidatePortalUserSessions,
  setActiveClient,
  validatePortalSession,
} from '../auth/portal-session.js';
import { blockedFor, clearFailures, recordFailure, refundAttempt, takeAttempt } from '../auth/rate-limit.js';
import { randomToken, sha256Hex } from '../auth/tokens.js';
import type { Db, Trx } from '../db/index.js';
import type { Language } from '../db/schema.js';
import { enqueueMail } from '../mail/outbox.js';
import type { TemplateData } from '../mail/templates.js';
import { acceptPendingInvitationsOnLogin } from '../portal-access/invitations.js';
import { activeMemberships } from '../portal-access/queries.js';
import { getFirmSettings } from '../settings/service.js';
import { log } from '../util/log.js';
import {
  FORGOT_PER_ADDRESS,
  FORGOT_PER_IP,
  PORTAL_LOGIN_PER_ACCOUNT,
  PORTAL_LOGIN_PER_IP,
  RESET_PER_IP,
  RESET_TOKEN_MS,
  generatedPasswordExpired,
  newPasswordErrors,
  portalLimitKeys,
} from './auth-rules.js';

/** Field errors keyed by form field; values are translation keys. */
export type AuthFieldErrors = Record<string, string>;

/** Outcome of a portal sign-in. */
export type PortalSignInResult =
  | { ok: true; token: string; userId: number; mustChangePassword: boolean }
  | { ok: false; error: 'InvalidCredentials' | 'PasswordExpired' }
  | { ok: false; error: 'TooManyAttempts'; retryAfter: number };

/** Where emails' links start (PUBLIC_URL, never the request's Host). */
export interface MailContext { publicUrl: string }

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Signs a portal user in. Unknown email, wrong password, disabled login and a login without an
 * active membership all give the same answer (a dummy hash keeps the timing alike). On success:
 * pending invitations of this person are accepted, the browser's previous portal session is
 * ended and a new one issued (rotation), last_login_at is stamped — in one transaction.
 */
export async function signInPortal(
  db: Db,
  input: { email: string; password: string; ip: string; previousToken?: string | null },
  mail: MailContext,
  now = Date.now(),
): Promise<PortalSignInResult> {
  const accountKey = portalLimitKeys.loginAccount(input.email);
  const ipKey = portalLimitKeys.loginIp(input.ip);
  // Each attempt is counted before the password is checked (parallel guesses cannot slip past
  // the limit); a successful one is taken back below.
  const wait = Math.max(await takeAttempt(db, accountKey, PORTAL_LOGIN_PER_ACCOUNT, now), await takeAttempt(db, ipKey, PORTAL_LOGIN_PER_IP, now));
  if (wait > 0) {
    log.warn('sign-in blocked', { kind: 'portal', retryAfter: wait });
    return { ok: false, error: 'TooManyAttempts', retryAfter: wait };
  }
  const fail = async (): Promise<PortalSignInResult> => {
    log.warn('sign-in failed', { kind: 'portal' });
    return { ok: false, error: 'InvalidCredentials' };
  };

  const user = await db.selectFrom('portal_users').selectAll().where('email', '=', input.email).executeTakeFirst();
  const usable = user && !user.disabled_at ? user : undefined;
  const valid = await verifyPassword(usable?.password_hash ?? null, input.password);
  if (!usable || !valid) return fail();
  if (generatedPasswordExpired(usable, iso(now))) {
    log.warn('sign-in refused: generated password expired', { kind: 'portal', portalUserId: usable.id });
    return { ok: false, error: 'PasswordExpired' };
  }

  const previous = input.previousToken ? await validatePortalSession(db, input.previousToken, now) : null;
  const token = await db.transaction().execute(async (trx) => {
    await acceptPendingInvitationsOnLogin(trx, usable.id, { publicUrl: mail.publicUrl, now: new Date(now) });
    const memberships = await activeMemberships(trx, usable.id);
    if (memberships.length === 0) return null;
    if (previous?.session) await invalidatePortalSession(trx, previous.session.id);
    const created = await createPortalSession(trx, usable.id, null, now);
    await trx.updateTable('portal_users').set({ last_login_at: iso(now) }).where('id', '=', usable.id).execute();
    return created;
  });
  if (!token) return fail();
  await clearFailures(db, accountKey);
  await refundAttempt(db, ipKey, PORTAL_LOGIN_PER_IP);
  return { ok: true, token, userId: usable.id, mustChangePassword: usable.must_change_password === 1 };
}

/**
 * Ends the portal session behind a cookie token (logout); a token that does not validate is
 * ignored. Returns the language of the login that signed out, if any.
 */
export async function signOutPortal(db: Db, token: string | undefined): Promise<Language | null> {
  if (!token) return null;
  const found = await validatePortalSession(db, token);
  if (!found.session) return null;
  await invalidatePortalSession(db, found.session.id);
  return found.user.language;
}

/** Outcome of a forgot-password request: the same for every address, bar the rate limit. */
export type ForgotResult = { ok: true } | { ok: false; error: 'TooManyAttempts'; retryAfter: number };

/**
 * Starts a password reset. Every request counts against the address and the client address
 * (so the mail queue cannot be flooded); only an enabled login with a membership that is not
 * revoked gets a single-use, one-hour link — the caller answers the same either way.
 */
export async function requestPasswordReset(db: Db, input: { email: string; ip: string }, mail: MailContext, now = Date.now()): Promise<ForgotResult> {
  const addressKey = portalLimitKeys.forgotAddress(input.email);
  const ipKey = portalLimitKeys.forgotIp(input.ip);
  const wait = Math.max(await blockedFor(db, addressKey, now), await blockedFor(db, ipKey, now));
  if (wait > 0) {
    log.warn('password reset blocked', { kind: 'portal', retryAfter: wait });
    return { ok: false, error: 'TooManyAttempts', retryAfter: wait };
  }
  await recordFailure(db, addressKey, FORGOT_PER_ADDRESS, now);
  await recordFailure(db, ipKey, FORGOT_PER_IP, now);

  const user = await db
    .selectFrom('portal_users as u')
    .select(['u.id', 'u.name', 'u.email', 'u.language'])
    .where('u.email', '=', input.email)
    .where('u.disabled_at', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('portal_memberships as m').select('m.id').whereRef('m.portal_user_id', '=', 'u.id').where('m.status', '!=', 'revoked')))
    .executeTakeFirst();
  if (!user) return { ok: true };

  const token = randomToken();
  const firm = await getFirmSettings(db);
  await db.transaction().execute(async (trx) => {
    // Only the newest link works: earlier unused ones are withdrawn.
    await trx.deleteFrom('one_time_tokens').where('kind', '=', 'portal_reset').where('subject_id', '=', user.id).where('used_at', 'is', null).execute();
    await trx
      .insertInto('one_time_tokens')
      .values({ token_hash: sha256Hex(token), kind: 'portal_reset', subject_id: user.id, expires_at: iso(now + RESET_TOKEN_MS), used_at: null })
      .execute();
    const data: TemplateData['portal-password-reset'] = {
      name: user.name,
      link: `${mail.publicUrl}/portal/reset/${token}`,
      expiresInMinutes: RESET_TOKEN_MS / 60_000,
    };
    await enqueueMail(
      trx,
      { to: [user.email], template: 'portal-password-reset', language: user.language, data: { ...data }, subjectType: 'portal_user', subjectId: user.id },
      { publicUrl: mail.publicUrl, firmName: firm.firm_name },
    );
  });
  log.info('password reset sent', { kind: 'portal', portalUserId: user.id });
  return { ok: true };
}

/** The person a reset link is for, while the link is unused and unexpired. */
export interface ResetTarget { userId: number; name: string; email: string; language: Language }

function tokenShaped(token: string): boolean {
  return token.length >= 20 && token.length <= 64 && /^[a-z0-9]+$/.test(token);
}

/** Finds the login a reset token opens: kind portal_reset only, unused, unexpired, login enabled. */
export async function findResetTarget(db: Db | Trx, token: string, now = Date.now()): Promise<ResetTarget | null> {
  if (!tokenShaped(token)) return null;
  const row = await db
    .selectFrom('one_time_tokens as t')
    .innerJoin('portal_users as u', 'u.id', 't.subject_id')
    .select(['u.id', 'u.name', 'u.email', 'u.language'])
    .where('t.token_hash', '=', sha256Hex(token))
    .where('t.kind', '=', 'portal_reset')
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', iso(now))
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ? { userId: row.id, name: row.name, email: row.email, language: row.language } : null;
}

/** Seconds a client address must wait before trying reset links again (0 when it may). */
export function resetBlockedFor(db: Db, ip: string, now = Date.now()): Promise<number> {
  return blockedFor(db, portalLimitKeys.resetIp(ip), now);
}

/** Counts an unknown, used or expired reset link opened from a client address. */
export function recordBadResetLink(db: Db, ip: string, now = Date.now()): Promise<void> {
  return recordFailure(db, portalLimitKeys.resetIp(ip), RESET_PER_IP, now);
}

/** Outcome of setting a password through a reset link. */
export type ResetResult =
  | { ok: true; token: string; userId: number }
  | { ok: false; error: 'InvalidToken' }
  | { ok: false; error: 'Invalid'; fields: AuthFieldErrors; email: string };

/**
 * Sets a new password through a reset link: the token is used up (single use), every session
 * of the login ends, pending invitations are accepted (the link proves the address), the
 * "password changed" notice is queued and a fresh session is issued — in one transaction.
 */
export async function resetPassword(
  db: Db,
  input: { token: string; password: string; passwordConfirm: string },
  mail: MailContext,
  now = Date.now(),
): Promise<ResetResult> {
  const target = await findResetTarget(db, input.token, now);
  if (!target) return { ok: false, error: 'InvalidToken' };
  const fields = newPasswordErrors(input.password, input.passwordConfirm, target.email);
  if (Object.keys(fields).length > 0) return { ok: false, error: 'Invalid', fields, email: target.email };
  const hash = await hashPassword(input.password);
  const firm = await getFirmSettings(db);
  const token = await db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('one_time_tokens')
      .set({ used_at: iso(now) })
      .where('token_hash', '=', sha256Hex(input.token))
      .where('kind', '=', 'portal_reset')
      .where('used_at', 'is', null)
      .where('expires_at', '>', iso(now))
      .executeTakeFirst();
    if (used.numUpdatedRows !== 1n) return null;
    await setPassword(trx, target.userId, hash, now);
    await invalidatePortalUserSessions(trx, target.userId);
    await acceptPendingInvitationsOnLogin(trx, target.userId, { publicUrl: mail.publicUrl, now: new Date(now) });
    await queuePasswordChanged(trx, target, mail, firm.firm_name, now);
    const created = await createPortalSession(trx, target.userId, null, now);
    await trx.updateTable('portal_users').set({ last_login_at: iso(now) }).where('id', '=', target.userId).execute();
    return created;
  });
  if (!token) return { ok: false, error: 'InvalidToken' };
  // The link proved the address: the account's sign-in block, if any, is lifted.
  await clearFailures(db, portalLimitKeys.loginAccount(target.email));
  log.info('portal password reset', { portalUserId: target.userId });
  return { ok: true, token, userId: target.userId };
}

/** Outcome of a member changing their own password. */
export type ChangePasswordResult =
  | { ok: true; token: string }
  | { ok: false; error: 'Invalid'; fields: AuthFieldErrors }
  | { ok: false; error: 'TooManyAttempts'; retryAfter: number };

/**
 * Changes a signed-in member's password: the current one is required (wrong guesses count as
 * failed sign-ins), the new one must pass the password rules. Every session of the login ends and
 * this browser gets a fresh one; the "password changed" notice is queued — in one transaction.
 */
export async function changePortalPassword(
  db: Db,
  input: { userId: number; activeClientId: number | null; current: string; password: string; passwordConfirm: string },
  mail: MailContext,
  now = Date.now(),
): Promise<ChangePasswordResult> {
  const user = await db.selectFrom('portal_users').select(['id', 'name', 'email', 'language', 'password_hash']).where('id', '=', input.userId).executeTakeFirstOrThrow();
  const accountKey = portalLimitKeys.loginAccount(user.email);
  const wait = await blockedFor(db, accountKey, now);
  if (wait > 0) return { ok: false, error: 'TooManyAttempts', retryAfter: wait };

  const fields: AuthFieldErrors = {};
  if (input.current === '') fields.current_password = 'portal_auth:errors.current_required';
  else if (!(await verifyPassword(user.password_hash, input.current))) {
    fields.current_password = 'portal_auth:errors.current_wrong';
    await recordFailure(db, accountKey, PORTAL_LOGIN_PER_ACCOUNT, now);
  }
  Object.assign(fields, newPasswordErrors(input.password, input.passwordConfirm, user.email));
  if (!fields.password && input.password !== '' && input.password === input.current) fields.password = 'portal_auth:errors.password_same';
  if (Object.keys(fields).length > 0) return { ok: false, error: 'Invalid', fields };

  const hash = await hashPassword(input.password);
  const firm = await getFirmSettings(db);
  const token = await db.transaction().execute(async (trx) => {
    await setPassword(trx, user.id, hash, now);
    await invalidatePortalUserSessions(trx, user.id);
    await queuePasswordChanged(trx, { userId: user.id, name: user.name, email: user.email, language: user.language }, mail, firm.firm_name, now);
    return createPortalSession(trx, user.id, input.activeClientId, now);
  });
  log.info('portal password changed', { portalUserId: user.id });
  return { ok: true, token };
}

async function setPassword(trx: Trx, userId: number, hash: string, now: number): Promise<void> {
  await trx
    .updateTable('portal_users')
    .set({ password_hash: hash, must_change_password: 0, password_expires_at: null, updated_at: iso(now) })
    .where('id', '=', userId)
    .execute();
}

async function queuePasswordChanged(trx: Trx, user: ResetTarget, mail: MailContext, firmName: string, now: number): Promise<void> {
  const data: TemplateData['portal-password-changed'] = { name: user.name, when: iso(now) };
  await enqueueMail(
    trx,
    { to: [user.email], template: 'portal-password-changed', language: user.language, data: { ...data }, subjectType: 'portal_user', subjectId: user.userId },
    { publicUrl: mail.publicUrl, firmName },
  );
}

/** Sets the language a portal user reads the portal (and their emails) in. */
export async function setPortalLanguage(db: Db, userId: number, language: Language, now = Date.now()): Promise<void> {
  await db.updateTable('portal_users').set({ language, updated_at: iso(now) }).where('id', '=', userId).execute();
}

/** Switches a session to another client; only one the login has an active membership of. */
export async function switchActiveClient(db: Db, input: { userId: number; sessionId: string; clientId: number }): Promise<{ ok: true } | { ok: false; error: 'NotFound' }> {
  const memberships = await activeMemberships(db, input.userId);
  if (!memberships.some((m) => m.client_id === input.clientId)) return { ok: false, error: 'NotFound' };
  await setActiveClient(db, input.sessionId, input.clientId);
  return { ok: true };
}
