// Reconciliation of missed callbacks (SECURITY.md row 34: "webhook endpoint down for hours →
// reconciliation records each missing payment once"). Stripe is a fake API on loopback
// (fake-stripe.ts) that the real stripe SDK reaches through STRIPE_API_BASE; the test gateway
// keeps its own record of what it took. A pass is run "ten minutes later", when the provider has
// had time to call.

import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { stripeApi } from '../../src/gateways/stripe.js';
import { takeTestOutcome } from '../../src/gateways/test-gateway.js';
import { CHECKOUT_LIFETIME_MS, startCheckout } from '../../src/payments-online/checkout.js';
import { reconcilePayments, startReconciler } from '../../src/payments-online/reconcile.js';
import { log } from '../../src/util/log.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { startFakeStripe, type FakeStripe } from './fake-stripe.js';
import { balanceOf, counts, payingClient, postStripe, postTestEvent, STRIPE_ENV, stripeSessionEvent } from './support.js';

const TEN_MINUTES = 10 * 60_000;
const later = (ms = TEN_MINUTES) => new Date(Date.now() + ms);

let t: TestApp;

/** A client with three open invoices and an open checkout, opened as the portal's Pay now opens it. */
async function openCheckout() {
  const world = await payingClient(t);
  const result = await startCheckout(
    { db: t.db, config: t.config },
    { clientId: world.client.id, scope: { kind: 'all' }, payer: { kind: 'portal', portalUserId: world.member.userId, name: 'Nikos Papadopoulos', email: world.member.email, language: 'en' }, returnPath: '/portal/pay/return', cancelPath: '/portal/pay/cancel' },
  );
  if (!result.ok) throw new Error(result.error);
  return { ...world, checkoutId: result.checkoutId };
}

function reconcile(now: Date = later()) {
  return reconcilePayments({ db: t.db, config: t.config }, { now });
}

async function checkoutRow(publicId: string) {
  return t.db.selectFrom('payment_checkouts').selectAll().where('public_id', '=', publicId).executeTakeFirstOrThrow();
}

