import { describe, expect, it } from 'vitest';
import {
  checkInvitation, generatePassword, invitationExpiry, invitationStatus, isEstablishedLogin, permissionsFromForm, resolvePermissions, utcDayStart,
} from '../../src/portal-access/invitation-rules.js';
import { passwordProblem } from '../../src/auth/password.js';
import { ROLE_PRESETS } from '../../src/portal-access/visibility.js';

const NOW = new Date('2026-03-10T15:30:00.000Z');

describe('invitation status', () => {
  it('shows a pending invitation past its expiry as expired', () => {
    expect(invitationStatus({ status: 'pending', expires_at: '2026-03-10T15:29:59.999Z' }, NOW)).toBe('expired');
    expect(invitationStatus({ status: 'pending', expires_at: '2026-03-10T15:30:00.000Z' }, NOW)).toBe('expired');
    expect(invitationStatus({ status: 'pending', expires_at: '2026-03-10T15:30:00.001Z' }, NOW)).toBe('pending');
  });

  it('keeps accepted and revoked invitations as they are, expired or not', () => {
    expect(invitationStatus({ status: 'accepted', expires_at: '2020-01-01T00:00:00.000Z' }, NOW)).toBe('accepted');
    expect(invitationStatus({ status: 'revoked', expires_at: '2099-01-01T00:00:00.000Z' }, NOW)).toBe('revoked');
  });
});

describe('expiry and the daily window', () => {
  it('lets link invitations live for the firm’s expiry days', () => {
    expect(invitationExpiry(NOW, 'link', 7)).toBe('2026-03-17T15:30:00.000Z');
    expect(invitationExpiry(NOW, 'password', 14)).toBe('2026-03-24T15:30:00.000Z');
  });

  it('never lets a generated-password invitation outlive the password (3 days)', () => {
    expect(invitationExpiry(NOW, 'generated', 7)).toBe('2026-03-13T15:30:00.000Z');
    expect(invitationExpiry(NOW, 'generated', 1)).toBe('2026-03-11T15:30:00.000Z');
  });

  it('counts the day from UTC midnight', () => {
    expect(utcDayStart(NOW)).toBe('2026-03-10T00:00:00.000Z');
    expect(utcDayStart(new Date('2026-03-10T23:59:59.999Z'))).toBe('2026-03-10T00:00:00.000Z');
  });
});

describe('generated passwords', () => {
  it('are 20 random characters that pass the password rules', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[a-z2-9]{20}$/);
      expect(passwordProblem(p)).toBeNull();
      seen.add(p);
    }
    expect(seen.size).toBe(50);
  });
});

describe('checking an invitation request', () => {
  it('accepts a link invitation with the default role and the client’s language', () => {
    const r = checkInvitation({ contactId: '12', method: 'link' }, 'el');
    expect(r).toEqual({ ok: true, value: { contactId: 12, method: 'link', password: null, role: 'accounts', language: 'el', permissions: ROLE_PRESETS.accounts } });
  });

  it('refuses a missing contact, an unknown method, role and language', () => {
    const r = checkInvitation({ contactId: 'abc', method: 'sms', role: 'admin', language: 'de' }, 'en');
    expect(r).toEqual({ ok: false, errors: { contact_id: 'access:errors.contact_required', method: 'access:errors.method', role: 'access:errors.role', language: 'validation:language' } });
  });

  it('needs an acceptable password for method password, and ignores one for other methods', () => {
    expect(checkInvitation({ contactId: 1, method: 'password', password: '' }, 'en')).toEqual({ ok: false, errors: { password: 'access:errors.password_required' } });
    expect(checkInvitation({ contactId: 1, method: 'password', password: 'short' }, 'en')).toEqual({ ok: false, errors: { password: 'validation:password_too_short' } });
    expect(checkInvitation({ contactId: 1, method: 'password', password: 'password123' }, 'en')).toEqual({ ok: false, errors: { password: 'validation:password_too_common' } });
    const ok = checkInvitation({ contactId: 1, method: 'password', password: 'a fine long passphrase' }, 'en');
    expect(ok.ok && ok.value.password).toBe('a fine long passphrase');
    const link = checkInvitation({ contactId: 1, method: 'link', password: 'x' }, 'en');
    expect(link.ok && link.value.password).toBeNull();
  });

  it('adjusts the role preset by the given flags', () => {
    const r = checkInvitation({ contactId: 1, method: 'link', role: 'viewer', permissions: { message: true } }, 'en');
    expect(r.ok && r.value.permissions).toEqual({ ...ROLE_PRESETS.viewer, message: true });
  });
});

describe('editing permissions', () => {
  it('reads ticked boxes only', () => {
    expect(permissionsFromForm({ perm_pay: '1', perm_view_finances: '1', role: 'owner' })).toEqual({
      view_finances: true, pay: true, approve: false, raise_tickets: false, message: false, edit_company: false,
    });
  });

  it('applies the new role’s preset when only the role changed', () => {
    const before = { role: 'accounts' as const, permissions: ROLE_PRESETS.accounts };
    expect(resolvePermissions(before, 'viewer', ROLE_PRESETS.accounts)).toEqual(ROLE_PRESETS.viewer);
  });

  it('keeps the ticked boxes when they were changed', () => {
    const before = { role: 'accounts' as const, permissions: ROLE_PRESETS.accounts };
    const ticked = { ...ROLE_PRESETS.accounts, pay: false };
    expect(resolvePermissions(before, 'accounts', ticked)).toEqual(ticked);
    expect(resolvePermissions(before, 'owner', ticked)).toEqual(ticked);
  });
});

describe('established logins', () => {
  it('is a login with a password that signed in or opens another client', () => {
    expect(isEstablishedLogin({ password_hash: null, last_login_at: '2026-01-01T00:00:00Z' }, 1)).toBe(false);
    expect(isEstablishedLogin({ password_hash: 'h', last_login_at: null }, 0)).toBe(false);
    expect(isEstablishedLogin({ password_hash: 'h', last_login_at: '2026-01-01T00:00:00Z' }, 0)).toBe(true);
    expect(isEstablishedLogin({ password_hash: 'h', last_login_at: null }, 1)).toBe(true);
  });
});
