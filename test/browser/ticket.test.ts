import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { upsertAdmin } from '../../src/auth/service.js';
import { launchBrowser, startLiveApp } from '../helpers/browser.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { showInPortal } from '../tickets/support.js';

// Issue 6's end-to-end path in a real browser: a client's contact raises a complaint about a
// piece of equipment in the portal (in Greek), staff answer it (and note something internally)
// and resolve it, and the contact sees the reply and the status — never the note. Then a
// message from staff appears on the contact's open conversation without a reload.

type LiveApp = Awaited<ReturnType<typeof startLiveApp>>;

const STAFF_EMAIL = 'anna@firm.test';
const STAFF_PASSWORD = 'correct horse battery';
const WAIT_MS = 10_000;

let browser: Browser;
let live: LiveApp;
let maria: PortalMember;

beforeAll(async () => {
  [browser, live] = await Promise.all([launchBrowser(), startLiveApp()]);
  await upsertAdmin(live.db, { email: STAFF_EMAIL, password: STAFF_PASSWORD, name: 'Anna Antoniou' });
  const client = await makeClient(live.db, { name: 'Ξενοδοχεία Αιγαίου Α.Ε.', language: 'el' });
  await showInPortal(live.db, client.id, ['tickets', 'equipment']);
  const site = await live.db.insertInto('sites').values({ client_id: client.id, name: 'Ξενοδοχείο Νάξου' }).returning('id').executeTakeFirstOrThrow();
  await live.db.insertInto('equipment').values({ client_id: client.id, site_id: site.id, name: 'Λέβητας', serial_number: 'VX-778' }).execute();
  maria = await makePortalMember(live, client.id, { role: 'accounts', name: 'Μαρία Ιωάννου', email: 'maria@aigaio.gr', language: 'el', signIn: 'direct' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await live?.stop();
});

/** A fresh browser profile; collects script errors, CSP violations and failed requests the page reports. */
async function openPage(locale: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if ((msg.type() === 'error' || msg.type() === 'warning') && !msg.text().startsWith('Failed to load resource')) problems.push(`console.${msg.type()}: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') problems.push(`HTTP ${res.status()} ${res.url()}`);
  });
  return { context, page, problems };
}

async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

async function contactSignsIn(page: Page): Promise<void> {
  await page.goto(`${live.url}/portal/login`);
  await page.getByLabel('Email').fill(maria.email);
  await page.getByLabel('Κωδικός πρόσβασης').fill(maria.password);
  await page.getByRole('button', { name: 'Σύνδεση' }).click();
  await page.waitForURL(`${live.url}/portal`);
}

async function staffSignsIn(page: Page): Promise<void> {
  await page.goto(`${live.url}/login`);
  await page.getByLabel('Email').fill(STAFF_EMAIL);
  await page.getByLabel('Password').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${live.url}/`);
}

describe('a request from the portal, answered by staff', () => {
  it('a contact complains about a boiler, staff answer and resolve it, the contact sees the reply and the status', async () => {
    const contact = await openPage('el-GR');
    const staff = await openPage('en-GB');
    try {
      // The contact raises a complaint about the boiler.
      await contactSignsIn(contact.page);
      await contact.page.getByRole('navigation', { name: 'Κύριο μενού' }).getByRole('link', { name: 'Αιτήματα' }).click();
      await contact.page.getByRole('heading', { level: 1, name: 'Τα αιτήματά σας' }).waitFor();
      await contact.page.getByRole('link', { name: 'Υποβάλετε παράπονο' }).click();
      await contact.page.getByRole('heading', { level: 1, name: 'Υποβάλετε παράπονο' }).waitFor();
      await contact.page.getByLabel('Θέμα').fill('Ο λέβητας σβήνει κάθε πρωί');
      await contact.page.getByLabel('Εξοπλισμός').selectOption({ label: 'Λέβητας · Α/Σ VX-778 · Ξενοδοχείο Νάξου' });
      await contact.page.getByLabel('Περιγραφή').fill('Από τη Δευτέρα σβήνει στις 7:00.\nΤα δωμάτια μένουν χωρίς ζεστό νερό.');
      await contact.page.getByRole('button', { name: 'Αποστολή αιτήματος' }).click();
      await contact.page.getByRole('heading', { level: 1, name: /Ο λέβητας σβήνει κάθε πρωί/ }).waitFor();
      const raised = await mainText(contact.page);
      expect(raised).toContain('Το αίτημά σας στάλθηκε.');
      expect(raised).toContain('Ανοιχτό');
      expect(raised).toContain('Λέβητας · Α/Σ VX-778');
      const ticketUrl = contact.page.url().replace(/\?.*$/, '');

      // Staff find it in the queue, note something internally, answer, and resolve it.
      await staffSignsIn(staff.page);
      await staff.page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Requests' }).click();
      await staff.page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
      await staff.page.getByRole('link', { name: /Ο λέβητας σβήνει κάθε πρωί/ }).click();
      await staff.page.getByRole('heading', { level: 1, name: /Ο λέβητας σβήνει κάθε πρωί/ }).waitFor();
      expect(await mainText(staff.page)).toContain('Λέβητας · SN VX-778');
      await staff.page.getByLabel('Note', { exact: true }).fill('Ordered a new ignition module from the supplier.');
      await staff.page.getByRole('button', { name: 'Add note' }).click();
      await staff.page.getByText('Internal note added.').waitFor();
      await staff.page.getByLabel('Reply', { exact: true }).fill('Ο τεχνικός μας θα περάσει αύριο στις 9:00.\nΘα αλλάξουμε τη μονάδα ανάφλεξης.');
      await staff.page.getByRole('button', { name: 'Send reply' }).click();
      await staff.page.getByText('Reply sent to the client.').waitFor();
      await staff.page.getByRole('button', { name: 'Mark resolved' }).click();
      await staff.page.getByText('Status changed.').waitFor();
      expect(await staff.page.locator('h1 .badge').innerText()).toBe('Resolved');

      // The contact sees the reply, with its line break, and the status; never the internal note.
      await contact.page.goto(ticketUrl);
      await contact.page.getByRole('heading', { level: 1, name: /Ο λέβητας σβήνει κάθε πρωί/ }).waitFor();
      expect(await contact.page.locator('h1 .badge').innerText()).toBe('Επιλύθηκε');
      const reply = contact.page.locator('.ticket-reply-staff .message-body');
      expect(await reply.innerText()).toBe('Ο τεχνικός μας θα περάσει αύριο στις 9:00.\nΘα αλλάξουμε τη μονάδα ανάφλεξης.');
      const seen = await mainText(contact.page);
      expect(seen).not.toContain('ignition module');
      expect(seen).not.toContain('Εσωτερική σημείωση');
      expect(seen).toContain('η κατάσταση άλλαξε σε «Επιλύθηκε»');
      expect(contact.problems).toEqual([]);
      expect(staff.problems).toEqual([]);
    } finally {
      await contact.context.close();
      await staff.context.close();
    }
  });

  it('shows a new message from staff on an open conversation without a reload', async () => {
    const contact = await openPage('el-GR');
    const staff = await openPage('en-GB');
    try {
      await contactSignsIn(contact.page);
      await contact.page.goto(`${live.url}/portal/messages/new`);
      await contact.page.getByLabel('Μήνυμα').fill('Καλημέρα, μια ερώτηση για το συμβόλαιο.');
      await contact.page.getByRole('button', { name: 'Αποστολή μηνύματος' }).click();
      await contact.page.getByRole('heading', { level: 1, name: 'Γενική συνομιλία' }).waitFor();
      const threadUrl = contact.page.url().replace(/[?#].*$/, '');
      const threadId = threadUrl.split('/').pop();

      await staffSignsIn(staff.page);
      await staff.page.goto(`${live.url}/messages/${threadId}`);
      await staff.page.getByLabel('Your message').fill('Καλημέρα! Ναι, πείτε μας.');
      await staff.page.getByRole('button', { name: 'Send', exact: true }).click();
      await staff.page.getByText('Message sent.').waitFor();

      // Within one polling interval (10 s) the contact's page shows it, with no navigation.
      const before = contact.page.url();
      await contact.page.locator('#thread-messages .message-staff .message-body', { hasText: 'Καλημέρα! Ναι, πείτε μας.' }).waitFor({ timeout: 20_000 });
      expect(contact.page.url()).toBe(before);
      expect(await contact.page.locator('#thread-messages .message').count()).toBe(2);
      expect(contact.problems).toEqual([]);
      expect(staff.problems).toEqual([]);
    } finally {
      await contact.context.close();
      await staff.context.close();
    }
  }, 40_000);
});