describe('reconciling Stripe checkouts whose webhook never came', () => {
  let fake: FakeStripe;
  beforeAll(async () => {
    fake = await startFakeStripe();
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    t = await makeTestApp({ ...STRIPE_ENV, STRIPE_API_BASE: fake.url });
    await t.staffCookie(); // a staff member to tell
  });
  afterEach(() => t.close());

  /** An open Stripe checkout and its session at the fake Stripe. */
  async function openStripeCheckout() {
    const world = await openCheckout();
    return { ...world, sessionId: fake.sessionFor(world.checkoutId) };
  }

  it('records a paid checkout once: payment oldest due first, receipt emailed, staff told', async () => {
    const { checkoutId, sessionId, client, old, middle, recent, member } = await openStripeCheckout();
    const intent = fake.pay(sessionId);
    const before = await counts(t.db);

    const summary = await reconcile();
    expect(summary).toMatchObject({ checked: 1, recorded: 1, errors: 0 });
    // The SDK asked the (fake) Stripe API for the session, with its PaymentIntent expanded.
    expect(fake.requests).toContain(`GET /v1/checkout/sessions/${sessionId}?expand[0]=payment_intent`);

    const after = await counts(t.db);
    expect(after.payments - before.payments).toBe(1);
    expect(after.online_payments - before.online_payments).toBe(1);
    expect(after.receipts - before.receipts).toBe(1);
    const payment = await t.db.selectFrom('payments').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ amount: 60000, currency: 'EUR', method: 'card', reference: intent });
    const allocations = await t.db.selectFrom('payment_allocations').select(['invoice_id', 'amount']).where('payment_id', '=', payment.id).orderBy('id').execute();
    expect(allocations).toEqual([{ invoice_id: old.id, amount: 10000 }, { invoice_id: middle.id, amount: 20000 }, { invoice_id: recent.id, amount: 30000 }]);
    for (const inv of [old, middle, recent]) expect(await balanceOf(t.db, inv.id)).toBe(0);
    expect(await checkoutRow(checkoutId)).toMatchObject({ status: 'paid', payment_id: payment.id });
    // Stored as an event no provider sends, so the real one can never collide with it.
    const stored = await t.db.selectFrom('webhook_events').select(['event_id', 'outcome', 'provider_payment_id']).where('checkout_id', '=', (await checkoutRow(checkoutId)).id).execute();
    expect(stored).toEqual([{ event_id: `reconcile:${checkoutId}`, outcome: 'recorded', provider_payment_id: intent }]);

    const mails = await t.db.selectFrom('mail_outbox').select(['template', 'to_addresses']).where('client_id', '=', client.id).execute();
    expect(mails.find((m) => m.template === 'payment-receipt')?.to_addresses).toBe(member.email);
    expect(mails.find((m) => m.template === 'payment-received')?.to_addresses).toContain('admin@firm.test');
    const notes = await t.db.selectFrom('notifications').select(['kind', 'link']).where('client_id', '=', client.id).execute();
    expect(notes).toContainEqual({ kind: 'online_payment_received', link: `/payments/${payment.id}` });
    // Staff see the payment as paid on the invoice, like any online payment.
    const invoicePage = await (await t.get(`/invoices/${old.id}`, await t.staffCookie())).text();
    expect(invoicePage).toMatch(/badge-paid/);
  });

  it('records nothing new on a second pass', async () => {
    const { sessionId } = await openStripeCheckout();
    fake.pay(sessionId);
    await reconcile();
    const before = await counts(t.db);
    const asked = fake.requests.length;
    const again = await reconcile(later(2 * TEN_MINUTES));
    expect(again).toMatchObject({ checked: 0, recorded: 0 });
    expect(await counts(t.db)).toEqual(before);
    // A settled checkout is not even asked about again.
    expect(fake.requests.length).toBe(asked);
  });

  it('records nothing new when the real webhook finally arrives, and answers it 2xx', async () => {
    const { checkoutId, sessionId, client } = await openStripeCheckout();
    const intent = fake.pay(sessionId);
    await reconcile();
    const before = await counts(t.db);
    const late = await postStripe(t, stripeSessionEvent({ id: 'evt_late_1', checkoutId, amount: 60000, paymentIntent: intent }));
    expect(late.status).toBe(200);
    expect(await late.json()).toMatchObject({ received: true, outcome: 'duplicate' });
    const after = await counts(t.db);
    expect({ ...after, webhook_events: 0 }).toEqual({ ...before, webhook_events: 0 });
    expect(after.webhook_events).toBe(before.webhook_events + 1);
    expect(await t.db.selectFrom('payments').select('id').where('client_id', '=', client.id).execute()).toHaveLength(1);
  });

  it('records nothing when the webhook came first', async () => {
    const { checkoutId, sessionId } = await openStripeCheckout();
    const intent = fake.pay(sessionId);
    expect(await (await postStripe(t, stripeSessionEvent({ id: 'evt_on_time_1', checkoutId, amount: 60000, paymentIntent: intent }))).json()).toMatchObject({ outcome: 'recorded' });
    const before = await counts(t.db);
    expect(await reconcile()).toMatchObject({ checked: 0 });
    expect(await counts(t.db)).toEqual(before);
  });

  it('leaves a checkout the payer has not paid yet open, and asks again on the next pass', async () => {
    const { checkoutId, sessionId } = await openStripeCheckout();
    const before = await counts(t.db);
    expect(await reconcile()).toMatchObject({ checked: 1, open: 1, recorded: 0 });
    expect(await counts(t.db)).toEqual(before);
    expect(await checkoutRow(checkoutId)).toMatchObject({ status: 'open', payment_id: null });
    fake.pay(sessionId);
    expect(await reconcile(later(2 * TEN_MINUTES))).toMatchObject({ checked: 1, recorded: 1 });
    expect((await checkoutRow(checkoutId)).status).toBe('paid');
  });

  it('marks the checkout of an expired session expired, without a payment', async () => {
    const { checkoutId, sessionId } = await openStripeCheckout();
    fake.expire(sessionId);
    const before = await counts(t.db);
    expect(await reconcile(later(CHECKOUT_LIFETIME_MS + TEN_MINUTES))).toMatchObject({ checked: 1, expired: 1, recorded: 0 });
    expect(await checkoutRow(checkoutId)).toMatchObject({ status: 'expired', failure_reason: 'expired', payment_id: null });
    const after = await counts(t.db);
    expect(after.payments).toBe(before.payments);
    expect(after.mail_outbox).toBe(before.mail_outbox);
    // Settled: not asked about again.
    expect(await reconcile(later(CHECKOUT_LIFETIME_MS + 2 * TEN_MINUTES))).toMatchObject({ checked: 0 });
  });

  it('waits while a delayed payment is processing, and marks the checkout failed when it fails', async () => {
    const { checkoutId, sessionId } = await openStripeCheckout();
    fake.processing(sessionId);
    expect(await reconcile()).toMatchObject({ open: 1 });
    expect((await checkoutRow(checkoutId)).status).toBe('open');
    fake.declineDelayed(sessionId);
    expect(await reconcile(later(2 * TEN_MINUTES))).toMatchObject({ failed: 1 });
    expect(await checkoutRow(checkoutId)).toMatchObject({ status: 'failed', failure_reason: 'declined', payment_id: null });
  });

  it('leaves a checkout unchanged when Stripe fails for it, and goes on with the next one', async () => {
    const first = await openStripeCheckout();
    const second = await openStripeCheckout();
    fake.breakSession(first.sessionId);
    fake.pay(first.sessionId);
    fake.pay(second.sessionId);
    const summary = await reconcile();
    expect(summary).toMatchObject({ checked: 2, errors: 1, recorded: 1 });
    expect(await checkoutRow(first.checkoutId)).toMatchObject({ status: 'open', payment_id: null });
    expect(await t.db.selectFrom('payments').select('id').where('client_id', '=', first.client.id).execute()).toEqual([]);
    expect(await t.db.selectFrom('webhook_events').select('id').where('checkout_id', '=', (await checkoutRow(first.checkoutId)).id).execute()).toEqual([]);
    expect((await checkoutRow(second.checkoutId)).status).toBe('paid');
    // Once Stripe answers again, the next pass records it.
    fake.heal(first.sessionId);
    expect(await reconcile(later(2 * TEN_MINUTES))).toMatchObject({ checked: 1, recorded: 1, errors: 0 });
    expect((await checkoutRow(first.checkoutId)).status).toBe('paid');
  });

  it('records a checkout set aside here whose Stripe session was paid all the same, the rest as credit', async () => {
    const first = await openStripeCheckout();
    // Staff record a transfer for the oldest invoice; the client opens a new checkout for the new balance.
    expect((await t.api('POST', '/api/v1/payments', { client_id: String(first.client.id), amount: 10000, allocations: [{ invoice_id: String(first.old.id), amount: 10000 }] })).status).toBe(201);
    const again = await startCheckout(
      { db: t.db, config: t.config },
      { clientId: first.client.id, scope: { kind: 'all' }, payer: { kind: 'portal', portalUserId: first.member.userId, name: 'Nikos Papadopoulos', email: first.member.email, language: 'en' }, returnPath: '/portal/pay/return', cancelPath: '/portal/pay/cancel' },
    );
    if (!again.ok) throw new Error(again.error);
    expect(await checkoutRow(first.checkoutId)).toMatchObject({ status: 'expired', failure_reason: 'superseded' });
    // ...but the first Stripe page was still open in another tab, and paid there.
    fake.pay(first.sessionId);
    expect(await reconcile()).toMatchObject({ checked: 2, recorded: 1, open: 1 });
    const online = await t.db.selectFrom('payments').selectAll().where('client_id', '=', first.client.id).where('method', '=', 'card').executeTakeFirstOrThrow();
    expect(online.amount).toBe(60000);
    for (const inv of [first.old, first.middle, first.recent]) expect(await balanceOf(t.db, inv.id)).toBe(0);
    const unallocated = (await (await t.api('GET', `/api/v1/payments/${online.id}`)).json()) as { unallocated?: number };
    expect(unallocated.unallocated).toBe(10000);
    expect((await checkoutRow(again.checkoutId)).status).toBe('open');
  });

  it('records a checkout set aside while Stripe was still opening it, whose session was paid all the same', async () => {
    const world = await payingClient(t);
    const payer = { kind: 'portal' as const, portalUserId: world.member.userId, name: 'Nikos Papadopoulos', email: world.member.email, language: 'en' as const };
    const input = { clientId: world.client.id, scope: { kind: 'all' as const }, payer, returnPath: '/portal/pay/return', cancelPath: '/portal/pay/cancel' };
    // Stripe is slow to open the first session...
    const real = stripeApi(t.config.stripeSecretKey!, t.config.stripeApiBase);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let opening: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (opening = resolve));
    const slow = { ...real, async createSession(params: Parameters<typeof real.createSession>[0]) {
      const session = await real.createSession(params);
      opening();
      await held;
      return session;
    } };
    const first = startCheckout({ db: t.db, config: t.config, overrides: { stripeApi: slow } }, input);
    await asked;
    // ...meanwhile staff record a transfer and the client opens a checkout for the new balance, setting the first aside.
    expect((await t.api('POST', '/api/v1/payments', { client_id: String(world.client.id), amount: 10000, allocations: [{ invoice_id: String(world.old.id), amount: 10000 }] })).status).toBe(201);
    const second = await startCheckout({ db: t.db, config: t.config }, input);
    if (!second.ok) throw new Error(second.error);
    release();
    const opened = await first;
    if (!opened.ok) throw new Error(opened.error);
    expect(await checkoutRow(opened.checkoutId)).toMatchObject({ status: 'expired', failure_reason: 'superseded' });
    // The payer was sent to the first session all the same, and paid there; its webhook never came.
    const sessionId = fake.sessionFor(opened.checkoutId);
    fake.pay(sessionId);
    expect(await reconcile(later(CHECKOUT_LIFETIME_MS + TEN_MINUTES))).toMatchObject({ recorded: 1 });
    expect(fake.requests).toContain(`GET /v1/checkout/sessions/${sessionId}?expand[0]=payment_intent`);
    const online = await t.db.selectFrom('payments').selectAll().where('client_id', '=', world.client.id).where('method', '=', 'card').executeTakeFirstOrThrow();
    expect(online.amount).toBe(60000);
    expect(await checkoutRow(opened.checkoutId)).toMatchObject({ status: 'paid', payment_id: online.id });
  });

  it('does not ask about a checkout younger than a few minutes: its webhook may still be on the way', async () => {
    const { sessionId } = await openStripeCheckout();
    fake.pay(sessionId);
    const asked = fake.requests.length;
    expect(await reconcile(new Date())).toMatchObject({ checked: 0 });
    expect(fake.requests.length).toBe(asked);
  });

  it('does not ask about a checkout older than the lookback', async () => {
    const { sessionId } = await openStripeCheckout();
    fake.pay(sessionId);
    expect(await reconcile(later(CHECKOUT_LIFETIME_MS + 4 * 24 * 60 * 60_000))).toMatchObject({ checked: 0 });
  });

  it('runs one pass at a time in the server, and stops cleanly', async () => {
    const { checkoutId, sessionId } = await openStripeCheckout();
    fake.pay(sessionId);
    // Backdated, as the server's own clock is used.
    await t.db.updateTable('payment_checkouts').set({ created_at: new Date(Date.now() - TEN_MINUTES).toISOString() }).where('public_id', '=', checkoutId).execute();
    const reconciler = startReconciler({ db: t.db, config: t.config }, { firstRunMs: 60_000 });
    const a = reconciler.runOnce();
    const b = reconciler.runOnce();
    expect(b).toBe(a);
    expect(await a).toMatchObject({ checked: 1, recorded: 1 });
    await reconciler.stop();
    expect((await checkoutRow(checkoutId)).status).toBe('paid');
  });
});

