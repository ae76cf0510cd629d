import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { addDays } from '../../src/ledger/ledger.js';
import { recordPayment } from '../../src/payments/service.js';
import { today } from '../../src/util/time.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makePortalMember } from '../helpers/portal.js';
import { makeClient, makeIssued, oneLine } from '../documents/factories.js';
import { pdfText } from '../pdf/support.js';

// Issue 4, "Done means": nothing of the financial portal is visible when its visibility key is
// off. For each key, with that key off and every other one on, the member walks the whole
// financial portal (dashboard, lists, document pages, receipts, PDFs, statement and exports,
// own settings) and finds no menu entry, no link, no figure and no row of it, while its own
// addresses answer 404. Every sign looked for is first shown to be there with all keys on, so
// no check passes vacuously.
// The statement is the account history: with a document type hidden its rows stay (unlinked),
// since the running balance is made of them.

/** The visibility keys of issue 4. */
type FinanceKey = 'invoices' | 'payments' | 'estimates' | 'credit_notes' | 'statement' | 'balances';
const FINANCE_KEYS: readonly FinanceKey[] = ['invoices', 'payments', 'estimates', 'credit_notes', 'statement', 'balances'];

const TODAY = today();
const PAYMENT_REFERENCE = 'TRF-NORTHWIND-77';

let t: TestApp;
let clientId: number;
/** Cookies: the client's owner (every permission) and a member who may not view finances. */
let owner: string;
let noFinances: string;
/** The staff preview of the portal as the owner sees it. */
let previewBase: string;
let staff: string;
/** The client's records, filled in beforeAll. */
const ids = { overdue: 0, paid: 0, estimate: 0, creditNote: 0, payment: 0 };
const numbers = { overdue: '', paid: '', estimate: '', creditNote: '' };

// ---------------------------------------------------------------------------------------------
// Walking the portal

/** Every portal address where financial content could show (some ask for balance columns in the query). */
function portalPages(): string[] {
  return [
    '/portal',
    '/portal/pay',
    '/portal/settings',
    '/portal/settings/company',
    '/portal/invoices',
    '/portal/invoices?cols=issue_date,paid,balance&sort=-balance',
    `/portal/invoices/${ids.overdue}`,
    `/portal/invoices/${ids.paid}`,
    `/portal/invoices/${ids.overdue}/pdf`,
    '/portal/estimates',
    `/portal/estimates/${ids.estimate}`,
    `/portal/estimates/${ids.estimate}/pdf`,
    '/portal/credit-notes',
    '/portal/credit-notes?cols=invoice,remaining',
    `/portal/credit-notes/${ids.creditNote}`,
    `/portal/credit-notes/${ids.creditNote}/pdf`,
    '/portal/payments',
    `/portal/payments/${ids.payment}`,
    '/portal/statement?period=all',
    '/portal/statement?period=all&format=xlsx',
    '/portal/statement?period=all&format=pdf',
  ];
}

/** The addresses at or below `path`: a list, its pages, PDFs and exports. */
function under(path: string): string[] {
  return portalPages().filter((url) => url === path || url.startsWith(`${path}/`) || url.startsWith(`${path}?`));
}

/** What a member got from one address: its status and the text a reader sees (PDFs extracted; spreadsheets left out). */
interface Visit { url: string; status: number; text: string }

async function visit(url: string, cookie: string): Promise<Visit> {
  const res = await t.get(url, cookie);
  const type = res.headers.get('content-type') ?? '';
  if (res.status === 200 && type.startsWith('application/pdf')) return { url, status: res.status, text: (await pdfText(Buffer.from(await res.arrayBuffer()))).text };
  if (res.status === 200 && !type.startsWith('text/html')) return { url, status: res.status, text: '' };
  return { url, status: res.status, text: await res.text() };
}

/** Opens every portal address as the member with `cookie`. */
async function walk(cookie: string): Promise<Map<string, Visit>> {
  const visits = await Promise.all(portalPages().map((url) => visit(url, cookie)));
  return new Map(visits.map((v) => [v.url, v]));
}

/** Shows exactly `on` of the financial keys to the client. */
async function showOnly(on: readonly FinanceKey[]): Promise<void> {
  for (const key of FINANCE_KEYS) {
    const value = on.includes(key) ? 1 : 0;
    await t.db
      .insertInto('client_portal_settings')
      .values({ client_id: clientId, key, value })
      .onConflict((oc) => oc.columns(['client_id', 'key']).doUpdateSet({ value }))
      .execute();
  }
}

