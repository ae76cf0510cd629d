import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import type { Actor } from '../../src/events/service.js';
import { buildStatement, type StatementEntry } from '../../src/ledger/ledger.js';
import { balanceSql, clientBalances, clientStatement, firmPosition, invoiceSettlements, openInvoices, unappliedCredit } from '../../src/ledger/queries.js';
import { recordPayment, voidPayment } from '../../src/payments/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { applyCredit, makeClient, makeCreditNote, makeDraftInvoice, makeIssuedInvoice } from '../helpers/factories.js';

let t: TestApp;
let db: Db;
const actor: Actor = { type: 'system', id: null, name: 'Stoa' };

beforeAll(async () => {
  t = await makeTestApp();
  db = t.db;
});
afterAll(() => t.close());

async function pay(clientId: number, amount: number, date = '2026-02-01', allocations?: Array<{ invoice_id: number; amount: number }>) {
  const r = await recordPayment(db, actor, { client_id: clientId, amount, date, allocations });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.paymentId;
}

describe('ledger queries', () => {
  it('counts only payments that are not void, and credit applied, in an invoice’s settlement and balance', async () => {
    const c = await makeClient(db);
    const inv = await makeIssuedInvoice(db, c.id, { total: 10000 });
    const cn = await makeCreditNote(db, c.id, { total: 1500 });
    await pay(c.id, 3000);
    const voided = await pay(c.id, 2000);
    await voidPayment(db, actor, voided, 'bounced');
    await applyCredit(db, cn.id, inv.id, 1500);
    const settlements = await invoiceSettlements(db, [inv.id]);
    expect(settlements.get(inv.id)).toEqual({ paid: 3000, credited: 1500 });
    const row = await db.selectFrom('documents as d').select(balanceSql('d').as('balance')).where('d.id', '=', inv.id).executeTakeFirstOrThrow();
    expect(row.balance).toBe(5500);
    expect(await invoiceSettlements(db, [])).toEqual(new Map());
  });

  it('lists as open only the client’s issued invoices that still owe money, in the currency asked for', async () => {
    const c = await makeClient(db);
    const other = await makeClient(db);
    const open = await makeIssuedInvoice(db, c.id, { total: 4000, issue_date: '2026-01-02', due_date: '2026-01-20', number: 'INV-Q-1' });
    const paid = await makeIssuedInvoice(db, c.id, { total: 1000 });
    await pay(c.id, 1000, '2026-02-01', [{ invoice_id: paid.id, amount: 1000 }]);
    await makeDraftInvoice(db, c.id, { total: 9000 });
    await makeIssuedInvoice(db, c.id, { total: 9000, status: 'void' });
    const usd = await makeIssuedInvoice(db, c.id, { total: 700, currency: 'USD' });
    await makeIssuedInvoice(db, other.id, { total: 9000 });
    expect(await openInvoices(db, c.id, 'EUR')).toEqual([{ id: open.id, number: 'INV-Q-1', issueDate: '2026-01-02', dueDate: '2026-01-20', balance: 4000 }]);
    expect((await openInvoices(db, c.id)).map((i) => i.id).sort()).toEqual([open.id, usd.id].sort());
  });

  it('uses the issue date as due date for an invoice without one', async () => {
    const c = await makeClient(db);
    await makeIssuedInvoice(db, c.id, { total: 100, issue_date: '2026-03-03', due_date: null });
    expect((await openInvoices(db, c.id))[0]?.dueDate).toBe('2026-03-03');
  });

  it('adds up credit from unallocated payments and unapplied credit notes, less refunds', async () => {
    const c = await makeClient(db);
    const inv = await makeIssuedInvoice(db, c.id, { total: 1000 });
    await pay(c.id, 2500); // 1000 to the invoice, 1500 left
    const cn = await makeCreditNote(db, c.id, { total: 800 });
    await makeCreditNote(db, c.id, { total: 5000, status: 'draft', number: null });
    await makeCreditNote(db, c.id, { total: 5000, status: 'void' });
    const voided = await pay(c.id, 4000);
    await voidPayment(db, actor, voided, 'wrong client');
    await db.insertInto('refunds').values({ client_id: c.id, credit_note_id: cn.id, amount: 300, currency: 'EUR', date: '2026-02-10', method: 'bank_transfer', reference: null }).execute();
    expect(await unappliedCredit(db, c.id)).toBe(1500 + 800 - 300);
    expect((await openInvoices(db, c.id)).find((i) => i.id === inv.id)).toBeUndefined();
  });

  it('splits amount due into overdue by due date against the given today (due today is not overdue)', async () => {
    const c = await makeClient(db);
    await makeIssuedInvoice(db, c.id, { total: 1000, due_date: '2026-02-09' });
    await makeIssuedInvoice(db, c.id, { total: 2000, due_date: '2026-02-10' });
    await makeIssuedInvoice(db, c.id, { total: 4000, due_date: '2026-03-01' });
    expect(await clientBalances(db, c.id, '2026-02-10')).toEqual({ amountDue: 7000, overdue: 1000, credit: 0 });
    expect(await clientBalances(db, c.id, '2026-02-11')).toEqual({ amountDue: 7000, overdue: 3000, credit: 0 });
    expect(await clientBalances(db, c.id, '2026-03-02')).toEqual({ amountDue: 7000, overdue: 7000, credit: 0 });
  });

  it('gives the statement buildStatement gives for the same rows', async () => {
    const c = await makeClient(db);
    const a = await makeIssuedInvoice(db, c.id, { total: 5000, issue_date: '2026-01-05', number: 'INV-ST-1' });
    const b = await makeIssuedInvoice(db, c.id, { total: 7000, issue_date: '2026-02-05', number: 'INV-ST-2' });
    const p = await pay(c.id, 6000, '2026-02-05');
    const cn = await makeCreditNote(db, c.id, { total: 500, issue_date: '2026-03-01', number: 'CN-ST-1' });
    const entries: StatementEntry[] = [
      { id: a.id, date: '2026-01-05', type: 'invoice', reference: 'INV-ST-1', amount: 5000 },
      { id: b.id, date: '2026-02-05', type: 'invoice', reference: 'INV-ST-2', amount: 7000 },
      { id: p, date: '2026-02-05', type: 'payment', reference: `#${p}`, amount: 6000 },
      { id: cn.id, date: '2026-03-01', type: 'credit_note', reference: 'CN-ST-1', amount: 500 },
    ];
    for (const [from, to] of [[null, null], ['2026-02-01', '2026-02-28'], ['2026-02-06', null], [null, '2026-01-31']] as const) {
      expect(await clientStatement(db, c.id, from, to)).toEqual(buildStatement(entries, from, to));
    }
    const feb = await clientStatement(db, c.id, '2026-02-01', '2026-02-28');
    expect(feb.openingBalance).toBe(5000);
    expect(feb.closingBalance).toBe(feb.openingBalance + feb.totalDebit - feb.totalCredit);
    expect(feb.closingBalance).toBe(6000);
  });

  it('sums what the firm is owed per currency', async () => {
    const fresh = await makeTestApp();
    try {
      const eur = await makeClient(fresh.db, { currency: 'EUR' });
      const gbp = await makeClient(fresh.db, { currency: 'GBP' });
      await makeIssuedInvoice(fresh.db, eur.id, { total: 3000, due_date: '2026-01-01' });
      await makeIssuedInvoice(fresh.db, gbp.id, { total: 9000, due_date: '2099-01-01' });
      const r = await recordPayment(fresh.db, actor, { client_id: gbp.id, amount: 10000, date: '2026-02-01' });
      expect(r.ok).toBe(true);
      expect(await firmPosition(fresh.db, '2026-02-01')).toEqual([
        { currency: 'EUR', amountDue: 3000, overdue: 3000, credit: 0 },
        { currency: 'GBP', amountDue: 0, overdue: 0, credit: 1000 },
      ]);
    } finally {
      await fresh.close();
    }
  });
});
