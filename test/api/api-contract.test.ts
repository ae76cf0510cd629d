import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';

type ErrorBody = { error: { code: string; message: string } };
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('API v1 contract', () => {
  it('answers 401 without a token, with an unknown token, and for a disabled staff user', async () => {
    expect((await t.app.request('/api/v1/clients')).status).toBe(401);
    const unknown = await t.app.request('/api/v1/clients', { headers: { Authorization: 'Bearer stoa_nope' } });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ error: { code: 'unauthorized', message: 'Missing or invalid bearer token' } });
    expect((await t.api('GET', '/api/v1/clients')).status).toBe(200);
    await t.db.updateTable('staff_users').set({ disabled_at: new Date().toISOString() }).execute();
    expect((await t.api('GET', '/api/v1/clients')).status).toBe(401);
    await t.db.updateTable('staff_users').set({ disabled_at: null }).execute();
  });

  it('answers 401 for a revoked token', async () => {
    const token = await t.apiToken('revoke@firm.test');
    await t.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('staff_user_id', '=', t.db.selectFrom('staff_users').select('id').where('email', '=', 'revoke@firm.test')).execute();
    const res = await t.app.request('/api/v1/clients', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });

  it('refuses a cursor it did not issue', async () => {
    for (const cursor of ['%%%', 'abc', Buffer.from('after:-1').toString('base64url')]) {
      const res = await t.api('GET', `/api/v1/clients?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_cursor');
    }
    expect((await t.api('GET', '/api/v1/clients?limit=0')).status).toBe(400);
    expect((await t.api('GET', '/api/v1/clients?limit=201')).status).toBe(400);
  });

  it('replays an Idempotency-Key and refuses the same key with another body', async () => {
    const headers = { 'Idempotency-Key': 'import-42' };
    const first = await t.api('POST', '/api/v1/clients', { name: 'Idempotent Ltd' }, headers);
    const again = await t.api('POST', '/api/v1/clients', { name: 'Idempotent Ltd' }, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    const rows = await t.db.selectFrom('clients').select('id').where('name', '=', 'Idempotent Ltd').execute();
    expect(rows).toHaveLength(1);
    const other = await t.api('POST', '/api/v1/clients', { name: 'Someone Else' }, headers);
    expect(other.status).toBe(422);
    expect((await errorOf(other)).code).toBe('idempotency_key_reused');
  });

  it('answers malformed JSON with 400 and the error shape, and unknown routes with a JSON 404', async () => {
    const bad = await t.api('POST', '/api/v1/clients', '{"name": ');
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('malformed_json');
    const missing = await t.api('GET', '/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('not_found');
  });

  it('does not accept a staff cookie in place of a token', async () => {
    const cookie = await t.staffCookie();
    const res = await t.app.request('/api/v1/clients', { headers: { Cookie: cookie } });
    expect(res.status).toBe(401);
  });
});
