import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientBalances } from '../../src/ledger/queries.js';
import { latestDocumentsQuery } from '../../src/portal/dashboard.js';
import { uiFor } from '../../src/web/ui.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { daysAgo, daysAhead, figure, makeDoc, makePayment, setVisibility, tileFigures, TODAY } from './support.js';

let t: TestApp;
let staff: string;

beforeAll(async () => {
  t = await makeTestApp();
  staff = await t.staffCookie();
});
afterAll(() => t.close());

/** A client with an overdue invoice, a partly paid one not yet due, unapplied credit and an unallocated payment. */
async function clientWithLedger(name = 'Ledger Ltd', language: 'en' | 'el' = 'en') {
  const client = await makeClient(t.db, { name, language });
  const overdue = await makeDoc(t.db, 'invoice', client.id, { total: 123456, issue_date: daysAgo(60), due_date: daysAgo(30) });
  const current = await makeDoc(t.db, 'invoice', client.id, { total: 50000, issue_date: daysAgo(5), due_date: daysAhead(25) });
  await makeDoc(t.db, 'invoice', client.id, { total: 99999, status: 'draft' });
  await makePayment(t.db, client.id, 30000, [{ invoiceId: current.id, amount: 20000 }]);
  await makeDoc(t.db, 'credit_note', client.id, { total: 2500, issue_date: daysAgo(4) });
  return { client, overdue, current };
}

