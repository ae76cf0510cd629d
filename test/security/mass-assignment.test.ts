// SECURITY.md row 3: fields a form or JSON body should not carry (ids, owners, totals, numbers,
// statuses, timestamps) are ignored; only allow-listed fields are written.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { buildWorld, type World } from './support.js';

let t: TestApp;
let w: World;
let cookie: string;
beforeAll(async () => {
  t = await makeTestApp();
  w = await buildWorld(t);
  cookie = await t.staffCookie();
});
afterAll(() => t.close());

/** Fields nobody may set through a form or the API, with values that would be noticed. */
const FORGED = {
  id: '999999',
  client_id: '', // set per test to the other client
  status: 'issued',
  total: '1',
  subtotal: '1',
  tax: '0',
  number: 'INV-HACK-0001',
  kind: 'credit_note',
  series_year: '1999',
  seq: '1',
  finalized_at: '2020-01-01T00:00:00.000Z',
  voided_at: '2020-01-01T00:00:00.000Z',
  void_reason: 'forged',
  archived_at: '2020-01-01T00:00:00.000Z',
  created_at: '2000-01-01T00:00:00.000Z',
  updated_at: '2000-01-01T00:00:00.000Z',
  search_text: 'forged',
  client_snapshot: '{"name":"Forged"}',
  role: 'admin',
  staff_user_id: '1',
  password_hash: 'x',
  portal_visible: '1',
  amount_paid: '999999',
  balance: '0',
  unallocated: '0',
};

function forged(extra: Record<string, string> = {}): Record<string, string> {
  return { ...FORGED, client_id: String(w.otherClientId), ...extra };
}

function jsonForged(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '999999', client_id: String(w.otherClientId), status: 'void', total: 1, subtotal: 1, tax: 0, number: 'INV-HACK-0002', kind: 'credit_note',
    currency: 'USD', finalized_at: '2020-01-01T00:00:00.000Z', voided_at: '2020-01-01T00:00:00.000Z', archived_at: '2020-01-01T00:00:00.000Z',
    created_at: '2000-01-01T00:00:00.000Z', search_text: 'forged', client_snapshot: '{}', amount_paid: 999999, balance: 0, unallocated: 0, ...extra,
  };
}

const docRow = (id: number) => t.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('staff forms ignore fields they do not own', () => {
  it('creates a client with only its own fields', async () => {
    const res = await t.postForm('/clients', forged({ name: 'Forms Client', currency: 'EUR', language: 'en' }), cookie);
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('clients').selectAll().where('name', '=', 'Forms Client').executeTakeFirstOrThrow();
    expect(row.id).not.toBe(999999);
    expect(row.archived_at).toBeNull();
    expect(row.created_at.startsWith('2000')).toBe(false);
    expect(row.search_text).not.toBe('forged');
  });

  it('edits a client without archiving it or changing its id or timestamps', async () => {
    const before = await t.db.selectFrom('clients').selectAll().where('id', '=', w.clientId).executeTakeFirstOrThrow();
    const res = await t.postForm(`/clients/${w.clientId}`, forged({ name: 'Alpha Renamed', currency: 'EUR', language: 'en' }), cookie);
    expect(res.status).toBe(303);
    const after = await t.db.selectFrom('clients').selectAll().where('id', '=', w.clientId).executeTakeFirstOrThrow();
    expect(after.name).toBe('Alpha Renamed');
    expect(after.archived_at).toBeNull();
    expect(after.created_at).toBe(before.created_at);
    expect(await t.db.selectFrom('clients').select('name').where('id', '=', w.otherClientId).executeTakeFirstOrThrow()).toEqual({ name: 'Beta Builders' });
  });

  it("adds and edits contacts and projects of the client in the URL, not the one in the body", async () => {
    expect((await t.postForm(`/clients/${w.clientId}/contacts`, forged({ name: 'Form Contact', email: 'fc@alpha.test' }), cookie)).status).toBe(303);
    const contact = await t.db.selectFrom('contacts').selectAll().where('name', '=', 'Form Contact').executeTakeFirstOrThrow();
    expect(contact.client_id).toBe(w.clientId);
    expect(contact.archived_at).toBeNull();
    expect((await t.postForm(`/contacts/${w.contactId}`, forged({ name: 'Maria K', email: 'maria@alpha.test' }), cookie)).status).toBe(303);
    const edited = await t.db.selectFrom('contacts').selectAll().where('id', '=', w.contactId).executeTakeFirstOrThrow();
    expect([edited.client_id, edited.archived_at, edited.name]).toEqual([w.clientId, null, 'Maria K']);

    expect((await t.postForm(`/clients/${w.clientId}/projects`, forged({ name: 'Form Project' }), cookie)).status).toBe(303);
    const project = await t.db.selectFrom('projects').selectAll().where('name', '=', 'Form Project').executeTakeFirstOrThrow();
    expect(project.client_id).toBe(w.clientId);
    expect((await t.postForm(`/projects/${w.projectId}`, forged({ name: 'Audit 2026 b' }), cookie)).status).toBe(303);
    const p = await t.db.selectFrom('projects').selectAll().where('id', '=', w.projectId).executeTakeFirstOrThrow();
    expect([p.client_id, p.archived_at, p.name]).toEqual([w.clientId, null, 'Audit 2026 b']);
  });

  it('creates a draft invoice whose number, status, totals, kind and currency come from the server', async () => {
    const lines = { 'lines.0.description': 'Work', 'lines.0.quantity': '2', 'lines.0.unit_price': '50.00', 'lines.0.tax_rate': '24' };
    const res = await t.postForm('/invoices', { ...forged(lines), client_id: String(w.clientId), currency: 'USD' }, cookie);
    expect(res.status).toBe(303);
    const id = Number(/\/invoices\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1]);
    const doc = await docRow(id);
    expect(doc).toMatchObject({ kind: 'invoice', status: 'draft', number: null, client_id: w.clientId, currency: 'EUR', subtotal: 10000, tax: 2400, total: 12400, finalized_at: null, voided_at: null, client_snapshot: null });
  });

  it('edits a draft invoice without moving it to another client or finalizing it', async () => {
    const lines = { 'lines.0.description': 'Edited', 'lines.0.quantity': '1', 'lines.0.unit_price': '10', 'lines.0.tax_rate': '0' };
    const res = await t.postForm(`/invoices/${w.draftInvoiceId}`, { ...forged(lines), currency: 'USD' }, cookie);
    expect(res.status).toBe(303);
    const doc = await docRow(w.draftInvoiceId);
    expect(doc).toMatchObject({ kind: 'invoice', status: 'draft', number: null, client_id: w.clientId, currency: 'EUR', total: 1000, voided_at: null });
  });

  it('records a payment in the client currency, not void, with the server’s id', async () => {
    const res = await t.postForm('/payments', { ...forged({ amount: '12.34', date: '2026-01-05', method: 'cash', keep_as_credit: '1' }), client_id: String(w.clientId), currency: 'USD' }, cookie);
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('payments').selectAll().where('amount', '=', 1234).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ client_id: w.clientId, currency: 'EUR', voided_at: null, void_reason: null });
    expect(row.id).not.toBe(999999);
  });
});

