// Receipts for every payment: online ones get theirs in the recording transaction; staff can
// open, download and email the receipt of a payment they recorded. Localized page and PDF.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptNumber } from '../../src/receipts/number.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient, makeIssuedInvoice } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { pdfText } from '../pdf/support.js';
import { payingClient, setVisibility } from '../payments-online/support.js';

let t: TestApp;
let staff: string;
beforeAll(async () => {
  t = await makeTestApp();
  staff = await t.staffCookie();
});
afterAll(() => t.close());

/** A staff-recorded payment of 150.00 against a 100.00 invoice (50.00 kept as credit). */
async function staffPayment(language: 'en' | 'el' = 'en') {
  const client = await makeClient(t.db, { name: 'Ιωάννου Σύμβουλοι', email: 'office@ioannou.test', language });
  const invoice = await makeIssuedInvoice(t.db, client.id, { total: 10000 });
  const res = await t.api('POST', '/api/v1/payments', { client_id: String(client.id), amount: 15000, method: 'bank_transfer', reference: 'TRF-77' });
  const body = (await res.json()) as { id: string; date: string };
  return { client, invoice, paymentId: Number(body.id), date: body.date };
}

describe('receipt numbers', () => {
  it('follow from the payment: year and id', () => {
    expect(receiptNumber({ id: 42, date: '2026-03-01' })).toBe('RCT-2026-000042');
  });
});

describe('the staff receipt of a payment', () => {
  it('shows the receipt with the invoices it settled and the credit kept, linked from the payment page', async () => {
    const { paymentId, invoice, date } = await staffPayment();
    expect(await (await t.get(`/payments/${paymentId}`, staff)).text()).toContain(`href="/payments/${paymentId}/receipt"`);
    const html = await (await t.get(`/payments/${paymentId}/receipt`, staff)).text();
    expect(html).toContain(receiptNumber({ id: paymentId, date }));
    expect(html).toContain(invoice.number!);
    expect(html).toMatch(/data-figure="receipt_credit"><span class="money">[^<]*50[.,]00/);
    expect(html).toContain('value="office@ioannou.test"');
  });

  it('downloads a PDF in the client\'s language', async () => {
    const { paymentId, date } = await staffPayment('el');
    const res = await t.get(`/payments/${paymentId}/receipt/pdf`, staff);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`${receiptNumber({ id: paymentId, date })}.pdf`);
    const { text } = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('Απόδειξη είσπραξης');
    expect(text).toContain('Ιωάννου Σύμβουλοι');
    expect(text).toContain('150,00');
    const english = await pdfText(Buffer.from(await (await t.get(`/payments/${paymentId}/receipt/pdf?lang=en`, staff)).arrayBuffer()));
    expect(english.text).toContain('Receipt');
  });

  it('emails the receipt to the addresses given, with an event, and refuses bad addresses writing nothing', async () => {
    const { paymentId, client } = await staffPayment();
    const bad = await t.postForm(`/payments/${paymentId}/receipt/email`, { to: 'office@ioannou.test; not-an-address' }, staff);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/name="to"[^>]*aria-invalid="true"/);
    const empty = await t.postForm(`/payments/${paymentId}/receipt/email`, { to: '  ' }, staff);
    expect(empty.status).toBe(422);
    const crlf = await t.postForm(`/payments/${paymentId}/receipt/email`, { to: 'a@b.test\r\nBcc: evil@evil.test' }, staff);
    expect(crlf.status).toBe(422);
    expect(await t.db.selectFrom('mail_outbox').select('id').where('client_id', '=', client.id).execute()).toEqual([]);

    const ok = await t.postForm(`/payments/${paymentId}/receipt/email`, { to: 'office@ioannou.test; boss@ioannou.test' }, staff);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/payments/${paymentId}/receipt?done=sent`);
    const mail = await t.db.selectFrom('mail_outbox').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ template: 'payment-receipt', to_addresses: 'office@ioannou.test,boss@ioannou.test', subject_type: 'payment', subject_id: paymentId });
    expect(mail.text_body).toContain('€150.00');
    const events = await t.db.selectFrom('events').select('action').where('subject_type', '=', 'payment').where('subject_id', '=', paymentId).execute();
    expect(events).toContainEqual({ action: 'receipt_sent' });
    expect(await (await t.get(`/payments/${paymentId}/receipt?done=sent`, staff)).text()).toContain('flash-success');
  });

  it('has no receipt to email once the payment is void, and 404s for unknown ids', async () => {
    const { paymentId } = await staffPayment();
    await t.postForm(`/payments/${paymentId}/void`, { reason: 'bounced' }, staff);
    expect((await t.postForm(`/payments/${paymentId}/receipt/email`, { to: 'a@b.test' }, staff)).status).toBe(409);
    // The void receipt has no email form.
    expect(await (await t.get(`/payments/${paymentId}/receipt`, staff)).text()).not.toContain('/receipt/email"');
    for (const id of ['999999', '0', '-1', 'abc']) {
      expect((await t.get(`/payments/${id}/receipt`, staff)).status).toBe(404);
      expect((await t.postForm(`/payments/${id}/receipt/email`, { to: 'a@b.test' }, staff)).status).toBe(404);
    }
  });
});

describe('the portal receipt', () => {
  it('shows any payment of the client when payments are visible, in the member\'s language, and 404s another client\'s', async () => {
    const { client, paymentId } = await staffPayment('el');
    await setVisibility(t.db, client.id, { invoices: true, payments: true });
    const member = await makePortalMember(t, client.id, { language: 'el', signIn: 'direct' });
    const html = await (await t.get(`/portal/payments/${paymentId}/receipt`, member.cookie)).text();
    expect(html).toContain('Απόδειξη είσπραξης');
    expect(html).toContain('150,00');
    const stranger = await payingClient(t);
    expect((await t.get(`/portal/payments/${paymentId}/receipt`, stranger.member.cookie)).status).toBe(404);
    expect((await t.get(`/portal/payments/${paymentId}/receipt/pdf`, stranger.member.cookie)).status).toBe(404);
  });

  it('with only invoices visible, shows the receipts of payments made online and hides the others', async () => {
    const { client, member } = await payingClient(t);
    await setVisibility(t.db, client.id, { payments: false });
    const staffMade = await t.api('POST', '/api/v1/payments', { client_id: String(client.id), amount: 500 });
    const staffId = ((await staffMade.json()) as { id: string }).id;
    expect((await t.get(`/portal/payments/${staffId}/receipt`, member.cookie)).status).toBe(404);
    const res = await t.postForm('/portal/pay', {}, member.cookie);
    const checkoutId = /co[a-z2-7]{26}/.exec(res.headers.get('location') ?? '')![0];
    await t.app.request(`/test-gateway/${checkoutId}/pay`, { method: 'POST', headers: { Origin: ORIGIN } });
    const online = await t.db.selectFrom('payments').select('id').where('client_id', '=', client.id).where('method', '=', 'card').executeTakeFirstOrThrow();
    expect((await t.get(`/portal/payments/${online.id}/receipt`, member.cookie)).status).toBe(200);
    await setVisibility(t.db, client.id, { invoices: false });
    expect((await t.get(`/portal/payments/${online.id}/receipt`, member.cookie)).status).toBe(404);
  });
});
