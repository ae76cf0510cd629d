import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { ALL_FINANCIAL, LAST_YEAR, TODAY, daysAgo, makeDoc, makePayment, numbersIn, portalGet, setVisibility } from './support.js';

let t: TestApp;
let clientId: number;
let otherId: number;
let cookie: string;
let memberId: number;
const inv = {} as Record<'unpaid' | 'overdue' | 'partial' | 'paid' | 'lastYear' | 'void' | 'draft' | 'other', { id: number; number: string | null }>;

beforeAll(async () => {
  t = await makeTestApp();
  clientId = (await makeClient(t.db, { name: 'Κατασκευαστική Αιγαίου ΑΕ' })).id;
  otherId = (await makeClient(t.db, { name: 'Other Ltd' })).id;
  await setVisibility(t.db, clientId, ALL_FINANCIAL);
  await setVisibility(t.db, otherId, ALL_FINANCIAL);
  const project = await t.db.insertInto('projects').values({ client_id: clientId, name: 'Ανακαίνιση γραφείων', email: null, archived_at: null, portal_visible: 1 }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('projects').values({ client_id: clientId, name: 'Secret internal', email: null, archived_at: null, portal_visible: 0 }).execute();

  inv.unpaid = await makeDoc(t.db, 'invoice', clientId, { total: 12400, issue_date: daysAgo(5), due_date: addDaysFromToday(25) });
  inv.overdue = await makeDoc(t.db, 'invoice', clientId, { total: 50000, issue_date: daysAgo(60), due_date: daysAgo(30), project_id: project.id });
  inv.partial = await makeDoc(t.db, 'invoice', clientId, { total: 123456, issue_date: daysAgo(20), due_date: addDaysFromToday(10) });
  inv.paid = await makeDoc(t.db, 'invoice', clientId, { total: 2000, issue_date: daysAgo(40), due_date: daysAgo(10) });
  inv.lastYear = await makeDoc(t.db, 'invoice', clientId, { total: 99900, issue_date: LAST_YEAR, due_date: LAST_YEAR });
  inv.void = await makeDoc(t.db, 'invoice', clientId, { total: 7000, status: 'void', issue_date: daysAgo(3) });
  inv.draft = await makeDoc(t.db, 'invoice', clientId, { total: 5555, status: 'draft' });
  inv.other = await makeDoc(t.db, 'invoice', otherId, { total: 4242, number: 'INV-OTHER-1' });
  await makePayment(t.db, clientId, { amount: 23456, reference: 'ΕΜΒ-778', allocations: [{ invoiceId: inv.partial.id, amount: 23456 }] });
  await makePayment(t.db, clientId, { amount: 3000, method: 'card', reference: 'CARD-1', allocations: [{ invoiceId: inv.paid.id, amount: 2000 }] });
  await makePayment(t.db, clientId, { amount: 999, reference: 'VOIDED-PAY', voided: true });
  await makePayment(t.db, otherId, { amount: 4242, reference: 'OTHER-PAY' });

  const member = await makePortalMember(t, clientId, { role: 'accounts', name: 'Ελένη Μ.' });
  cookie = member.cookie;
  memberId = member.userId;
});
afterAll(() => t.close());

function addDaysFromToday(n: number): string {
  return daysAgo(-n);
}

describe('the invoices list', () => {
  it('lists the client’s issued and void invoices, newest first, never drafts nor another client’s', async () => {
    const res = await portalGet(t, '/portal/invoices', cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    const numbers = numbersIn(html);
    expect(numbers).toEqual([inv.void, inv.unpaid, inv.partial, inv.paid, inv.overdue, inv.lastYear].map((d) => d.number));
    expect(html).not.toContain('INV-OTHER-1');
    expect(html).toContain('6 invoices');
    expect(html).toContain('badge-overdue');
    expect(html).toContain('Partially paid');
  });

  it('shows paid and balance figures when the firm displays balances', async () => {
    const html = await (await portalGet(t, '/portal/invoices?status=partially_paid', cookie)).text();
    expect(numbersIn(html)).toEqual([inv.partial.number]);
    expect(html).toContain('€234.56'); // paid
    expect(html).toContain('€1,000.00'); // balance
    expect(html).toMatch(/<th[^>]*>.*Balance/);
  });

  it('filters by status: paid, unpaid, overdue, void', async () => {
    expect(numbersIn(await (await portalGet(t, '/portal/invoices?status=paid', cookie)).text())).toEqual([inv.paid.number]);
    expect(numbersIn(await (await portalGet(t, '/portal/invoices?status=overdue', cookie)).text())).toEqual([inv.overdue.number, inv.lastYear.number]);
    expect(numbersIn(await (await portalGet(t, '/portal/invoices?status=issued', cookie)).text())).toEqual([inv.unpaid.number, inv.overdue.number, inv.lastYear.number]);
    expect(numbersIn(await (await portalGet(t, '/portal/invoices?status=void', cookie)).text())).toEqual([inv.void.number]);
  });

  it('filters to last year, and to last year and overdue together', async () => {
    expect(numbersIn(await (await portalGet(t, '/portal/invoices?period=last_year', cookie)).text())).toEqual([inv.lastYear.number]);
    const html = await (await portalGet(t, '/portal/invoices?period=last_year&status=overdue', cookie)).text();
    expect(numbersIn(html)).toEqual([inv.lastYear.number]);
    expect(html).toContain('1 invoice');
  });

  it('filters by a custom date range', async () => {
    const html = await (await portalGet(t, `/portal/invoices?period=custom&from=${daysAgo(45)}&to=${daysAgo(15)}`, cookie)).text();
    expect(numbersIn(html)).toEqual([inv.partial.number, inv.paid.number]);
  });

  it('filters by an amount range typed in euros', async () => {
    expect(numbersIn(await (await portalGet(t, '/portal/invoices?min=100&max=600', cookie)).text())).toEqual([inv.unpaid.number, inv.overdue.number]);
    expect(numbersIn(await (await portalGet(t, `/portal/invoices?min=${encodeURIComponent('1.000,00')}`, cookie)).text())).toEqual([inv.partial.number]);
  });

  it('searches by part of the number', async () => {
    const part = inv.paid.number!.slice(-4);
    expect(numbersIn(await (await portalGet(t, `/portal/invoices?q=${part}`, cookie)).text())).toEqual([inv.paid.number]);
    const none = await (await portalGet(t, '/portal/invoices?q=NOPE', cookie)).text();
    expect(none).toContain('No invoices match these filters');
    expect(none).toContain('Clear filters');
  });

  it('filters by a project the firm shows, and offers only those', async () => {
    const html = await (await portalGet(t, '/portal/invoices', cookie)).text();
    expect(html).toContain('Ανακαίνιση γραφείων');
    expect(html).not.toContain('Secret internal');
    const project = await t.db.selectFrom('projects').select('id').where('name', '=', 'Ανακαίνιση γραφείων').executeTakeFirstOrThrow();
    expect(numbersIn(await (await portalGet(t, `/portal/invoices?project=${project.id}`, cookie)).text())).toEqual([inv.overdue.number]);
  });

  it('sorts by a column header and links the opposite direction', async () => {
    const asc = await (await portalGet(t, '/portal/invoices?sort=total', cookie)).text();
    expect(numbersIn(asc)).toEqual([inv.paid, inv.void, inv.unpaid, inv.overdue, inv.lastYear, inv.partial].map((d) => d.number));
    expect(asc).toContain('href="/portal/invoices?sort=-total"');
    expect(asc).toContain('aria-sort="ascending"');
    const byBalance = await (await portalGet(t, '/portal/invoices?sort=-balance&status=issued', cookie)).text();
    expect(numbersIn(byBalance)).toEqual([inv.lastYear, inv.overdue, inv.unpaid].map((d) => d.number));
  });

  it('refuses bad filters with a message in the form and status 422, showing the list unfiltered by them', async () => {
    const res = await portalGet(t, '/portal/invoices?min=lots&period=custom&from=2026-13-45&status=draft', cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Enter an amount like 1250.00.');
    expect(html).toContain('Enter a date like 2026-03-31.');
    expect(html).toContain('Choose one of the options offered.');
    expect(html).not.toContain(inv.draft.number ?? 'no-number');
    expect(numbersIn(html)).toHaveLength(6);
  });

  it('works without JavaScript: GET forms to the list’s own URL, plain links for sorting and paging', async () => {
    const html = await (await portalGet(t, '/portal/invoices', cookie)).text();
    expect(html).toMatch(/<form method="get" action="\/portal\/invoices"/);
    expect(html).toContain('name="period"');
    expect(html).toContain('name="min"');
    expect(html).toContain('name="q"');
    expect(html).toMatch(/<th scope="col"[^>]*><a href="\/portal\/invoices\?sort=-total"/);
    expect(html).toContain('hx-push-url="true"');
  });

  it('answers htmx with just the list region, from the same component', async () => {
    const res = await portalGet(t, '/portal/invoices?status=paid', cookie, true);
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toContain('HX-Request');
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).not.toContain('portal-nav');
    expect(html.startsWith('<div id="portal-list"')).toBe(true);
    expect(numbersIn(html)).toEqual([inv.paid.number]);
    const invalid = await portalGet(t, '/portal/invoices?min=abc', cookie, true);
    expect(invalid.status).toBe(200); // htmx 2 would not swap a 422
    expect(await invalid.text()).toContain('Enter an amount like 1250.00.');
  });

  it('says what to do when the client has no invoices at all', async () => {
    const lonely = (await makeClient(t.db, { name: 'Empty Co' })).id;
    await setVisibility(t.db, lonely, ALL_FINANCIAL);
    const member = await makePortalMember(t, lonely);
    const html = await (await portalGet(t, '/portal/invoices', member.cookie)).text();
    expect(html).toContain('You have no invoices yet.');
    expect(html).not.toContain('<table');
  });
});

describe('paging', () => {
  it('shows 25 a page with the total count and links between pages', async () => {
    const busy = (await makeClient(t.db, { name: 'Busy Ltd' })).id;
    await setVisibility(t.db, busy, ALL_FINANCIAL);
    for (let i = 0; i < 30; i += 1) await makeDoc(t.db, 'invoice', busy, { issue_date: daysAgo(100 - i), total: 1000 + i });
    const member = await makePortalMember(t, busy);
    const first = await (await portalGet(t, '/portal/invoices', member.cookie)).text();
    expect(numbersIn(first)).toHaveLength(25);
    expect(first).toContain('30 invoices');
    expect(first).toContain('Page 1 of 2');
    expect(first).toContain('href="/portal/invoices?page=2"');
    const second = await (await portalGet(t, '/portal/invoices?page=2', member.cookie)).text();
    expect(numbersIn(second)).toHaveLength(5);
    expect(second).toContain('showing 26–30');
    const beyond = await (await portalGet(t, '/portal/invoices?page=99', member.cookie)).text();
    expect(numbersIn(beyond)).toHaveLength(5);
    expect(beyond).toContain('Page 2 of 2');
  });
});

describe('the columns chooser', () => {
  it('remembers a member’s columns, and a cols in the URL wins', async () => {
    const res = await t.postForm('/portal/invoices/columns', { status: 'issued', sort: '-total', cols: ['', 'due_date', 'balance', 'client_id'] }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal/invoices?status=issued&sort=-total');
    const stored = await t.db.selectFrom('portal_user_preferences').select('value').where('portal_user_id', '=', memberId).where('key', '=', 'cols:invoices').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.value)).toEqual(['due_date', 'balance']);
    const html = await (await portalGet(t, '/portal/invoices', cookie)).text();
    const heads = [...html.matchAll(/<th scope="col"[^>]*>(?:<a [^>]*>)?([^<]+)/g)].map((m) => m[1]);
    expect(heads).toEqual(['Number', 'Due', 'Balance']);
    const fromUrl = await (await portalGet(t, '/portal/invoices?cols=total,status', cookie)).text();
    const urlHeads = [...fromUrl.matchAll(/<th scope="col"[^>]*>(?:<a [^>]*>)?([^<]+)/g)].map((m) => m[1]);
    expect(urlHeads).toEqual(['Number', 'Total', 'Status']);
    // Other lists keep their own choice.
    const estimates = await (await portalGet(t, '/portal/estimates', cookie)).text();
    expect(estimates).toContain('Valid until');
    await t.postForm('/portal/invoices/columns', { cols: ['issue_date', 'due_date', 'total', 'paid', 'balance', 'status'] }, cookie);
  });

  it('refuses to save columns for a hidden list or in a staff preview', async () => {
    const staff = await t.staffCookie();
    const preview = await t.postForm(`/preview/${clientId}/0/invoices/columns`, { cols: 'total' }, staff);
    expect(preview.status).toBe(403);
    await setVisibility(t.db, clientId, { estimates: false });
    expect((await t.postForm('/portal/estimates/columns', { cols: 'total' }, cookie)).status).toBe(404);
    await setVisibility(t.db, clientId, { estimates: true });
  });
});

describe('the estimates, credit notes and payments lists', () => {
  it('shows estimates as awaiting an answer, accepted (converted too), declined or expired', async () => {
    const sent = await makeDoc(t.db, 'estimate', clientId, { valid_until: addDaysFromToday(10) });
    const expired = await makeDoc(t.db, 'estimate', clientId, { issue_date: daysAgo(50), valid_until: daysAgo(1) });
    const converted = await makeDoc(t.db, 'estimate', clientId, { status: 'converted', issue_date: daysAgo(30) });
    const rejected = await makeDoc(t.db, 'estimate', clientId, { status: 'rejected', issue_date: daysAgo(31) });
    const withdrawn = await makeDoc(t.db, 'estimate', clientId, { status: 'void', issue_date: daysAgo(2) });
    const draft = await makeDoc(t.db, 'estimate', clientId, { status: 'draft' });
    const html = await (await portalGet(t, '/portal/estimates', cookie)).text();
    expect(numbersIn(html)).toEqual([sent, converted, rejected, expired].map((d) => d.number));
    expect(html).not.toContain(withdrawn.number!);
    expect(draft.number).toBeNull();
    expect(html).toContain('Awaiting your answer');
    expect(html).toContain('Declined');
    expect(html).toContain('Expired');
    expect(numbersIn(await (await portalGet(t, '/portal/estimates?status=accepted', cookie)).text())).toEqual([converted.number]);
    expect(numbersIn(await (await portalGet(t, '/portal/estimates?status=expired', cookie)).text())).toEqual([expired.number]);
    expect(numbersIn(await (await portalGet(t, '/portal/estimates?status=sent', cookie)).text())).toEqual([sent.number]);
  });

  it('lists credit notes with the invoice they credit and what is left to use', async () => {
    const cn = await makeDoc(t.db, 'credit_note', clientId, { total: 5000, related_invoice_id: inv.unpaid.id });
    await t.db.insertInto('credit_applications').values({ credit_note_id: cn.id, invoice_id: inv.unpaid.id, amount: 2000, date: TODAY }).execute();
    const html = await (await portalGet(t, '/portal/credit-notes', cookie)).text();
    expect(numbersIn(html)).toEqual([cn.number]);
    expect(html).toContain(`href="/portal/invoices/${inv.unpaid.id}"`);
    expect(html).toContain('€30.00'); // left to use
    expect(html).toContain('1 credit note');
  });

  it('lists payments (never voided ones) with the invoices each settled', async () => {
    const res = await portalGet(t, '/portal/payments', cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('ΕΜΒ-778');
    expect(html).toContain('CARD-1');
    expect(html).toContain('Bank transfer');
    expect(html).toContain('Card');
    expect(html).not.toContain('VOIDED-PAY');
    expect(html).not.toContain('OTHER-PAY');
    expect(html).toContain(`<a href="/portal/invoices/${inv.partial.id}">${inv.partial.number}</a>`);
    expect(html).toContain('2 payments');
    const filtered = await (await portalGet(t, '/portal/payments?q=778&min=100', cookie)).text();
    expect(filtered).toContain('ΕΜΒ-778');
    expect(filtered).not.toContain('CARD-1');
    const byAmount = await (await portalGet(t, '/portal/payments?sort=amount', cookie)).text();
    expect(byAmount.indexOf('CARD-1')).toBeLessThan(byAmount.indexOf('ΕΜΒ-778'));
  });
});

describe('what a member may see', () => {
  it('hides paid and balance figures, and the balance sort, when balances are not displayed', async () => {
    await setVisibility(t.db, clientId, { balances: false });
    const html = await (await portalGet(t, '/portal/invoices', cookie)).text();
    const heads = [...html.matchAll(/<th scope="col"[^>]*>(?:<a [^>]*>)?([^<]+)/g)].map((m) => m[1]);
    expect(heads).toEqual(['Number', 'Date', 'Due', 'Total', 'Status']);
    expect(html).not.toContain('€1,000.00');
    expect(html).not.toContain('value="balance"');
    const sorted = await (await portalGet(t, '/portal/invoices?sort=-balance', cookie)).text();
    expect(sorted).toMatch(/aria-sort="descending"><a [^>]*>Date/);
    const cn = await (await portalGet(t, '/portal/credit-notes', cookie)).text();
    expect(cn).not.toContain('Left to use');
    await setVisibility(t.db, clientId, { balances: true });
  });

  it('answers 404 for a hidden list and leaves it out of the menu', async () => {
    await setVisibility(t.db, clientId, { credit_notes: false });
    expect((await portalGet(t, '/portal/credit-notes', cookie)).status).toBe(404);
    expect((await portalGet(t, '/portal/credit-notes', cookie, true)).status).toBe(404);
    const html = await (await portalGet(t, '/portal/invoices', cookie)).text();
    expect(html).not.toContain('href="/portal/credit-notes"');
    expect(html).toContain('href="/portal/invoices" aria-current="page"');
    await setVisibility(t.db, clientId, { credit_notes: true });
    expect(await (await portalGet(t, '/portal/invoices', cookie)).text()).toContain('href="/portal/credit-notes"');
  });

  it('answers 404 on every list to a member without the view-finances permission', async () => {
    const viewer = await makePortalMember(t, clientId, { role: 'viewer', permissions: { view_finances: false } });
    for (const path of ['invoices', 'estimates', 'credit-notes', 'payments']) {
      expect((await portalGet(t, `/portal/${path}`, viewer.cookie)).status).toBe(404);
    }
    const menu = await (await portalGet(t, '/portal/settings', viewer.cookie)).text();
    expect(menu).not.toContain('href="/portal/invoices"');
  });

  it('speaks Greek with Greek money and dates', async () => {
    const greek = await makePortalMember(t, clientId, { language: 'el' });
    // Intl puts a no-break space before the euro sign.
    const html = (await (await portalGet(t, `/portal/invoices?q=${inv.partial.number}`, greek.cookie)).text()).replace(/\u00a0/g, ' ');
    expect(html).toContain('1.234,56 €');
    expect(html).toContain('1.000,00 €');
    expect(html).toContain('Μερικώς εξοφλημένο');
    expect(html).toContain('1 τιμολόγιο');
    expect(html).toContain('Ποσό από (EUR)');
    expect(html).toMatch(/<time datetime="[\d-]+">\d{1,2} [Α-Ωα-ωά-ώ]{3,}\.? \d{4}<\/time>/);
  });
});
