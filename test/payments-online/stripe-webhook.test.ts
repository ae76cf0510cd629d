// Exactly-once recording of Stripe webhooks (issue 5 "Done means", SECURITY.md rows 31–33):
// payloads are signed with the stripe package's own test helper; no request reaches Stripe.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckout } from '../../src/payments-online/checkout.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { balanceOf, counts, payingClient, postStripe, STRIPE_ENV, stripeRefundEvent, stripeSessionEvent, stripeSignature, stubStripe } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp(STRIPE_ENV);
});
afterAll(() => t.close());

/** A client with open invoices and an open Stripe checkout for the whole amount due. */
async function openCheckout(scope: { kind: 'all' } | { kind: 'invoice'; invoiceId: number } = { kind: 'all' }) {
  const world = await payingClient(t);
  const stripe = stubStripe();
  const result = await startCheckout(
    { db: t.db, config: t.config, overrides: { stripeApi: stripe } },
    { clientId: world.client.id, scope, payer: { kind: 'portal', portalUserId: world.member.userId, name: 'Nikos Papadopoulos', email: world.member.email, language: 'en' }, returnPath: '/portal/pay/return', cancelPath: '/portal/pay/cancel' },
  );
  if (!result.ok) throw new Error(result.error);
  return { ...world, stripe, checkoutId: result.checkoutId };
}

let eventSeq = 0;
const eventId = () => `evt_test_${++eventSeq}_${Date.now()}`;
const paymentIntent = () => `pi_test_${++eventSeq}_${Date.now()}`;

describe('opening a Stripe checkout', () => {
  it('asks Stripe for a Checkout Session of the amount due, with our checkout id as client_reference_id', async () => {
    const { stripe, checkoutId, client } = await openCheckout();
    expect(stripe.sessions).toHaveLength(1);
    const s = stripe.sessions[0]!;
    expect(s.client_reference_id).toBe(checkoutId);
    expect(s.metadata?.checkout_id).toBe(checkoutId);
    expect(s.mode).toBe('payment');
    // Stripe's session ends with our checkout, an hour from now.
    expect(Math.abs((s.expires_at ?? 0) - (Date.now() / 1000 + 3600))).toBeLessThan(60);
    expect(s.line_items?.[0]?.price_data?.unit_amount).toBe(60000);
    expect(s.line_items?.[0]?.price_data?.currency).toBe('eur');
    expect(s.success_url).toBe(`${t.config.publicUrl}/portal/pay/return?checkout=${checkoutId}`);
    expect(s.cancel_url).toBe(`${t.config.publicUrl}/portal/pay/cancel?checkout=${checkoutId}`);
    // A customer per client, so Stripe's page can offer to keep the card.
    expect(s.customer).toBe('cus_test_1');
    const stored = await t.db.selectFrom('gateway_customers').select('customer_id').where('client_id', '=', client.id).executeTakeFirst();
    expect(stored?.customer_id).toBe('cus_test_1');
  });
});

