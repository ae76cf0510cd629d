// The pure rules of reconciliation: which checkouts a pass asks about, how a retrieved Stripe
// Checkout Session maps to what its webhook would have said, and the CLI's one-line summary.

import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { sessionLookup } from '../../src/gateways/stripe.js';
import { CHECKOUT_LIFETIME_MS } from '../../src/payments-online/checkout.js';
import { describeSummary, reconcileEventId } from '../../src/payments-online/reconcile.js';
import { RECONCILE_MARGIN_MS, RECONCILE_MIN_AGE_MS, reconcileWindow } from '../../src/payments-online/reconcile-window.js';

describe('the reconciliation window', () => {
  it('asks about checkouts at least a few minutes old and no older than their lifetime plus the margin', () => {
    const now = new Date('2026-11-21T12:00:00.000Z');
    const w = reconcileWindow(now);
    expect(w.createdBefore).toBe(new Date(now.getTime() - RECONCILE_MIN_AGE_MS).toISOString());
    expect(w.createdAfter).toBe(new Date(now.getTime() - CHECKOUT_LIFETIME_MS - RECONCILE_MARGIN_MS).toISOString());
    expect(RECONCILE_MIN_AGE_MS).toBeGreaterThanOrEqual(60_000);
    // At least as long as Stripe keeps retrying a webhook (three days).
    expect(RECONCILE_MARGIN_MS).toBeGreaterThanOrEqual(3 * 24 * 60 * 60_000);
  });
});

/** A retrieved session trimmed to the fields the mapping reads (the SDK's type lists some fifty more). */
function session(fields: { status: 'open' | 'complete' | 'expired'; payment_status: 'paid' | 'unpaid'; intent?: { id: string; status: string } | null }): Stripe.Checkout.Session {
  const intent = fields.intent === undefined ? null : fields.intent;
  return {
    id: 'cs_test_a1',
    object: 'checkout.session',
    client_reference_id: 'coabc',
    metadata: { checkout_id: 'coabc' },
    amount_total: 12345,
    currency: 'eur',
    customer: 'cus_1',
    status: fields.status,
    payment_status: fields.payment_status,
    payment_intent: intent ? ({ id: intent.id, object: 'payment_intent', status: intent.status } as Stripe.PaymentIntent) : null,
  } as unknown as Stripe.Checkout.Session;
}

describe('what a retrieved Stripe session means', () => {
  const id = reconcileEventId('coabc');

  it('is a success when complete and paid, under the reconciliation event id and the PaymentIntent as the money id', () => {
    expect(sessionLookup(id, session({ status: 'complete', payment_status: 'paid', intent: { id: 'pi_1', status: 'succeeded' } }))).toEqual({
      state: 'settled',
      event: { provider: 'stripe', eventId: 'reconcile:coabc', type: 'succeeded', checkoutId: 'coabc', providerPaymentId: 'pi_1', amount: 12345, currency: 'EUR', customerId: 'cus_1' },
    });
  });

  it('is an expiry when expired, a failure when a delayed payment failed, and open otherwise', () => {
    expect(sessionLookup(id, session({ status: 'expired', payment_status: 'unpaid' }))).toMatchObject({ state: 'settled', event: { type: 'failed', failure: 'expired' } });
    const failed = sessionLookup(id, session({ status: 'complete', payment_status: 'unpaid', intent: { id: 'pi_2', status: 'requires_payment_method' } }));
    expect(failed).toMatchObject({ state: 'settled', event: { type: 'failed' } });
    expect(failed.state === 'settled' && failed.event.failure).toBeFalsy();
    expect(sessionLookup(id, session({ status: 'open', payment_status: 'unpaid' }))).toEqual({ state: 'open' });
    expect(sessionLookup(id, session({ status: 'complete', payment_status: 'unpaid', intent: { id: 'pi_3', status: 'processing' } }))).toEqual({ state: 'open' });
  });
});

describe('the summary line', () => {
  it('says what a pass did on one line', () => {
    const line = describeSummary({ checked: 3, recorded: 1, expired: 1, failed: 0, open: 1, attention: 0, unchanged: 0, skipped: 0, errors: 0 });
    expect(line).toBe('reconciled 3 checkouts: 1 payment recorded, 1 expired, 0 failed, 1 still open, 0 need attention, 0 unchanged, 0 skipped, 0 errors');
    expect(line).not.toContain('\n');
  });
});
