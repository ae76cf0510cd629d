import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { MailRow } from '../db/schema.js';
import { log } from '../util/log.js';
import { claimNextMail, markMailFailed, markMailSent, scheduleMailRetry } from './queries.js';
import { backoffMs, classifySendError, MAX_ATTEMPTS } from './retry.js';
import { outboundFromRow, transportFor, type MailTransport } from './transport.js';
import { onMailQueued } from './wake.js';

/** Knobs of the worker; tests inject the clock and the transport and poll by hand. */
export interface MailWorkerOptions {
  /** Poll interval in ms (default 1000); null: manual mode, no timer and no wake-ups from enqueueMail, only kick() and runOnce(). */
  pollMs?: number | null;
  /** How long a claimed row stays ours before another worker may take it over (default 5 minutes). */
  leaseMs?: number;
  /** Failed attempts after which a message is marked failed (default 8). */
  maxAttempts?: number;
  /** Most messages handled by one runOnce (default 50); the loop comes back at once when it hit the limit. */
  batchLimit?: number;
  /** The clock (default: real time). */
  now?: () => Date;
  /** Overrides the transport chosen from SMTP_URL / DATA_DIR. */
  transport?: MailTransport;
}

/** A running mail worker. */
export interface MailWorker {
  /** Delivers what is due now; resolves with how many messages it attempted. */
  runOnce(): Promise<number>;
  /** Asks for a run soon (a mail was just queued). */
  kick(): void;
  /** Stops polling, waits for an in-flight send to be recorded, closes the transport. */
  stop(): Promise<void>;
}

/** Starts the background sender of mail_outbox. Claims are leases in the database, so several processes may run one. */
export function startMailWorker(db: Db, config: Pick<Config, 'smtpUrl' | 'dataDir' | 'mailFrom'>, opts: MailWorkerOptions = {}): MailWorker {
  const pollMs = opts.pollMs === undefined ? 1000 : opts.pollMs;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
  const batchLimit = opts.batchLimit ?? 50;
  const now = opts.now ?? (() => new Date());
  const transport = opts.transport ?? transportFor(config);

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<number> | null = null;

  async function deliver(row: MailRow): Promise<void> {
    const fields = { id: row.id, template: row.template, attempt: row.attempts, transport: transport.kind };
    try {
      const result = await transport.send(outboundFromRow(row, config.mailFrom));
      const note = result.rejected.length ? `refused recipients: ${result.rejected.join(', ')}` : null;
      if (await markMailSent(db, row, now().toISOString(), note)) log.info('mail sent', fields);
      else log.warn('mail sent after its lease was taken over', fields);
    } catch (err) {
      const failure = classifySendError(err);
      if (failure.permanent || row.attempts >= maxAttempts) {
        const reason = failure.permanent ? failure.reason : `gave up after ${row.attempts} attempts: ${failure.reason}`;
        await markMailFailed(db, row, reason);
        log.warn('mail failed', { ...fields, reason });
      } else {
        const next = new Date(now().getTime() + backoffMs(row.attempts)).toISOString();
        await scheduleMailRetry(db, row, next, failure.reason);
        log.warn('mail retry scheduled', { ...fields, next, reason: failure.reason });
      }
    }
  }

  async function drain(): Promise<number> {
    let handled = 0;
    while (!stopped && handled < batchLimit) {
      const at = now();
      const row = await claimNextMail(db, at.toISOString(), new Date(at.getTime() + leaseMs).toISOString());
      if (!row) break;
      handled++;
      await deliver(row);
    }
    return handled;
  }

  // One drain at a time per worker; a call during a drain runs right after it.
  function runOnce(): Promise<number> {
    const run = (current ?? Promise.resolve(0)).catch(() => 0).then(drain);
    current = run;
    void run.then(
      () => {
        if (current === run) current = null;
      },
      () => {
        if (current === run) current = null;
      },
    );
    return run;
  }

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  }

  async function tick(): Promise<void> {
    timer = undefined;
    let handled = 0;
    try {
      handled = await runOnce();
    } catch (err) {
      log.error('mail worker run failed', { error: err instanceof Error ? err.message : String(err) });
    }
    if (handled >= batchLimit) schedule(0);
    else if (pollMs !== null) schedule(pollMs);
  }

  const unsubscribe = pollMs === null ? () => undefined : onMailQueued(() => kick());
  function kick(): void {
    schedule(0);
  }

  // Pick up what was queued before a restart.
  if (pollMs !== null) schedule(0);

  return {
    runOnce,
    kick,
    async stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (current) await current.catch(() => 0);
      transport.close();
      log.info('mail worker stopped');
    },
  };
}
