// SECURITY.md rows 6, 10, 15: the JSON API answers only to a live bearer token of an enabled staff member.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { createApiToken, upsertAdmin } from '../../src/auth/service.js';
import { appRoutes, buildWorld, concreteUrl, snapshot, type World } from './support.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await makeTestApp();
  w = await buildWorld(t);
});
afterAll(() => t.close());

async function tokenFor(email: string): Promise<string> {
  await upsertAdmin(t.db, { email, password: 'correct horse battery', name: email.split('@')[0] ?? email });
  const result = await createApiToken(t.db, { email, name: 'sec' });
  if (!result.ok) throw new Error(result.error);
  return result.token;
}

function call(method: string, url: string, headers: Record<string, string>, body?: unknown) {
  return t.app.request(url, {
    method,
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Every API route of the app, with a real record's id. */
function apiRequests(): Array<{ method: string; url: string }> {
  const out: Array<{ method: string; url: string }> = [];
  for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE']) {
    for (const r of appRoutes(t, method).filter((x) => x.path.startsWith('/api/v1/'))) {
      out.push({ method, url: '/api/v1' + concreteUrl(r.path.slice('/api/v1'.length), w) });
    }
  }
  return out;
}

describe('API authentication', () => {
  it('covers every API route of the app', () => {
    const urls = apiRequests().map((r) => `${r.method} ${r.url}`);
    expect(urls).toContain(`POST /api/v1/payments/${w.paymentId}/void`);
    expect(urls.length).toBeGreaterThan(30);
  });

  const BAD: Array<[string, Record<string, string>]> = [
    ['no credentials', {}],
    ['an unknown token', { Authorization: 'Bearer stoa_notarealtokennotarealtokennotareal' }],
    ['an empty bearer', { Authorization: 'Bearer ' }],
    ['another scheme', { Authorization: 'Basic YWRtaW5AZmlybS50ZXN0OmNvcnJlY3QgaG9yc2UgYmF0dGVyeQ==' }],
    ['a token with trailing junk', { Authorization: 'Bearer stoa_x extra' }],
  ];
  for (const [name, headers] of BAD) {
    it(`answers 401 to ${name} on every route and changes nothing`, async () => {
      const before = await snapshot(t.db);
      for (const r of apiRequests()) {
        const res = await call(r.method, r.url, { Origin: ORIGIN, ...headers }, r.method === 'GET' ? undefined : { name: 'x', reason: 'x' });
        expect(res.status, `${r.method} ${r.url}`).toBe(401);
        expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Missing or invalid bearer token' } });
      }
      expect(await snapshot(t.db)).toBe(before);
    });
  }

  it('refuses the token in the query string (tokens do not belong in logs and Referers)', async () => {
    const token = await t.apiToken();
    for (const q of [`access_token=${token}`, `token=${token}`]) expect((await t.app.request(`/api/v1/clients?${q}`)).status).toBe(401);
  });

  it('answers 401 to the token of a disabled staff member (row 10)', async () => {
    const token = await tokenFor('leaver@firm.test');
    expect((await call('GET', '/api/v1/clients', { Authorization: `Bearer ${token}` })).status).toBe(200);
    await t.db.updateTable('staff_users').set({ disabled_at: new Date().toISOString() }).where('email', '=', 'leaver@firm.test').execute();
    expect((await call('GET', '/api/v1/clients', { Authorization: `Bearer ${token}` })).status).toBe(401);
    const write = await call('POST', '/api/v1/clients', { Authorization: `Bearer ${token}` }, { name: 'By a leaver' });
    expect(write.status).toBe(401);
    expect(await t.db.selectFrom('clients').select('id').where('name', '=', 'By a leaver').executeTakeFirst()).toBeUndefined();
  });

  it('answers 401 to a revoked token', async () => {
    const token = await tokenFor('revoked@firm.test');
    await t.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('name', '=', 'sec').where('revoked_at', 'is', null).execute();
    expect((await call('GET', '/api/v1/clients', { Authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('will not mint a token for a disabled staff member', async () => {
    await upsertAdmin(t.db, { email: 'off@firm.test', password: 'correct horse battery', name: 'Off' });
    await t.db.updateTable('staff_users').set({ disabled_at: new Date().toISOString() }).where('email', '=', 'off@firm.test').execute();
    expect((await createApiToken(t.db, { email: 'off@firm.test', name: null })).ok).toBe(false);
  });

  it('accepts the bearer scheme in any case, as RFC 9110 says, and only the exact token', async () => {
    const token = await t.apiToken();
    expect((await call('GET', '/api/v1/clients', { Authorization: `bearer ${token}` })).status).toBe(200);
    expect((await call('GET', '/api/v1/clients', { Authorization: `Bearer ${token.toUpperCase()}` })).status).toBe(401);
    expect((await call('GET', '/api/v1/clients', { Authorization: `Bearer ${token.slice(0, -1)}` })).status).toBe(401);
  });

  it('keeps Idempotency-Key replays to the token that made them', async () => {
    const mine = await t.apiToken();
    const theirs = await tokenFor('second@firm.test');
    const first = await call('POST', '/api/v1/clients', { Authorization: `Bearer ${mine}`, 'Idempotency-Key': 'shared-key' }, { name: 'Mine Only' });
    expect(first.status).toBe(201);
    const other = await call('POST', '/api/v1/clients', { Authorization: `Bearer ${theirs}`, 'Idempotency-Key': 'shared-key' }, { name: 'Mine Only' });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(((await other.json()) as { id: string }).id).not.toBe(((await first.json()) as { id: string }).id);
  });
});