describe('the Stripe webhook', () => {
  it('records one payment for a signed checkout.session.completed, allocated oldest due first, with receipt, emails and notifications', async () => {
    await t.staffCookie(); // a staff member to tell
    const { checkoutId, old, middle, recent, member, client } = await openCheckout();
    const before = await counts(t.db);
    const payload = stripeSessionEvent({ id: eventId(), checkoutId, amount: 60000, paymentIntent: paymentIntent() });
    const res = await postStripe(t, payload);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true, outcome: 'recorded' });

    const after = await counts(t.db);
    expect(after.payments - before.payments).toBe(1);
    expect(after.online_payments - before.online_payments).toBe(1);
    expect(after.receipts - before.receipts).toBe(1);
    expect(after.webhook_events - before.webhook_events).toBe(1);
    const payment = await t.db.selectFrom('payments').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ amount: 60000, currency: 'EUR', method: 'card', source: 'portal' });
    const allocations = await t.db.selectFrom('payment_allocations').select(['invoice_id', 'amount']).where('payment_id', '=', payment.id).orderBy('id').execute();
    expect(allocations).toEqual([{ invoice_id: old.id, amount: 10000 }, { invoice_id: middle.id, amount: 20000 }, { invoice_id: recent.id, amount: 30000 }]);
    for (const inv of [old, middle, recent]) expect(await balanceOf(t.db, inv.id)).toBe(0);

    const checkout = await t.db.selectFrom('payment_checkouts').selectAll().where('public_id', '=', checkoutId).executeTakeFirstOrThrow();
    expect(checkout).toMatchObject({ status: 'paid', payment_id: payment.id });
    const mails = await t.db.selectFrom('mail_outbox').select(['template', 'to_addresses', 'subject']).where('client_id', '=', client.id).execute();
    expect(mails.find((m) => m.template === 'payment-receipt')?.to_addresses).toBe(member.email);
    expect(mails.find((m) => m.template === 'payment-received')?.to_addresses).toContain('admin@firm.test');
    const notes = await t.db.selectFrom('notifications').select(['kind', 'link']).where('client_id', '=', client.id).execute();
    expect(notes).toContainEqual({ kind: 'online_payment_received', link: `/payments/${payment.id}` });
    const events = await t.db.selectFrom('events').select(['subject_type', 'action']).where('client_id', '=', client.id).execute();
    expect(events).toContainEqual({ subject_type: 'payment', action: 'paid_online' });
    expect(events.filter((e) => e.subject_type === 'invoice' && e.action === 'paid')).toHaveLength(3);
  });

  it('records nothing when the same event arrives again', async () => {
    await t.staffCookie(); // a staff member to notify
    const { checkoutId } = await openCheckout();
    const payload = stripeSessionEvent({ id: eventId(), checkoutId, amount: 60000, paymentIntent: paymentIntent() });
    expect((await postStripe(t, payload)).status).toBe(200);
    const before = await counts(t.db);
    const again = await postStripe(t, payload, stripeSignature(payload));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: 'replay' });
    expect(await counts(t.db)).toEqual(before);
  });

  it('records one payment when the same money is announced by two event types', async () => {
    const { checkoutId } = await openCheckout();
    const pi = paymentIntent();
    expect((await postStripe(t, stripeSessionEvent({ id: eventId(), checkoutId, amount: 60000, paymentIntent: pi }))).status).toBe(200);
    const before = await counts(t.db);
    const res = await postStripe(t, stripeSessionEvent({ id: eventId(), type: 'checkout.session.async_payment_succeeded', checkoutId, amount: 60000, paymentIntent: pi }));
    expect(await res.json()).toMatchObject({ outcome: 'duplicate' });
    const after = await counts(t.db);
    expect(after.payments).toBe(before.payments);
    expect(after.receipts).toBe(before.receipts);
    expect(after.webhook_events).toBe(before.webhook_events + 1);
  });

  it('answers 400 and writes nothing for a bad signature, a re-serialized body or an event older than 300 s', async () => {
    const { checkoutId } = await openCheckout();
    const payload = stripeSessionEvent({ id: eventId(), checkoutId, amount: 60000, paymentIntent: paymentIntent() });
    const before = await counts(t.db);
    const forged = await postStripe(t, payload, stripeSignature(payload, { secret: 'whsec_someone_else' }));
    expect(forged.status).toBe(400);
    const reserialized = await postStripe(t, JSON.stringify(JSON.parse(payload), null, 2), stripeSignature(payload));
    expect(reserialized.status).toBe(400);
    const stale = await postStripe(t, payload, stripeSignature(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 }));
    expect(stale.status).toBe(400);
    const unsigned = await t.app.request('/webhooks/stripe', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: payload });
    expect(unsigned.status).toBe(400);
    const garbage = await postStripe(t, 'not json', stripeSignature('not json'));
    expect(garbage.status).toBe(400);
    expect(await counts(t.db)).toEqual(before);
    // The real one still records once.
    expect(await (await postStripe(t, payload)).json()).toMatchObject({ outcome: 'recorded' });
  });

  it('acknowledges events it does not act on without writing anything', async () => {
    const before = await counts(t.db);
    const payload = JSON.stringify({ id: eventId(), object: 'event', type: 'customer.created', created: Math.floor(Date.now() / 1000), data: { object: { id: 'cus_1', object: 'customer' } } });
    const res = await postStripe(t, payload);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'ignored' });
    // A session completed but not yet paid (a delayed method) waits for async_payment_succeeded.
    const { checkoutId } = await openCheckout();
    const unpaid = await postStripe(t, stripeSessionEvent({ id: eventId(), checkoutId, amount: 60000, paymentStatus: 'unpaid' }));
    expect(await unpaid.json()).toMatchObject({ outcome: 'ignored' });
    expect((await counts(t.db)).payments).toBe(before.payments);
  });

  it('records no payment when the amount or currency is not what was asked, and tells staff', async () => {
    await t.staffCookie();
    const { checkoutId, client } = await openCheckout();
    const before = await counts(t.db);
    const short = await postStripe(t, stripeSessionEvent({ id: eventId(), checkoutId, amount: 100, paymentIntent: paymentIntent() }));
    expect(await short.json()).toMatchObject({ outcome: 'anomaly' });
    const dollars = await postStripe(t, stripeSessionEvent({ id: eventId(), checkoutId, amount: 60000, currency: 'usd', paymentIntent: paymentIntent() }));
    expect(await dollars.json()).toMatchObject({ outcome: 'anomaly' });
    const after = await counts(t.db);
    expect(after.payments).toBe(before.payments);
    expect(after.webhook_events).toBe(before.webhook_events + 2);
    const notes = await t.db.selectFrom('notifications').select('kind').where('client_id', '=', client.id).where('kind', '=', 'online_payment_attention').execute();
    expect(notes.length).toBeGreaterThan(0);
    const checkout = await t.db.selectFrom('payment_checkouts').select('status').where('public_id', '=', checkoutId).executeTakeFirstOrThrow();
    expect(checkout.status).toBe('open');
    // Staff see it on the online payments page.
    const page = await (await t.get('/online-payments', await t.staffCookie())).text();
    expect(page).toContain('data-outcome="anomaly"');
  });

  it('never moves a paid checkout backwards when a failure arrives after the success', async () => {
    const { checkoutId } = await openCheckout();
    await postStripe(t, stripeSessionEvent({ id: eventId(), checkoutId, amount: 60000, paymentIntent: paymentIntent() }));
    const before = await counts(t.db);
    const res = await postStripe(t, stripeSessionEvent({ id: eventId(), type: 'checkout.session.expired', checkoutId, amount: 60000 }));
    expect(await res.json()).toMatchObject({ outcome: 'stale' });
    const checkout = await t.db.selectFrom('payment_checkouts').select('status').where('public_id', '=', checkoutId).executeTakeFirstOrThrow();
    expect(checkout.status).toBe('paid');
    expect((await counts(t.db)).payments).toBe(before.payments);
  });

  it('marks the checkout of an expired session expired, not declined', async () => {
    const { checkoutId } = await openCheckout();
    const res = await postStripe(t, stripeSessionEvent({ id: eventId(), type: 'checkout.session.expired', checkoutId, amount: 60000, paymentStatus: 'unpaid' }));
    expect(await res.json()).toMatchObject({ outcome: 'failure_noted' });
    const checkout = await t.db.selectFrom('payment_checkouts').select(['status', 'failure_reason']).where('public_id', '=', checkoutId).executeTakeFirstOrThrow();
    expect(checkout).toEqual({ status: 'expired', failure_reason: 'expired' });
  });

  it('holds a refund that arrives before its payment, and applies it once the payment is recorded', async () => {
    await t.staffCookie();
    const { checkoutId } = await openCheckout();
    const pi = paymentIntent();
    const early = await postStripe(t, stripeRefundEvent({ id: eventId(), paymentIntent: pi, amount: 60000 }));
    expect(await early.json()).toMatchObject({ outcome: 'held' });
    const paid = await postStripe(t, stripeSessionEvent({ id: eventId(), checkoutId, amount: 60000, paymentIntent: pi }));
    const body = (await paid.json()) as { outcome: string };
    expect(body.outcome).toBe('recorded');
    const online = await t.db.selectFrom('online_payments').select(['payment_id', 'refunded_at']).where('provider_payment_id', '=', pi).executeTakeFirstOrThrow();
    expect(online.refunded_at).not.toBeNull();
    const held = await t.db.selectFrom('webhook_events').select('outcome').where('provider_payment_id', '=', pi).where('type', '=', 'refunded').executeTakeFirstOrThrow();
    expect(held.outcome).toBe('refund_noted');
    // One payment, still on the ledger: staff decide how to reverse it.
    expect(await t.db.selectFrom('payments').select('voided_at').where('id', '=', online.payment_id).executeTakeFirstOrThrow()).toEqual({ voided_at: null });
  });

  it('notes a refund of a recorded payment once and tells staff', async () => {
    await t.staffCookie();
    const { checkoutId, client } = await openCheckout();
    const pi = paymentIntent();
    await postStripe(t, stripeSessionEvent({ id: eventId(), checkoutId, amount: 60000, paymentIntent: pi }));
    const refund = stripeRefundEvent({ id: eventId(), paymentIntent: pi, amount: 60000 });
    expect(await (await postStripe(t, refund)).json()).toMatchObject({ outcome: 'refund_noted' });
    expect(await (await postStripe(t, refund)).json()).toMatchObject({ outcome: 'replay' });
    const notes = await t.db.selectFrom('notifications').select('kind').where('client_id', '=', client.id).where('kind', '=', 'online_payment_refunded').execute();
    expect(notes.length).toBeGreaterThan(0);
  });

  it('turns money for invoices paid meanwhile into client credit, never a lost or doubled payment', async () => {
    const { checkoutId, old, middle, recent, client } = await openCheckout();
    // Staff record a bank transfer for the oldest invoice and half of the middle one while the client is on Stripe's page.
    const staffPayment = await t.api('POST', '/api/v1/payments', { client_id: String(client.id), amount: 20000, method: 'bank_transfer', allocations: [{ invoice_id: String(old.id), amount: 10000 }, { invoice_id: String(middle.id), amount: 10000 }] });
    expect(staffPayment.status).toBe(201);
    await postStripe(t, stripeSessionEvent({ id: eventId(), checkoutId, amount: 60000, paymentIntent: paymentIntent() }));
    const online = await t.db.selectFrom('payments').selectAll().where('client_id', '=', client.id).where('method', '=', 'card').executeTakeFirstOrThrow();
    expect(online.amount).toBe(60000);
    const allocations = await t.db.selectFrom('payment_allocations').select(['invoice_id', 'amount']).where('payment_id', '=', online.id).orderBy('id').execute();
    expect(allocations).toEqual([{ invoice_id: middle.id, amount: 10000 }, { invoice_id: recent.id, amount: 30000 }]);
    for (const inv of [old, middle, recent]) expect(await balanceOf(t.db, inv.id)).toBe(0);
    // The rest is the client's credit, shown as such.
    const statement = (await (await t.api('GET', `/api/v1/payments/${online.id}`)).json()) as { unallocated?: number };
    expect(statement.unallocated).toBe(20000);
    const receipt = await (await t.get(`/payments/${online.id}/receipt`, await t.staffCookie())).text();
    expect(receipt).toContain('data-figure="receipt_credit"');
  });

  it('answers 404 when Stripe is not configured', async () => {
    const plain = await makeTestApp();
    try {
      const payload = stripeSessionEvent({ id: eventId(), checkoutId: 'co' + 'a'.repeat(26), amount: 1 });
      expect((await postStripe(plain, payload)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
