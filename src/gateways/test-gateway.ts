// The built-in test gateway: for development and the demo, on by default while Stripe is not
// configured. Its hosted page lives inside Stoa (/test-gateway/:checkoutId) and its Pay/Decline
// buttons post a signed event to its own webhook endpoint, exactly as a provider would, so the
// recording code is the one real payments use. No money moves: everything says TEST MODE.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { CALLBACK_TOLERANCE_SECONDS, expiredWithoutProvider, type CallbackResult, type GatewayEvent, type HostedGateway } from './gateway.js';
import { findTestGatewayOutcome, saveTestGatewayOutcome } from './queries.js';

/** The header carrying the test gateway's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const TEST_SIGNATURE_HEADER = 'Stoa-Test-Signature';

/** The key test events are signed with: derived from SESSION_SECRET, so only this installation can sign. */
function signingKey(sessionSecret: string): Buffer {
  return createHmac('sha256', sessionSecret).update('stoa test gateway webhook v1').digest();
}

function signature(sessionSecret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', signingKey(sessionSecret)).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** The signature header for a raw body (the test gateway's pages and tests sign with it). */
export function signTestEvent(sessionSecret: string, rawBody: string, timestamp: number = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${signature(sessionSecret, timestamp, rawBody)}`;
}

const eventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(['payment.succeeded', 'payment.failed', 'payment.refunded']),
  created: z.number().int(),
  data: z.object({
    checkout_id: z.string().min(1).max(200),
    payment_id: z.string().min(1).max(200).nullable(),
    amount: z.number().int().nonnegative(),
    currency: z.string().regex(/^[A-Z]{3}$/),
  }),
});

/** A test gateway event as it travels: JSON with the provider's own field names. */
export type TestGatewayPayload = z.infer<typeof eventSchema>;

/** Builds a test event for a checkout; the payment id is the checkout's own, as one hosted checkout takes one payment. */
export function testGatewayPayload(input: { checkoutId: string; outcome: 'succeeded' | 'failed' | 'refunded'; amount: number; currency: string; eventId?: string }): TestGatewayPayload {
  return {
    id: input.eventId ?? `evt_test_${randomBytes(12).toString('hex')}`,
    type: `payment.${input.outcome}`,
    created: Math.floor(Date.now() / 1000),
    data: { checkout_id: input.checkoutId, payment_id: input.outcome === 'failed' ? null : `tp_${input.checkoutId}`, amount: input.amount, currency: input.currency },
  };
}

/**
 * What the test gateway's Pay and Decline buttons do before calling back: keep the provider's own
 * record of the outcome (committed first, so a callback lost to a crash is found by
 * reconciliation), then return the event to deliver. The first outcome stands, as at a provider.
 */
export async function takeTestOutcome(db: Db, checkout: { checkoutId: string; amount: number; currency: string }, outcome: 'succeeded' | 'failed'): Promise<TestGatewayPayload> {
  const asked = testGatewayPayload({ checkoutId: checkout.checkoutId, outcome, amount: checkout.amount, currency: checkout.currency });
  await saveTestGatewayOutcome(db, { checkout_id: checkout.checkoutId, outcome, payment_id: asked.data.payment_id, amount: checkout.amount, currency: checkout.currency });
  const stored = await findTestGatewayOutcome(db, checkout.checkoutId);
  if (!stored || stored.outcome === outcome) return asked;
  return testGatewayPayload({ checkoutId: checkout.checkoutId, outcome: stored.outcome, amount: stored.amount, currency: stored.currency });
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) timestamp = Number(v);
    if (k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)) signatures.push(v);
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/** Verifies and parses a test gateway callback: HMAC over `t.rawBody`, at most 300 s old. */
export function parseTestCallback(sessionSecret: string, rawBody: string, header: string | null | undefined, nowSeconds: number = Math.floor(Date.now() / 1000)): CallbackResult {
  const parsed = header ? parseHeader(header) : null;
  if (!parsed) return { ok: false, error: 'BadSignature' };
  if (Math.abs(nowSeconds - parsed.timestamp) > CALLBACK_TOLERANCE_SECONDS) return { ok: false, error: 'BadSignature' };
  const expected = Buffer.from(signature(sessionSecret, parsed.timestamp, rawBody), 'hex');
  const matches = parsed.signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return { ok: false, error: 'BadSignature' };
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, error: 'Malformed' };
  }
  const body = eventSchema.safeParse(json);
  if (!body.success) return { ok: false, error: 'Malformed' };
  const d = body.data.data;
  const event: GatewayEvent = {
    provider: 'test',
    eventId: body.data.id,
    type: body.data.type === 'payment.succeeded' ? 'succeeded' : body.data.type === 'payment.failed' ? 'failed' : 'refunded',
    checkoutId: d.checkout_id,
    providerPaymentId: d.payment_id,
    amount: d.amount,
    currency: d.currency,
    customerId: null,
  };
  return { ok: true, event };
}

/** The test gateway of an installation whose public address is `publicUrl`; `db` holds its own record (reconciliation). */
export function testGateway(opts: { publicUrl: string; sessionSecret: string; db: Db | null }): HostedGateway {
  return {
    id: 'test',
    testMode: true,
    async createCheckout(request) {
      return { url: `${opts.publicUrl}/test-gateway/${request.checkoutId}`, providerCheckoutId: null };
    },
    parseCallback(rawBody, headers, nowSeconds) {
      return parseTestCallback(opts.sessionSecret, rawBody, headers.get(TEST_SIGNATURE_HEADER), nowSeconds);
    },
    async lookupCheckout(r) {
      if (!opts.db) throw new Error('the test gateway was built without its database');
      const taken = await findTestGatewayOutcome(opts.db, r.checkoutId);
      // Nothing taken: payable until it expires, as the hosted page says.
      if (!taken) return expiredWithoutProvider('test', r);
      const event: GatewayEvent = {
        provider: 'test',
        eventId: r.eventId,
        type: taken.outcome,
        checkoutId: r.checkoutId,
        providerPaymentId: taken.payment_id,
        amount: taken.amount,
        currency: taken.currency,
        customerId: null,
      };
      return { state: 'settled', event };
    },
    savedMethods: null,
  };
}
