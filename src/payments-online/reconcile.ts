// Reconciliation of missed provider callbacks (SECURITY.md row 34: "webhook endpoint down for
// hours → reconciliation records each missing payment once"). Every open checkout old enough for
// its provider to have called is looked up at the provider, outside any transaction; what the
// provider says is recorded through the very function the webhook uses (record.ts), under an event
// id no provider sends (`reconcile:<checkout id>`). So the exactly-once rules hold unchanged: the
// UNIQUE provider payment id makes the late real webhook a 'duplicate' (answered 2xx), a second
// pass finds the checkout settled, and the amount/currency check still applies.
//
// Runs in the server every few minutes (startReconciler, one pass at a time, stopped on shutdown)
// and on demand (`stoa reconcile-payments`). Several processes may run it at once: recording is
// serialized by the database and a second recording of the same event is a 'replay'.

import type { CheckoutLookup, GatewayEvent } from '../gateways/gateway.js';
import { log } from '../util/log.js';
import { resolveGateways, type CheckoutDeps } from './checkout.js';
import { checkoutsToReconcile } from './queries.js';
import { RECONCILE_BATCH, RECONCILE_INTERVAL_MS, reconcileWindow } from './reconcile-window.js';
import { recordGatewayEvent, type RecordOutcome } from './record.js';

/** What one pass did, checkout by checkout. */
export interface ReconcileSummary {
  /** Checkouts looked at. */
  checked: number;
  /** Payments recorded (their callback never came). */
  recorded: number;
  /** Checkouts that ended unpaid at their expiry. */
  expired: number;
  /** Checkouts declined (or whose delayed payment failed) at the provider. */
  failed: number;
  /** Checkouts the provider still holds open (or whose payment is still processing). */
  open: number;
  /** Paid with an amount or currency other than asked: no payment recorded, staff told (as for a webhook). */
  attention: number;
  /** Settled already (the callback came meanwhile) or nothing to change. */
  unchanged: number;
  /** Checkouts of a gateway no longer in force (its callbacks would be refused too). */
  skipped: number;
  /** The provider could not answer, or recording failed: left as they were, tried again next pass. */
  errors: number;
}

/** Knobs of a pass; tests move the clock. */
export interface ReconcileOptions {
  now?: Date;
  /** Ends the pass early (between checkouts) on shutdown. */
  signal?: AbortSignal;
}

/** The event id reconciliation records a checkout's outcome under: providers never send one like it. */
export function reconcileEventId(checkoutPublicId: string): string {
  return `reconcile:${checkoutPublicId}`;
}

function emptySummary(): ReconcileSummary {
  return { checked: 0, recorded: 0, expired: 0, failed: 0, open: 0, attention: 0, unchanged: 0, skipped: 0, errors: 0 };
}

function tally(summary: ReconcileSummary, event: GatewayEvent, outcome: RecordOutcome): void {
  if (outcome === 'recorded') summary.recorded++;
  else if (outcome === 'failure_noted') {
    if (event.failure === 'expired') summary.expired++;
    else summary.failed++;
  } else if (outcome === 'anomaly' || outcome === 'unknown_checkout') summary.attention++;
  else summary.unchanged++;
}

/** The pass's one-line summary (the CLI prints it; the server logs it). */
export function describeSummary(s: ReconcileSummary): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `reconciled ${plural(s.checked, 'checkout', 'checkouts')}: ${plural(s.recorded, 'payment', 'payments')} recorded, ${s.expired} expired, ${s.failed} failed, ${s.open} still open, ${s.attention} need attention, ${s.unchanged} unchanged, ${s.skipped} skipped, ${plural(s.errors, 'error', 'errors')}`;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * One reconciliation pass: asks each candidate checkout's provider what became of it and records
 * the answer as its callback would have. A provider error leaves that checkout as it was and the
 * pass goes on with the next one.
 */
export async function reconcilePayments(deps: CheckoutDeps, opts: ReconcileOptions = {}): Promise<ReconcileSummary> {
  const now = opts.now ?? new Date();
  const summary = emptySummary();
  const candidates = await checkoutsToReconcile(deps.db, { ...reconcileWindow(now), limit: RECONCILE_BATCH });
  if (candidates.length === 0) return summary;
  const gateways = await resolveGateways(deps);
  for (const row of candidates) {
    if (opts.signal?.aborted) break;
    summary.checked++;
    const gateway = gateways.byId(row.gateway);
    if (!gateway) {
      summary.skipped++;
      continue;
    }
    const fields = { gateway: row.gateway, checkout: row.public_id };
    let lookup: CheckoutLookup;
    try {
      // Network I/O: no transaction is open here.
      lookup = await gateway.lookupCheckout({
        checkoutId: row.public_id,
        providerCheckoutId: row.provider_checkout_id,
        amount: row.amount,
        currency: row.currency,
        expiresAt: row.expires_at,
        eventId: reconcileEventId(row.public_id),
        now,
      });
    } catch (err) {
      summary.errors++;
      log.warn('reconciliation: the provider could not say', { ...fields, error: message(err) });
      continue;
    }
    if (lookup.state === 'open') {
      summary.open++;
      continue;
    }
    try {
      const result = await recordGatewayEvent(deps, lookup.event);
      tally(summary, lookup.event, result.outcome);
      log.info('payment reconciled', { ...fields, type: lookup.event.type, outcome: result.outcome, payment: result.paymentId });
    } catch (err) {
      summary.errors++;
      log.error('reconciliation: recording failed', { ...fields, error: message(err) });
    }
  }
  return summary;
}

/** The reconciliation loop of a server process. */
export interface Reconciler {
  /** Runs a pass now, or joins the one running (one pass at a time). */
  runOnce(): Promise<ReconcileSummary>;
  /** Stops the timer and waits for a running pass to end (it stops between checkouts). */
  stop(): Promise<void>;
}

/** Knobs of the loop. */
export interface ReconcilerOptions {
  /** Between passes (default 5 minutes). */
  intervalMs?: number;
  /** Before the first pass, so a restart after downtime catches up soon (default 30 s). */
  firstRunMs?: number;
}

/** Starts periodic reconciliation in this process: errors are logged, never thrown. */
export function startReconciler(deps: CheckoutDeps, opts: ReconcilerOptions = {}): Reconciler {
  const intervalMs = opts.intervalMs ?? RECONCILE_INTERVAL_MS;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<ReconcileSummary> | null = null;

  function runOnce(): Promise<ReconcileSummary> {
    if (current) return current;
    const run = reconcilePayments(deps, { signal: stopping.signal }).finally(() => {
      current = null;
    });
    current = run;
    return run;
  }

  function schedule(ms: number): void {
    if (stopping.signal.aborted) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  }

  async function tick(): Promise<void> {
    timer = undefined;
    try {
      const summary = await runOnce();
      if (summary.checked > 0) log.info('reconciliation pass', { ...summary });
    } catch (err) {
      log.error('reconciliation pass failed', { error: message(err) });
    }
    schedule(intervalMs);
  }

  schedule(opts.firstRunMs ?? 30_000);
  return {
    runOnce,
    async stop() {
      if (stopping.signal.aborted) return;
      stopping.abort();
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (current) await current.catch(() => undefined);
      log.info('reconciliation stopped');
    },
  };
}
