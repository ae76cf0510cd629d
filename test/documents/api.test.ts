import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeIssued, makeProject, oneLine, payInvoice } from './factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

type Json = Record<string, unknown> & { id: string };

async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

async function countDocuments(): Promise<number> {
  const row = await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

const lines = [
  { description: 'Bookkeeping', quantity: '2.5', unit_price: 4000, tax_rate: 24 },
  { description: 'Filing fee', quantity: 1, unit_price: 1500, tax_rate: '0' },
];

describe('POST /invoices', () => {
  it('creates a draft with computed totals and the documented fields', async () => {
    const client = await makeClient(t.db);
    const project = await makeProject(t.db, client);
    const res = await t.api('POST', '/api/v1/invoices', { client_id: String(client), project_id: project, issue_date: '2026-02-01', lines, notes: 'Thanks' });
    expect(res.status).toBe(201);
    const inv = await json(res);
    expect(inv).toMatchObject({
      client_id: String(client),
      project_id: String(project),
      number: null,
      status: 'draft',
      overdue: false,
      issue_date: '2026-02-01',
      due_date: '2026-03-03',
      currency: 'EUR',
      subtotal: 11500,
      tax: 2400,
      total: 13900,
      amount_paid: 0,
      balance: 13900,
      notes: 'Thanks',
      client_snapshot: null,
      finalized_at: null,
    });
    expect(typeof inv.id).toBe('string');
    expect(inv.lines).toEqual([
      { id: expect.any(String), description: 'Bookkeeping', quantity: '2.5', unit_price: 4000, tax_rate: 24, net: 10000, tax: 2400 },
      { id: expect.any(String), description: 'Filing fee', quantity: '1', unit_price: 1500, tax_rate: 0, net: 1500, tax: 0 },
    ]);
    expect(typeof inv.created_at).toBe('string');
  });

  it('finalizes on creation when asked, with number and snapshot', async () => {
    const client = await makeClient(t.db, { name: 'Snapshot SA' });
    const inv = await json(await t.api('POST', '/api/v1/invoices', { client_id: client, issue_date: '2032-01-10', lines, finalize: true }));
    expect(inv).toMatchObject({ number: 'INV-2032-0001', status: 'issued', client_snapshot: { name: 'Snapshot SA', city: 'Athens' } });
    expect(inv.finalized_at).toEqual(expect.any(String));
  });

  it('answers 422 with dotted field paths and writes nothing', async () => {
    const client = await makeClient(t.db);
    const before = await countDocuments();
    const res = await t.api('POST', '/api/v1/invoices', {
      client_id: client,
      lines: [
        { description: 'ok', quantity: '1', unit_price: 100, tax_rate: 24 },
        { description: '', quantity: 'lots', unit_price: 100, tax_rate: 150 },
      ],
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.fields).toEqual({
      'lines.1.description': 'This field is required.',
      'lines.1.quantity': 'Enter a quantity like 1 or 2.5.',
      'lines.1.tax_rate': 'Enter a tax rate in percent, like 24.',
    });
    const typeErrors = await t.api('POST', '/api/v1/invoices', { client_id: client, lines: [{ description: 'x', quantity: 1, unit_price: 1.5 }] });
    expect(typeErrors.status).toBe(422);
    expect(Object.keys(((await typeErrors.json()) as { error: { fields: Record<string, string> } }).error.fields)).toEqual(['lines.0.unit_price']);
    const noLines = await t.api('POST', '/api/v1/invoices', { client_id: client, lines: [] });
    expect(((await noLines.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ lines: 'Add at least one line.' });
    const unknownClient = await t.api('POST', '/api/v1/invoices', { client_id: '999999', lines });
    expect(((await unknownClient.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ client_id: 'Choose a client.' });
    const badDates = await t.api('POST', '/api/v1/invoices', { client_id: client, issue_date: '2026-05-10', due_date: '2026-05-01', lines });
    expect(((await badDates.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ due_date: 'The due date cannot be before the issue date.' });
    expect(await countDocuments()).toBe(before);
  });

  it('answers 400 to malformed JSON', async () => {
    const res = await t.api('POST', '/api/v1/invoices', '{"client_id": 1, "lines": [');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
  });

  it('replays an Idempotency-Key instead of creating a second invoice', async () => {
    const client = await makeClient(t.db);
    const before = await countDocuments();
    const body = { client_id: client, lines };
    const first = await t.api('POST', '/api/v1/invoices', body, { 'Idempotency-Key': 'inv-once-1' });
    const second = await t.api('POST', '/api/v1/invoices', body, { 'Idempotency-Key': 'inv-once-1' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect((await json(second)).id).toBe((await json(first)).id);
    expect(await countDocuments()).toBe(before + 1);
  });
});

describe('invoice lifecycle through the API', () => {
  it('patches drafts only, ignoring fields that are not editable', async () => {
    const client = await makeClient(t.db);
    const other = await makeClient(t.db);
    const inv = await json(await t.api('POST', '/api/v1/invoices', { client_id: client, lines }));
    const patched = await t.api('PATCH', `/api/v1/invoices/${inv.id}`, { notes: 'Updated', status: 'paid', total: 1, client_id: other, lines: [{ description: 'Only', quantity: '3', unit_price: 1000 }] });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({ notes: 'Updated', status: 'draft', client_id: String(client), subtotal: 3000, tax: 720, total: 3720 });
    const badPatch = await t.api('PATCH', `/api/v1/invoices/${inv.id}`, { lines: [{ description: 'x', quantity: '0', unit_price: 1 }] });
    expect(badPatch.status).toBe(422);
    expect(((await badPatch.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ 'lines.0.quantity': 'The quantity cannot be zero.' });

    const fin = await t.api('POST', `/api/v1/invoices/${inv.id}/finalize`);
    expect(fin.status).toBe(200);
    expect((await json(fin)).status).toBe('issued');
    const refused = await t.api('PATCH', `/api/v1/invoices/${inv.id}`, { notes: 'too late' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toEqual({ code: 'not_draft', message: expect.stringContaining('Only drafts') });
    expect((await t.api('POST', `/api/v1/invoices/${inv.id}/finalize`)).status).toBe(409);
    expect((await t.api('PATCH', '/api/v1/invoices/999999', { notes: 'x' })).status).toBe(404);
  });

  it('reports payments as amount_paid and balance, and refuses to void a paid invoice', async () => {
    const client = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client, 10000, { issueDate: '2020-01-01', dueDate: '2020-01-31' }));
    await payInvoice(t.db, client, inv.id, 4000);
    const got = await json(await t.api('GET', `/api/v1/invoices/${inv.id}`));
    expect(got).toMatchObject({ status: 'partially_paid', overdue: true, amount_paid: 4000, balance: 8400, total: 12400 });
    const refused = await t.api('POST', `/api/v1/invoices/${inv.id}/void`, { reason: 'nope' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('has_payments');
  });

  it('voids with an optional reason, with or without a body', async () => {
    const client = await makeClient(t.db);
    const a = await makeIssued(t.db, 'invoice', oneLine(client));
    const b = await makeIssued(t.db, 'invoice', oneLine(client));
    const withReason = await t.api('POST', `/api/v1/invoices/${a.id}/void`, { reason: 'Duplicate' });
    expect(await json(withReason)).toMatchObject({ status: 'void', void_reason: 'Duplicate', balance: 0 });
    const bare = await t.api('POST', `/api/v1/invoices/${b.id}/void`);
    expect(bare.status).toBe(200);
    expect((await t.api('POST', `/api/v1/invoices/${b.id}/void`)).status).toBe(409);
    expect((await t.api('POST', `/api/v1/invoices/${b.id}/void`, '{bad')).status).toBe(400);
    expect((await t.api('POST', `/api/v1/invoices/${b.id}/void`, { reason: 42 })).status).toBe(422);
  });

  it('answers 404 for unknown ids and for an estimate asked as an invoice', async () => {
    const client = await makeClient(t.db);
    const est = await makeIssued(t.db, 'estimate', oneLine(client));
    expect((await t.api('GET', '/api/v1/invoices/999999')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/invoices/abc')).status).toBe(404);
    expect((await t.api('GET', `/api/v1/invoices/${est.id}`)).status).toBe(404);
    expect((await t.api('POST', `/api/v1/invoices/${est.id}/finalize`)).status).toBe(404);
    expect((await t.api('POST', `/api/v1/invoices/${est.id}/void`)).status).toBe(404);
    expect((await t.api('GET', `/api/v1/estimates/${est.id}`)).status).toBe(200);
  });
});

describe('GET /invoices', () => {
  it('pages by cursor and filters by client and derived status', async () => {
    const client = await makeClient(t.db);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(String((await makeIssued(t.db, 'invoice', oneLine(client, 1000))).id));
    await payInvoice(t.db, client, Number(ids[1]), 1240);

    const page1 = (await (await t.api('GET', `/api/v1/invoices?client_id=${client}&limit=2`)).json()) as { data: Json[]; next_cursor: string | null };
    expect(page1.data.map((d) => d.id)).toEqual(ids.slice(0, 2));
    expect(page1.data[0]!.lines).toHaveLength(1);
    expect(page1.next_cursor).toEqual(expect.any(String));
    const page2 = (await (await t.api('GET', `/api/v1/invoices?client_id=${client}&limit=2&cursor=${page1.next_cursor}`)).json()) as { data: Json[]; next_cursor: string | null };
    expect(page2.data.map((d) => d.id)).toEqual(ids.slice(2));
    expect(page2.next_cursor).toBeNull();

    const paid = (await (await t.api('GET', `/api/v1/invoices?client_id=${client}&status=paid`)).json()) as { data: Json[] };
    expect(paid.data.map((d) => [d.id, d.status, d.amount_paid])).toEqual([[ids[1], 'paid', 1240]]);
    expect((await t.api('GET', '/api/v1/invoices?status=bogus')).status).toBe(400);
    expect((await t.api('GET', '/api/v1/invoices?client_id=abc')).status).toBe(400);
    expect((await t.api('GET', '/api/v1/invoices?limit=0')).status).toBe(400);
  });
});

describe('estimates API', () => {
  it('creates and sends an estimate, then converts it once into a draft invoice', async () => {
    const client = await makeClient(t.db);
    const res = await t.api('POST', '/api/v1/estimates', { client_id: client, issue_date: '2033-03-01', valid_until: '2033-03-31', lines, send: true });
    expect(res.status).toBe(201);
    const est = await json(res);
    expect(est).toMatchObject({ number: 'EST-2033-0001', status: 'sent', valid_until: '2033-03-31', converted_invoice_id: null, total: 13900 });

    const conv = await t.api('POST', `/api/v1/estimates/${est.id}/convert`);
    expect(conv.status).toBe(201);
    const invoice = await json(conv);
    expect(invoice).toMatchObject({ status: 'draft', number: null, client_id: String(client), total: 13900 });
    expect(await json(await t.api('GET', `/api/v1/estimates/${est.id}`))).toMatchObject({ status: 'converted', converted_invoice_id: invoice.id });
    const again = await t.api('POST', `/api/v1/estimates/${est.id}/convert`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('already_converted');
  });

  it('sends a draft, lists expired ones, records answers and voids', async () => {
    const client = await makeClient(t.db);
    const draft = await json(await t.api('POST', '/api/v1/estimates', { client_id: client, issue_date: '2020-05-01', valid_until: '2020-05-31', lines }));
    expect(draft.status).toBe('draft');
    expect((await t.api('PATCH', `/api/v1/estimates/${draft.id}`, { valid_until: '2020-04-01' })).status).toBe(422);
    const sent = await json(await t.api('POST', `/api/v1/estimates/${draft.id}/send`));
    expect(sent.status).toBe('expired');
    const expired = (await (await t.api('GET', `/api/v1/estimates?client_id=${client}&status=expired`)).json()) as { data: Json[] };
    expect(expired.data.map((d) => d.id)).toEqual([draft.id]);
    const rejected = await json(await t.api('POST', `/api/v1/estimates/${draft.id}/reject`, { comment: 'Too late' }));
    expect(rejected).toMatchObject({ status: 'rejected', response_comment: 'Too late' });
    expect((await t.api('POST', `/api/v1/estimates/${draft.id}/accept`)).status).toBe(409);
    expect((await t.api('POST', `/api/v1/estimates/${draft.id}/convert`)).status).toBe(409);
    expect(await json(await t.api('POST', `/api/v1/estimates/${draft.id}/void`))).toMatchObject({ status: 'void' });
    expect((await t.api('POST', '/api/v1/estimates/999999/send')).status).toBe(404);
  });
});

describe('credit notes API', () => {
  it('finalizes a credit note for an invoice and applies it there automatically', async () => {
    const client = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client, 10000));
    const res = await t.api('POST', '/api/v1/credit-notes', { client_id: client, invoice_id: String(inv.id), lines: [{ description: 'Discount', quantity: 1, unit_price: 2000, tax_rate: 24 }], finalize: true });
    expect(res.status).toBe(201);
    const cn = await json(res);
    expect(cn).toMatchObject({ invoice_id: String(inv.id), status: 'issued', total: 2480, remaining: 0, applications: [{ invoice_id: String(inv.id), amount: 2480 }] });
    expect(cn.number).toMatch(/^CN-\d{4}-\d{4}$/);
    expect(await json(await t.api('GET', `/api/v1/invoices/${inv.id}`))).toMatchObject({ status: 'partially_paid', amount_paid: 2480, balance: 9920 });
    expect((await t.api('POST', `/api/v1/credit-notes/${cn.id}/void`)).status).toBe(409);
  });

  it('applies within limits and refuses the rest with 422 or 409', async () => {
    const client = await makeClient(t.db);
    const other = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client, 1000)); // 12.40
    const theirs = await makeIssued(t.db, 'invoice', oneLine(other, 1000));
    const draft = await json(await t.api('POST', '/api/v1/credit-notes', { client_id: client, lines: [{ description: 'Goodwill', quantity: 1, unit_price: 5000, tax_rate: 0 }] }));
    expect(draft).toMatchObject({ status: 'draft', remaining: 0, invoice_id: null });
    const notYet = await t.api('POST', `/api/v1/credit-notes/${draft.id}/apply`, { invoice_id: inv.id, amount: 100 });
    expect(notYet.status).toBe(409);
    expect(((await notYet.json()) as { error: { code: string } }).error.code).toBe('not_issued');

    const cn = await json(await t.api('POST', `/api/v1/credit-notes/${draft.id}/finalize`));
    expect(cn).toMatchObject({ status: 'issued', remaining: 5000 });
    const overBalance = await t.api('POST', `/api/v1/credit-notes/${cn.id}/apply`, { invoice_id: inv.id, amount: 1241 });
    expect(overBalance.status).toBe(422);
    expect(((await overBalance.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ amount: "This is more than the invoice's balance." });
    const foreign = await t.api('POST', `/api/v1/credit-notes/${cn.id}/apply`, { invoice_id: theirs.id, amount: 100 });
    expect(((await foreign.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty('invoice_id');
    const missing = await t.api('POST', `/api/v1/credit-notes/${cn.id}/apply`, { amount: -5 });
    expect(Object.keys(((await missing.json()) as { error: { fields: Record<string, string> } }).error.fields).sort()).toEqual(['amount', 'invoice_id']);
    const ok = await t.api('POST', `/api/v1/credit-notes/${cn.id}/apply`, { invoice_id: String(inv.id), amount: 1240 });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ remaining: 3760, applications: [{ invoice_id: String(inv.id), amount: 1240 }] });
    expect(await json(await t.api('GET', `/api/v1/invoices/${inv.id}`))).toMatchObject({ status: 'paid', balance: 0 });
    expect((await t.api('POST', '/api/v1/credit-notes/999999/apply', { invoice_id: inv.id, amount: 1 })).status).toBe(404);
    const list = (await (await t.api('GET', `/api/v1/credit-notes?client_id=${client}&status=issued`)).json()) as { data: Json[] };
    expect(list.data.map((d) => [d.id, d.remaining])).toEqual([[cn.id, 3760]]);
  });

  it('refuses a related invoice of another client', async () => {
    const client = await makeClient(t.db);
    const other = await makeClient(t.db);
    const theirs = await makeIssued(t.db, 'invoice', oneLine(other));
    const res = await t.api('POST', '/api/v1/credit-notes', { client_id: client, invoice_id: theirs.id, lines });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ invoice_id: 'This invoice does not belong to the client or is not open.' });
  });
});

describe('bad bodies on every route that takes one', () => {
  it('answers 400 to malformed JSON and 422 to wrong types', async () => {
    const client = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client));
    const est = await makeIssued(t.db, 'estimate', oneLine(client));
    const cn = await makeIssued(t.db, 'credit_note', oneLine(client, 100));
    const routes: Array<[string, string]> = [
      ['POST', '/api/v1/invoices'],
      ['POST', '/api/v1/estimates'],
      ['POST', '/api/v1/credit-notes'],
      ['PATCH', `/api/v1/invoices/${inv.id}`],
      ['PATCH', `/api/v1/estimates/${est.id}`],
      ['PATCH', `/api/v1/credit-notes/${cn.id}`],
      ['POST', `/api/v1/invoices/${inv.id}/void`],
      ['POST', `/api/v1/estimates/${est.id}/void`],
      ['POST', `/api/v1/estimates/${est.id}/accept`],
      ['POST', `/api/v1/estimates/${est.id}/reject`],
      ['POST', `/api/v1/credit-notes/${cn.id}/void`],
      ['POST', `/api/v1/credit-notes/${cn.id}/apply`],
    ];
    for (const [method, url] of routes) {
      const res = await t.api(method, url, '{"oops"');
      expect([url, res.status]).toEqual([url, 400]);
    }
    const wrongTypes = await t.api('POST', '/api/v1/estimates', { client_id: true, lines: 'many', send: 'yes' });
    expect(wrongTypes.status).toBe(422);
    expect(Object.keys(((await wrongTypes.json()) as { error: { fields: Record<string, string> } }).error.fields).sort()).toEqual(['client_id', 'lines', 'send']);
    const comment = await t.api('POST', `/api/v1/estimates/${est.id}/accept`, { comment: 'x'.repeat(1001) });
    expect(comment.status).toBe(422);
    expect((await json(await t.api('GET', `/api/v1/estimates/${est.id}`))).status).toBe('sent');
  });
});
