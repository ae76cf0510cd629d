import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from '../../src/documents/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraft, makeIssued, oneLine, payInvoice } from './factories.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
});
afterAll(() => t.close());

async function countDocuments(): Promise<number> {
  const row = await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Form fields of one invoice line row. */
function line(i: number, description: string, quantity: string, unitPrice: string, taxRate = '24'): Record<string, string> {
  return { [`lines.${i}.description`]: description, [`lines.${i}.quantity`]: quantity, [`lines.${i}.unit_price`]: unitPrice, [`lines.${i}.tax_rate`]: taxRate };
}

async function follow(res: Response): Promise<{ status: number; html: string; url: string }> {
  expect(res.status).toBe(303);
  const url = res.headers.get('location') ?? '';
  const next = await t.get(url, cookie);
  return { status: next.status, html: await next.text(), url };
}

describe('new invoice form', () => {
  it('asks for the client first, then offers three blank lines with the default tax rate', async () => {
    const client = await makeClient(t.db, { name: 'Πελάτης Ένα' });
    const picker = await t.get('/invoices/new', cookie);
    expect(picker.status).toBe(200);
    expect(await picker.text()).toContain('Πελάτης Ένα (EUR)');
    const form = await (await t.get(`/invoices/new?client_id=${client}`, cookie)).text();
    expect(form).toContain('name="lines.2.description"');
    expect(form).not.toContain('name="lines.3.description"');
    expect(form).toContain('name="lines.0.tax_rate" value="24"');
    expect((await t.get('/invoices/new?client_id=999999', cookie)).status).toBe(422);
  });

  it('adds a line without JavaScript and keeps what was typed, saving nothing', async () => {
    const client = await makeClient(t.db);
    const before = await countDocuments();
    const res = await t.postForm('/invoices', { client_id: String(client), issue_date: '2026-05-01', ...line(0, 'Bookkeeping May', '2', '150'), ...line(1, '', '', ''), ...line(2, '', '', ''), add_line: '1' }, cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="lines.3.description"');
    expect(html).toContain('value="Bookkeeping May"');
    expect(await countDocuments()).toBe(before);
  });

  it('saves a draft with amounts typed the Greek way and shows what was saved', async () => {
    const client = await makeClient(t.db, { name: 'Acme Ltd' });
    const res = await t.postForm('/invoices', {
      client_id: String(client), issue_date: '2026-05-01', due_date: '', notes: 'Bank: GR16 0110 1250',
      ...line(0, 'Annual audit', '1', '1.234,56'), ...line(1, '', '', ''), ...line(2, 'Travel', '1,5', '20', '0'),
    }, cookie);
    const page = await follow(res);
    expect(page.url).toMatch(/^\/invoices\/\d+\?done=created$/);
    expect(page.html).toContain('The draft was saved.');
    expect(page.html).toContain('Draft invoice');
    expect(page.html).toContain('Annual audit');
    expect(page.html).toContain('€1,234.56');
    expect(page.html).toContain('1.5');
    expect(page.html).toContain('Bank: GR16 0110 1250');
    // 1234.56 + 24% (296.29) + 1.5 × 20.00 at 0% = 1560.85
    expect(page.html).toContain('€1,560.85');
    expect(page.html).toContain('31 May 2026'); // due date: 30 days after issue
  });

  it('shows every problem with the form, at status 422, and writes no document', async () => {
    const client = await makeClient(t.db);
    const before = await countDocuments();
    const res = await t.postForm('/invoices', {
      client_id: String(client), issue_date: '2026-05-10', due_date: '2026-05-01',
      ...line(0, 'Fine line', '1', '10'), ...line(1, '', 'abc', '5'), ...line(2, 'Bad price', '1', '12,3,4'),
    }, cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('There are 4 problems with this form.');
    expect(html).toContain('The due date cannot be before the issue date.');
    expect(html).toContain('This field is required.');
    expect(html).toContain('Enter a quantity like 1 or 2.5.');
    expect(html).toContain('Enter an amount like 1234.56.');
    expect(html).toContain('id="f-lines-1-quantity-error"');
    expect(html).toContain('value="Fine line"');
    expect(await countDocuments()).toBe(before);

    const empty = await t.postForm('/invoices', { client_id: String(client), issue_date: '2026-05-10', ...line(0, '', '', '') }, cookie);
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Add at least one line.');
    const noClient = await t.postForm('/invoices', { client_id: '999999', ...line(0, 'x', '1', '1') }, cookie);
    expect(noClient.status).toBe(422);
    expect(await countDocuments()).toBe(before);
  });

  it('escapes what people type', async () => {
    const client = await makeClient(t.db);
    const id = await makeDraft(t.db, 'invoice', oneLine(client, 100, { lines: [{ description: '<script>alert(1)</script>', quantity: '1', unitPrice: 100, taxRate: '24' }], notes: '"><img src=x onerror=alert(1)>' }));
    const html = await (await t.get(`/invoices/${id}`, cookie)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<img src=x');
  });
});

describe('editing and finalizing', () => {
  it('edits a draft, finalizes it, then refuses further edits with a message', async () => {
    const client = await makeClient(t.db);
    const id = await makeDraft(t.db, 'invoice', oneLine(client, 5000, { issueDate: '2026-04-01' }));
    const edit = await (await t.get(`/invoices/${id}/edit`, cookie)).text();
    expect(edit).toContain('value="Consulting"');
    expect(edit).toContain('value="50.00"');
    expect(edit).toContain('name="lines.3.description"'); // 1 line + 3 blank rows

    const saved = await follow(await t.postForm(`/invoices/${id}`, { client_id: String(client), issue_date: '2026-04-01', ...line(0, 'Consulting April', '3', '50') }, cookie));
    expect(saved.html).toContain('Your changes were saved.');
    expect(saved.html).toContain('Consulting April');

    const finalized = await follow(await t.postForm(`/invoices/${id}/finalize`, {}, cookie));
    expect(finalized.html).toContain('Finalized and numbered.');
    expect(finalized.html).toMatch(/Invoice INV-2026-\d{4}/);
    expect(finalized.html).toContain('finalized invoice INV-2026-');

    const editAgain = await t.get(`/invoices/${id}/edit`, cookie);
    expect(editAgain.status).toBe(409);
    expect(await editAgain.text()).toContain('Only drafts can be changed');
    const postAgain = await t.postForm(`/invoices/${id}`, { client_id: String(client), ...line(0, 'Sneaky', '1', '1') }, cookie);
    expect(postAgain.status).toBe(409);
    expect((await getDocument(t.db, 'invoice', id))?.lines.map((l) => l.description)).toEqual(['Consulting April']);
    const twice = await t.postForm(`/invoices/${id}/finalize`, {}, cookie);
    expect(twice.status).toBe(409);
  });

  it('shows the snapshot on a finalized invoice after the client is renamed', async () => {
    const client = await makeClient(t.db, { name: 'Before Rename SA' });
    const inv = await makeIssued(t.db, 'invoice', oneLine(client));
    await t.db.updateTable('clients').set({ name: 'After Rename SA' }).where('id', '=', client).execute();
    const html = await (await t.get(`/invoices/${inv.id}`, cookie)).text();
    expect(html).toContain('<strong>Bill to</strong><br/>Before Rename SA');
  });

  it('refuses to void a paid invoice with a clear message and changes nothing', async () => {
    const client = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client, 10000));
    await payInvoice(t.db, client, inv.id, 12400);
    const res = await t.postForm(`/invoices/${inv.id}/void`, { reason: 'Wrong client' }, cookie);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('Payments are allocated to this invoice.');
    expect(html).toContain('badge-paid');
    expect((await getDocument(t.db, 'invoice', inv.id))?.doc.status).toBe('issued');
  });

  it('voids an unpaid invoice with its reason', async () => {
    const client = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client));
    const page = await follow(await t.postForm(`/invoices/${inv.id}/void`, { reason: 'Duplicate' }, cookie));
    expect(page.html).toContain('Voided.');
    expect(page.html).toContain('Duplicate');
    expect(page.html).toContain('badge-void');
  });

  it('answers 404 for unknown ids and for another kind’s id', async () => {
    const client = await makeClient(t.db);
    const est = await makeDraft(t.db, 'estimate', oneLine(client));
    expect((await t.get('/invoices/999999', cookie)).status).toBe(404);
    expect((await t.get('/invoices/abc', cookie)).status).toBe(404);
    expect((await t.get(`/invoices/${est}`, cookie)).status).toBe(404);
    expect((await t.get(`/estimates/${est}`, cookie)).status).toBe(200);
    expect((await t.postForm('/invoices/999999/finalize', {}, cookie)).status).toBe(404);
    expect((await t.get('/clients/999999/invoices', cookie)).status).toBe(404);
  });
});

