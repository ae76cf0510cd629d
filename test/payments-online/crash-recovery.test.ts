// "Killing the process between 'provider says paid' and 'recorded' loses nothing" (issue 5).
// The real server process (dist/src/server.js) takes a signed payment callback and dies inside
// the recording transaction, before its commit: the fault-injection hook STOA_FAULT_WEBHOOK=
// exit-before-commit (read only by src/payments-online/record.ts, off by default) makes it exit
// exactly there, as a kill -9 would. The provider got no 2xx, so it retries: after a restart the
// same event is delivered again and recorded exactly once; a third delivery records nothing.

import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { databaseFile, migrateToLatest, openDatabase } from '../../src/db/index.js';
import { signTestEvent, testGatewayPayload, TEST_SIGNATURE_HEADER } from '../../src/gateways/test-gateway.js';
import { startCheckout } from '../../src/payments-online/checkout.js';
import { makeClient, makeIssuedInvoice } from '../helpers/factories.js';
import { startServerProcess, tempDataDir } from '../helpers/process.js';

const SESSION_SECRET = 'crash-test-session-secret-0123456789abcdef';
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Delivers the event as a provider would: the same body, signed afresh for each attempt. */
async function deliver(url: string, raw: string): Promise<number | 'no answer'> {
  try {
    const res = await fetch(`${url}/webhooks/test`, { method: 'POST', headers: { 'Content-Type': 'application/json', [TEST_SIGNATURE_HEADER]: signTestEvent(SESSION_SECRET, raw) }, body: raw });
    return res.status;
  } catch {
    return 'no answer';
  }
}

describe('a crash between the provider\'s "paid" and our commit', () => {
  it('loses nothing: the retried event is recorded exactly once after a restart', async () => {
    const dataDir = tempDataDir();
    // A client with two open invoices and an open test-gateway checkout for both, prepared in the database file.
    const database = openDatabase(databaseFile(dataDir));
    await migrateToLatest(database.db);
    const client = await makeClient(database.db, { name: 'Crash Test ΑΕ' });
    const first = await makeIssuedInvoice(database.db, client.id, { total: 12000, issue_date: '2026-01-05', due_date: '2026-01-20' });
    const second = await makeIssuedInvoice(database.db, client.id, { total: 8000, issue_date: '2026-01-10', due_date: '2026-02-10' });
    const config = loadConfig({ DATA_DIR: dataDir, SESSION_SECRET, PUBLIC_URL: 'http://127.0.0.1:1', LOG_REQUESTS: 'false' });
    const checkout = await startCheckout({ db: database.db, config }, {
      clientId: client.id, scope: { kind: 'all' }, payer: { kind: 'permalink', permalinkId: 1, name: 'Nikos', email: 'nikos@crash.test', language: 'en' },
      returnPath: '/portal/pay/return', cancelPath: '/portal/pay/cancel',
    });
    if (!checkout.ok) throw new Error(checkout.error);
    await database.close();
    const raw = JSON.stringify(testGatewayPayload({ checkoutId: checkout.checkoutId, outcome: 'succeeded', amount: 20000, currency: 'EUR', eventId: 'evt_test_crash_1' }));

    // 1. The provider calls; the process dies inside the transaction. No 2xx was answered.
    const doomed = await startServerProcess({ DATA_DIR: dataDir, SESSION_SECRET, STOA_FAULT_WEBHOOK: 'exit-before-commit' });
    children.push(doomed.child);
    expect(await deliver(doomed.url, raw)).toBe('no answer');
    expect(await exited(doomed.child)).toBe(86);
    const afterCrash = new BetterSqlite3(databaseFile(dataDir), { readonly: true });
    expect(afterCrash.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(afterCrash.prepare('select count(*) as n from payments').get()).toEqual({ n: 0 });
    expect(afterCrash.prepare('select count(*) as n from webhook_events').get()).toEqual({ n: 0 });
    expect(afterCrash.prepare('select status from payment_checkouts').get()).toEqual({ status: 'open' });
    afterCrash.close();

    // 2. Restarted normally, the provider's retry records the payment once; a further retry records nothing.
    const server = await startServerProcess({ DATA_DIR: dataDir, SESSION_SECRET });
    children.push(server.child);
    try {
      expect(await deliver(server.url, raw)).toBe(200);
      expect(await deliver(server.url, raw)).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
    const db = new BetterSqlite3(path.join(dataDir, 'stoa.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('select amount, method from payments').all()).toEqual([{ amount: 20000, method: 'card' }]);
      expect(db.prepare('select invoice_id, amount from payment_allocations order by id').all()).toEqual([{ invoice_id: first.id, amount: 12000 }, { invoice_id: second.id, amount: 8000 }]);
      expect(db.prepare('select count(*) as n from online_payments').get()).toEqual({ n: 1 });
      expect(db.prepare('select count(*) as n from receipts').get()).toEqual({ n: 1 });
      expect(db.prepare('select event_id, outcome from webhook_events').all()).toEqual([{ event_id: 'evt_test_crash_1', outcome: 'recorded' }]);
      expect(db.prepare('select status from payment_checkouts').get()).toEqual({ status: 'paid' });
      expect(db.prepare("select count(*) as n from mail_outbox where template = 'payment-receipt'").get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  }, 60_000);
});
