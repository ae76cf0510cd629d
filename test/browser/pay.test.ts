import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { upsertAdmin } from '../../src/auth/service.js';
import { startMailWorker } from '../../src/mail/worker.js';
import { launchBrowser, startLiveApp } from '../helpers/browser.js';
import { makeClient, makeIssuedInvoice } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink.js';

// Issue 5's end-to-end path: a client's contact signs in to the portal, pays an invoice through
// the built-in test gateway (TEST MODE), comes back to a "payment received" page and a receipt;
// the invoice is paid on the portal and on the staff side; the receipt email reaches a real SMTP
// server on loopback.

let browser: Browser;
let sink: SmtpSink;
let live: Awaited<ReturnType<typeof startLiveApp>>;
let worker: ReturnType<typeof startMailWorker>;

beforeAll(async () => {
  sink = await startSmtpSink();
  live = await startLiveApp({ SMTP_URL: sink.url });
  worker = startMailWorker(live.db, live.config, { pollMs: 50 });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await live?.stop();
  await sink?.close();
});

async function waitFor<T>(probe: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('paying an invoice from the portal', () => {
  it('pays through the test gateway, shows it paid to the client and to staff, and emails the receipt', async () => {
    await upsertAdmin(live.db, { email: 'eleni@firm.test', password: 'correct horse battery', name: 'Ελένη Βασιλείου' });
    const client = await makeClient(live.db, { name: 'Papadopoulos OE', language: 'en' });
    const invoice = await makeIssuedInvoice(live.db, client.id, { total: 24800, issue_date: '2026-01-10', due_date: '2026-02-10' });
    await live.db.insertInto('client_portal_settings').values([{ client_id: client.id, key: 'invoices', value: 1 }, { client_id: client.id, key: 'payments', value: 1 }]).execute();
    const member = await makePortalMember(live, client.id, { email: 'nikos@papadopoulos.test', name: 'Nikos Papadopoulos', password: 'a long portal pass phrase', signIn: 'direct' });

    // Nikos signs in and opens his invoice.
    const nikos = await (await browser.newContext()).newPage();
    await nikos.goto(`${live.url}/portal/login`);
    await nikos.fill('input[name=email]', member.email);
    await nikos.fill('input[name=password]', member.password);
    await nikos.click('button[type=submit]');
    await nikos.waitForURL(`${live.url}/portal`);
    await nikos.goto(`${live.url}/portal/invoices/${invoice.id}`);
    await nikos.click(`a[href="/portal/invoices/${invoice.id}/pay"]`);
    await nikos.waitForURL(`${live.url}/portal/invoices/${invoice.id}/pay`);
    expect(await nikos.textContent('body')).toContain('TEST MODE');

    // To the test gateway's hosted page, and approve.
    await nikos.click('form.pay-form button[type=submit]');
    await nikos.waitForURL(/\/test-gateway\/co[a-z2-7]{26}$/);
    const gateway = (await nikos.textContent('body')) ?? '';
    expect(gateway).toContain('TEST MODE');
    expect(gateway).toContain('€248.00');
    await nikos.click('button[value=succeeded]');
    await nikos.waitForURL(/\/portal\/pay\/return\?checkout=co[a-z2-7]{26}$/);
    expect(await nikos.textContent('#pay-status')).toContain('Payment received');

    // The receipt, and the invoice now paid on the portal.
    await nikos.click('#pay-status a.button');
    await nikos.waitForURL(/\/portal\/payments\/\d+\/receipt$/);
    const receipt = (await nikos.textContent('body')) ?? '';
    expect(receipt).toContain('RCT-');
    expect(receipt).toContain(invoice.number!);
    await nikos.goto(`${live.url}/portal/invoices/${invoice.id}`);
    expect(await nikos.textContent('h1')).toContain('Paid');
    expect(await nikos.locator(`a[href="/portal/invoices/${invoice.id}/pay"]`).count()).toBe(0);

    // Staff see it paid, and the payment with its receipt.
    const staff = await (await browser.newContext()).newPage();
    await staff.goto(`${live.url}/login`);
    await staff.fill('input[name=email]', 'eleni@firm.test');
    await staff.fill('input[name=password]', 'correct horse battery');
    await staff.click('button[type=submit]');
    await staff.waitForURL(`${live.url}/`);
    await staff.goto(`${live.url}/invoices/${invoice.id}`);
    expect(await staff.locator('.badge-paid').count()).toBeGreaterThan(0);
    const payment = await live.db.selectFrom('payments').select(['id', 'amount']).where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect(payment.amount).toBe(24800);
    await staff.goto(`${live.url}/payments/${payment.id}/receipt`);
    expect(await staff.locator('.badge-test-mode').count()).toBeGreaterThan(0);

    // The receipt email arrives at the loopback SMTP server.
    const mail = await waitFor(() => sink.received.find((m) => m.envelopeTo.includes(member.email)), 'the receipt email');
    expect(mail.subject).toContain('receipt RCT-');
    expect(mail.text ?? '').toContain('€248.00');
    expect(mail.text ?? '').toContain(invoice.number!);
    // Staff were told by email too.
    await waitFor(() => sink.received.find((m) => m.envelopeTo.includes('eleni@firm.test')), 'the staff email');
  }, 90_000);
});