/** The financial menu entries in menu order, with the key that shows each (balances has none of its own). */
const FINANCIAL_MENU: ReadonlyArray<[FinanceKey, string]> = [
  ['invoices', '/portal/invoices'], ['estimates', '/portal/estimates'], ['credit_notes', '/portal/credit-notes'], ['payments', '/portal/payments'], ['statement', '/portal/statement'],
];
const FINANCIAL_PATHS = new Set(FINANCIAL_MENU.map(([, path]) => path));

/** The financial entries of a page's menu, in order. */
function financialMenuOf(html: string): string[] {
  const nav = /<nav class="portal-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).filter((href) => FINANCIAL_PATHS.has(href));
}

// ---------------------------------------------------------------------------------------------
// What each key shows

/** A sign that a key's content is on a page. */
interface Sign { page: string; what: string; found: (text: string) => boolean }

const has = (needle: string) => (text: string) => text.includes(needle);
const matches = (re: RegExp) => (text: string) => re.test(text);
/** Looks only inside the element that starts with `start`, up to `end` (a list's header, a document's totals). */
const within = (start: string, end: string, found: (text: string) => boolean) => (text: string) => {
  const from = text.indexOf(start);
  return from >= 0 && found(text.slice(from, text.indexOf(end, from)));
};
/** The dashboard's "shared with you" list names the section. */
const sharedSection = (label: string): Sign => ({ page: '/portal', what: `"${label}" among the shared sections`, found: within('<ul class="shared-list">', '</ul>', has(`<li>${label}</li>`)) });

/** One key: its own addresses, the links that lead into it, and where else it shows. */
interface KeyCase {
  key: FinanceKey;
  /** Addresses that belong to the key: 200 with it on, 404 with it off. */
  own: () => string[];
  /** Its list's "remember my columns" form (POST), if it has one. */
  columnsForm: string | null;
  /** A link into the key's pages; no page may carry one with the key off. */
  link: RegExp | null;
  /** Where else the key's content shows with it on (and must not with it off). */
  signs: () => Sign[];
}