describe('estimates and credit notes pages', () => {
  it('sends, accepts and converts an estimate once', async () => {
    const client = await makeClient(t.db);
    const id = await makeDraft(t.db, 'estimate', oneLine(client, 30000));
    const sent = await follow(await t.postForm(`/estimates/${id}/send`, {}, cookie));
    expect(sent.html).toMatch(/Estimate EST-\d{4}-\d{4}/);
    const accepted = await follow(await t.postForm(`/estimates/${id}/accept`, { comment: 'Start in June' }, cookie));
    expect(accepted.html).toContain('badge-accepted');
    expect(accepted.html).toContain('Start in June');
    const converted = await follow(await t.postForm(`/estimates/${id}/convert`, {}, cookie));
    expect(converted.url).toMatch(/^\/invoices\/\d+\?done=converted$/);
    expect(converted.html).toContain('Draft invoice');
    expect(converted.html).toContain('€372.00');
    const again = await t.postForm(`/estimates/${id}/convert`, {}, cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('converted to an invoice already');
  });

  it('shows an expired estimate as expired in its list', async () => {
    const client = await makeClient(t.db, { name: 'Expiry Client' });
    await makeIssued(t.db, 'estimate', oneLine(client, 100, { issueDate: '2021-01-01', validUntil: '2021-01-15' }));
    const html = await (await t.get(`/clients/${client}/estimates?status=expired`, cookie)).text();
    expect(html).toContain('New estimate for this client');
    expect(html).toContain('badge-expired');
    expect(html).toMatch(/EST-2021-\d{4}/);
  });

  it('applies a credit note from its page and from the invoice page, refusing too much', async () => {
    const client = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client, 10000));
    const cn = await makeIssued(t.db, 'credit_note', oneLine(client, 2500)); // 31.00
    const cnPage = await (await t.get(`/credit-notes/${cn.id}`, cookie)).text();
    expect(cnPage).toContain(`<option value="${inv.id}">${inv.number}`);

    const tooMuch = await t.postForm(`/credit-notes/${cn.id}/apply`, { invoice_id: String(inv.id), amount: '40' }, cookie);
    expect(tooMuch.status).toBe(422);
    expect(await tooMuch.text()).toContain('more than the credit note');

    const applied = await follow(await t.postForm(`/credit-notes/${cn.id}/apply`, { invoice_id: String(inv.id), amount: '10,00' }, cookie));
    expect(applied.html).toContain('The credit was applied.');
    expect(applied.html).toContain('€21.00'); // left to apply

    const invoicePage = await (await t.get(`/invoices/${inv.id}`, cookie)).text();
    expect(invoicePage).toContain('Apply a credit note');
    expect(invoicePage).toContain(`/credit-notes/new?client_id=${client}&amp;invoice_id=${inv.id}`);
    const fromInvoice = await follow(await t.postForm(`/credit-notes/${cn.id}/apply`, { invoice_id: String(inv.id), amount: '', back: 'invoice' }, cookie));
    expect(fromInvoice.url).toBe(`/invoices/${inv.id}?done=applied`);
    expect(fromInvoice.html).toContain('badge-partially_paid');
    expect(fromInvoice.html).toContain('€93.00'); // 124.00 − 31.00
  });

  it('creates a credit note for an invoice through the form', async () => {
    const client = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client, 10000));
    const form = await (await t.get(`/credit-notes/new?client_id=${client}&invoice_id=${inv.id}`, cookie)).text();
    expect(form).toContain(`<option value="${inv.id}" selected="">${inv.number}`);
    const page = await follow(await t.postForm('/credit-notes', { client_id: String(client), invoice_id: String(inv.id), issue_date: '2026-06-01', ...line(0, 'Refund of overcharge', '1', '10') }, cookie));
    expect(page.html).toContain('Draft credit note');
    const finalized = await follow(await t.postForm(page.url.replace(/\?.*$/, '/finalize'), {}, cookie));
    expect(finalized.html).toMatch(/Credit note CN-2026-\d{4}/);
    expect(finalized.html).toContain(`>${inv.number}</a>`);
    expect((await getDocument(t.db, 'invoice', inv.id))?.amountPaid).toBe(1240);
  });
});

