import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { openInvoices } from '../../src/ledger/queries.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraftInvoice, makeIssuedInvoice, paymentCounts } from '../helpers/factories.js';

let t: TestApp;
let db: Db;

beforeAll(async () => {
  t = await makeTestApp();
  db = t.db;
});
afterAll(() => t.close());

interface PaymentJson {
  id: string;
  client_id: string;
  amount: number;
  currency: string;
  date: string;
  method: string;
  reference: string | null;
  notes: string | null;
  allocations: Array<{ invoice_id: string; amount: number }>;
  unallocated: number;
  status: string;
  created_at: string;
}

async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function createPayment(body: unknown, headers: Record<string, string> = {}): Promise<{ res: Response; body: PaymentJson }> {
  const res = await t.api('POST', '/api/v1/payments', body, headers);
  return { res, body: await json<PaymentJson>(res.clone()) };
}

describe('POST /api/v1/payments', () => {
  it('records a payment, allocates it oldest due first and answers 201 with the payment', async () => {
    const c = await makeClient(db, { currency: 'EUR' });
    const later = await makeIssuedInvoice(db, c.id, { total: 5000, due_date: '2026-03-01' });
    const older = await makeIssuedInvoice(db, c.id, { total: 4000, due_date: '2026-02-01' });
    const { res, body } = await createPayment({ client_id: String(c.id), amount: 6000, date: '2026-03-05', reference: 'SEPA-1', notes: 'thanks' });
    expect(res.status).toBe(201);
    expect(body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      client_id: String(c.id),
      amount: 6000,
      currency: 'EUR',
      date: '2026-03-05',
      method: 'other',
      reference: 'SEPA-1',
      notes: 'thanks',
      allocations: [{ invoice_id: String(older.id), amount: 4000 }, { invoice_id: String(later.id), amount: 2000 }],
      unallocated: 0,
      status: 'completed',
      created_at: expect.any(String),
      voided_at: null,
      void_reason: null,
    });
  });

  it('applies explicit allocations and keeps the rest as credit', async () => {
    const c = await makeClient(db);
    await makeIssuedInvoice(db, c.id, { total: 5000, due_date: '2026-01-01' });
    const chosen = await makeIssuedInvoice(db, c.id, { total: 5000, due_date: '2026-03-01' });
    const { res, body } = await createPayment({ client_id: c.id, amount: 7000, method: 'card', allocations: [{ invoice_id: String(chosen.id), amount: 5000 }] });
    expect(res.status).toBe(201);
    expect(body.allocations).toEqual([{ invoice_id: String(chosen.id), amount: 5000 }]);
    expect(body.unallocated).toBe(2000);
    expect(body.method).toBe('card');
    const balance = await json(await t.api('GET', `/api/v1/clients/${c.id}/balance`));
    expect(balance).toMatchObject({ client_id: String(c.id), currency: 'EUR', amount_due: 5000, credit: 2000 });
  });

  it('ignores fields it does not accept (status, currency) and takes the client’s currency', async () => {
    const c = await makeClient(db, { currency: 'GBP' });
    const { res, body } = await createPayment({ client_id: c.id, amount: 100, status: 'void', currency: 'USD', unallocated: 0 });
    expect(res.status).toBe(201);
    expect(body.currency).toBe('GBP');
    expect(body.status).toBe('completed');
    expect(body.unallocated).toBe(100);
  });

  it('answers 400 to malformed JSON', async () => {
    const res = await t.api('POST', '/api/v1/payments', '{"client_id": 1,');
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: { code: 'malformed_json', message: expect.any(String) } });
  });

  it('answers 422 with field errors for missing and invalid fields', async () => {
    const before = await paymentCounts(db);
    const res = await t.api('POST', '/api/v1/payments', { amount: 1.5, date: '2026-02-30', method: 'gold', reference: 'x'.repeat(101) });
    expect(res.status).toBe(422);
    const body = await json<{ error: { code: string; fields: Record<string, string> } }>(res);
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields).sort()).toEqual(['amount', 'client_id', 'date', 'method', 'reference']);
    const zero = await t.api('POST', '/api/v1/payments', { client_id: '1', amount: 0 });
    expect((await json<{ error: { fields: Record<string, string> } }>(zero)).error.fields.amount).toBe('must be greater than zero');
    expect(await paymentCounts(db)).toEqual(before);
  });

  it('answers 422 for an unknown client and a date too far ahead', async () => {
    const unknown = await t.api('POST', '/api/v1/payments', { client_id: '999999', amount: 100 });
    expect(unknown.status).toBe(422);
    expect((await json<{ error: { fields: Record<string, string> } }>(unknown)).error.fields).toEqual({ client_id: 'is not a known client' });
    const c = await makeClient(db);
    const future = await t.api('POST', '/api/v1/payments', { client_id: c.id, amount: 100, date: '2099-01-01' });
    expect(future.status).toBe(422);
    expect((await json<{ error: { fields: Record<string, string> } }>(future)).error.fields.date).toMatch(/after today/);
  });

  it.each(['another client’s invoice', 'a draft', 'more than the balance'])('refuses an allocation to %s with 422 and writes nothing', async (which) => {
    const c = await makeClient(db);
    const other = await makeClient(db);
    const invoice =
      which === 'a draft' ? await makeDraftInvoice(db, c.id, { total: 1000 })
      : which === 'another client’s invoice' ? await makeIssuedInvoice(db, other.id, { total: 1000 })
      : await makeIssuedInvoice(db, c.id, { total: 1000 });
    const before = await paymentCounts(db);
    const res = await t.api('POST', '/api/v1/payments', { client_id: c.id, amount: 5000, allocations: [{ invoice_id: invoice.id, amount: 2000 }] });
    expect(res.status).toBe(422);
    const fields = (await json<{ error: { fields: Record<string, string> } }>(res)).error.fields;
    expect(fields).toEqual(which === 'more than the balance' ? { 'allocations.0.amount': "is more than the invoice's balance" } : { 'allocations.0.invoice_id': expect.stringContaining('not an open invoice') });
    expect(await paymentCounts(db)).toEqual(before);
  });

  it('refuses allocations adding up to more than the amount, and bad allocation entries', async () => {
    const c = await makeClient(db);
    const inv = await makeIssuedInvoice(db, c.id, { total: 10000 });
    const over = await t.api('POST', '/api/v1/payments', { client_id: c.id, amount: 100, allocations: [{ invoice_id: inv.id, amount: 200 }] });
    expect((await json<{ error: { fields: Record<string, string> } }>(over)).error.fields).toEqual({ allocations: 'add up to more than the amount' });
    const bad = await t.api('POST', '/api/v1/payments', { client_id: c.id, amount: 100, allocations: [{ invoice_id: 'x', amount: -1 }] });
    expect(bad.status).toBe(422);
    expect(Object.keys((await json<{ error: { fields: Record<string, string> } }>(bad)).error.fields).sort()).toEqual(['allocations.0.amount', 'allocations.0.invoice_id']);
  });

  it('records one payment when a request is retried with the same Idempotency-Key', async () => {
    const c = await makeClient(db);
    const before = await paymentCounts(db);
    const first = await createPayment({ client_id: c.id, amount: 4200 }, { 'Idempotency-Key': 'pay-4200' });
    const retry = await createPayment({ client_id: c.id, amount: 4200 }, { 'Idempotency-Key': 'pay-4200' });
    expect(first.res.status).toBe(201);
    expect(retry.res.status).toBe(201);
    expect(retry.res.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect((await paymentCounts(db)).payments).toBe(before.payments + 1);
    const other = await t.api('POST', '/api/v1/payments', { client_id: c.id, amount: 1 }, { 'Idempotency-Key': 'pay-4200' });
    expect(other.status).toBe(422);
  });

  it('needs a bearer token', async () => {
    const res = await t.app.request('/api/v1/payments', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/v1/payments', () => {
  it('returns one payment by id, and 404 for unknown or malformed ids', async () => {
    const c = await makeClient(db);
    const { body } = await createPayment({ client_id: c.id, amount: 300 });
    const res = await t.api('GET', `/api/v1/payments/${body.id}`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(body);
    expect((await t.api('GET', '/api/v1/payments/999999')).status).toBe(404);
    const bad = await t.api('GET', '/api/v1/payments/abc');
    expect(bad.status).toBe(404);
    expect(await json(bad)).toEqual({ error: { code: 'not_found', message: 'Not found' } });
  });

  it('lists payments by id with cursor paging and a client filter', async () => {
    const c = await makeClient(db);
    const ids: string[] = [];
    for (const amount of [1, 2, 3]) ids.push((await createPayment({ client_id: c.id, amount })).body.id);
    const page1 = await json<{ data: PaymentJson[]; next_cursor: string | null }>(await t.api('GET', `/api/v1/payments?client_id=${c.id}&limit=2`));
    expect(page1.data.map((p) => p.id)).toEqual(ids.slice(0, 2));
    expect(page1.next_cursor).toEqual(expect.any(String));
    const page2 = await json<{ data: PaymentJson[]; next_cursor: string | null }>(await t.api('GET', `/api/v1/payments?client_id=${c.id}&limit=2&cursor=${page1.next_cursor}`));
    expect(page2.data.map((p) => p.id)).toEqual(ids.slice(2));
    expect(page2.next_cursor).toBeNull();
    expect(page2.data[0]).toMatchObject({ amount: 3, allocations: [], unallocated: 3 });
  });

  it('answers 400 to a bad filter, limit or cursor', async () => {
    expect((await t.api('GET', '/api/v1/payments?client_id=abc')).status).toBe(400);
    expect((await t.api('GET', '/api/v1/payments?limit=0')).status).toBe(400);
    expect((await t.api('GET', `/api/v1/payments?cursor=${Buffer.from('after:x').toString('base64url')}`)).status).toBe(400);
  });
});

describe('POST /api/v1/payments/:id/void', () => {
  it('voids the payment, reopening its invoices', async () => {
    const c = await makeClient(db);
    const inv = await makeIssuedInvoice(db, c.id, { total: 2500 });
    const { body } = await createPayment({ client_id: c.id, amount: 2500 });
    expect(await openInvoices(db, c.id)).toEqual([]);
    const res = await t.api('POST', `/api/v1/payments/${body.id}/void`, { reason: 'Bounced' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: body.id, status: 'void', unallocated: 0, void_reason: 'Bounced', allocations: [{ invoice_id: String(inv.id), amount: 2500 }] });
    expect((await openInvoices(db, c.id)).map((i) => i.balance)).toEqual([2500]);
  });

  it('answers 422 without a reason, 409 the second time, 404 for unknown ids and 400 to malformed JSON', async () => {
    const c = await makeClient(db);
    const { body } = await createPayment({ client_id: c.id, amount: 10 });
    const missing = await t.api('POST', `/api/v1/payments/${body.id}/void`, { reason: '  ' });
    expect(missing.status).toBe(422);
    expect((await json<{ error: { fields: Record<string, string> } }>(missing)).error.fields).toEqual({ reason: 'is required' });
    expect((await t.api('POST', `/api/v1/payments/${body.id}/void`, {})).status).toBe(422);
    expect((await t.api('POST', `/api/v1/payments/${body.id}/void`, 'nope')).status).toBe(400);
    expect((await t.api('POST', `/api/v1/payments/${body.id}/void`, { reason: 'Duplicate' })).status).toBe(200);
    const again = await t.api('POST', `/api/v1/payments/${body.id}/void`, { reason: 'Duplicate' });
    expect(again.status).toBe(409);
    expect((await json<{ error: { code: string } }>(again)).error.code).toBe('already_void');
    expect((await t.api('POST', '/api/v1/payments/999999/void', { reason: 'x' })).status).toBe(404);
  });
});

describe('POST /api/v1/payments/:id/allocate', () => {
  it('applies a payment’s credit to invoices issued later, oldest due first', async () => {
    const c = await makeClient(db);
    const { body } = await createPayment({ client_id: c.id, amount: 3000 });
    const inv = await makeIssuedInvoice(db, c.id, { total: 2000 });
    const res = await t.api('POST', `/api/v1/payments/${body.id}/allocate`, {});
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ allocations: [{ invoice_id: String(inv.id), amount: 2000 }], unallocated: 1000 });
    const none = await t.api('POST', `/api/v1/payments/${body.id}/allocate`, {});
    expect(none.status).toBe(409);
    expect((await json<{ error: { code: string } }>(none)).error.code).toBe('no_open_invoices');
  });

  it('refuses invalid allocations with 422 and unknown payments with 404', async () => {
    const c = await makeClient(db);
    const { body } = await createPayment({ client_id: c.id, amount: 3000 });
    const inv = await makeIssuedInvoice(db, c.id, { total: 2000 });
    const res = await t.api('POST', `/api/v1/payments/${body.id}/allocate`, { allocations: [{ invoice_id: inv.id, amount: 2500 }] });
    expect(res.status).toBe(422);
    expect((await t.api('POST', '/api/v1/payments/999999/allocate', {})).status).toBe(404);
  });
});

describe('GET /api/v1/clients/:id/balance', () => {
  it('returns amount due, overdue and credit in the client’s currency', async () => {
    const c = await makeClient(db, { currency: 'USD' });
    await makeIssuedInvoice(db, c.id, { total: 1000, due_date: '2026-01-01' });
    await makeIssuedInvoice(db, c.id, { total: 500, due_date: '2099-01-01' });
    const res = await t.api('GET', `/api/v1/clients/${c.id}/balance`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ client_id: String(c.id), currency: 'USD', amount_due: 1500, overdue: 1000, credit: 0, as_of: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect((await t.api('GET', '/api/v1/clients/999999/balance')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/clients/x/balance')).status).toBe(404);
  });
});
