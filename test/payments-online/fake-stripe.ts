// A tiny stand-in for Stripe's API on loopback, for tests without the internet: the real stripe
// SDK is pointed at it through STRIPE_API_BASE (host, port, protocol). It keeps Checkout Sessions
// in memory and answers as Stripe does (shapes per Stripe's API reference, trimmed to what a
// session carries in payment mode):
//   POST /v1/customers                    → a customer
//   POST /v1/checkout/sessions            → an open session
//   GET  /v1/checkout/sessions/:id        → the session (`expand[]=payment_intent` expands it)
// Tests move a session along (pay, expire, fail a delayed payment) or make Stripe fail for it.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface FakeSession {
  id: string;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  amount: number;
  currency: string;
  customer: string | null;
  customerEmail: string | null;
  successUrl: string;
  cancelUrl: string;
  created: number;
  expiresAt: number;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'paid' | 'unpaid';
  paymentIntent: { id: string; status: string; created: number } | null;
}

/** The fake Stripe API: its base URL for STRIPE_API_BASE, and handles on its sessions. */
export interface FakeStripe {
  url: string;
  /** Every request, as "METHOD /path?query". */
  requests: string[];
  /** The session Stoa opened for one of our checkouts (by its client_reference_id). */
  sessionFor(checkoutId: string): string;
  /** The payer paid: the session completes with a succeeded PaymentIntent (its id is returned). */
  pay(sessionId: string): string;
  /** The session expired unpaid. */
  expire(sessionId: string): void;
  /** A delayed method: the session completes unpaid, the PaymentIntent `processing` (then `fail` turns it down). */
  processing(sessionId: string): void;
  /** The delayed payment failed (PaymentIntent back to `requires_payment_method`). */
  declineDelayed(sessionId: string): void;
  /** Stripe answers 500 for this session until healed. */
  breakSession(sessionId: string): void;
  heal(sessionId: string): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': `req_fake_${Math.random().toString(36).slice(2, 12)}` });
  res.end(JSON.stringify(body));
}

function stripeError(res: ServerResponse, status: number, type: string, message: string, extra: Record<string, string> = {}): void {
  send(res, status, { error: { type, message, ...extra } });
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  return new URLSearchParams(raw);
}

function intentJson(s: FakeSession): Record<string, unknown> | null {
  if (!s.paymentIntent) return null;
  const succeeded = s.paymentIntent.status === 'succeeded';
  return {
    id: s.paymentIntent.id,
    object: 'payment_intent',
    amount: s.amount,
    amount_capturable: 0,
    amount_received: succeeded ? s.amount : 0,
    capture_method: 'automatic_async',
    client_secret: `${s.paymentIntent.id}_secret_fake`,
    confirmation_method: 'automatic',
    created: s.paymentIntent.created,
    currency: s.currency,
    customer: s.customer,
    description: null,
    last_payment_error: s.paymentIntent.status === 'requires_payment_method' ? { code: 'payment_intent_payment_attempt_failed', type: 'card_error' } : null,
    latest_charge: succeeded ? `ch_${s.paymentIntent.id.slice(3)}` : null,
    livemode: false,
    metadata: { checkout_id: s.clientReferenceId ?? '' },
    payment_method: `pm_${s.paymentIntent.id.slice(3)}`,
    payment_method_types: ['card'],
    status: s.paymentIntent.status,
  };
}

function sessionJson(s: FakeSession, expandIntent: boolean): Record<string, unknown> {
  return {
    id: s.id,
    object: 'checkout.session',
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: s.amount,
    amount_total: s.amount,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: null,
    cancel_url: s.cancelUrl,
    client_reference_id: s.clientReferenceId,
    client_secret: null,
    consent: null,
    consent_collection: null,
    created: s.created,
    currency: s.currency,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: s.customer,
    customer_creation: s.customer ? null : 'if_required',
    customer_details: s.status === 'complete' ? { email: s.customerEmail, name: null, phone: null, tax_exempt: 'none', tax_ids: [] } : null,
    customer_email: s.customerEmail,
    expires_at: s.expiresAt,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    metadata: s.metadata,
    mode: 'payment',
    payment_intent: expandIntent ? intentJson(s) : (s.paymentIntent?.id ?? null),
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_types: ['card'],
    payment_status: s.paymentStatus,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_details: null,
    shipping_options: [],
    status: s.status,
    submit_type: null,
    subscription: null,
    success_url: s.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: s.status === 'open' ? `https://checkout.stripe.com/c/pay/${s.id}` : null,
  };
}