describe('dashboard figures', () => {
  it('shows amount due, overdue and credit equal to the ledger and to the staff client page', async () => {
    const { client } = await clientWithLedger();
    await setVisibility(t.db, client.id, { invoices: true, statement: true });
    const m = await makePortalMember(t, client.id, { role: 'accounts', signIn: 'direct' });
    const res = await t.get('/portal', m.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    const b = await clientBalances(t.db, client.id, TODAY);
    expect(b).toEqual({ amountDue: 123456 + 30000, overdue: 123456, credit: 10000 + 2500 });
    const ui = uiFor('en');
    expect(figure(html, 'amount_due')).toBe(ui.money(b.amountDue, 'EUR'));
    expect(figure(html, 'overdue')).toBe(ui.money(b.overdue, 'EUR'));
    expect(figure(html, 'credit')).toBe(ui.money(b.credit, 'EUR'));
    const staffHtml = await (await t.get(`/clients/${client.id}/payments`, staff)).text();
    expect(tileFigures(staffHtml).slice(0, 3)).toEqual([figure(html, 'amount_due'), figure(html, 'overdue'), figure(html, 'credit')]);
  });

  it('formats the figures in Greek for a Greek member', async () => {
    const { client } = await clientWithLedger('Παπαδόπουλος ΟΕ', 'el');
    await setVisibility(t.db, client.id, { invoices: true });
    const m = await makePortalMember(t, client.id, { language: 'el', signIn: 'direct' });
    const html = await (await t.get('/portal', m.cookie)).text();
    expect(figure(html, 'overdue')).toBe('1.234,56\u00a0€');
    expect(html).toContain('Οφειλόμενο ποσό');
    expect(html).toContain('Ληξιπρόθεσμο');
  });

  it('hides the figures when invoices are hidden or the member may not view finances', async () => {
    const { client } = await clientWithLedger();
    await setVisibility(t.db, client.id, { invoices: false, statement: true });
    const m = await makePortalMember(t, client.id, { role: 'owner', signIn: 'direct' });
    const hidden = await (await t.get('/portal', m.cookie)).text();
    expect(figure(hidden, 'amount_due')).toBeNull();
    expect(hidden).not.toContain('Pay now');

    await setVisibility(t.db, client.id, { invoices: true });
    const noFinances = await makePortalMember(t, client.id, { role: 'owner', permissions: { view_finances: false }, signIn: 'direct' });
    const html = await (await t.get('/portal', noFinances.cookie)).text();
    expect(figure(html, 'amount_due')).toBeNull();
    expect(html).not.toContain('INV-');
  });
});

describe('Pay now', () => {
  it('is offered with account history on and leads to the open invoices, oldest due first', async () => {
    const { client, overdue, current } = await clientWithLedger();
    await setVisibility(t.db, client.id, { invoices: true, statement: true });
    const m = await makePortalMember(t, client.id, { role: 'accounts', signIn: 'direct' });
    const html = await (await t.get('/portal', m.cookie)).text();
    expect(html).toContain('<a class="button primary" href="/portal/pay">Pay now</a>');
    const pay = await t.get('/portal/pay', m.cookie);
    expect(pay.status).toBe(200);
    const payHtml = await pay.text();
    const overdueAt = payHtml.indexOf(overdue.number!);
    const currentAt = payHtml.indexOf(current.number!);
    expect(overdueAt).toBeGreaterThan(0);
    expect(currentAt).toBeGreaterThan(overdueAt);
    expect(figure(payHtml, 'pay_total')).toBe(uiFor('en').money(153456, 'EUR'));
    // Paying itself is covered in test/payments-online; with no gateway configured the test gateway is offered.
    expect(payHtml).toContain('Pay by card');
    expect(payHtml).toContain('TEST MODE');
  });

  it('is hidden when account history (statement) is off, and the page refuses', async () => {
    const { client } = await clientWithLedger();
    await setVisibility(t.db, client.id, { invoices: true, statement: false });
    const m = await makePortalMember(t, client.id, { role: 'owner', signIn: 'direct' });
    expect(await (await t.get('/portal', m.cookie)).text()).not.toContain('Pay now');
    expect((await t.get('/portal/pay', m.cookie)).status).toBe(403);
  });

  it('is hidden from a member without the pay permission, and the page refuses', async () => {
    const { client } = await clientWithLedger();
    await setVisibility(t.db, client.id, { invoices: true, statement: true });
    const viewer = await makePortalMember(t, client.id, { role: 'viewer', signIn: 'direct' });
    const html = await (await t.get('/portal', viewer.cookie)).text();
    expect(figure(html, 'amount_due')).not.toBeNull();
    expect(html).not.toContain('Pay now');
    expect((await t.get('/portal/pay', viewer.cookie)).status).toBe(403);
  });

  it('answers 404 for the pay page when invoices are hidden', async () => {
    const { client } = await clientWithLedger();
    await setVisibility(t.db, client.id, { invoices: false, statement: true });
    const m = await makePortalMember(t, client.id, { role: 'owner', signIn: 'direct' });
    expect((await t.get('/portal/pay', m.cookie)).status).toBe(404);
  });

  it('is a disabled button in a staff preview', async () => {
    const { client } = await clientWithLedger();
    await setVisibility(t.db, client.id, { invoices: true, statement: true });
    const m = await makePortalMember(t, client.id, { role: 'accounts', signIn: 'direct' });
    const html = await (await t.get(`/preview/${client.id}/${m.contactId}`, staff)).text();
    expect(html).toContain('<button type="button" class="primary" disabled="">Pay now</button>');
    expect(html).not.toContain('href="/portal/pay"');
  });

  it('is not offered when nothing is due', async () => {
    const client = await makeClient(t.db, { name: 'Paid Up Ltd' });
    const inv = await makeDoc(t.db, 'invoice', client.id, { total: 5000 });
    await makePayment(t.db, client.id, 5000, [{ invoiceId: inv.id, amount: 5000 }]);
    await setVisibility(t.db, client.id, { invoices: true, statement: true });
    const m = await makePortalMember(t, client.id, { role: 'owner', signIn: 'direct' });
    const html = await (await t.get('/portal', m.cookie)).text();
    expect(html).not.toContain('Pay now');
    expect(html).toContain('Nothing is due at the moment');
  });
});

describe('quick actions', () => {
  function actions(html: string): string[] {
    return [...html.matchAll(/data-action="([a-z_]+)"/g)].map((m) => m[1]!);
  }

  it('offers invoices and statement only when each is visible', async () => {
    const client = await makeClient(t.db, { name: 'Quick Ltd' });
    // A viewer may not write messages, so only the document actions remain.
    const m = await makePortalMember(t, client.id, { role: 'viewer', signIn: 'direct' });
    await setVisibility(t.db, client.id, { invoices: true, statement: false });
    expect(actions(await (await t.get('/portal', m.cookie)).text())).toEqual(['view_invoices']);
    await setVisibility(t.db, client.id, { invoices: false, statement: true });
    expect(actions(await (await t.get('/portal', m.cookie)).text())).toEqual(['view_statement']);
    await setVisibility(t.db, client.id, { invoices: true, statement: true });
    const html = await (await t.get('/portal', m.cookie)).text();
    expect(actions(html)).toEqual(['view_invoices', 'view_statement']);
    expect(html).toContain('href="/portal/invoices"');
    expect(html).toContain('href="/portal/statement"');
  });

  it('offers requests, quotes and messages to members allowed to use them', async () => {
    const client = await makeClient(t.db, { name: 'Tickets Ltd' });
    await setVisibility(t.db, client.id, { tickets: true });
    const owner = await makePortalMember(t, client.id, { role: 'owner', signIn: 'direct' });
    const html = await (await t.get('/portal', owner.cookie)).text();
    expect(actions(html)).toEqual(['raise_request', 'request_quote', 'message_us']);
    expect(html).toContain('href="/portal/tickets/new?type=quote"');
    const viewer = await makePortalMember(t, client.id, { role: 'viewer', signIn: 'direct' });
    expect(actions(await (await t.get('/portal', viewer.cookie)).text())).toEqual([]);
  });

  it('says nothing is shared on a fresh install', async () => {
    const client = await makeClient(t.db, { name: 'Fresh Ltd' });
    // A viewer: members who may write get "message us" even when nothing is shared.
    const m = await makePortalMember(t, client.id, { role: 'viewer', signIn: 'direct' });
    const html = await (await t.get('/portal', m.cookie)).text();
    expect(html).toContain('has not shared anything');
    expect(actions(html)).toEqual([]);
    expect(html).not.toContain('Latest documents');
  });
});

describe('latest documents', () => {
  it('lists the 5 newest documents of visible kinds, never drafts, linking to their pages', async () => {
    const client = await makeClient(t.db, { name: 'Recent Ltd' });
    const other = await makeClient(t.db, { name: 'Other Ltd' });
    const old = await makeDoc(t.db, 'invoice', client.id, { issue_date: daysAgo(90) });
    const inv1 = await makeDoc(t.db, 'invoice', client.id, { issue_date: daysAgo(9) });
    const inv2 = await makeDoc(t.db, 'invoice', client.id, { issue_date: daysAgo(2) });
    const est = await makeDoc(t.db, 'estimate', client.id, { issue_date: daysAgo(3) });
    const cn = await makeDoc(t.db, 'credit_note', client.id, { issue_date: daysAgo(4) });
    const est2 = await makeDoc(t.db, 'estimate', client.id, { issue_date: daysAgo(8), status: 'converted' });
    await makeDoc(t.db, 'invoice', client.id, { status: 'draft', issue_date: daysAgo(1) });
    await makeDoc(t.db, 'estimate', client.id, { status: 'draft', issue_date: daysAgo(1) });
    const foreign = await makeDoc(t.db, 'invoice', other.id, { issue_date: daysAgo(1) });
    await setVisibility(t.db, client.id, { invoices: true, estimates: true, credit_notes: true });
    const m = await makePortalMember(t, client.id, { signIn: 'direct' });
    const html = await (await t.get('/portal', m.cookie)).text();
    const shown = [...html.matchAll(/href="\/portal\/(invoices|estimates|credit-notes)\/(\d+)">([^<]+)</g)].map((x) => x[3]);
    expect(shown).toEqual([inv2.number, est.number, cn.number, est2.number, inv1.number]);
    expect(html).not.toContain(old.number!);
    expect(html).not.toContain(foreign.number!);
    expect(html).toContain(`href="/portal/credit-notes/${cn.id}"`);
    expect(html).toContain(`href="/portal/estimates/${est.id}"`);
    // A converted estimate reads as accepted in the portal.
    expect(html).toContain('badge-accepted');
    expect(html).not.toContain('badge-converted');
  });

  it('leaves out kinds that are not visible', async () => {
    const client = await makeClient(t.db, { name: 'Partial Ltd' });
    const inv = await makeDoc(t.db, 'invoice', client.id);
    const est = await makeDoc(t.db, 'estimate', client.id);
    await setVisibility(t.db, client.id, { invoices: true, estimates: false });
    const m = await makePortalMember(t, client.id, { signIn: 'direct' });
    const html = await (await t.get('/portal', m.cookie)).text();
    expect(html).toContain(inv.number!);
    expect(html).not.toContain(est.number!);
  });

  it('reads the newest documents through the client index, not a scan of all documents', async () => {
    const query = latestDocumentsQuery(t.db, 1, ['invoice', 'estimate', 'credit_note']);
    expect(query).not.toBeNull();
    const compiled = query!.compile();
    const plan = await t.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]));
    expect(plan.rows.length).toBeGreaterThan(0);
    const details = plan.rows.map((r) => r.detail).join('\n');
    expect(details).toContain('documents_client_kind_date');
    expect(details).not.toMatch(/SCAN (d|documents)\b(?! USING)/);
  });
});
