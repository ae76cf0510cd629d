// Paying from the portal through the built-in test gateway (on by default without Stripe):
// Pay now for the whole amount due, Pay on one invoice, one open checkout per balance, amounts
// from the server only, permissions, the test gateway's page, the read-only return page.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckout } from '../../src/payments-online/checkout.js';
import { saveFirmSettings } from '../../src/settings/service.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient, makeIssuedInvoice } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { balanceOf, counts, payingClient, postTestEvent, setVisibility } from './support.js';

let t: TestApp;
let staff: string;
beforeAll(async () => {
  t = await makeTestApp();
  staff = await t.staffCookie();
});
afterAll(() => t.close());

/** POST a portal form (no fields needed: the server decides what is paid). */
function post(url: string, cookie: string, fields: Record<string, string> = {}): Promise<Response> {
  return t.postForm(url, fields, cookie);
}

/** The checkout id in a test gateway URL. */
function checkoutIdOf(location: string | null): string {
  const m = /\/test-gateway\/(co[a-z2-7]{26})$/.exec(location ?? '');
  if (!m) throw new Error(`not a test gateway URL: ${location}`);
  return m[1]!;
}

describe('Pay now for the whole amount due', () => {
  it('sends the member to the TEST MODE gateway, records the payment oldest due first and shows the receipt', async () => {
    const { client, old, middle, recent, member } = await payingClient(t);
    const payPage = await (await t.get('/portal/pay', member.cookie)).text();
    expect(payPage).toContain('TEST MODE');
    expect(payPage.indexOf(old.number!)).toBeLessThan(payPage.indexOf(middle.number!));
    expect(payPage.indexOf(middle.number!)).toBeLessThan(payPage.indexOf(recent.number!));
    expect(payPage).toContain('action="/portal/pay"');

    const res = await post('/portal/pay', member.cookie);
    expect(res.status).toBe(303);
    const checkoutId = checkoutIdOf(res.headers.get('location'));
    const gatewayPage = await t.app.request(`/test-gateway/${checkoutId}`);
    expect(gatewayPage.status).toBe(200);
    const gatewayHtml = await gatewayPage.text();
    expect(gatewayHtml).toContain('TEST MODE');
    expect(gatewayHtml).toContain('€600.00');

    const paid = await t.app.request(`/test-gateway/${checkoutId}/pay`, { method: 'POST', headers: { Origin: ORIGIN } });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`${ORIGIN}/portal/pay/return?checkout=${checkoutId}`);

    const payment = await t.db.selectFrom('payments').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ amount: 60000, method: 'card' });
    // The reference is the provider's id (data, the same in every language); the staff note says
    // it was a test, in the firm's language (Greek by default).
    expect(payment.reference).toMatch(/^tp_[a-z0-9]+$/);
    expect(payment.notes).toBe('ΔΟΚΙΜΑΣΤΙΚΗ ΛΕΙΤΟΥΡΓΙΑ: πληρωμή μέσω της ενσωματωμένης δοκιμαστικής πύλης· δεν μετακινήθηκαν χρήματα.');
    const allocations = await t.db.selectFrom('payment_allocations').select(['invoice_id', 'amount']).where('payment_id', '=', payment.id).orderBy('id').execute();
    expect(allocations).toEqual([{ invoice_id: old.id, amount: 10000 }, { invoice_id: middle.id, amount: 20000 }, { invoice_id: recent.id, amount: 30000 }]);

    const back = await (await t.get(`/portal/pay/return?checkout=${checkoutId}`, member.cookie)).text();
    expect(back).toContain('Payment received');
    expect(back).toContain(`/portal/payments/${payment.id}/receipt`);
    const receipt = await (await t.get(`/portal/payments/${payment.id}/receipt`, member.cookie)).text();
    expect(receipt).toContain('Receipt RCT-');
    expect(receipt).toContain('TEST MODE');
    const pdf = await t.get(`/portal/payments/${payment.id}/receipt/pdf`, member.cookie);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    // Paid on the portal and on the staff side.
    const dashboard = await (await t.get('/portal', member.cookie)).text();
    expect(dashboard).not.toContain('Pay now');
    const staffInvoice = await (await t.get(`/invoices/${old.id}`, staff)).text();
    expect(staffInvoice).toMatch(/badge-paid/);
    // The receipt email to the payer, the notice to staff.
    const mails = await t.db.selectFrom('mail_outbox').select(['template', 'to_addresses', 'subject']).where('client_id', '=', client.id).execute();
    expect(mails.find((m) => m.template === 'payment-receipt')).toMatchObject({ to_addresses: member.email });
    expect(mails.find((m) => m.template === 'payment-receipt')?.subject).toContain('[TEST MODE]');
  });

  it('reuses the open checkout on a double click or a second tab, and opens a new one once the balance changed', async () => {
    const { client, old, member } = await payingClient(t);
    const first = await post('/portal/pay', member.cookie);
    const second = await post('/portal/pay', member.cookie);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    const open = await t.db.selectFrom('payment_checkouts').select(['status', 'amount']).where('client_id', '=', client.id).execute();
    expect(open).toEqual([{ status: 'open', amount: 60000 }]);
    // Staff record a payment meanwhile: the old checkout is set aside, the new one asks for the new balance.
    await t.api('POST', '/api/v1/payments', { client_id: String(client.id), amount: 10000, allocations: [{ invoice_id: String(old.id), amount: 10000 }] });
    const third = await post('/portal/pay', member.cookie);
    expect(third.headers.get('location')).not.toBe(first.headers.get('location'));
    const rows = await t.db.selectFrom('payment_checkouts').select(['status', 'amount']).where('client_id', '=', client.id).orderBy('id').execute();
    expect(rows).toEqual([{ status: 'expired', amount: 60000 }, { status: 'open', amount: 50000 }]);
  });

  it('ignores an amount, invoice ids or a currency slipped into the form', async () => {
    const { client, member } = await payingClient(t);
    const other = await makeClient(t.db, { name: 'Someone Else' });
    const foreign = await makeIssuedInvoice(t.db, other.id, { total: 99 });
    const res = await post('/portal/pay', member.cookie, { amount: '1', currency: 'USD', invoice_id: String(foreign.id), 'invoices[]': String(foreign.id), client_id: String(other.id) });
    expect(res.status).toBe(303);
    const checkout = await t.db.selectFrom('payment_checkouts').selectAll().where('public_id', '=', checkoutIdOf(res.headers.get('location'))).executeTakeFirstOrThrow();
    expect(checkout).toMatchObject({ client_id: client.id, amount: 60000, currency: 'EUR' });
    expect(checkout.invoices).not.toContain(`"id":${foreign.id},`);
  });

  it('is refused without account history (403), without the pay permission (403, no button) and with invoices hidden (404)', async () => {
    const noHistory = await payingClient(t, { statement: false });
    expect((await t.get('/portal/pay', noHistory.member.cookie)).status).toBe(403);
    expect((await post('/portal/pay', noHistory.member.cookie)).status).toBe(403);
    const viewer = await payingClient(t, { role: 'viewer' });
    expect((await post('/portal/pay', viewer.member.cookie)).status).toBe(403);
    expect((await post(`/portal/invoices/${viewer.old.id}/pay`, viewer.member.cookie)).status).toBe(403);
    const invoicePage = await (await t.get(`/portal/invoices/${viewer.old.id}`, viewer.member.cookie)).text();
    expect(invoicePage).not.toContain('/pay"');
    const hidden = await payingClient(t);
    await setVisibility(t.db, hidden.client.id, { invoices: false });
    expect((await post('/portal/pay', hidden.member.cookie)).status).toBe(404);
    expect((await post(`/portal/invoices/${hidden.old.id}/pay`, hidden.member.cookie)).status).toBe(404);
    expect(await t.db.selectFrom('payment_checkouts').select('id').where('client_id', 'in', [noHistory.client.id, viewer.client.id, hidden.client.id]).execute()).toEqual([]);
  });

  it('is read-only in a staff preview', async () => {
    const { client, member } = await payingClient(t);
    const html = await (await t.get(`/preview/${client.id}/${member.contactId}/pay`, staff)).text();
    expect(html).toContain('disabled');
    expect((await t.postForm(`/preview/${client.id}/${member.contactId}/pay`, {}, staff)).status).toBe(403);
    expect(await t.db.selectFrom('payment_checkouts').select('id').where('client_id', '=', client.id).execute()).toEqual([]);
  });
});

