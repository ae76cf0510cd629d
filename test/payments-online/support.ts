// Helpers of the online payment tests: a client with open invoices, a Stripe stub (no network),
// signed Stripe and test-gateway events, and row counts that prove what was (not) written.

import Stripe from 'stripe';
import type { Db } from '../../src/db/index.js';
import type { StripeApi } from '../../src/gateways/stripe.js';
import { signTestEvent, testGatewayPayload, TEST_SIGNATURE_HEADER } from '../../src/gateways/test-gateway.js';
import { addDays } from '../../src/ledger/ledger.js';
import { today } from '../../src/util/time.js';
import type { TestApp } from '../helpers/app.js';
import { makeClient, makeIssuedInvoice } from '../helpers/factories.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';

/** The webhook secret the Stripe tests configure. */
export const WHSEC = 'whsec_test_secret_for_stoa_tests';
/** Environment that turns Stripe on in a test app (no request ever reaches Stripe: the API is stubbed or unused). */
export const STRIPE_ENV = { STRIPE_SECRET_KEY: 'sk_test_stoa', STRIPE_WEBHOOK_SECRET: WHSEC };

export const TODAY = today();
export const daysAgo = (n: number): string => addDays(TODAY, -n);

/** Shows (or hides) entry types for one client. */
export async function setVisibility(db: Db, clientId: number, values: Record<string, boolean>): Promise<void> {
  for (const [key, on] of Object.entries(values)) {
    await db.insertInto('client_portal_settings').values({ client_id: clientId, key, value: on ? 1 : 0 })
      .onConflict((oc) => oc.columns(['client_id', 'key']).doUpdateSet({ value: on ? 1 : 0 })).execute();
  }
}

/** A client with three open invoices (oldest due first: old, middle, recent) and a paying member. */
export async function payingClient(t: TestApp, opts: { role?: 'owner' | 'accounts' | 'viewer'; statement?: boolean; language?: 'en' | 'el' } = {}) {
  const client = await makeClient(t.db, { name: 'Papadopoulos OE', email: 'accounts@papadopoulos.test', language: opts.language ?? 'en' });
  // Created out of due order, so "oldest due first" is not just "first created".
  const recent = await makeIssuedInvoice(t.db, client.id, { total: 30000, issue_date: daysAgo(5), due_date: addDays(TODAY, 25) });
  const old = await makeIssuedInvoice(t.db, client.id, { total: 10000, issue_date: daysAgo(60), due_date: daysAgo(30) });
  const middle = await makeIssuedInvoice(t.db, client.id, { total: 20000, issue_date: daysAgo(40), due_date: daysAgo(10) });
  await setVisibility(t.db, client.id, { invoices: true, payments: true, statement: opts.statement ?? true });
  const member: PortalMember = await makePortalMember(t, client.id, { role: opts.role ?? 'accounts', name: 'Nikos Papadopoulos', language: opts.language ?? 'en', signIn: 'direct' });
  return { client, old, middle, recent, member };
}

const COUNTED = ['payments', 'payment_allocations', 'online_payments', 'receipts', 'webhook_events', 'mail_outbox', 'notifications', 'events'] as const;

/** Counts of the rows a payment writes. */
export async function counts(db: Db): Promise<Record<(typeof COUNTED)[number], number>> {
  const out = Object.fromEntries(COUNTED.map((k) => [k, 0])) as Record<(typeof COUNTED)[number], number>;
  for (const table of COUNTED) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

/** A Stripe API stub that records the sessions asked for and never touches the network. */
export function stubStripe(): StripeApi & { sessions: Stripe.Checkout.SessionCreateParams[] } {
  const sessions: Stripe.Checkout.SessionCreateParams[] = [];
  let n = 0;
  return {
    sessions,
    async createSession(params) {
      sessions.push(params);
      n += 1;
      return { id: `cs_test_${n}`, url: `https://checkout.stripe.test/c/pay/cs_test_${n}` };
    },
    async retrieveSession() {
      throw new Error('not used');
    },
    async createCustomer() {
      return { id: 'cus_test_1' };
    },
    async listCards() {
      return [];
    },
    async retrievePaymentMethod() {
      throw new Error('not used');
    },
    async detachPaymentMethod() {
      throw new Error('not used');
    },
  };
}

/** A Stripe event payload as Stripe sends it (only the fields Stoa reads are filled in). */
export function stripeSessionEvent(opts: {
  id: string;
  type?: 'checkout.session.completed' | 'checkout.session.async_payment_succeeded' | 'checkout.session.async_payment_failed' | 'checkout.session.expired';
  checkoutId: string;
  amount: number;
  currency?: string;
  paymentIntent?: string;
  paymentStatus?: 'paid' | 'unpaid';
  created?: number;
}): string {
  return JSON.stringify({
    id: opts.id,
    object: 'event',
    api_version: '2025-01-01',
    created: opts.created ?? Math.floor(Date.now() / 1000),
    type: opts.type ?? 'checkout.session.completed',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: 'cs_test_1',
        object: 'checkout.session',
        client_reference_id: opts.checkoutId,
        metadata: { checkout_id: opts.checkoutId },
        payment_intent: opts.paymentIntent ?? 'pi_test_1',
        payment_status: opts.paymentStatus ?? 'paid',
        amount_total: opts.amount,
        currency: (opts.currency ?? 'eur').toLowerCase(),
        customer: null,
        status: 'complete',
        mode: 'payment',
      },
    },
  });
}

/** A Stripe charge.refunded event for a PaymentIntent. */
export function stripeRefundEvent(opts: { id: string; paymentIntent: string; amount: number; currency?: string }): string {
  return JSON.stringify({
    id: opts.id,
    object: 'event',
    created: Math.floor(Date.now() / 1000),
    type: 'charge.refunded',
    livemode: false,
    data: { object: { id: 'ch_test_1', object: 'charge', payment_intent: opts.paymentIntent, amount_refunded: opts.amount, currency: (opts.currency ?? 'eur').toLowerCase(), customer: null } },
  });
}

/** The Stripe-Signature header for a payload, signed with Stripe's own test helper. */
export function stripeSignature(payload: string, opts: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? WHSEC, ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}) });
}

/** POSTs a signed Stripe webhook to the app. */
export async function postStripe(t: TestApp, payload: string, signature: string = stripeSignature(payload)): Promise<Response> {
  return t.app.request('/webhooks/stripe', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature }, body: payload });
}

/** POSTs a signed test-gateway event to the app. */
export async function postTestEvent(t: TestApp, input: { checkoutId: string; outcome: 'succeeded' | 'failed' | 'refunded'; amount: number; currency?: string; eventId?: string }, opts: { timestamp?: number } = {}): Promise<Response> {
  const raw = JSON.stringify(testGatewayPayload({ ...input, currency: input.currency ?? 'EUR' }));
  return t.app.request('/webhooks/test', { method: 'POST', headers: { 'Content-Type': 'application/json', [TEST_SIGNATURE_HEADER]: signTestEvent(t.config.sessionSecret, raw, opts.timestamp) }, body: raw });
}

/** Balances of invoices, from the ledger rows. */
export async function balanceOf(db: Db, invoiceId: number): Promise<number> {
  const doc = await db.selectFrom('documents').select('total').where('id', '=', invoiceId).executeTakeFirstOrThrow();
  const paid = await db.selectFrom('payment_allocations as pa').innerJoin('payments as p', 'p.id', 'pa.payment_id').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('pa.amount'), eb.lit(0)).as('s')).where('pa.invoice_id', '=', invoiceId).where('p.voided_at', 'is', null).executeTakeFirstOrThrow();
  return doc.total - Number(paid.s);
}
