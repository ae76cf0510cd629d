// Idempotency-Key on POST (API.md): a retry with the same key returns the first response and
// creates nothing new — also when the first attempt was cut off by a crash, failed with a 5xx,
// or is still running when the retry comes.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { hashPassword } from '../../src/auth/password.js';
import { sha256Hex } from '../../src/auth/tokens.js';
import { databaseFile, openDatabase, type OpenDatabase } from '../../src/db/index.js';
import type { Client } from '../../src/db/schema.js';
import { getPaymentDetail } from '../../src/payments/service.js';
import { log } from '../../src/util/log.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { mailsTo, makeContact } from '../portal-access/support.js';

// Wrapped so that one test can stop a request half-way and another can fail one after its write.
vi.mock('../../src/auth/password.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/auth/password.js')>();
  return { ...real, hashPassword: vi.fn(real.hashPassword) };
});
vi.mock('../../src/payments/service.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/payments/service.js')>();
  return { ...real, getPaymentDetail: vi.fn(real.getPaymentDetail) };
});

type Json = Record<string, unknown>;
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

let t: TestApp;
let client: Client;
let reopened: OpenDatabase | null = null;

beforeEach(async () => {
  t = await makeTestApp();
  client = await makeClient(t.db, { name: 'Acme Ltd', currency: 'EUR' });
  await t.apiToken(); // created once, before requests run side by side
});
afterEach(async () => {
  await reopened?.close();
  reopened = null;
  await t.close();
});

/** A keyed POST to an app (the test app's own unless another is given). */
async function post(url: string, body: unknown, key: string, app = t.app): Promise<Response> {
  const token = await t.apiToken();
  return app.request(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });
}

describe('a keyed request that never finished', () => {
  it('runs afresh on retry after the process died mid-request, creating one invitation and one email', async () => {
    const contact = await makeContact(t.db, client.id, { email: 'eleni@acme.test' });
    const url = `/api/v1/clients/${client.id}/portal-invitations`;
    const body = { contact_id: contact.id, method: 'password', password: 'correct horse battery staple' };
    vi.mocked(hashPassword).mockClear();

    // The first attempt stops half-way (while hashing the password) and the process dies there.
    vi.mocked(hashPassword).mockImplementationOnce(() => new Promise<string>(() => {}));
    void post(url, body, 'invite-eleni');
    await vi.waitFor(() => expect(hashPassword).toHaveBeenCalled());
    t.database.sqlite.close();

    // The restarted process, on the same database file.
    reopened = openDatabase(databaseFile(t.dataDir));
    const restarted = createApp({ db: reopened.db, config: t.config });
    const retry = await post(url, body, 'invite-eleni', restarted);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(((await retry.json()) as Json).email).toBe('eleni@acme.test');
    expect(await reopened.db.selectFrom('portal_invitations').select('id').execute()).toHaveLength(1);
    expect(await mailsTo(reopened.db, 'eleni@acme.test')).toHaveLength(1);

    const again = await post(url, body, 'invite-eleni', restarted);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await reopened.db.selectFrom('portal_invitations').select('id').execute()).toHaveLength(1);
  });

  it('is not blocked by an in-progress mark an earlier version left when it crashed', async () => {
    const body = { name: 'Orphaned Key Ltd' };
    // What the first attempt left under an earlier version, which marked a key before running the
    // request: the mark, and neither the client nor an answer.
    const { id: tokenId } = await t.db.selectFrom('api_tokens').select('id').executeTakeFirstOrThrow();
    const requestHash = sha256Hex('POST /api/v1/clients\n' + JSON.stringify(body));
    await t.db.insertInto('idempotency_keys').values({ api_token_id: tokenId, key: 'orphan', request_hash: requestHash, status: 0, body: '' }).execute();

    const retry = await post('/api/v1/clients', body, 'orphan');
    expect(retry.status).toBe(201);
    const created = (await retry.json()) as Json;
    expect(created.name).toBe('Orphaned Key Ltd');
    const again = await post('/api/v1/clients', body, 'orphan');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(created);
    expect(await t.db.selectFrom('clients').select('id').where('name', '=', 'Orphaned Key Ltd').execute()).toHaveLength(1);
  });
});

describe('a keyed request answered 500', () => {
  it('keeps nothing it wrote and leaves the key free: the retry records the payment once', async () => {
    const body = { client_id: client.id, amount: 4200, reference: 'half-done' };
    // The payment is written, then building the answer fails.
    vi.mocked(getPaymentDetail).mockRejectedValueOnce(new Error('disk hiccup'));
    const logged = vi.spyOn(log, 'error').mockImplementation(() => {});
    const failed = await post('/api/v1/payments', body, 'pay-once');
    expect(failed.status).toBe(500);
    expect(logged).toHaveBeenCalledWith('unhandled error', expect.objectContaining({ path: '/api/v1/payments' }));
    logged.mockRestore();
    expect(await t.db.selectFrom('payments').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('events').select('id').where('subject_type', '=', 'payment').execute()).toEqual([]);

    const retry = await post('/api/v1/payments', body, 'pay-once');
    expect(retry.status).toBe(201);
    expect(((await retry.json()) as Json).reference).toBe('half-done');
    expect(await t.db.selectFrom('payments').select('id').execute()).toHaveLength(1);
  });
});

describe('keyed requests that meet', () => {
  it('create one record when duplicates arrive together, and all get the same answer', async () => {
    const body = { name: 'Parallel Ltd', email: 'office@parallel.test' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => post('/api/v1/clients', body, 'parallel-1')));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
    expect(await t.db.selectFrom('clients').select('id').where('name', '=', 'Parallel Ltd').execute()).toHaveLength(1);
  });

  it('refuses the same key with another body or on another route with 422, writing nothing', async () => {
    const first = await post('/api/v1/clients', { name: 'First Ltd' }, 'same-key');
    expect(first.status).toBe(201);
    const otherBody = await post('/api/v1/clients', { name: 'Second Ltd' }, 'same-key');
    expect(otherBody.status).toBe(422);
    expect(await errorCode(otherBody)).toBe('idempotency_key_reused');
    const otherRoute = await post('/api/v1/payments', { client_id: client.id, amount: 100 }, 'same-key');
    expect(otherRoute.status).toBe(422);
    expect(await errorCode(otherRoute)).toBe('idempotency_key_reused');
    expect(await t.db.selectFrom('clients').select('id').where('name', '=', 'Second Ltd').execute()).toEqual([]);
    expect(await t.db.selectFrom('payments').select('id').execute()).toEqual([]);
  });

  it('replays a refusal as it was first given', async () => {
    const body = { client_id: client.id, amount: 500, allocations: [{ invoice_id: 999_999, amount: 500 }] };
    const refused = await post('/api/v1/payments', body, 'refused-1');
    expect(refused.status).toBe(422);
    const again = await post('/api/v1/payments', body, 'refused-1');
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await refused.json());
  });

  it('lets requests without a key run every time', async () => {
    const token = await t.apiToken();
    for (let i = 0; i < 2; i++) {
      const res = await t.app.request('/api/v1/clients', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Unkeyed Ltd' }) });
      expect(res.status).toBe(201);
    }
    expect(await t.db.selectFrom('clients').select('id').where('name', '=', 'Unkeyed Ltd').execute()).toHaveLength(2);
  });
});
