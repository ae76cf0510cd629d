// `stoa reconcile-payments` as a real process against a data dir (runs dist/: npm test builds it).
// 1. The test gateway: the server dies inside the recording of a Pay (the fault hook
//    STOA_FAULT_WEBHOOK=exit-before-commit, as a kill -9 there would); nobody retries a test
//    callback, so only reconciliation can record it, and it does so once.
// 2. Stripe through STRIPE_API_BASE (a fake Stripe API on loopback): one session paid, one that
//    Stripe fails for; the command says so on one line and exits 1 until Stripe answers.

import type { ChildProcess } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { databaseFile, migrateToLatest, openDatabase, type Db } from '../../src/db/index.js';
import { startCheckout } from '../../src/payments-online/checkout.js';
import { makeClient, makeIssuedInvoice } from '../helpers/factories.js';
import { runStoa, startServerProcess, tempDataDir } from '../helpers/process.js';
import { startFakeStripe } from './fake-stripe.js';
import { STRIPE_ENV } from './support.js';

const SESSION_SECRET = 'reconcile-cli-session-secret-0123456789ab';
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** A client with two open invoices (€120 and €80) and an open checkout for both; returns its public id. */
async function clientWithCheckout(db: Db, env: Record<string, string>, name: string): Promise<string> {
  const client = await makeClient(db, { name });
  await makeIssuedInvoice(db, client.id, { total: 12000, issue_date: '2026-01-05', due_date: '2026-01-20' });
  await makeIssuedInvoice(db, client.id, { total: 8000, issue_date: '2026-01-10', due_date: '2026-02-10' });
  const config = loadConfig({ ...env, PUBLIC_URL: 'http://127.0.0.1:1', LOG_REQUESTS: 'false' });
  const checkout = await startCheckout({ db, config }, {
    clientId: client.id, scope: { kind: 'all' }, payer: { kind: 'permalink', permalinkId: 1, name: 'Nikos', email: `nikos+${client.id}@cli.test`, language: 'en' },
    returnPath: '/portal/pay/return', cancelPath: '/portal/pay/cancel',
  });
  if (!checkout.ok) throw new Error(checkout.error);
  return checkout.checkoutId;
}

/** Time passes: the checkouts were opened ten minutes ago, so their provider had time to call. */
function backdateCheckouts(dataDir: string): void {
  const sqlite = new BetterSqlite3(databaseFile(dataDir));
  sqlite.prepare('update payment_checkouts set created_at = ?').run(new Date(Date.now() - 10 * 60_000).toISOString());
  sqlite.close();
}

function count(sqlite: BetterSqlite3.Database, sql: string): number {
  return (sqlite.prepare(sql).get() as { n: number }).n;
}

describe('stoa reconcile-payments', () => {
  it('records a test gateway payment whose recording died with the server, once, and says so on one line', async () => {
    const dataDir = tempDataDir();
    const env = { DATA_DIR: dataDir, SESSION_SECRET };
    const database = openDatabase(databaseFile(dataDir));
    await migrateToLatest(database.db);
    const checkoutId = await clientWithCheckout(database.db, env, 'Reconcile ΑΕ');
    await database.close();

    // The payer presses Pay on the test gateway; the server dies inside the recording transaction.
    const doomed = await startServerProcess({ ...env, STOA_FAULT_WEBHOOK: 'exit-before-commit' });
    children.push(doomed.child);
    const pressed = await fetch(`${doomed.url}/test-gateway/${checkoutId}/pay`, { method: 'POST', headers: { Origin: doomed.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' }).then(
      (r) => r.status,
      () => 'no answer',
    );
    expect(pressed).toBe('no answer');
    expect(await exited(doomed.child)).toBe(86);
    const afterCrash = new BetterSqlite3(databaseFile(dataDir), { readonly: true });
    expect(count(afterCrash, 'select count(*) as n from payments')).toBe(0);
    expect(count(afterCrash, "select count(*) as n from payment_checkouts where status = 'open'")).toBe(1);
    // The gateway's own record of the payment survived: it was committed before the callback.
    expect(count(afterCrash, "select count(*) as n from test_gateway_outcomes where outcome = 'succeeded'")).toBe(1);
    afterCrash.close();
    backdateCheckouts(dataDir);

    const run = await runStoa(['reconcile-payments'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['reconciled 1 checkout: 1 payment recorded, 0 expired, 0 failed, 0 still open, 0 need attention, 0 unchanged, 0 skipped, 0 errors']);

    const again = await runStoa(['reconcile-payments'], env);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toMatch(/^reconciled 0 checkouts: 0 payments recorded,/);

    const db = new BetterSqlite3(databaseFile(dataDir), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('select amount, reference from payments').all()).toEqual([{ amount: 20000, reference: `tp_${checkoutId}` }]);
    expect(db.prepare('select amount from payment_allocations order by id').all()).toEqual([{ amount: 12000 }, { amount: 8000 }]);
    expect(count(db, 'select count(*) as n from receipts')).toBe(1);
    expect(count(db, "select count(*) as n from mail_outbox where template = 'payment-receipt'")).toBe(1);
    expect(db.prepare('select status from payment_checkouts').get()).toEqual({ status: 'paid' });
    db.close();

    const bad = await runStoa(['reconcile-payments', 'now'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('asks Stripe at STRIPE_API_BASE, and exits 1 while Stripe fails for a checkout', async () => {
    const fake = await startFakeStripe();
    try {
      const dataDir = tempDataDir();
      const env = { DATA_DIR: dataDir, SESSION_SECRET, ...STRIPE_ENV, STRIPE_API_BASE: fake.url };
      const database = openDatabase(databaseFile(dataDir));
      await migrateToLatest(database.db);
      const paid = await clientWithCheckout(database.db, env, 'Paid at Stripe ΑΕ');
      const failing = await clientWithCheckout(database.db, env, 'Stripe fails for us ΟΕ');
      await database.close();
      fake.pay(fake.sessionFor(paid));
      fake.pay(fake.sessionFor(failing));
      fake.breakSession(fake.sessionFor(failing));
      backdateCheckouts(dataDir);

      const first = await runStoa(['reconcile-payments'], env);
      expect(first.code).toBe(1);
      expect(first.stdout.trim().split('\n')).toEqual(['reconciled 2 checkouts: 1 payment recorded, 0 expired, 0 failed, 0 still open, 0 need attention, 0 unchanged, 0 skipped, 1 error']);

      fake.heal(fake.sessionFor(failing));
      const second = await runStoa(['reconcile-payments'], env);
      expect(second.code).toBe(0);
      expect(second.stdout.trim()).toMatch(/^reconciled 1 checkout: 1 payment recorded,/);
      const db = new BetterSqlite3(databaseFile(dataDir), { readonly: true });
      expect(count(db, 'select count(*) as n from payments')).toBe(2);
      expect(count(db, "select count(*) as n from payment_checkouts where status = 'paid'")).toBe(2);
      db.close();
    } finally {
      await fake.close();
    }
  }, 60_000);
});