describe('document lists', () => {
  it('filters by status, client and number, and serves the results alone to htmx', async () => {
    const paidClient = await makeClient(t.db, { name: 'Zeta Paid Co' });
    const openClient = await makeClient(t.db, { name: 'Omega Open Co' });
    const paid = await makeIssued(t.db, 'invoice', oneLine(paidClient, 1000));
    await payInvoice(t.db, paidClient, paid.id, 1240);
    const open = await makeIssued(t.db, 'invoice', oneLine(openClient, 1000));

    const paidList = await (await t.get('/invoices?status=paid', cookie)).text();
    expect(paidList).toContain(paid.number);
    expect(paidList).not.toContain(`>${open.number}<`);
    const byName = await (await t.get('/invoices?q=omega', cookie)).text();
    expect(byName).toContain(open.number);
    expect(byName).not.toContain(`>${paid.number}<`);
    const byNumber = await (await t.get(`/invoices?q=${paid.number.toLowerCase()}`, cookie)).text();
    expect(byNumber).toContain(paid.number);
    expect(byNumber).not.toContain(`>${open.number}<`);

    const partial = await t.get('/invoices?q=omega', cookie, { 'HX-Request': 'true', 'HX-Target': 'document-results' });
    const fragment = await partial.text();
    expect(fragment.startsWith('<div id="document-results">')).toBe(true);
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain(open.number);
  });

  it('pages by 25 and filters by period', async () => {
    const client = await makeClient(t.db, { name: 'Many Invoices Ltd' });
    for (let i = 0; i < 26; i++) await makeDraft(t.db, 'invoice', oneLine(client, 100, { issueDate: '2019-03-15' }));
    const first = await (await t.get(`/clients/${client}/invoices`, cookie)).text();
    expect(first.match(/Draft #\d+/g)).toHaveLength(25);
    expect(first).toContain('page=2');
    const second = await (await t.get(`/clients/${client}/invoices?page=2`, cookie)).text();
    expect(second.match(/Draft #\d+/g)).toHaveLength(1);
    const none = await (await t.get(`/clients/${client}/invoices?period=this_month`, cookie)).text();
    expect(none).toContain('No invoices match.');
    const range = await (await t.get(`/clients/${client}/invoices?from=2019-03-01&to=2019-03-31&status=bogus&page=x`, cookie)).text();
    expect(range.match(/Draft #\d+/g)).toHaveLength(25);
  });

  it('lists credit notes with what is left to apply', async () => {
    const client = await makeClient(t.db, { name: 'Credit Holder' });
    const cn = await makeIssued(t.db, 'credit_note', oneLine(client, 1000));
    const html = await (await t.get('/credit-notes?q=credit+holder', cookie)).text();
    expect(html).toContain(cn.number);
    expect(html).toContain('Left to apply');
    expect(html).toContain('€12.40');
  });
});

describe('in Greek', () => {
  it('shows statuses, labels and money in Greek', async () => {
    const client = await makeClient(t.db, { name: 'Ελληνική ΑΕ' });
    const inv = await makeIssued(t.db, 'invoice', oneLine(client, 123456));
    const html = await (await t.get(`/invoices/${inv.id}`, cookie, { 'Accept-Language': 'el-GR,el;q=0.9' })).text();
    expect(html).toContain(`Τιμολόγιο ${inv.number}`);
    expect(html).toContain('Εκδόθηκε');
    expect(html).toMatch(/1\.530,85\s€/); // Intl puts a no-break space before the sign
  });

  it('tells a document\'s history in Greek, its draft days included', async () => {
    const client = await makeClient(t.db, { name: 'Ιστορικό ΑΕ' });
    const inv = await makeIssued(t.db, 'invoice', oneLine(client));
    const html = await (await t.get(`/invoices/${inv.id}`, cookie, { 'Accept-Language': 'el' })).text();
    expect(html).toContain(`σύνταξε πρόχειρο τιμολόγιο #${inv.id}`);
    expect(html).toContain(`οριστικοποίησε το τιμολόγιο ${inv.number}`);
    expect(html).not.toContain('draft #');
  });

  it('tells staff when the client of a new document is archived', async () => {
    const client = await makeClient(t.db, { archived: true });
    const res = await t.postForm('/invoices', { client_id: String(client), ...line(0, 'Work', '1', '10') }, cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This client is archived.');
  });
});

describe('bad input on action forms', () => {
  it('refuses an over-long void reason, an over-long comment and an unreadable amount with 422', async () => {
    const client = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client));
    const est = await makeIssued(t.db, 'estimate', oneLine(client));
    const cn = await makeIssued(t.db, 'credit_note', oneLine(client, 100));
    const voided = await t.postForm(`/invoices/${inv.id}/void`, { reason: 'x'.repeat(1001) }, cookie);
    expect(voided.status).toBe(422);
    expect(await voided.text()).toContain('This is too long.');
    expect((await t.postForm(`/estimates/${est.id}/accept`, { comment: 'y'.repeat(1001) }, cookie)).status).toBe(422);
    const amount = await t.postForm(`/credit-notes/${cn.id}/apply`, { invoice_id: String(inv.id), amount: 'lots' }, cookie);
    expect(amount.status).toBe(422);
    expect(await amount.text()).toContain('Enter an amount like 1234.56.');
    const noInvoice = await t.postForm(`/credit-notes/${cn.id}/apply`, { invoice_id: 'abc', amount: '1' }, cookie);
    expect(noInvoice.status).toBe(422);
    expect((await getDocument(t.db, 'invoice', inv.id))?.doc.status).toBe('issued');
    expect((await getDocument(t.db, 'estimate', est.id))?.doc.status).toBe('sent');
    expect((await getDocument(t.db, 'credit_note', cn.id))?.remaining).toBe(124);
  });
});
