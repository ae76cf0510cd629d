// SECURITY.md rows 6, 15–19: what a stolen, planted, stale or replayed session cookie gets.

import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { upsertAdmin } from '../../src/auth/service.js';
import { createStaffSession, STAFF_ABSOLUTE_MS, STAFF_IDLE_MS, validateStaffSession } from '../../src/auth/session.js';
import { databaseFile } from '../../src/db/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await upsertAdmin(t.db, { email: 'anna@firm.test', password: 'correct horse battery', name: 'Anna' });
});
afterAll(() => t.close());

async function signIn(cookie?: string): Promise<{ res: Response; cookie: string; setCookie: string }> {
  const res = await t.postForm('/login', { email: 'anna@firm.test', password: 'correct horse battery' }, cookie);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { res, cookie: setCookie.split(';')[0] ?? '', setCookie };
}

async function isSignedIn(cookie: string): Promise<boolean> {
  const res = await t.get('/', cookie);
  if (res.status === 200) return true;
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toMatch(/^\/login/);
  return false;
}

async function annaId(): Promise<number> {
  return (await t.db.selectFrom('staff_users').select('id').where('email', '=', 'anna@firm.test').executeTakeFirstOrThrow()).id;
}

describe('only hashes are stored (row 15)', () => {
  it('keeps no usable session secret or API token in the database file', async () => {
    const { cookie } = await signIn();
    const token = await t.apiToken('anna@firm.test');
    const secret = cookie.split('=')[1]!.split('.')[1]!;
    expect(secret.length).toBeGreaterThanOrEqual(26);
    // Everything SQLite wrote, WAL included, as a thief with a copy of DATA_DIR would see it.
    const file = databaseFile(t.dataDir);
    const dump = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(token.slice(5));
  });

  it('refuses the stored values when they are replayed as a cookie or a bearer token', async () => {
    const { cookie } = await signIn();
    const id = cookie.split('=')[1]!.split('.')[0]!;
    const row = await t.db.selectFrom('staff_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const storedHash = Buffer.from(row.secret_hash).toString('hex');
    expect(await isSignedIn(`stoa_staff=${id}.${storedHash}`)).toBe(false);
    expect(await isSignedIn(`stoa_staff=${id}.${Buffer.from(row.secret_hash).toString('base64url')}`)).toBe(false);
    expect(await isSignedIn(`stoa_staff=${id}`)).toBe(false);
    await t.apiToken('anna@firm.test');
    const tokenRow = await t.db.selectFrom('api_tokens').select('token_hash').executeTakeFirstOrThrow();
    const res = await t.app.request('/api/v1/clients', { headers: { Authorization: `Bearer ${tokenRow.token_hash}` } });
    expect(res.status).toBe(401);
  });
});

describe('session fixation (row 16)', () => {
  it('issues a new session at sign-in and ignores a cookie value planted before it', async () => {
    const planted = 'stoa_staff=attackerchosenid00000000000.attackerchosensecret0000000';
    const { res, cookie } = await signIn(planted);
    expect(res.status).toBe(303);
    expect(cookie).not.toBe(planted);
    expect(await isSignedIn(planted)).toBe(false);
    expect(await isSignedIn(cookie)).toBe(true);
  });

  it("ends the planted session of another account when the victim signs in over it", async () => {
    await upsertAdmin(t.db, { email: 'mallory@firm.test', password: 'mallory horse battery', name: 'Mallory' });
    const attacker = await t.postForm('/login', { email: 'mallory@firm.test', password: 'mallory horse battery' });
    const planted = (attacker.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(await isSignedIn(planted)).toBe(true);
    const { cookie } = await signIn(planted);
    expect(cookie).not.toBe(planted);
    expect(await isSignedIn(planted)).toBe(false);
    const home = await t.get('/', cookie);
    expect(await home.text()).toContain('Anna');
  });
});

describe('idle and absolute expiry (row 17)', () => {
  it('ends a session left idle past the limit', async () => {
    const start = Date.UTC(2026, 0, 5, 9);
    const token = await createStaffSession(t.db, await annaId(), start);
    expect((await validateStaffSession(t.db, token, start + STAFF_IDLE_MS - 1000)).session).not.toBeNull();
    expect((await validateStaffSession(t.db, token, start + STAFF_IDLE_MS - 1000 + STAFF_IDLE_MS)).session).toBeNull();
    // …and for good: going back in time does not revive it.
    expect((await validateStaffSession(t.db, token, start + 1000)).session).toBeNull();
  });

  it('keeps an active session alive (sliding) but never past the absolute cap', async () => {
    const start = Date.UTC(2026, 0, 5, 9);
    const token = await createStaffSession(t.db, await annaId(), start);
    const step = STAFF_IDLE_MS / 2;
    let now = start;
    while (now + step < start + STAFF_ABSOLUTE_MS) {
      now += step;
      expect((await validateStaffSession(t.db, token, now)).session, `at +${(now - start) / 3600000} h`).not.toBeNull();
    }
    expect((await validateStaffSession(t.db, token, start + STAFF_ABSOLUTE_MS)).session).toBeNull();
  });

  it('sends a browser whose session went idle back to sign-in', async () => {
    const { cookie } = await signIn();
    expect(await isSignedIn(cookie)).toBe(true);
    const id = cookie.split('=')[1]!.split('.')[0]!;
    await t.db.updateTable('staff_sessions').set({ last_verified_at: Date.now() - STAFF_IDLE_MS - 1000 }).where('id', '=', id).execute();
    expect(await isSignedIn(cookie)).toBe(false);
  });

  it('sends a browser past the absolute cap back to sign-in even while active', async () => {
    const { cookie } = await signIn();
    const id = cookie.split('=')[1]!.split('.')[0]!;
    await t.db.updateTable('staff_sessions').set({ created_at: Date.now() - STAFF_ABSOLUTE_MS - 1000, last_verified_at: Date.now() }).where('id', '=', id).execute();
    expect(await isSignedIn(cookie)).toBe(false);
  });
});

describe('replay after sign-out, reset or disable (rows 18, 5)', () => {
  it('refuses the cookie after sign-out, on pages, partials and forms', async () => {
    const { cookie } = await signIn();
    const out = await t.postForm('/logout', {}, cookie);
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/stoa_staff=;.*Max-Age=0/i);
    expect(await isSignedIn(cookie)).toBe(false);
    const partial = await t.get('/clients', cookie, { 'HX-Request': 'true' });
    expect(partial.status).toBe(401);
    expect(partial.headers.get('hx-redirect')).toBe('/login?next=%2Fclients');
    const form = await t.postForm('/clients', { name: 'After logout', currency: 'EUR', language: 'en' }, cookie);
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toMatch(/^\/login/);
    expect(await t.db.selectFrom('clients').select('id').where('name', '=', 'After logout').executeTakeFirst()).toBeUndefined();
  });

  it('signs every device out when the password is reset with create-admin', async () => {
    const a = await signIn();
    const b = await signIn();
    await upsertAdmin(t.db, { email: 'anna@firm.test', password: 'a brand new passphrase', name: null });
    expect(await isSignedIn(a.cookie)).toBe(false);
    expect(await isSignedIn(b.cookie)).toBe(false);
    await upsertAdmin(t.db, { email: 'anna@firm.test', password: 'correct horse battery', name: null });
  });

  it('refuses the session of a staff member who was disabled', async () => {
    await upsertAdmin(t.db, { email: 'gone@firm.test', password: 'correct horse battery', name: 'Gone' });
    const res = await t.postForm('/login', { email: 'gone@firm.test', password: 'correct horse battery' });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(await isSignedIn(cookie)).toBe(true);
    await t.db.updateTable('staff_users').set({ disabled_at: new Date().toISOString() }).where('email', '=', 'gone@firm.test').execute();
    expect(await isSignedIn(cookie)).toBe(false);
    const again = await t.postForm('/login', { email: 'gone@firm.test', password: 'correct horse battery' });
    expect(again.status).toBe(400);
  });

  it('treats malformed cookies as signed out, never as an error', async () => {
    for (const value of ['', '.', '..', 'a.b.c', '%E0%A4%A', 'x'.repeat(5000), `${'a'.repeat(65)}.${'b'.repeat(26)}`, 'é.ü', '"quoted"']) {
      const res = await t.get('/clients', `stoa_staff=${value}`);
      expect(res.status, value.slice(0, 20)).toBe(303);
    }
  });
});

describe('cookie attributes (row 19)', () => {
  it('sets HttpOnly, SameSite=Lax, Path=/ and no Domain over http (no Secure flag a browser would drop)', async () => {
    const { setCookie } = await signIn();
    expect(setCookie).toMatch(/^stoa_staff=/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\/(;|$)/i);
    expect(setCookie).not.toMatch(/Domain=/i);
  });

  describe('behind https', () => {
    const HTTPS = 'https://stoa.example';
    let s: TestApp;
    beforeAll(async () => {
      s = await makeTestApp({ PUBLIC_URL: HTTPS });
      await upsertAdmin(s.db, { email: 'anna@firm.test', password: 'correct horse battery', name: 'Anna' });
    });
    afterAll(() => s.close());

    const post = (path: string, body: Record<string, string>, cookie?: string) =>
      s.app.request(HTTPS + path, {
        method: 'POST',
        headers: { Origin: HTTPS, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
        body: new URLSearchParams(body),
      });

    it('uses the __Host- prefix with Secure, HttpOnly, SameSite=Lax, Path=/ and no Domain', async () => {
      const res = await post('/login', { email: 'anna@firm.test', password: 'correct horse battery' });
      expect(res.status).toBe(303);
      const setCookie = res.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^__Host-stoa_staff=/);
      for (const attr of [/;\s*Secure/i, /;\s*HttpOnly/i, /;\s*SameSite=Lax/i, /;\s*Path=\/(;|$)/i]) expect(setCookie).toMatch(attr);
      expect(setCookie).not.toMatch(/Domain=/i);
      const cookie = setCookie.split(';')[0]!;
      expect((await s.app.request(HTTPS + '/', { headers: { Cookie: cookie } })).status).toBe(200);
      // The unprefixed name (which a sibling subdomain could set) is not a session there.
      expect((await s.app.request(HTTPS + '/', { headers: { Cookie: cookie.replace('__Host-', '') } })).status).toBe(303);
      const out = await post('/logout', {}, cookie);
      expect(out.status).toBe(303);
      expect(out.headers.get('set-cookie')).toMatch(/^__Host-stoa_staff=;.*Max-Age=0/i);
      expect((await s.app.request(HTTPS + '/', { headers: { Cookie: cookie } })).status).toBe(303);
    });

    it('refuses the plain-http origin of the same host', async () => {
      const res = await s.app.request(HTTPS + '/login', {
        method: 'POST',
        headers: { Origin: 'http://stoa.example', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'anna@firm.test', password: 'correct horse battery' }),
      });
      expect(res.status).toBe(403);
    });
  });
});

describe('portal paths and the API with a staff cookie (row 6)', () => {
  it('does not accept the staff cookie on the API', async () => {
    const { cookie } = await signIn();
    for (const [method, url] of [['GET', '/api/v1/clients'], ['GET', '/api/v1/invoices'], ['POST', '/api/v1/clients']] as const) {
      const res = await t.app.request(url, { method, headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/json' }, body: method === 'POST' ? '{"name":"x"}' : undefined });
      expect(res.status, url).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it('does not accept the cookie value as a bearer token', async () => {
    const { cookie } = await signIn();
    const res = await t.app.request('/api/v1/clients', { headers: { Authorization: `Bearer ${cookie.split('=')[1]}` } });
    expect(res.status).toBe(401);
  });
});
