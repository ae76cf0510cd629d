import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import type { Client } from '../../src/db/schema.js';
import type { Actor } from '../../src/events/service.js';
import { buildStatement, type StatementEntry } from '../../src/ledger/ledger.js';
import { recordPayment, voidPayment } from '../../src/payments/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeCreditNote, makeDraftInvoice, makeIssuedInvoice } from '../helpers/factories.js';

let t: TestApp;
let db: Db;
let cookie: string;
let client: Client;
let entries: StatementEntry[];
const actor: Actor = { type: 'staff', id: null, name: 'Tess Tester' };

interface StatementJson {
  client_id: string;
  currency: string;
  from: string | null;
  to: string | null;
  opening_balance: number;
  closing_balance: number;
  lines: Array<{ date: string; type: string; reference: string; debit: number; credit: number; balance: number }>;
}

async function pay(amount: number, date: string, reference: string) {
  const r = await recordPayment(db, actor, { client_id: client.id, amount, date, reference });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.paymentId;
}

// One client's ledger over a few months, with the rows a statement must leave out.
beforeAll(async () => {
  t = await makeTestApp();
  db = t.db;
  // The API token first: creating it resets the admin, which would end an earlier staff session.
  await t.apiToken();
  cookie = await t.staffCookie();
  client = await makeClient(db, { name: 'Iota Statement', currency: 'EUR' });
  const inv1 = await makeIssuedInvoice(db, client.id, { total: 10000, issue_date: '2026-01-10', due_date: '2026-02-10', number: 'INV-S-1' });
  const inv2 = await makeIssuedInvoice(db, client.id, { total: 24000, issue_date: '2026-02-15', due_date: '2026-03-15', number: 'INV-S-2' });
  const inv3 = await makeIssuedInvoice(db, client.id, { total: 5000, issue_date: '2026-04-02', due_date: '2026-05-02', number: 'INV-S-3' });
  const cn = await makeCreditNote(db, client.id, { total: 3000, issue_date: '2026-03-20', number: 'CN-S-1' });
  const p1 = await pay(10000, '2026-02-01', 'PAY-S-1');
  const p2 = await pay(15000, '2026-03-05', 'PAY-S-2');
  const voided = await pay(9999, '2026-03-06', 'PAY-S-VOID');
  await voidPayment(db, actor, voided, 'Entered twice');
  await db.insertInto('refunds').values({ client_id: client.id, payment_id: p2, amount: 1000, currency: 'EUR', date: '2026-04-10', method: 'bank_transfer', reference: 'REF-S-1' }).execute();
  await makeDraftInvoice(db, client.id, { total: 77777, issue_date: '2026-03-01' });
  await makeIssuedInvoice(db, client.id, { total: 88888, issue_date: '2026-03-01', status: 'void', number: 'INV-S-VOID' });
  entries = [
    { id: inv1.id, date: '2026-01-10', type: 'invoice', reference: 'INV-S-1', amount: 10000 },
    { id: inv2.id, date: '2026-02-15', type: 'invoice', reference: 'INV-S-2', amount: 24000 },
    { id: inv3.id, date: '2026-04-02', type: 'invoice', reference: 'INV-S-3', amount: 5000 },
    { id: cn.id, date: '2026-03-20', type: 'credit_note', reference: 'CN-S-1', amount: 3000 },
    { id: p1, date: '2026-02-01', type: 'payment', reference: 'PAY-S-1', amount: 10000 },
    { id: p2, date: '2026-03-05', type: 'payment', reference: 'PAY-S-2', amount: 15000 },
    { id: 1, date: '2026-04-10', type: 'refund', reference: 'REF-S-1', amount: 1000 },
  ];
});
afterAll(() => t.close());

async function apiStatement(query: string): Promise<{ status: number; body: StatementJson }> {
  const res = await t.api('GET', `/api/v1/clients/${client.id}/statement${query}`);
  return { status: res.status, body: (await res.json()) as StatementJson };
}