const CASES: KeyCase[] = [
  {
    key: 'invoices',
    own: () => [...under('/portal/invoices'), '/portal/pay'],
    columnsForm: '/portal/invoices/columns',
    link: /href="\/portal\/(invoices|pay)\b/,
    signs: () => [
      { page: '/portal', what: 'the amount due, overdue and credit figures', found: matches(/data-figure="(amount_due|overdue|credit)"/) },
      { page: '/portal', what: 'Pay now', found: has('class="actions pay-now"') },
      { page: '/portal', what: 'the "view invoices" quick action', found: has('data-action="view_invoices"') },
      { page: '/portal', what: 'the latest invoices', found: has(numbers.overdue) },
      sharedSection('Invoices'),
    ],
  },
  {
    key: 'payments',
    own: () => under('/portal/payments'),
    columnsForm: '/portal/payments/columns',
    link: /href="\/portal\/payments\b/,
    signs: () => [
      { page: `/portal/invoices/${ids.overdue}`, what: 'the payments of the invoice', found: has('<h2 id="settlements-h">Payments</h2>') },
      { page: `/portal/invoices/${ids.overdue}`, what: 'the payment’s reference', found: has(PAYMENT_REFERENCE) },
      { page: `/portal/invoices/${ids.paid}`, what: 'how the invoice was paid', found: has('Bank transfer') },
      sharedSection('Payments'),
    ],
  },
  {
    key: 'estimates',
    own: () => under('/portal/estimates'),
    columnsForm: '/portal/estimates/columns',
    link: /href="\/portal\/estimates\b/,
    signs: () => [
      { page: '/portal', what: 'the latest estimate', found: has(numbers.estimate) },
      sharedSection('Estimates'),
    ],
  },
  {
    key: 'credit_notes',
    own: () => under('/portal/credit-notes'),
    columnsForm: '/portal/credit-notes/columns',
    link: /href="\/portal\/credit-notes\b/,
    signs: () => [
      { page: '/portal', what: 'the latest credit note', found: has(numbers.creditNote) },
      { page: `/portal/invoices/${ids.overdue}`, what: 'the credit note applied to the invoice', found: has(numbers.creditNote) },
      sharedSection('Credit notes'),
    ],
  },
  {
    key: 'statement',
    own: () => under('/portal/statement'),
    columnsForm: null,
    link: /href="\/portal\/(statement|pay)\b/,
    signs: () => [
      { page: '/portal', what: 'the "view statement" quick action', found: has('data-action="view_statement"') },
      { page: '/portal', what: 'Pay now for the whole amount due', found: has('class="actions pay-now"') },
      sharedSection('Account statement'),
    ],
  },
  {
    key: 'balances',
    own: () => [],
    columnsForm: null,
    link: null,
    signs: () => [
      { page: '/portal/invoices', what: 'the Paid and Balance columns', found: within('<thead>', '</thead>', matches(/>(Paid|Balance)</)) },
      { page: '/portal/invoices?cols=issue_date,paid,balance&sort=-balance', what: 'the Paid and Balance columns asked for in the address', found: within('<thead>', '</thead>', matches(/>(Paid|Balance)</)) },
      { page: '/portal/credit-notes?cols=invoice,remaining', what: 'the "left to use" column', found: within('<thead>', '</thead>', has('>Left to use<')) },
      { page: `/portal/invoices/${ids.overdue}`, what: 'paid and left to pay under the totals', found: within('<table class="totals">', '</table>', matches(/>(Paid|Left to pay)</)) },
      { page: `/portal/credit-notes/${ids.creditNote}`, what: 'the credit left to use', found: within('<table class="totals">', '</table>', has('Credit left to use')) },
      { page: `/portal/invoices/${ids.overdue}/pdf`, what: 'paid and balance due in the PDF', found: matches(/Paid and credited|Balance due/) },
      { page: `/portal/credit-notes/${ids.creditNote}/pdf`, what: 'the credit left in the PDF', found: has('Credit left to apply') },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// The client: an overdue invoice paid and credited in part, a paid invoice, a credit note, an
// estimate awaiting an answer; its owner, a member without "view finances", and staff.

beforeAll(async () => {
  t = await makeTestApp();
  clientId = await makeClient(t.db, { name: 'Northwind Traders' });
  const overdue = await makeIssued(t.db, 'invoice', oneLine(clientId, 100000, { issueDate: addDays(TODAY, -60), dueDate: addDays(TODAY, -30) }));
  const paid = await makeIssued(t.db, 'invoice', oneLine(clientId, 50000, { issueDate: addDays(TODAY, -20), dueDate: addDays(TODAY, 10) }));
  const payment = await recordPayment(t.db, SYSTEM_ACTOR, { client_id: clientId, amount: 30000, date: addDays(TODAY, -10), method: 'bank_transfer', reference: PAYMENT_REFERENCE, allocations: [{ invoice_id: overdue.id, amount: 30000 }] });
  if (!payment.ok) throw new Error(payment.error);
  const settled = await recordPayment(t.db, SYSTEM_ACTOR, { client_id: clientId, amount: 62000, date: addDays(TODAY, -5), method: 'bank_transfer', reference: null, allocations: [{ invoice_id: paid.id, amount: 62000 }] });
  if (!settled.ok) throw new Error(settled.error);
  // A credit note issued for an invoice is applied to that invoice.
  const creditNote = await makeIssued(t.db, 'credit_note', oneLine(clientId, 10000, { issueDate: addDays(TODAY, -3), relatedInvoiceId: overdue.id }));
  const estimate = await makeIssued(t.db, 'estimate', oneLine(clientId, 250000, { issueDate: addDays(TODAY, -1), validUntil: addDays(TODAY, 29) }));
  Object.assign(ids, { overdue: overdue.id, paid: paid.id, estimate: estimate.id, creditNote: creditNote.id, payment: payment.paymentId });
  Object.assign(numbers, { overdue: overdue.number, paid: paid.number, estimate: estimate.number, creditNote: creditNote.number });

  const ownerMember = await makePortalMember(t, clientId, { role: 'owner', language: 'en', name: 'Nancy Davolio' });
  owner = ownerMember.cookie;
  noFinances = (await makePortalMember(t, clientId, { role: 'viewer', language: 'en', name: 'Andrew Fuller', permissions: { view_finances: false } })).cookie;
  previewBase = `/preview/${clientId}/${ownerMember.contactId}`;
  staff = await t.staffCookie();
}, 30_000);

afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------

describe('with every financial key on', () => {
  it('shows the owner each key’s pages, links and figures (the signs the tests below look for)', async () => {
    await showOnly(FINANCE_KEYS);
    const pages = await walk(owner);
    for (const v of pages.values()) expect(v.status, v.url).toBe(200);
    expect(financialMenuOf(pages.get('/portal')!.text)).toEqual(FINANCIAL_MENU.map(([, path]) => path));
    for (const c of CASES) {
      if (c.link) expect([...pages.values()].some((v) => c.link!.test(v.text)), `a link into ${c.key}`).toBe(true);
      for (const sign of c.signs()) expect(sign.found(pages.get(sign.page)!.text), `${c.key}: ${sign.what} on ${sign.page}`).toBe(true);
    }
  });
});

describe.each(CASES)('with $key off and every other financial key on', (c) => {
  let pages: Map<string, Visit>;

  beforeAll(async () => {
    await showOnly(FINANCE_KEYS.filter((k) => k !== c.key));
    pages = await walk(owner);
  });

  it('has no menu entry for it on any page, and keeps the others', () => {
    const expected = FINANCIAL_MENU.filter(([key]) => key !== c.key).map(([, path]) => path);
    const withMenu = [...pages.values()].filter((v) => v.status === 200 && v.text.includes('<nav class="portal-nav"'));
    expect(withMenu.length).toBeGreaterThan(3);
    for (const v of withMenu) expect(financialMenuOf(v.text), v.url).toEqual(expected);
  });

  it('answers 404 at its own addresses (lists and their htmx partials, pages, PDFs, exports, column choices) and opens every other page', async () => {
    const own = new Set(c.own());
    for (const v of pages.values()) {
      if (own.has(v.url)) expect(v.status, v.url).toBe(404);
      else if (v.url === '/portal/pay' && c.key === 'statement') expect(v.status, 'Pay now for the whole balance needs the statement').toBe(403);
      else expect(v.status, v.url).toBe(200);
    }
    const list = c.own()[0];
    if (list) expect((await t.get(list, owner, { 'HX-Request': 'true' })).status, `${list} (htmx)`).toBe(404);
    if (c.columnsForm) expect((await t.postForm(c.columnsForm, { cols: 'total' }, owner)).status, c.columnsForm).toBe(404);
  });

  it('links to it from no page and shows none of its figures, actions or rows on the pages that remain', () => {
    for (const v of pages.values()) if (c.link) expect(c.link.exec(v.text)?.[0], v.url).toBeUndefined();
    for (const sign of c.signs()) {
      const v = pages.get(sign.page)!;
      if (v.status !== 200) continue;
      expect(sign.found(v.text), `${sign.what} on ${v.url}`).toBe(false);
    }
  });

  it('is hidden the same way in the staff preview of the portal', async () => {
    const previewed = await Promise.all(c.own().map(async (url) => ({ url, status: (await t.get(url.replace(/^\/portal/, previewBase), staff)).status })));
    for (const v of previewed) expect(v.status, v.url).toBe(404);
    const dashboard = await (await t.get(previewBase, staff)).text();
    expect(financialMenuOf(dashboard.replaceAll(previewBase, '/portal'))).toEqual(FINANCIAL_MENU.filter(([key]) => key !== c.key).map(([, path]) => path));
    for (const sign of c.signs().filter((s) => s.page === '/portal')) expect(sign.found(dashboard), sign.what).toBe(false);
  });
});

describe('with estimates off', () => {
  it('refuses to accept or reject an estimate with 404 and leaves it as it was', async () => {
    await showOnly(FINANCE_KEYS.filter((k) => k !== 'estimates'));
    for (const action of ['accept', 'reject']) {
      const res = await t.postForm(`/portal/estimates/${ids.estimate}/${action}`, { comment: 'Yes please', reason: 'No thanks' }, owner);
      expect(res.status, action).toBe(404);
    }
    const row = await t.db.selectFrom('documents').select(['status', 'responded_at']).where('id', '=', ids.estimate).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sent', responded_at: null });
  });
});

describe('a member without "view finances"', () => {
  it('gets 404 from every financial page while all financial keys are on', async () => {
    await showOnly(FINANCE_KEYS);
    const pages = await walk(noFinances);
    const own = new Set(['/portal', '/portal/settings', '/portal/settings/company']);
    for (const v of pages.values()) if (!own.has(v.url)) expect(v.status, v.url).toBe(404);
  });

  it('sees a dashboard with no figures, financial menu entries, links or documents', async () => {
    await showOnly(FINANCE_KEYS);
    const dashboard = await visit('/portal', noFinances);
    expect(dashboard.status).toBe(200);
    expect(financialMenuOf(dashboard.text)).toEqual([]);
    expect(dashboard.text).not.toMatch(/data-figure=|pay-now|href="\/portal\/(invoices|estimates|credit-notes|payments|statement|pay)\b/);
    for (const n of Object.values(numbers)) expect(dashboard.text).not.toContain(n);
    for (const label of ['Invoices', 'Payments', 'Estimates', 'Credit notes', 'Account statement']) expect(sharedSection(label).found(dashboard.text), label).toBe(false);
  });

  it('cannot answer an estimate', async () => {
    await showOnly(FINANCE_KEYS);
    const res = await t.postForm(`/portal/estimates/${ids.estimate}/accept`, { comment: 'Yes' }, noFinances);
    expect(res.status).toBe(404);
    const row = await t.db.selectFrom('documents').select('status').where('id', '=', ids.estimate).executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
  });
});