describe('Pay on one invoice', () => {
  it('shows a Pay button on the invoice and pays only that invoice\'s balance', async () => {
    const { client, middle, member } = await payingClient(t, { statement: false });
    const invoicePage = await (await t.get(`/portal/invoices/${middle.id}`, member.cookie)).text();
    expect(invoicePage).toContain(`href="/portal/invoices/${middle.id}/pay"`);
    const payPage = await t.get(`/portal/invoices/${middle.id}/pay`, member.cookie);
    expect(payPage.status).toBe(200);
    const res = await post(`/portal/invoices/${middle.id}/pay`, member.cookie, { amount: '1' });
    const checkoutId = checkoutIdOf(res.headers.get('location'));
    await t.app.request(`/test-gateway/${checkoutId}/pay`, { method: 'POST', headers: { Origin: ORIGIN } });
    const payment = await t.db.selectFrom('payments').select(['id', 'amount']).where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect(payment.amount).toBe(20000);
    expect(await balanceOf(t.db, middle.id)).toBe(0);
    // The invoice no longer offers to pay; paying it again is refused with nothing charged.
    expect(await (await t.get(`/portal/invoices/${middle.id}`, member.cookie)).text()).not.toContain(`/invoices/${middle.id}/pay"`);
    const again = await post(`/portal/invoices/${middle.id}/pay`, member.cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('nothing left to pay');
  });

  it('answers 404 for another client\'s invoice, a draft and a missing id', async () => {
    const { client, member } = await payingClient(t);
    const other = await makeClient(t.db, { name: 'Other Co' });
    const foreign = await makeIssuedInvoice(t.db, other.id, { total: 5000 });
    const draft = await makeIssuedInvoice(t.db, client.id, { total: 5000, status: 'draft', number: null });
    for (const id of [foreign.id, draft.id, 999999]) {
      expect((await t.get(`/portal/invoices/${id}/pay`, member.cookie)).status).toBe(404);
      expect((await post(`/portal/invoices/${id}/pay`, member.cookie)).status).toBe(404);
    }
  });
});

describe('the test gateway and the return page', () => {
  it('records nothing when the payer declines, and lets them try again', async () => {
    const { client, member } = await payingClient(t);
    const res = await post('/portal/pay', member.cookie);
    const checkoutId = checkoutIdOf(res.headers.get('location'));
    const before = await counts(t.db);
    const declined = await t.app.request(`/test-gateway/${checkoutId}/decline`, { method: 'POST', headers: { Origin: ORIGIN } });
    expect(declined.status).toBe(303);
    expect((await counts(t.db)).payments).toBe(before.payments);
    const back = await (await t.get(`/portal/pay/return?checkout=${checkoutId}`, member.cookie)).text();
    expect(back).toContain('did not go through');
    expect(back).toContain('href="/portal/pay"');
    const retry = await post('/portal/pay', member.cookie);
    expect(checkoutIdOf(retry.headers.get('location'))).not.toBe(checkoutId);
    const statuses = await t.db.selectFrom('payment_checkouts').select('status').where('client_id', '=', client.id).orderBy('id').execute();
    expect(statuses).toEqual([{ status: 'failed' }, { status: 'open' }]);
  });

  it('never records anything from the return page, and shows it only to the checkout\'s client', async () => {
    const { member } = await payingClient(t);
    const res = await post('/portal/pay', member.cookie);
    const checkoutId = checkoutIdOf(res.headers.get('location'));
    const before = await counts(t.db);
    const waiting = await (await t.get(`/portal/pay/return?checkout=${checkoutId}`, member.cookie)).text();
    expect(waiting).toContain('waiting for the payment provider');
    const partial = await t.get(`/portal/pay/return?checkout=${checkoutId}`, member.cookie, { 'HX-Request': 'true' });
    expect(await partial.text()).toMatch(/^<div id="pay-status"/);
    expect(await counts(t.db)).toEqual(before);
    const stranger = await payingClient(t);
    expect((await t.get(`/portal/pay/return?checkout=${checkoutId}`, stranger.member.cookie)).status).toBe(404);
    expect((await t.get('/portal/pay/return?checkout=nonsense', member.cookie)).status).toBe(404);
    expect((await t.get('/portal/pay/cancel', member.cookie)).status).toBe(404);
  });

  it('does not take a second payment for a paid checkout, and a replayed event records nothing', async () => {
    const { client, member } = await payingClient(t);
    const checkoutId = checkoutIdOf((await post('/portal/pay', member.cookie)).headers.get('location'));
    await t.app.request(`/test-gateway/${checkoutId}/pay`, { method: 'POST', headers: { Origin: ORIGIN } });
    const again = await t.app.request(`/test-gateway/${checkoutId}/pay`, { method: 'POST', headers: { Origin: ORIGIN } });
    expect(again.status).toBe(303);
    const replay = await postTestEvent(t, { checkoutId, outcome: 'succeeded', amount: 60000 });
    expect(await replay.json()).toMatchObject({ outcome: 'duplicate' });
    const payments = await t.db.selectFrom('payments').select('id').where('client_id', '=', client.id).execute();
    expect(payments).toHaveLength(1);
  });

  it('answers 404 for an unknown checkout, and 400 to an unsigned or forged test event', async () => {
    expect((await t.app.request('/test-gateway/co' + 'a'.repeat(26))).status).toBe(404);
    expect((await t.app.request('/test-gateway/COAAAA')).status).toBe(404);
    const { member } = await payingClient(t);
    const checkoutId = checkoutIdOf((await post('/portal/pay', member.cookie)).headers.get('location'));
    const before = await counts(t.db);
    const unsigned = await t.app.request('/webhooks/test', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'evt_x', type: 'payment.succeeded' }) });
    expect(unsigned.status).toBe(400);
    const old = await postTestEvent(t, { checkoutId, outcome: 'succeeded', amount: 60000 }, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(old.status).toBe(400);
    expect(await counts(t.db)).toEqual(before);
  });

  it('is switched off with the test gateway setting', async () => {
    const { member } = await payingClient(t);
    const checkoutId = checkoutIdOf((await post('/portal/pay', member.cookie)).headers.get('location'));
    await saveFirmSettings(t.db, { test_gateway_enabled: false });
    try {
      expect((await t.app.request(`/test-gateway/${checkoutId}`)).status).toBe(404);
      expect((await postTestEvent(t, { checkoutId, outcome: 'succeeded', amount: 60000 })).status).toBe(404);
      const page = await (await t.get('/portal/pay', member.cookie)).text();
      expect(page).not.toContain('Pay by card');
      expect(page).toContain('not available');
      const refused = await post('/portal/pay', member.cookie);
      expect(refused.status).toBe(409);
    } finally {
      await saveFirmSettings(t.db, { test_gateway_enabled: true });
    }
  });
});

