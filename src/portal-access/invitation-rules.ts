// Pure rules of portal invitations: derived status, expiry instants, the daily window,
// generated passwords and the validation of what staff submit. No I/O.

import { passwordProblem } from '../auth/password.js';
import { randomToken } from '../auth/tokens.js';
import type { InvitationMethod, Language, PortalRole } from '../db/schema.js';
import { ROLE_PRESETS, ROLES, type Permissions, type Role } from './visibility.js';

/** How an invitation lets the person in. */
export const METHODS: readonly InvitationMethod[] = ['link', 'password', 'generated'];

/** The invitation statuses staff see; 'expired' is derived from expires_at. */
export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

/** A generated password works for this long unless it is changed (SECURITY row 23: "expires quickly"). */
export const GENERATED_PASSWORD_DAYS = 3;

/** Length of a generated password (5 bits a character: 100 bits). */
export const GENERATED_PASSWORD_LENGTH = 20;

/** The six permission flags in display order (form checkbox names are `perm_<flag>`). */
export const PERMISSION_FLAGS: ReadonlyArray<keyof Permissions> = ['view_finances', 'pay', 'approve', 'raise_tickets', 'message', 'edit_company'];

/** The status staff see: a pending invitation past its expiry is 'expired'. */
export function invitationStatus(row: { status: 'pending' | 'accepted' | 'revoked'; expires_at: string }, now: Date): InvitationStatus {
  if (row.status === 'pending' && row.expires_at <= now.toISOString()) return 'expired';
  return row.status;
}

/** `days` whole days after `now`, as an ISO timestamp. */
export function daysLater(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}

/** Start of the UTC day of `now` (the daily cap counts invitations created since then). */
export function utcDayStart(now: Date): string {
  return now.toISOString().slice(0, 10) + 'T00:00:00.000Z';
}

/** When an invitation expires: the firm's expiry days, but never after a generated password stops working. */
export function invitationExpiry(now: Date, method: InvitationMethod, expiryDays: number): string {
  const days = method === 'generated' ? Math.min(expiryDays, GENERATED_PASSWORD_DAYS) : expiryDays;
  return daysLater(now, days);
}

/** A strong random password for 'generated' invitations (no look-alike characters). */
export function generatePassword(): string {
  return randomToken(GENERATED_PASSWORD_LENGTH);
}

/** Narrows a string to an invitation method. */
export function isMethod(value: unknown): value is InvitationMethod {
  return typeof value === 'string' && (METHODS as readonly string[]).includes(value);
}

/** Narrows a string to a portal role. */
export function isRole(value: unknown): value is PortalRole {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The translation key of a password problem (validation namespace). */
export function passwordErrorKey(problem: 'too_short' | 'too_long' | 'too_common'): string {
  return `validation:password_${problem}`;
}

/** What staff submitted to invite someone, before it is checked. */
export interface RawInvitation {
  contactId: string | number | null | undefined;
  method: string | null | undefined;
  password?: string | null | undefined;
  role?: string | null | undefined;
  language?: string | null | undefined;
  /** Adjusted permission flags; absent = the role's preset. */
  permissions?: Partial<Permissions> | null | undefined;
}

/** A checked invitation request. */
export interface InvitationRequest {
  contactId: number;
  method: InvitationMethod;
  /** Only for method 'password'. */
  password: string | null;
  role: Role;
  language: Language;
  permissions: Permissions;
}

/** Field errors of an invitation form (values are translation keys). */
export type InvitationErrors = Partial<Record<'contact_id' | 'method' | 'password' | 'role' | 'language', string>>;

/**
 * Checks the parts of an invitation that need no database: a contact id, a known method,
 * role and language, and for method 'password' a password `passwordProblem` accepts.
 */
export function checkInvitation(raw: RawInvitation, defaultLanguage: Language): { ok: true; value: InvitationRequest } | { ok: false; errors: InvitationErrors } {
  const errors: InvitationErrors = {};
  const contactId = typeof raw.contactId === 'number' ? raw.contactId : raw.contactId && /^[1-9]\d{0,14}$/.test(raw.contactId) ? Number(raw.contactId) : null;
  if (contactId === null || !Number.isSafeInteger(contactId)) errors.contact_id = 'access:errors.contact_required';
  const method = raw.method ?? '';
  if (!isMethod(method)) errors.method = 'access:errors.method';
  const role = raw.role === undefined || raw.role === null || raw.role === '' ? 'accounts' : raw.role;
  if (!isRole(role)) errors.role = 'access:errors.role';
  const language = raw.language === undefined || raw.language === null || raw.language === '' ? defaultLanguage : raw.language;
  if (language !== 'en' && language !== 'el') errors.language = 'validation:language';
  let password: string | null = null;
  if (method === 'password') {
    password = raw.password ?? '';
    if (password === '') errors.password = 'access:errors.password_required';
    else {
      const problem = passwordProblem(password);
      if (problem) errors.password = passwordErrorKey(problem);
    }
  }
  if (Object.keys(errors).length > 0 || contactId === null || !isMethod(method) || !isRole(role) || (language !== 'en' && language !== 'el')) {
    return { ok: false, errors };
  }
  return { ok: true, value: { contactId, method, password, role, language, permissions: { ...ROLE_PRESETS[role], ...(raw.permissions ?? {}) } } };
}

/** Permissions ticked in a form: checkboxes named `perm_<flag>` (an unticked box is absent). */
export function permissionsFromForm(body: Record<string, unknown>): Permissions {
  const out = { ...ROLE_PRESETS.viewer };
  for (const flag of PERMISSION_FLAGS) {
    const v = body[`perm_${flag}`];
    out[flag] = v !== undefined && v !== '';
  }
  return out;
}

/** True when two sets of permissions are the same. */
export function samePermissions(a: Permissions, b: Permissions): boolean {
  return PERMISSION_FLAGS.every((f) => a[f] === b[f]);
}

/**
 * The permissions an edit asks for. Changing the role without touching the boxes applies the new
 * role's preset (without JavaScript the boxes still show the old flags); otherwise the boxes win.
 */
export function resolvePermissions(before: { role: Role; permissions: Permissions }, role: Role, ticked: Permissions): Permissions {
  if (role !== before.role && samePermissions(ticked, before.permissions)) return { ...ROLE_PRESETS[role] };
  return ticked;
}

/**
 * An established login has a password its owner chose or has used (it signed in, or it already
 * opens another client). Staff may not set or replace such a password, and an invitation link
 * does not either: the person accepts by signing in with the password they have.
 */
export function isEstablishedLogin(user: { password_hash: string | null; last_login_at: string | null }, activeMemberships: number): boolean {
  return user.password_hash !== null && (user.last_login_at !== null || activeMemberships > 0);
}
