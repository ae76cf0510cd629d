// SECURITY.md row 30: after sign-in only same-origin paths are followed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { upsertAdmin } from '../../src/auth/service.js';
import { safeNextPath } from '../../src/web/middleware.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await upsertAdmin(t.db, { email: 'anna@firm.test', password: 'correct horse battery', name: 'Anna' });
});
afterAll(() => t.close());

/** Values of `next` that lead a browser off the site (as they arrive, already URL-decoded). */
const HOSTILE = [
  '//evil.example',
  '//evil.example/clients',
  '/\\evil.example',
  '\\/evil.example',
  '\\\\evil.example',
  'https://evil.example',
  'http:evil.example',
  'HTTPS://evil.example/',
  'javascript:alert(1)',
  ' //evil.example',
  // Browsers drop tabs and newlines anywhere in a URL: these become //evil.example.
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/\\\t/evil.example',
  // A NUL or other control character cannot even go into a Location header.
  '/\u0000/evil.example',
  '/\u001f/evil.example',
  'evil.example',
  '',
];

/** Values of `next` that must be followed (same-origin paths). */
const FRIENDLY = ['/', '/clients', '/clients?q=alpha&page=2', '/invoices/12', '/clients?q=%2F%2Fevil', '/clients/%2F%2Fevil', '/clients?q=Αθήνα'];

function signIn(next: string) {
  return t.postForm('/login', { email: 'anna@firm.test', password: 'correct horse battery', next });
}

describe('open redirect after sign-in', () => {
  for (const next of HOSTILE) {
    it(`goes home instead of following next=${JSON.stringify(next)}`, async () => {
      const res = await signIn(next);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/');
    });
  }

  it('refuses encoded variants of //evil arriving through the sign-in page query string', async () => {
    for (const raw of ['%2F%2Fevil.example', '%2F%5Cevil.example', '/%09/evil.example', '%2F%0A%2Fevil.example', 'https%3A%2F%2Fevil.example', '%252F%252Fevil.example']) {
      const res = await t.get(`/login?next=${raw}`);
      expect(res.status, raw).toBe(200);
      const value = /name="next" value="([^"]*)"/.exec(await res.text())?.[1];
      // Only a same-origin path (or nothing) is carried into the form.
      expect(value === '' || (value?.startsWith('/') && !/^\/[/\\]/.test(value) && !/[\t\n\r]/.test(value ?? '')), `${raw} → ${value}`).toBe(true);
    }
  });

  for (const next of FRIENDLY) {
    it(`follows the same-origin path ${next}`, async () => {
      const res = await signIn(next);
      expect(res.status).toBe(303);
      const location = res.headers.get('location') ?? '';
      expect(location.startsWith('/') && !location.startsWith('//')).toBe(true);
      expect(decodeURI(location)).toBe(next.includes('Αθήνα') ? next : decodeURI(next));
    });
  }

  it('sends a signed-out visitor to sign-in with the page they wanted as a path', async () => {
    const res = await t.get('/clients?q=a%26b');
    expect(res.headers.get('location')).toBe('/login?next=%2Fclients%3Fq%3Da%2526b');
  });

  it('accepts only paths in safeNextPath, for every hostile value', () => {
    for (const next of HOSTILE) expect(safeNextPath(next, '/home'), JSON.stringify(next)).toBe('/home');
    for (const next of FRIENDLY) expect(safeNextPath(next)).toBe(next);
  });
});