describe('checkouts opened for a document permalink', () => {
  it('keep the return URL (which carries the link\'s token) sealed in the database, and send the payer back to it', async () => {
    const { client, old } = await payingClient(t);
    const token = 'permalinktoken0123456789abcdef';
    const result = await startCheckout({ db: t.db, config: t.config }, {
      clientId: client.id, scope: { kind: 'invoice', invoiceId: old.id }, payer: { kind: 'permalink', permalinkId: 7, name: null, email: 'payer@client.test', language: 'en' },
      returnPath: `/d/${token}/paid`, cancelPath: `/d/${token}?pay=cancelled`,
    });
    if (!result.ok) throw new Error(result.error);
    const row = await t.db.selectFrom('payment_checkouts').selectAll().where('public_id', '=', result.checkoutId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row).toMatchObject({ created_by_type: 'permalink', permalink_id: 7, amount: 10000 });
    const gatewayPage = await (await t.app.request(result.redirectUrl.replace(ORIGIN, ''))).text();
    expect(gatewayPage).toContain(`${ORIGIN}/d/${token}?pay=cancelled&amp;checkout=${result.checkoutId}`);
    const paid = await t.app.request(`/test-gateway/${result.checkoutId}/pay`, { method: 'POST', headers: { Origin: ORIGIN } });
    expect(paid.headers.get('location')).toBe(`${ORIGIN}/d/${token}/paid?checkout=${result.checkoutId}`);
    // The payer of a permalink gets the receipt by email, without a portal link.
    const mail = await t.db.selectFrom('mail_outbox').selectAll().where('template', '=', 'payment-receipt').where('to_addresses', '=', 'payer@client.test').executeTakeFirstOrThrow();
    expect(mail.text_body).not.toContain('/portal/');
  });
});

