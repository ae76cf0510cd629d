import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { openInvoices } from '../../src/ledger/queries.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeIssuedInvoice, paymentCounts } from '../helpers/factories.js';

let t: TestApp;
let db: Db;
let cookie: string;

beforeAll(async () => {
  t = await makeTestApp();
  db = t.db;
  cookie = await t.staffCookie();
});
afterAll(() => t.close());

async function html(url: string, headers: Record<string, string> = {}) {
  const res = await t.get(url, cookie, headers);
  return { status: res.status, body: await res.text() };
}

function paymentIdFrom(res: Response): number {
  const match = /^\/payments\/(\d+)\?done=recorded$/.exec(res.headers.get('location') ?? '');
  if (!match) throw new Error(`unexpected redirect ${res.status} ${res.headers.get('location')}`);
  return Number(match[1]);
}

describe('recording a payment on the staff pages', () => {
  it('asks first which client paid, with a plain GET form', async () => {
    const c = await makeClient(db, { name: 'Alpha Plumbing' });
    const { status, body } = await html('/payments/new');
    expect(status).toBe(200);
    expect(body).toContain('<form method="get" action="/payments/new"');
    expect(body).toContain(`<option value="${c.id}">Alpha Plumbing</option>`);
    expect(body).not.toContain('action="/payments"');
  });

  it('lists the chosen client’s open invoices oldest due first and says empty means automatic', async () => {
    const c = await makeClient(db, { name: 'Beta Ltd' });
    await makeIssuedInvoice(db, c.id, { total: 1000, number: 'INV-LATE', due_date: '2026-04-01' });
    await makeIssuedInvoice(db, c.id, { total: 2000, number: 'INV-EARLY', due_date: '2026-02-01' });
    const { status, body } = await html(`/payments/new?client_id=${c.id}`);
    expect(status).toBe(200);
    expect(body.indexOf('INV-EARLY')).toBeLessThan(body.indexOf('INV-LATE'));
    expect(body).toContain('oldest due invoices first, automatically');
    expect(body).toMatch(/name="amount"[^>]*value=""/);
  });

  it('prefills the amount and the allocation with the balance of the invoice it came from', async () => {
    const c = await makeClient(db);
    const inv = await makeIssuedInvoice(db, c.id, { total: 123456 });
    const { body } = await html(`/payments/new?client_id=${c.id}&invoice_id=${inv.id}`);
    expect(body).toMatch(/name="amount"[^>]*value="1234.56"/);
    expect(body).toMatch(new RegExp(`name="alloc_${inv.id}"[^>]*value="1234.56"`));
  });

  it('answers 404 for an unknown client', async () => {
    expect((await html('/payments/new?client_id=999999')).status).toBe(404);
    expect((await html('/payments/new?client_id=abc')).status).toBe(404);
    const res = await t.postForm('/payments', { client_id: '999999', amount: '10' }, cookie);
    expect(res.status).toBe(404);
  });

  it('saves an amount typed as "1.234,56" and shows it on the payment page, applied to the invoice', async () => {
    const c = await makeClient(db, { name: 'Gamma & Sons' });
    const inv = await makeIssuedInvoice(db, c.id, { total: 100000, number: 'INV-2026-0777' });
    const res = await t.postForm('/payments', { client_id: String(c.id), amount: '1.234,56', date: '2026-03-02', method: 'bank_transfer', reference: 'TRX-1', notes: '', [`alloc_${inv.id}`]: '' }, cookie);
    expect(res.status).toBe(303);
    const id = paymentIdFrom(res);
    const row = await db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.amount).toBe(123456);
    const { body } = await html(`/payments/${id}?done=recorded`);
    expect(body).toContain('The payment was recorded.');
    expect(body).toContain('€1,234.56');
    expect(body).toContain('Gamma &amp; Sons');
    expect(body).toContain('Bank transfer');
    expect(body).toContain(`<a href="/invoices/${inv.id}">INV-2026-0777</a>`);
    expect(body).toContain('€1,000.00');
    expect(body).toContain('€234.56');
    expect(body).toContain('recorded payment TRX-1');
  });

  it('shows money in Greek for a Greek reader', async () => {
    const c = await makeClient(db);
    const res = await t.postForm('/payments', { client_id: String(c.id), amount: '1.234,56', date: '2026-03-02' }, cookie);
    const { body } = await html(`/payments/${paymentIdFrom(res)}`, { 'Accept-Language': 'el' });
    expect(body).toContain('1.234,56');
    expect(body).toContain('Πληρωμή');
  });

  it('shows the form again with messages and writes nothing when the amount is unreadable', async () => {
    const c = await makeClient(db);
    const inv = await makeIssuedInvoice(db, c.id, { total: 5000 });
    const before = await paymentCounts(db);
    const res = await t.postForm('/payments', { client_id: String(c.id), amount: '12,3,4x', date: '2026-03-02', reference: 'keep me', [`alloc_${inv.id}`]: 'abc' }, cookie);
    expect(res.status).toBe(422);
    const body = await res.text();
    expect(body).toContain('Enter an amount like 1234.56.');
    expect(body).toContain('value="12,3,4x"');
    expect(body).toContain('value="keep me"');
    expect(body).toContain('aria-invalid="true"');
    expect(await paymentCounts(db)).toEqual(before);
  });

  it('refuses an allocation above the invoice balance, a future date and a made-up method', async () => {
    const c = await makeClient(db);
    const inv = await makeIssuedInvoice(db, c.id, { total: 5000 });
    const before = await paymentCounts(db);
    const res = await t.postForm('/payments', { client_id: String(c.id), amount: '80', date: '2026-03-02', [`alloc_${inv.id}`]: '60' }, cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This is more than the invoice&#39;s balance.');
    const later = await t.postForm('/payments', { client_id: String(c.id), amount: '10', date: '2099-01-01', method: 'gold' }, cookie);
    expect(later.status).toBe(422);
    const text = await later.text();
    expect(text).toContain('A payment cannot be dated more than a day ahead.');
    expect(text).toContain('Choose a payment method.');
    expect(await paymentCounts(db)).toEqual(before);
  });

  it('refuses keeping the payment as credit while also typing amounts', async () => {
    const c = await makeClient(db);
    const inv = await makeIssuedInvoice(db, c.id, { total: 5000 });
    const res = await t.postForm('/payments', { client_id: String(c.id), amount: '10', [`alloc_${inv.id}`]: '5', keep_as_credit: '1' }, cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('not both');
  });

  it('keeps the whole payment as credit when asked, then applies it from the payment page', async () => {
    const c = await makeClient(db);
    const inv = await makeIssuedInvoice(db, c.id, { total: 5000, number: 'INV-CR-1' });
    const res = await t.postForm('/payments', { client_id: String(c.id), amount: '30', keep_as_credit: '1' }, cookie);
    const id = paymentIdFrom(res);
    let page = (await html(`/payments/${id}`)).body;
    expect(page).toContain('Not applied to any invoice.');
    expect(page).toContain(`action="/payments/${id}/allocate"`);
    const bad = await t.postForm(`/payments/${id}/allocate`, { [`alloc_${inv.id}`]: '31' }, cookie);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('The allocations add up to more than the payment.');
    const ok = await t.postForm(`/payments/${id}/allocate`, { [`alloc_${inv.id}`]: '' }, cookie);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/payments/${id}?done=allocated`);
    page = (await html(`/payments/${id}?done=allocated`)).body;
    expect(page).toContain('The credit was applied to invoices.');
    expect(page).toContain('INV-CR-1');
    expect((await openInvoices(db, c.id))[0]?.balance).toBe(2000);
  });

  it('voids a payment with a reason, and asks for the reason first', async () => {
    const c = await makeClient(db);
    const inv = await makeIssuedInvoice(db, c.id, { total: 5000 });
    const id = paymentIdFrom(await t.postForm('/payments', { client_id: String(c.id), amount: '50' }, cookie));
    const missing = await t.postForm(`/payments/${id}/void`, { reason: ' ' }, cookie);
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('This field is required.');
    const res = await t.postForm(`/payments/${id}/void`, { reason: 'Cheque <b>bounced</b>' }, cookie);
    expect(res.status).toBe(303);
    const { body } = await html(`/payments/${id}?done=voided`);
    expect(body).toContain('badge badge-void');
    expect(body).toContain('Cheque &lt;b&gt;bounced&lt;/b&gt;');
    expect(body).toContain('the invoices are open again');
    expect(body).not.toContain(`action="/payments/${id}/void"`);
    expect((await openInvoices(db, c.id)).map((i) => [i.id, i.balance])).toEqual([[inv.id, 5000]]);
    const again = await t.postForm(`/payments/${id}/void`, { reason: 'again' }, cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This payment is already void.');
  });

  it('answers 404 for unknown payments on every payment URL', async () => {
    expect((await html('/payments/999999')).status).toBe(404);
    expect((await html('/payments/abc')).status).toBe(404);
    expect((await t.postForm('/payments/999999/void', { reason: 'x' }, cookie)).status).toBe(404);
    expect((await t.postForm('/payments/999999/allocate', {}, cookie)).status).toBe(404);
  });

  it('refuses a cross-site POST', async () => {
    const c = await makeClient(db);
    const res = await t.postForm('/payments', { client_id: String(c.id), amount: '10' }, cookie, { Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });
});

describe('the payments list', () => {
  it('lists payments newest first with client, method, reference, amount, rest and status, and escapes them', async () => {
    const c = await makeClient(db, { name: 'Delta <Corp>' });
    await t.postForm('/payments', { client_id: String(c.id), amount: '11', date: '2026-01-05', reference: '<script>x</script>', method: 'cash' }, cookie);
    await t.postForm('/payments', { client_id: String(c.id), amount: '22', date: '2026-01-06', reference: 'second', method: 'card' }, cookie);
    const { status, body } = await html('/payments?q=delta');
    expect(status).toBe(200);
    expect(body).toContain('Delta &lt;Corp&gt;');
    expect(body).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(body).not.toContain('<script>x</script>');
    expect(body.indexOf('second')).toBeLessThan(body.indexOf('&lt;script&gt;x'));
    expect(body).toContain('€22.00');
  });

  it('filters by method and period, and keeps the filters in the form', async () => {
    const c = await makeClient(db, { name: 'Epsilon Filters' });
    await t.postForm('/payments', { client_id: String(c.id), amount: '1', date: '2025-06-01', reference: 'EPS-OLD', method: 'cheque' }, cookie);
    await t.postForm('/payments', { client_id: String(c.id), amount: '1', date: '2026-02-01', reference: 'EPS-NEW', method: 'cheque' }, cookie);
    await t.postForm('/payments', { client_id: String(c.id), amount: '1', date: '2026-02-01', reference: 'EPS-CASH', method: 'cash' }, cookie);
    const { body } = await html('/payments?q=epsilon&method=cheque&period=custom&from=2026-01-01&to=2026-12-31');
    expect(body).toContain('EPS-NEW');
    expect(body).not.toContain('EPS-OLD');
    expect(body).not.toContain('EPS-CASH');
    expect(body).toContain('<option value="cheque" selected="">');
    expect(body).toContain('value="2026-01-01"');
  });

  it('refuses a bad period with a message and a 422', async () => {
    const res = await html('/payments?period=custom&from=2026-05-01&to=2026-04-01');
    expect(res.status).toBe(422);
    expect(res.body).toContain('The end date cannot be before the start date.');
    expect((await html('/payments?method=gold')).status).toBe(422);
  });

  it('pages by 25', async () => {
    const c = await makeClient(db, { name: 'Zeta Pager' });
    for (let i = 1; i <= 26; i++) {
      await db.insertInto('payments').values({ client_id: c.id, amount: 100, currency: 'EUR', date: `2026-01-${String(i).padStart(2, '0')}`, method: 'cash', reference: `ZP-${i}-` }).execute();
    }
    const first = await html('/payments?q=zeta');
    expect(first.body).toContain('ZP-26-');
    expect(first.body).not.toContain('ZP-1-<');
    expect(first.body).toContain('href="/payments?q=zeta&amp;page=2"');
    const second = await html('/payments?q=zeta&page=2');
    expect(second.body).toContain('ZP-1-');
    expect(second.body).not.toContain('ZP-2-');
  });

  it('answers an htmx request with the list fragment only', async () => {
    const { body } = await html('/payments', { 'HX-Request': 'true' });
    expect(body.startsWith('<section id="payments-list"')).toBe(true);
    expect(body).not.toContain('<html');
  });
});

describe('the client payments tab', () => {
  it('shows amount due, overdue and credit tiles, the client’s payments and a Record payment button', async () => {
    const c = await makeClient(db, { name: 'Eta Tiles' });
    const other = await makeClient(db, { name: 'Theta Other' });
    await makeIssuedInvoice(db, c.id, { total: 10000, due_date: '2026-01-31' });
    await makeIssuedInvoice(db, c.id, { total: 4000, due_date: '2099-01-31' });
    await t.postForm('/payments', { client_id: String(c.id), amount: '25', reference: 'ETA-1' }, cookie);
    await t.postForm('/payments', { client_id: String(other.id), amount: '25', reference: 'THETA-1' }, cookie);
    const { status, body } = await html(`/clients/${c.id}/payments`);
    expect(status).toBe(200);
    expect(body).toContain('Amount due');
    expect(body).toContain('€115.00');
    expect(body).toContain('€75.00');
    expect(body).toContain('ETA-1');
    expect(body).not.toContain('THETA-1');
    expect(body).toContain(`href="/payments/new?client_id=${c.id}"`);
  });

  it('answers 404 for an unknown client', async () => {
    expect((await html('/clients/999999/payments')).status).toBe(404);
  });
});
