import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { upsertAdmin } from '../../src/auth/service.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await upsertAdmin(t.db, { email: 'anna@firm.test', password: 'correct horse battery', name: 'Anna' });
});
afterAll(() => t.close());

function login(email: string, password: string, headers: Record<string, string> = {}) {
  return t.app.request('/login', {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ email, password }),
  });
}

describe('staff sign-in', () => {
  it('answers /healthz once migrations ran', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    const res = await t.app.request('/clients');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fclients');
  });

  it('signs in with the right password, sets a HttpOnly SameSite cookie and shows the home page', async () => {
    const res = await login('ANNA@firm.test', 'correct horse battery');
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const home = await t.app.request('/', { headers: { Cookie: cookie.split(';')[0]! } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Anna');
  });

  it('gives the same answer for an unknown account and a wrong password', async () => {
    const a = await login('nobody@firm.test', 'whatever-password');
    const b = await login('anna@firm.test', 'wrong-password!');
    expect(a.status).toBe(400);
    expect(b.status).toBe(400);
    const textA = (await a.text()).replace(/nobody@firm.test/g, 'X');
    const textB = (await b.text()).replace(/anna@firm.test/g, 'X');
    expect(textA).toBe(textB);
  });

  it('follows only same-origin paths after sign-in', async () => {
    const res = await t.app.request('/login', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'anna@firm.test', password: 'correct horse battery', next: '//evil.example/x' }),
    });
    expect(res.headers.get('location')).toBe('/');
  });

  it('refuses a sign-in POST from another origin or without Origin', async () => {
    expect((await login('anna@firm.test', 'correct horse battery', { Origin: 'https://evil.example' })).status).toBe(403);
    const noOrigin = await t.app.request('/login', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'email=anna@firm.test' });
    expect(noOrigin.status).toBe(403);
  });

  it('blocks an account after 10 wrong passwords, even with the right one, and says when to retry', async () => {
    await upsertAdmin(t.db, { email: 'bob@firm.test', password: 'correct horse battery', name: 'Bob' });
    for (let i = 0; i < 10; i++) await login('bob@firm.test', 'wrong-password!');
    const blocked = await login('bob@firm.test', 'correct horse battery');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('ends the session on sign-out: the old cookie no longer works', async () => {
    const res = await login('anna@firm.test', 'correct horse battery');
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const out = await t.app.request('/logout', { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie } });
    expect(out.status).toBe(303);
    const after = await t.app.request('/', { headers: { Cookie: cookie } });
    expect(after.status).toBe(303);
  });

  it('sends secure headers with a CSP without unsafe-inline', async () => {
    const res = await t.app.request('/login');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin');
  });
});