describe('bank transfer', () => {
  it('shows the firm\'s bank details and an RF reference when the firm gave them', async () => {
    const { old, member } = await payingClient(t);
    const form = await t.postForm('/settings', { bank_beneficiary: 'Acme Accounting', bank_iban: 'GR16 0110 1250 0000 0001 2300 695', bank_bic: 'ETHNGRAA', bank_name: 'National Bank', test_gateway_enabled: 'true' }, staff);
    expect(form.status).toBe(303);
    try {
      const html = await (await t.get(`/portal/invoices/${old.id}/pay`, member.cookie)).text();
      expect(html).toContain('Pay by bank transfer');
      expect(html).toContain('GR16 0110 1250 0000 0001 2300 695');
      expect(html).toMatch(/data-field="reference">RF\d{2}INV\d+</);
    } finally {
      await saveFirmSettings(t.db, { bank_iban: '', bank_beneficiary: '' });
    }
  });

  it('refuses a bad IBAN in the firm settings with a field error and saves nothing', async () => {
    const res = await t.postForm('/settings', { bank_beneficiary: 'Acme', bank_iban: 'GR16 0000', bank_bic: 'X1', test_gateway_enabled: 'sometimes' }, staff);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/name="bank_iban"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/name="bank_bic"[^>]*aria-invalid="true"/);
    const stored = await t.db.selectFrom('settings').select('value').where('key', '=', 'firm').executeTakeFirst();
    expect(stored?.value ?? '').not.toContain('GR16 0000');
  });
});

describe('saved payment methods', () => {
  it('say they need Stripe while the test gateway is in force, and removing an unknown method is 404', async () => {
    const { member } = await payingClient(t);
    const settings = await (await t.get('/portal/settings', member.cookie)).text();
    expect(settings).toContain('/portal/settings/payment-methods');
    const page = await (await t.get('/portal/settings/payment-methods', member.cookie)).text();
    expect(page).toContain('through Stripe');
    expect((await post('/portal/settings/payment-methods/remove', member.cookie, { payment_method: 'pm_123' })).status).toBe(404);
    const viewer = await makePortalMember(t, (await payingClient(t)).client.id, { role: 'viewer', signIn: 'direct' });
    expect((await t.get('/portal/settings/payment-methods', viewer.cookie)).status).toBe(404);
  });
});
