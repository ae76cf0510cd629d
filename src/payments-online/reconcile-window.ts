// Pure: which checkouts a reconciliation pass asks their provider about. Younger ones are left
// to the provider's own callback (it normally comes within seconds); older ones than the lookback
// are past anything a provider still reports or retries.

import { CHECKOUT_LIFETIME_MS } from './checkout.js';

/** A checkout is asked about once it is this old: the provider had time to call. */
export const RECONCILE_MIN_AGE_MS = 5 * 60_000;
/** How far past a checkout's lifetime it is still asked about: Stripe retries a webhook for up to three days, and a server down that long still catches up. */
export const RECONCILE_MARGIN_MS = 3 * 24 * 60 * 60_000;
/** How often the server runs a pass. */
export const RECONCILE_INTERVAL_MS = 5 * 60_000;
/** Most checkouts asked about in one pass (the rest wait for the next one). */
export const RECONCILE_BATCH = 200;

/** The creation window (ISO instants, inclusive) of the checkouts a pass at `now` asks about. */
export function reconcileWindow(now: Date, minAgeMs: number = RECONCILE_MIN_AGE_MS): { createdAfter: string; createdBefore: string } {
  return {
    createdAfter: new Date(now.getTime() - CHECKOUT_LIFETIME_MS - RECONCILE_MARGIN_MS).toISOString(),
    createdBefore: new Date(now.getTime() - minAgeMs).toISOString(),
  };
}