describe('the API ignores fields it does not own', () => {
  it('creates and patches clients without forged ids, archive dates or timestamps', async () => {
    const created = await t.api('POST', '/api/v1/clients', jsonForged({ name: 'API Client', currency: 'EUR' }));
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string };
    expect(body.id).not.toBe('999999');
    const row = await t.db.selectFrom('clients').selectAll().where('id', '=', Number(body.id)).executeTakeFirstOrThrow();
    expect(row.archived_at).toBeNull();
    expect(row.created_at.startsWith('2000')).toBe(false);
    const patched = await t.api('PATCH', `/api/v1/clients/${body.id}`, jsonForged({ name: 'API Client 2', currency: 'EUR' }));
    expect(patched.status).toBe(200);
    const after = await t.db.selectFrom('clients').selectAll().where('id', '=', Number(body.id)).executeTakeFirstOrThrow();
    expect([after.name, after.archived_at, after.created_at]).toEqual(['API Client 2', null, row.created_at]);
  });

  it('keeps contacts and projects with their client', async () => {
    const contact = await t.api('PATCH', `/api/v1/contacts/${w.contactId}`, jsonForged({ name: 'Maria API' }));
    expect(contact.status).toBe(200);
    expect((await t.db.selectFrom('contacts').select('client_id').where('id', '=', w.contactId).executeTakeFirstOrThrow()).client_id).toBe(w.clientId);
    const project = await t.api('PATCH', `/api/v1/projects/${w.projectId}`, jsonForged({ name: 'Audit API' }));
    expect(project.status).toBe(200);
    const p = await t.db.selectFrom('projects').selectAll().where('id', '=', w.projectId).executeTakeFirstOrThrow();
    expect([p.client_id, p.archived_at]).toEqual([w.clientId, null]);
    const added = await t.api('POST', `/api/v1/clients/${w.clientId}/contacts`, jsonForged({ name: 'Nikos', email: 'nikos@alpha.test' }));
    expect(added.status).toBe(201);
    expect(((await added.json()) as { client_id: string }).client_id).toBe(String(w.clientId));
  });

  it('computes number, status, totals and currency of a new invoice itself', async () => {
    const res = await t.api('POST', '/api/v1/invoices', jsonForged({ client_id: String(w.clientId), lines: [{ description: 'Work', quantity: '1', unit_price: 5000, tax_rate: '24' }] }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string };
    expect(await docRow(Number(body.id))).toMatchObject({ kind: 'invoice', status: 'draft', number: null, currency: 'EUR', subtotal: 5000, tax: 1200, total: 6200, voided_at: null, client_id: w.clientId });
  });

  it('patches only a draft’s own fields: client, status, number and totals stay', async () => {
    for (const [kind, path, id] of [['invoice', 'invoices', w.draftInvoiceId]] as const) {
      const res = await t.api('PATCH', `/api/v1/${path}/${id}`, jsonForged({ notes: 'patched', lines: [{ description: 'API line', quantity: '3', unit_price: 100, tax_rate: '0' }] }));
      expect(res.status, kind).toBe(200);
      expect(await docRow(id)).toMatchObject({ kind, status: 'draft', number: null, client_id: w.clientId, currency: 'EUR', total: 300, notes: 'patched', voided_at: null });
    }
    const issued = await docRow(w.invoiceId);
    const refused = await t.api('PATCH', `/api/v1/invoices/${w.invoiceId}`, jsonForged({ notes: 'x' }));
    expect(refused.status).toBe(409);
    expect(await docRow(w.invoiceId)).toEqual(issued);
  });

  it('records a payment in the client currency and never as void', async () => {
    const res = await t.api('POST', '/api/v1/payments', jsonForged({ client_id: String(w.clientId), amount: 777, method: 'cash', allocations: [] }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; currency: string; status: string };
    expect([body.currency, body.status]).toEqual(['EUR', 'completed']);
    expect(body.id).not.toBe('999999');
  });
});
