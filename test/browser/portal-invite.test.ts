import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { upsertAdmin } from '../../src/auth/service.js';
import { startMailWorker } from '../../src/mail/worker.js';
import { launchBrowser, startLiveApp } from '../helpers/browser.js';
import { makeClient } from '../helpers/factories.js';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink.js';

// Issue 3's end-to-end path: staff invites a contact by link, the email arrives at a real SMTP
// server on loopback, the contact sets a password and sees only what the settings allow; staff
// revokes, and the contact is out on the next request.

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

describe('inviting a client contact to the portal', () => {
  it('invites by link, the contact sets a password and sees only what is shared, and revoking shuts them out', async () => {
    await upsertAdmin(live.db, { email: 'eleni@firm.test', password: 'correct horse battery', name: 'Ελένη Βασιλείου' });
    const client = await makeClient(live.db, { name: 'Ιωάννου Σύμβουλοι Ε.Ε.', language: 'el' });
    await live.db.insertInto('contacts').values({ client_id: client.id, name: 'Μαρία Ιωάννου', email: 'maria@ioannou.gr', phone: null, archived_at: null }).execute();
    await live.db.insertInto('portal_defaults').values([{ key: 'invoices', value: 1 }, { key: 'estimates', value: 0 }]).execute();

    // Staff signs in and invites Maria by link.
    const staff = await browser.newPage();
    staff.on('dialog', (d) => void d.accept());
    await staff.goto(`${live.url}/login`);
    await staff.fill('input[name=email]', 'eleni@firm.test');
    await staff.fill('input[name=password]', 'correct horse battery');
    await staff.click('button[type=submit]');
    await staff.waitForURL(`${live.url}/`);
    await staff.goto(`${live.url}/clients/${client.id}/portal`);
    await staff.selectOption('select[name=contact_id]', { label: 'Μαρία Ιωάννου <maria@ioannou.gr>' });
    await staff.check('#method-link');
    await staff.click('form[action$="/portal/invitations"] button[type=submit]');
    await staff.waitForLoadState('load');
    expect(await staff.textContent('body')).toContain('maria@ioannou.gr');

    // The email arrives at the loopback SMTP server, in Greek, with an absolute link.
    const mail = await waitFor(() => sink.received.find((m) => m.envelopeTo.includes('maria@ioannou.gr')), 'the invitation email');
    const link = /https?:\/\/[^\s"<>]+\/portal\/invite\/[a-z0-9]+/.exec(mail.text ?? '')?.[0];
    expect(link, mail.text).toBeDefined();
    expect(link!.startsWith(live.url)).toBe(true);

    // Maria sets her password and lands on her portal.
    const maria = await (await browser.newContext()).newPage();
    await maria.goto(link!);
    for (const input of await maria.locator('input[type=password]').all()) await input.fill('το νέο μου συνθηματικό 2026');
    await maria.click('button[type=submit]');
    await maria.waitForURL(`${live.url}/portal`);
    const nav = (await maria.textContent('body')) ?? '';
    expect(nav).toContain('Ιωάννου Σύμβουλοι Ε.Ε.');
    expect(nav).toContain('Τιμολόγια');
    expect(nav).not.toContain('Προσφορές');

    // Staff revokes; Maria's next request sends her to the sign-in page with a clear message.
    await staff.goto(`${live.url}/clients/${client.id}/portal`);
    await staff.click('form[action$="/revoke"] button[type=submit]');
    await staff.waitForLoadState('load');
    await maria.reload();
    expect(maria.url()).toContain('/portal/login');
    expect(await maria.textContent('body')).toMatch(/session has ended|access has ended|συνεδρία|πρόσβαση/i);
    // Signing in again does not bring her back.
    await maria.fill('input[name=email]', 'maria@ioannou.gr');
    await maria.fill('input[name=password]', 'το νέο μου συνθηματικό 2026');
    await maria.click('button[type=submit]');
    await maria.waitForLoadState('load');
    expect(maria.url()).toContain('/portal/login');
  }, 60_000);
});
