import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import type { Actor } from '../../src/events/service.js';
import { clientBalances, clientStatement, openInvoices } from '../../src/ledger/queries.js';
import { allocateCredit, getPaymentDetail, recordPayment, voidPayment } from '../../src/payments/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraftInvoice, makeIssuedInvoice, paymentCounts } from '../helpers/factories.js';

let t: TestApp;
let db: Db;
const actor: Actor = { type: 'staff', id: null, name: 'Tess Tester' };

beforeAll(async () => {
  t = await makeTestApp();
  db = t.db;
});
afterAll(() => t.close());

async function balanceOf(invoiceId: number, clientId: number): Promise<number> {
  const open = await openInvoices(db, clientId);
  return open.find((i) => i.id === invoiceId)?.balance ?? 0;
}

async function eventsOf(subjectType: string, subjectId: number) {
  return db.selectFrom('events').select(['action', 'detail', 'actor_name']).where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).orderBy('id').execute();
}

async function pay(clientId: number, amount: number, extra: Partial<Parameters<typeof recordPayment>[2]> = {}) {
  const r = await recordPayment(db, actor, { client_id: clientId, amount, date: '2026-03-01', ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r;
}

describe('recording a payment', () => {
  it('pays the oldest due invoice first: by due date, then issue date, then number', async () => {
    const c = await makeClient(db);
    const later = await makeIssuedInvoice(db, c.id, { total: 5000, issue_date: '2026-01-01', due_date: '2026-02-20', number: 'INV-A-1' });
    const sameDueNewer = await makeIssuedInvoice(db, c.id, { total: 5000, issue_date: '2026-01-15', due_date: '2026-02-10', number: 'INV-A-2' });
    const sameDueOlder10 = await makeIssuedInvoice(db, c.id, { total: 5000, issue_date: '2026-01-05', due_date: '2026-02-10', number: 'INV-10' });
    const sameDueOlder9 = await makeIssuedInvoice(db, c.id, { total: 5000, issue_date: '2026-01-05', due_date: '2026-02-10', number: 'INV-9' });
    const r = await pay(c.id, 12000);
    expect(r.allocations).toEqual([
      { invoiceId: sameDueOlder9.id, amount: 5000 },
      { invoiceId: sameDueOlder10.id, amount: 5000 },
      { invoiceId: sameDueNewer.id, amount: 2000 },
    ]);
    expect(r.unallocated).toBe(0);
    expect(await balanceOf(sameDueNewer.id, c.id)).toBe(3000);
    expect(await balanceOf(later.id, c.id)).toBe(5000);
  });

  it('takes the currency from the client and records the events, one per invoice paid in full', async () => {
    const c = await makeClient(db, { currency: 'USD' });
    const inv1 = await makeIssuedInvoice(db, c.id, { total: 3000, due_date: '2026-01-20' });
    const inv2 = await makeIssuedInvoice(db, c.id, { total: 3000, due_date: '2026-01-25' });
    const r = await pay(c.id, 4000, { reference: 'WIRE-77', method: 'bank_transfer' });
    const detail = await getPaymentDetail(db, r.paymentId);
    expect(detail?.payment.currency).toBe('USD');
    expect(detail?.payment.method).toBe('bank_transfer');
    expect(detail?.payment.source).toBe('staff');
    const paymentEvents = await eventsOf('payment', r.paymentId);
    expect(paymentEvents.map((e) => e.action)).toEqual(['recorded']);
    expect(JSON.parse(paymentEvents[0]!.detail!)).toMatchObject({ label: 'WIRE-77', amount: 4000, currency: 'USD' });
    expect((await eventsOf('invoice', inv1.id)).map((e) => e.action)).toEqual(['paid']);
    expect(await eventsOf('invoice', inv2.id)).toEqual([]);
  });

  it('applies exactly the allocations given and keeps the rest as client credit', async () => {
    const c = await makeClient(db);
    const old = await makeIssuedInvoice(db, c.id, { total: 10000, due_date: '2026-01-10' });
    const recent = await makeIssuedInvoice(db, c.id, { total: 10000, due_date: '2026-02-10' });
    const r = await pay(c.id, 15000, { allocations: [{ invoice_id: recent.id, amount: 10000 }] });
    expect(r.unallocated).toBe(5000);
    expect(await balanceOf(old.id, c.id)).toBe(10000);
    expect(await balanceOf(recent.id, c.id)).toBe(0);
    expect(await clientBalances(db, c.id, '2026-03-01')).toEqual({ amountDue: 10000, overdue: 10000, credit: 5000 });
  });

  it('turns an overpayment into client credit that shows in balances and on the statement', async () => {
    const c = await makeClient(db);
    await makeIssuedInvoice(db, c.id, { total: 8000, issue_date: '2026-02-01', due_date: '2026-02-15' });
    const r = await pay(c.id, 10000);
    expect(r.unallocated).toBe(2000);
    expect(await clientBalances(db, c.id, '2026-03-05')).toEqual({ amountDue: 0, overdue: 0, credit: 2000 });
    const statement = await clientStatement(db, c.id, null, null);
    expect(statement.closingBalance).toBe(-2000);
  });

  it('keeps the whole payment as credit when given an empty allocation list', async () => {
    const c = await makeClient(db);
    await makeIssuedInvoice(db, c.id, { total: 8000 });
    const r = await pay(c.id, 3000, { allocations: [] });
    expect(r.allocations).toEqual([]);
    expect(r.unallocated).toBe(3000);
  });

  it.each([
    ['an invoice of another client', 'other'],
    ['a draft invoice', 'draft'],
    ['a void invoice', 'void'],
    ['more than the balance', 'exceeds'],
    ['more than the payment in total', 'sum'],
    ['the same invoice twice', 'duplicate'],
  ])('refuses an allocation to %s and writes nothing', async (_label, kind) => {
    const c = await makeClient(db);
    const other = await makeClient(db);
    const open = await makeIssuedInvoice(db, c.id, { total: 5000 });
    const target =
      kind === 'other' ? await makeIssuedInvoice(db, other.id, { total: 5000 })
      : kind === 'draft' ? await makeDraftInvoice(db, c.id, { total: 5000 })
      : kind === 'void' ? await makeIssuedInvoice(db, c.id, { total: 5000, status: 'void' })
      : open;
    const amount = kind === 'exceeds' ? 6000 : kind === 'sum' ? 3000 : 2000;
    const allocations = kind === 'duplicate' ? [{ invoice_id: open.id, amount: 1000 }, { invoice_id: open.id, amount: 1000 }] : [{ invoice_id: target.id, amount }];
    const before = await paymentCounts(db);
    const r = await recordPayment(db, actor, { client_id: c.id, amount: kind === 'exceeds' ? 9000 : 2000, date: '2026-03-01', allocations });
    expect(r.ok).toBe(false);
    if (r.ok || r.error !== 'Invalid') throw new Error('expected field errors');
    const expected = { other: { 'allocations.0.invoice_id': 'unknown_invoice' }, draft: { 'allocations.0.invoice_id': 'unknown_invoice' }, void: { 'allocations.0.invoice_id': 'unknown_invoice' }, exceeds: { 'allocations.0.amount': 'allocation_exceeds_balance' }, sum: { allocations: 'allocation_exceeds_payment' }, duplicate: { 'allocations.1.invoice_id': 'duplicate' } }[kind];
    expect(r.fields).toEqual(expected);
    expect(await paymentCounts(db)).toEqual(before);
  });

  it('refuses an unknown client and bad fields without writing anything', async () => {
    const before = await paymentCounts(db);
    expect(await recordPayment(db, actor, { client_id: 999999, amount: 100 })).toEqual({ ok: false, error: 'UnknownClient' });
    const c = await makeClient(db);
    const r = await recordPayment(db, actor, { client_id: c.id, amount: 0, date: '2999-01-01', method: 'barter' });
    expect(r).toEqual({ ok: false, error: 'Invalid', fields: { amount: 'positive', date: 'future_date', method: 'method' } });
    expect(await paymentCounts(db)).toEqual(before);
  });

  it('does not settle invoices in another currency than the client pays in', async () => {
    const c = await makeClient(db);
    const usd = await makeIssuedInvoice(db, c.id, { total: 5000, currency: 'USD', due_date: '2026-01-01' });
    const r = await pay(c.id, 2000);
    expect(r.allocations).toEqual([]);
    const refused = await recordPayment(db, actor, { client_id: c.id, amount: 2000, date: '2026-03-01', allocations: [{ invoice_id: usd.id, amount: 2000 }] });
    expect(refused).toMatchObject({ ok: false, error: 'Invalid' });
  });
});

describe('voiding a payment', () => {
  it('reopens the invoices it paid, keeps the rows, and records why', async () => {
    const c = await makeClient(db);
    const inv = await makeIssuedInvoice(db, c.id, { total: 7000 });
    const r = await pay(c.id, 7000);
    expect(await balanceOf(inv.id, c.id)).toBe(0);
    expect(await voidPayment(db, actor, r.paymentId, '  Bounced cheque ')).toEqual({ ok: true });
    expect(await balanceOf(inv.id, c.id)).toBe(7000);
    const detail = await getPaymentDetail(db, r.paymentId);
    expect(detail?.status).toBe('void');
    expect(detail?.payment.void_reason).toBe('Bounced cheque');
    expect(detail?.allocations).toHaveLength(1);
    expect(detail?.unallocated).toBe(0);
    expect((await eventsOf('payment', r.paymentId)).map((e) => e.action)).toEqual(['recorded', 'voided']);
    expect((await clientStatement(db, c.id, null, null)).closingBalance).toBe(7000);
  });

  it('requires a reason, and refuses to void twice or an unknown payment', async () => {
    const c = await makeClient(db);
    const r = await pay(c.id, 100);
    expect(await voidPayment(db, actor, r.paymentId, '   ')).toEqual({ ok: false, error: 'Invalid', fields: { reason: 'required' } });
    expect((await getPaymentDetail(db, r.paymentId))?.status).toBe('completed');
    await voidPayment(db, actor, r.paymentId, 'Duplicate entry');
    expect(await voidPayment(db, actor, r.paymentId, 'Again')).toEqual({ ok: false, error: 'AlreadyVoid' });
    expect(await voidPayment(db, actor, 987654, 'x')).toEqual({ ok: false, error: 'NotFound' });
  });
});

describe('applying credit later', () => {
  it('applies a payment’s rest to invoices issued after it, oldest due first', async () => {
    const c = await makeClient(db);
    const r = await pay(c.id, 9000);
    expect(r.unallocated).toBe(9000);
    const a = await makeIssuedInvoice(db, c.id, { total: 4000, issue_date: '2026-03-10', due_date: '2026-04-10' });
    const b = await makeIssuedInvoice(db, c.id, { total: 8000, issue_date: '2026-03-05', due_date: '2026-04-05' });
    const applied = await allocateCredit(db, actor, r.paymentId);
    expect(applied).toEqual({ ok: true, allocations: [{ invoiceId: b.id, amount: 8000 }, { invoiceId: a.id, amount: 1000 }], unallocated: 0 });
    expect(await clientBalances(db, c.id, '2026-03-20')).toEqual({ amountDue: 3000, overdue: 0, credit: 0 });
    expect((await eventsOf('payment', r.paymentId)).map((e) => e.action)).toEqual(['recorded', 'allocated']);
    expect((await eventsOf('invoice', b.id)).map((e) => e.action)).toEqual(['paid']);
    expect(await allocateCredit(db, actor, r.paymentId)).toEqual({ ok: false, error: 'NothingToAllocate' });
  });

  it('applies chosen amounts and refuses more than is left', async () => {
    const c = await makeClient(db);
    const r = await pay(c.id, 5000);
    const inv = await makeIssuedInvoice(db, c.id, { total: 8000, issue_date: '2026-03-10' });
    const before = await paymentCounts(db);
    expect(await allocateCredit(db, actor, r.paymentId, [{ invoice_id: inv.id, amount: 6000 }])).toEqual({ ok: false, error: 'Invalid', fields: { allocations: 'allocation_exceeds_payment' } });
    expect(await paymentCounts(db)).toEqual(before);
    expect(await allocateCredit(db, actor, r.paymentId, [{ invoice_id: inv.id, amount: 2000 }])).toEqual({ ok: true, allocations: [{ invoiceId: inv.id, amount: 2000 }], unallocated: 3000 });
  });

  it('refuses a void payment, a client without open invoices, and an unknown payment', async () => {
    const c = await makeClient(db);
    const r = await pay(c.id, 5000);
    expect(await allocateCredit(db, actor, r.paymentId)).toEqual({ ok: false, error: 'NoOpenInvoices' });
    await voidPayment(db, actor, r.paymentId, 'Entered twice');
    await makeIssuedInvoice(db, c.id, { total: 1000 });
    expect(await allocateCredit(db, actor, r.paymentId)).toEqual({ ok: false, error: 'PaymentVoid' });
    expect(await allocateCredit(db, actor, 424242)).toEqual({ ok: false, error: 'NotFound' });
  });
});
