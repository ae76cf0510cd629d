// Stripe through the official `stripe` package: Checkout Sessions (client_reference_id = our
// checkout's public id), webhooks verified over the RAW body with constructEvent (300 s
// tolerance), and saved cards through one Stripe customer per client. Every call to Stripe is
// network I/O: callers make them outside database transactions.

import Stripe from 'stripe';
import type { Config } from '../config.js';
import { CALLBACK_TOLERANCE_SECONDS, expiredWithoutProvider, type CallbackResult, type CheckoutLookup, type CheckoutLookupRequest, type GatewayEvent, type HostedGateway, type SavedMethod } from './gateway.js';

/** The few Stripe calls Stoa makes, behind an interface so tests can stub them (no network in tests). */
export interface StripeApi {
  createSession(params: Stripe.Checkout.SessionCreateParams): Promise<{ id: string; url: string | null }>;
  /** A Checkout Session with its PaymentIntent expanded (reconciliation). */
  retrieveSession(id: string): Promise<Stripe.Checkout.Session>;
  createCustomer(params: Stripe.CustomerCreateParams): Promise<{ id: string }>;
  listCards(customerId: string): Promise<Stripe.PaymentMethod[]>;
  retrievePaymentMethod(id: string): Promise<Stripe.PaymentMethod>;
  detachPaymentMethod(id: string): Promise<void>;
}

/**
 * The real Stripe API for a secret key (the client is built on first use). `base` sends the
 * requests to a Stripe API mock instead (STRIPE_API_BASE: tests and self-hosted mocks).
 */
export function stripeApi(secretKey: string, base: Config['stripeApiBase'] = null): StripeApi {
  let client: Stripe | null = null;
  const stripe = (): Stripe => (client ??= new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000, ...(base ?? {}) }));
  return {
    async createSession(params) {
      const s = await stripe().checkout.sessions.create(params);
      return { id: s.id, url: s.url };
    },
    retrieveSession: (id) => stripe().checkout.sessions.retrieve(id, { expand: ['payment_intent'] }),
    async createCustomer(params) {
      const c = await stripe().customers.create(params);
      return { id: c.id };
    },
    async listCards(customerId) {
      const list = await stripe().paymentMethods.list({ customer: customerId, type: 'card', limit: 20 });
      return list.data;
    },
    retrievePaymentMethod: (id) => stripe().paymentMethods.retrieve(id),
    async detachPaymentMethod(id) {
      await stripe().paymentMethods.detach(id);
    },
  };
}

function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (!ref) return null;
  return typeof ref === 'string' ? ref : ref.id;
}

/** A Checkout Session's fields as an event needs them (amounts in minor units, currency upper-cased). */
function sessionEvent(eventId: string, type: GatewayEvent['type'], s: Stripe.Checkout.Session): GatewayEvent {
  return {
    provider: 'stripe',
    eventId,
    type,
    checkoutId: s.client_reference_id ?? s.metadata?.checkout_id ?? null,
    // The PaymentIntent is the money movement; a session without one (never in payment mode) falls back to its own id.
    providerPaymentId: idOf(s.payment_intent) ?? s.id,
    amount: s.amount_total ?? 0,
    currency: (s.currency ?? '').toUpperCase(),
    customerId: idOf(s.customer),
  };
}

/** Maps a verified Stripe event to our normalized event; null for events Stoa does not act on. */
export function normalizeStripeEvent(event: Stripe.Event): GatewayEvent | null {
  switch (event.type) {
    case 'checkout.session.completed':
      // Delayed methods (bank debits) complete unpaid and succeed later with async_payment_succeeded.
      return event.data.object.payment_status === 'paid' ? sessionEvent(event.id, 'succeeded', event.data.object) : null;
    case 'checkout.session.async_payment_succeeded':
      return sessionEvent(event.id, 'succeeded', event.data.object);
    case 'checkout.session.async_payment_failed':
      return sessionEvent(event.id, 'failed', event.data.object);
    case 'checkout.session.expired':
      return { ...sessionEvent(event.id, 'failed', event.data.object), failure: 'expired' };
    case 'charge.refunded': {
      const charge = event.data.object;
      return {
        provider: 'stripe',
        eventId: event.id,
        type: 'refunded',
        checkoutId: null,
        providerPaymentId: idOf(charge.payment_intent) ?? charge.id,
        amount: charge.amount_refunded,
        currency: charge.currency.toUpperCase(),
        customerId: idOf(charge.customer),
      };
    }
    default:
      return null;
  }
}

// A PaymentIntent of a completed but unpaid session (a delayed method) that will never succeed.
const FAILED_INTENT_STATUSES: readonly string[] = ['requires_payment_method', 'canceled'];

/**
 * What a retrieved Checkout Session says, mapped as its webhooks would be: paid → succeeded
 * (checkout.session.completed / async_payment_succeeded), expired → failed with 'expired', a
 * delayed method that failed → failed (async_payment_failed); open or still processing → open.
 */