describe('GET /api/v1/clients/:id/statement', () => {
  it.each([
    ['2026-02-01', '2026-03-31'],
    ['2026-03-06', '2026-04-30'],
    ['2026-01-01', '2026-01-31'],
  ])('gives the opening and closing balances buildStatement gives for %s – %s', async (from, to) => {
    const { status, body } = await apiStatement(`?from=${from}&to=${to}`);
    expect(status).toBe(200);
    const expected = buildStatement(entries, from, to);
    expect(body.opening_balance).toBe(expected.openingBalance);
    expect(body.closing_balance).toBe(expected.closingBalance);
    expect(body.lines.map((l) => [l.date, l.type, l.reference, l.debit, l.credit, l.balance])).toEqual(
      expected.lines.map((l) => [l.date, l.type, l.reference, l.debit, l.credit, l.balance]),
    );
    const debits = body.lines.reduce((s, l) => s + l.debit, 0);
    const credits = body.lines.reduce((s, l) => s + l.credit, 0);
    expect(body.closing_balance).toBe(body.opening_balance + debits - credits);
  });

  it('shows the whole history without dates, leaving out drafts, void invoices and void payments', async () => {
    const { body } = await apiStatement('');
    expect(body).toMatchObject({ client_id: String(client.id), currency: 'EUR', from: null, to: null, opening_balance: 0 });
    const refs = body.lines.map((l) => l.reference);
    expect(refs).toEqual(['INV-S-1', 'PAY-S-1', 'INV-S-2', 'PAY-S-2', 'CN-S-1', 'INV-S-3', 'REF-S-1']);
    // 10000 + 24000 + 5000 + 1000 refund − 10000 − 15000 − 3000 credit note
    expect(body.closing_balance).toBe(12000);
  });

  it('answers 422 to a date that is not a date or an end before the start, and 404 to an unknown client', async () => {
    expect((await apiStatement('?from=2026-02-30')).status).toBe(422);
    const reversed = await apiStatement('?from=2026-03-01&to=2026-02-01');
    expect(reversed.status).toBe(422);
    expect((reversed.body as unknown as { error: { fields: Record<string, string> } }).error.fields).toEqual({ to: 'must not be before from' });
    expect((await t.api('GET', '/api/v1/clients/999999/statement')).status).toBe(404);
  });
});

describe('the statement tab', () => {
  it('shows opening balance, the period’s lines with running balance and links, and the closing balance', async () => {
    const res = await t.get(`/clients/${client.id}/statement?period=custom&from=2026-02-01&to=2026-03-31`, cookie);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('Opening balance');
    expect(body).toContain('€100.00'); // INV-S-1 before the period
    expect(body).toContain('Closing balance');
    expect(body).toContain('€60.00'); // 10000 + 24000 − 10000 − 15000 − 3000 = 6000
    expect(body).toContain('>PAY-S-2</a>');
    expect(body).toMatch(/href="\/invoices\/\d+">INV-S-2<\/a>/);
    expect(body).toMatch(/href="\/credit-notes\/\d+">CN-S-1<\/a>/);
    expect(body).not.toContain('INV-S-3');
    expect(body).not.toContain('PAY-S-VOID');
    expect(body).toContain('<option value="custom" selected="">');
  });

  it('offers the named periods and defaults to this year', async () => {
    const body = await (await t.get(`/clients/${client.id}/statement`, cookie)).text();
    expect(body).toContain('<option value="this_year" selected="">');
    for (const label of ['This month', 'Last month', 'This quarter', 'Last year', 'All time', 'Custom dates']) expect(body).toContain(label);
    const all = await (await t.get(`/clients/${client.id}/statement?period=all`, cookie)).text();
    expect(all).toContain('REF-S-1');
    expect(all).toContain('€120.00');
  });

  it('answers an htmx request with the statement section only', async () => {
    const res = await t.get(`/clients/${client.id}/statement?period=all`, cookie, { 'HX-Request': 'true' });
    const body = await res.text();
    expect(body.startsWith('<section id="statement"')).toBe(true);
    expect(body).not.toContain('<html');
  });

  it('shows the form again with a message and 422 for bad dates, and 404 for an unknown client', async () => {
    const res = await t.get(`/clients/${client.id}/statement?period=custom&from=2026-02-31`, cookie);
    expect(res.status).toBe(422);
    const body = await res.text();
    expect(body).toContain('Enter a date as YYYY-MM-DD.');
    expect(body).toContain('value="2026-02-31"');
    const reversed = await t.get(`/clients/${client.id}/statement?period=custom&from=2026-03-01&to=2026-02-01`, cookie);
    expect(reversed.status).toBe(422);
    expect(await reversed.text()).toContain('The end date cannot be before the start date.');
    expect((await t.get(`/clients/${client.id}/statement?period=forever`, cookie)).status).toBe(422);
    expect((await t.get('/clients/999999/statement', cookie)).status).toBe(404);
  });

  it('speaks Greek to a Greek reader', async () => {
    const body = await (await t.get(`/clients/${client.id}/statement?period=all`, cookie, { 'Accept-Language': 'el' })).text();
    expect(body).toContain('Υπόλοιπο έναρξης');
    expect(body).toContain('120,00');
  });
});