/** Starts the fake on a free loopback port. */
export async function startFakeStripe(): Promise<FakeStripe> {
  const sessions = new Map<string, FakeSession>();
  const broken = new Set<string>();
  const requests: string[] = [];
  let seq = 0;
  const next = (prefix: string) => `${prefix}_fake${++seq}${Math.random().toString(36).slice(2, 10)}`;
  const now = () => Math.floor(Date.now() / 1000);

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      if (!/^Bearer sk_test_/.test(req.headers.authorization ?? '')) return stripeError(res, 401, 'invalid_request_error', 'Invalid API Key provided');
      if (req.method === 'POST' && url.pathname === '/v1/customers') {
        const body = await formBody(req);
        return send(res, 200, { id: next('cus'), object: 'customer', created: now(), email: body.get('email'), name: body.get('name'), livemode: false, metadata: {} });
      }
      if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        const body = await formBody(req);
        const metadata: Record<string, string> = {};
        for (const [k, v] of body) {
          const m = /^metadata\[(\w+)\]$/.exec(k);
          if (m) metadata[m[1]!] = v;
        }
        const session: FakeSession = {
          id: next('cs_test'),
          clientReferenceId: body.get('client_reference_id'),
          metadata,
          amount: Number(body.get('line_items[0][price_data][unit_amount]')),
          currency: body.get('line_items[0][price_data][currency]') ?? 'eur',
          customer: body.get('customer'),
          customerEmail: body.get('customer_email'),
          successUrl: body.get('success_url') ?? '',
          cancelUrl: body.get('cancel_url') ?? '',
          created: now(),
          expiresAt: Number(body.get('expires_at') ?? now() + 86400),
          status: 'open',
          paymentStatus: 'unpaid',
          paymentIntent: null,
        };
        sessions.set(session.id, session);
        return send(res, 200, sessionJson(session, false));
      }
      const m = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(url.pathname);
      if (req.method === 'GET' && m) {
        const id = m[1]!;
        if (broken.has(id)) return stripeError(res, 500, 'api_error', 'An unknown error occurred');
        const session = sessions.get(id);
        if (!session) return stripeError(res, 404, 'invalid_request_error', `No such checkout.session: '${id}'`, { code: 'resource_missing', param: 'session' });
        const expand = url.searchParams.getAll('expand[]').concat(url.searchParams.getAll('expand[0]'));
        return send(res, 200, sessionJson(session, expand.includes('payment_intent')));
      }
      return stripeError(res, 404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname}).`);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const session = (id: string): FakeSession => {
    const s = sessions.get(id);
    if (!s) throw new Error(`no fake session ${id}`);
    return s;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sessionFor(checkoutId) {
      for (const s of sessions.values()) if (s.clientReferenceId === checkoutId) return s.id;
      throw new Error(`no fake session for checkout ${checkoutId}`);
    },
    pay(id) {
      const s = session(id);
      s.status = 'complete';
      s.paymentStatus = 'paid';
      s.paymentIntent = { id: next('pi'), status: 'succeeded', created: now() };
      return s.paymentIntent.id;
    },
    expire(id) {
      const s = session(id);
      s.status = 'expired';
    },
    processing(id) {
      const s = session(id);
      s.status = 'complete';
      s.paymentStatus = 'unpaid';
      s.paymentIntent = { id: next('pi'), status: 'processing', created: now() };
    },
    declineDelayed(id) {
      const s = session(id);
      if (!s.paymentIntent) throw new Error('no payment in progress');
      s.paymentIntent.status = 'requires_payment_method';
    },
    breakSession: (id) => void broken.add(id),
    heal: (id) => void broken.delete(id),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The SDK keeps its connections alive.
        server.closeAllConnections();
      }),
  };
}
