import { describe, expect, it } from 'vitest';
import { backPath, generatedPasswordExpired, looksLikeEmail, newPasswordErrors, normalizeEmail, portalLimitKeys, safePortalPath } from '../../src/portal/auth-rules.js';

describe('where sign-in may send the browser', () => {
  it('follows portal paths', () => {
    expect(safePortalPath('/portal')).toBe('/portal');
    expect(safePortalPath('/portal/settings')).toBe('/portal/settings');
    expect(safePortalPath('/portal/invoices?status=issued&page=2')).toBe('/portal/invoices?status=issued&page=2');
  });

  it('refuses other origins, staff pages and tricks, falling back to the dashboard', () => {
    for (const bad of ['https://evil.example', '//evil.example/portal', '/\\evil.example', '/clients', '/', '/portalx', '/portal/../clients',
      '/portal/login', '/portal/logout', '/portal/reset/abc', 'javascript:alert(1)', '/portal\r\nSet-Cookie: x=1', '', null, undefined]) {
      expect(safePortalPath(bad)).toBe('/portal');
    }
    expect(safePortalPath('https://evil.example', '')).toBe('');
  });
});

describe('where the language switch returns to', () => {
  const origins = ['http://stoa.test'];
  it('prefers the form\'s back path, then a same-origin Referer, always under the portal base', () => {
    expect(backPath('/portal', { back: '/portal/settings' }, origins)).toBe('/portal/settings');
    expect(backPath('/portal', { referer: 'http://stoa.test/portal/invoices?page=2' }, origins)).toBe('/portal/invoices?page=2');
    expect(backPath('/portal', { back: 'https://evil.example/', referer: 'http://stoa.test/portal/settings' }, origins)).toBe('/portal/settings');
  });

  it('never leaves the portal or the origin', () => {
    expect(backPath('/portal', { back: '//evil.example' }, origins)).toBe('/portal');
    expect(backPath('/portal', { back: '/clients/1' }, origins)).toBe('/portal');
    expect(backPath('/portal', { referer: 'https://evil.example/portal/settings' }, origins)).toBe('/portal');
    expect(backPath('/portal', { referer: 'http://stoa.test/' }, origins)).toBe('/portal');
    expect(backPath('/portal', { referer: 'not a url' }, origins)).toBe('/portal');
    expect(backPath('/portal', { back: '/portal/../clients' }, origins)).toBe('/portal');
  });
});

describe('new passwords', () => {
  it('asks for one, refuses short, common and mismatched ones, accepts a long passphrase whole', () => {
    expect(newPasswordErrors('', '', 'a@b.test')).toEqual({ password: 'portal_auth:errors.password_required' });
    expect(newPasswordErrors('short7!', 'short7!', 'a@b.test')).toEqual({ password: 'portal_auth:errors.password_too_short' });
    expect(newPasswordErrors('password123', 'password123', 'a@b.test')).toEqual({ password: 'portal_auth:errors.password_too_common' });
    expect(newPasswordErrors('a@b.test', 'a@b.test', 'a@b.test')).toEqual({ password: 'portal_auth:errors.password_too_common' });
    expect(newPasswordErrors('tidy harbour lamps', 'tidy harbour lamp', 'a@b.test')).toEqual({ password_confirm: 'portal_auth:errors.password_mismatch' });
    const long = 'correct horse battery staple '.repeat(4);
    expect(newPasswordErrors(long, long, 'a@b.test')).toEqual({});
  });

  it('treats a generated password as expired from its deadline on', () => {
    expect(generatedPasswordExpired({ password_expires_at: null }, '2026-03-01T00:00:00.000Z')).toBe(false);
    expect(generatedPasswordExpired({ password_expires_at: '2026-03-02T00:00:00.000Z' }, '2026-03-01T00:00:00.000Z')).toBe(false);
    expect(generatedPasswordExpired({ password_expires_at: '2026-03-01T00:00:00.000Z' }, '2026-03-01T00:00:00.000Z')).toBe(true);
  });
});

describe('emails and rate-limit keys', () => {
  it('compares emails case- and space-insensitively', () => {
    expect(normalizeEmail('  Maria@Client.TEST ')).toBe('maria@client.test');
    expect(looksLikeEmail('maria@client.test')).toBe(true);
    expect(looksLikeEmail('maria')).toBe(false);
    expect(looksLikeEmail('a@b')).toBe(false);
  });

  it('keeps portal keys apart from the staff ones', () => {
    expect(portalLimitKeys.loginAccount('a@b.test')).not.toBe('login:staff:a@b.test');
    expect(portalLimitKeys.loginIp('1.2.3.4')).not.toBe('login:ip:1.2.3.4');
  });
});