export function sessionLookup(eventId: string, s: Stripe.Checkout.Session): CheckoutLookup {
  if (s.status === 'complete' && s.payment_status === 'paid') return { state: 'settled', event: sessionEvent(eventId, 'succeeded', s) };
  if (s.status === 'expired') return { state: 'settled', event: { ...sessionEvent(eventId, 'failed', s), failure: 'expired' } };
  const intent = s.payment_intent;
  if (s.status === 'complete' && intent && typeof intent !== 'string' && FAILED_INTENT_STATUSES.includes(intent.status)) {
    return { state: 'settled', event: sessionEvent(eventId, 'failed', s) };
  }
  return { state: 'open' };
}

/** Asks Stripe about one checkout's session (or expires one Stripe never opened). */
async function lookupStripeCheckout(api: StripeApi | null, r: CheckoutLookupRequest): Promise<CheckoutLookup> {
  // Never opened at Stripe (the request that was opening it died): nobody could have paid it.
  if (!r.providerCheckoutId) return expiredWithoutProvider('stripe', r);
  if (!api) throw new Error('Stripe is not configured (STRIPE_SECRET_KEY)');
  const session = await api.retrieveSession(r.providerCheckoutId);
  const reference = session.client_reference_id ?? session.metadata?.checkout_id ?? null;
  if (reference !== r.checkoutId) throw new Error(`Stripe session ${session.id} belongs to checkout ${String(reference)}, not ${r.checkoutId}`);
  return sessionLookup(r.eventId, session);
}

/** Verifies a Stripe webhook over its raw body (300 s tolerance) and normalizes it. */
export function parseStripeCallback(webhookSecret: string, rawBody: string, signature: string | null | undefined, nowSeconds?: number): CallbackResult {
  if (!signature) return { ok: false, error: 'BadSignature' };
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, webhookSecret, CALLBACK_TOLERANCE_SECONDS, undefined, nowSeconds === undefined ? undefined : nowSeconds * 1000);
  } catch (err) {
    return { ok: false, error: err instanceof Stripe.errors.StripeSignatureVerificationError ? 'BadSignature' : 'Malformed' };
  }
  const normalized = normalizeStripeEvent(event);
  return normalized ? { ok: true, event: normalized } : { ok: true, event: null, type: event.type };
}

function cardOf(pm: Stripe.PaymentMethod): SavedMethod {
  return { id: pm.id, brand: pm.card?.brand ?? pm.type, last4: pm.card?.last4 ?? '', expMonth: pm.card?.exp_month ?? null, expYear: pm.card?.exp_year ?? null };
}

/** Stripe's language for its hosted page. */
function stripeLocale(language: 'en' | 'el'): Stripe.Checkout.SessionCreateParams.Locale {
  return language === 'el' ? 'el' : 'en';
}

/**
 * The Stripe gateway. `api` is null when only the webhook secret is known (callbacks of earlier
 * checkouts are still verified; no new checkout can be opened).
 */
export function stripeGateway(opts: { api: StripeApi | null; webhookSecret: string }): HostedGateway {
  const api = opts.api;
  return {
    id: 'stripe',
    testMode: false,
    async createCheckout(r) {
      if (!api) throw new Error('Stripe is not configured (STRIPE_SECRET_KEY)');
      const session = await api.createSession({
        mode: 'payment',
        client_reference_id: r.checkoutId,
        metadata: { checkout_id: r.checkoutId, invoice_ids: r.invoices.map((i) => i.id).join(',').slice(0, 500) },
        payment_intent_data: { metadata: { checkout_id: r.checkoutId }, description: r.description.slice(0, 1000) },
        line_items: [{ quantity: 1, price_data: { currency: r.currency.toLowerCase(), unit_amount: r.amount, product_data: { name: r.description.slice(0, 250) } } }],
        success_url: r.successUrl,
        cancel_url: r.cancelUrl,
        locale: stripeLocale(r.language),
        // The session ends with our checkout (Stripe accepts 30 minutes to 24 hours).
        expires_at: Math.floor(Date.parse(r.expiresAt) / 1000),
        // With a customer, Stripe's page offers to keep the card (saved methods are listed in the portal's settings).
        ...(r.customerId
          ? { customer: r.customerId, saved_payment_method_options: { payment_method_save: 'enabled' as const } }
          : r.payerEmail ? { customer_email: r.payerEmail } : {}),
      });
      if (!session.url) throw new Error('Stripe returned a session without a URL');
      return { url: session.url, providerCheckoutId: session.id };
    },
    parseCallback(rawBody, headers, nowSeconds) {
      return parseStripeCallback(opts.webhookSecret, rawBody, headers.get('stripe-signature'), nowSeconds);
    },
    lookupCheckout: (request) => lookupStripeCheckout(api, request),
    savedMethods: api
      ? {
          async ensureCustomer(input) {
            const c = await api.createCustomer({ name: input.name, ...(input.email ? { email: input.email } : {}), metadata: { stoa_client_id: String(input.clientId) } });
            return c.id;
          },
          async list(customerId) {
            return (await api.listCards(customerId)).map(cardOf);
          },
          async remove(customerId, methodId) {
            const pm = await api.retrievePaymentMethod(methodId);
            if (idOf(pm.customer) !== customerId) return false;
            await api.detachPaymentMethod(methodId);
            return true;
          },
        }
      : null,
  };
}