describe('the reconciliation loop', () => {
  it('logs a failed pass and carries on: it never takes the process down', async () => {
    const broken = await makeTestApp();
    await broken.database.close(); // every pass now fails
    const errors = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    try {
      const reconciler = startReconciler({ db: broken.db, config: broken.config }, { firstRunMs: 0, intervalMs: 5 });
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(errors.mock.calls.filter(([msg]) => msg === 'reconciliation pass failed').length).toBeGreaterThan(1);
      await reconciler.stop();
    } finally {
      errors.mockRestore();
      rmSync(broken.dataDir, { recursive: true, force: true });
    }
  });
});

describe('reconciling the test gateway', () => {
  beforeEach(async () => {
    t = await makeTestApp();
    await t.staffCookie();
  });
  afterEach(() => t.close());

  it('records a payment whose callback was lost after the test gateway took it, once', async () => {
    const { checkoutId, client, old, middle, recent, member } = await openCheckout();
    // What Pay does before calling back; the callback itself is lost (a crash, say).
    await takeTestOutcome(t.db, { checkoutId, amount: 60000, currency: 'EUR' }, 'succeeded');
    expect((await checkoutRow(checkoutId)).status).toBe('open');

    expect(await reconcile()).toMatchObject({ checked: 1, recorded: 1 });
    const payment = await t.db.selectFrom('payments').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ amount: 60000, method: 'card', reference: `tp_${checkoutId}` });
    const allocations = await t.db.selectFrom('payment_allocations').select(['invoice_id', 'amount']).where('payment_id', '=', payment.id).orderBy('id').execute();
    expect(allocations).toEqual([{ invoice_id: old.id, amount: 10000 }, { invoice_id: middle.id, amount: 20000 }, { invoice_id: recent.id, amount: 30000 }]);
    const mails = await t.db.selectFrom('mail_outbox').select(['template', 'to_addresses']).where('client_id', '=', client.id).execute();
    expect(mails.find((m) => m.template === 'payment-receipt')?.to_addresses).toBe(member.email);

    // The payer presses Pay again, the lost callback is replayed, another pass runs: nothing new.
    const before = await counts(t.db);
    const pressed = await t.app.request(`/test-gateway/${checkoutId}/pay`, { method: 'POST', headers: { Origin: ORIGIN } });
    expect(pressed.status).toBe(303);
    const replayed = await postTestEvent(t, { checkoutId, outcome: 'succeeded', amount: 60000 });
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toMatchObject({ outcome: 'duplicate' });
    await reconcile(later(2 * TEN_MINUTES));
    const after = await counts(t.db);
    expect({ ...after, webhook_events: 0 }).toEqual({ ...before, webhook_events: 0 });
  });

  it('marks a checkout the test gateway declined failed, and leaves one nobody paid open until it expires', async () => {
    const declined = await openCheckout();
    await takeTestOutcome(t.db, { checkoutId: declined.checkoutId, amount: 60000, currency: 'EUR' }, 'failed');
    const untouched = await openCheckout();
    expect(await reconcile()).toMatchObject({ checked: 2, failed: 1, open: 1, recorded: 0 });
    expect(await checkoutRow(declined.checkoutId)).toMatchObject({ status: 'failed', failure_reason: 'declined' });
    expect((await checkoutRow(untouched.checkoutId)).status).toBe('open');
    expect(await reconcile(later(CHECKOUT_LIFETIME_MS + TEN_MINUTES))).toMatchObject({ checked: 1, expired: 1 });
    expect(await checkoutRow(untouched.checkoutId)).toMatchObject({ status: 'expired', failure_reason: 'expired' });
    expect(await t.db.selectFrom('payments').select('id').execute()).toEqual([]);
  });

  it('keeps the first outcome the test gateway gave: Decline after a lost Pay still pays', async () => {
    const { checkoutId, client } = await openCheckout();
    await takeTestOutcome(t.db, { checkoutId, amount: 60000, currency: 'EUR' }, 'succeeded');
    const declined = await t.app.request(`/test-gateway/${checkoutId}/decline`, { method: 'POST', headers: { Origin: ORIGIN } });
    expect(declined.status).toBe(303);
    expect((await checkoutRow(checkoutId)).status).toBe('paid');
    expect(await t.db.selectFrom('payments').select('amount').where('client_id', '=', client.id).execute()).toEqual([{ amount: 60000 }]);
  });
});
