import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { upsertAdmin } from '../../src/auth/service.js';
import { launchBrowser, startLiveApp } from '../helpers/browser.js';

// A staff member in a real browser, through the real forms: sign in, add a client, bill it, get paid.

type LiveApp = Awaited<ReturnType<typeof startLiveApp>>;

const EMAIL = 'anna@firm.test';
const PASSWORD = 'correct horse battery';
/** Long enough for a slow CI machine, short enough that a broken page fails fast. */
const WAIT_MS = 10_000;

let browser: Browser;
let live: LiveApp;

beforeAll(async () => {
  [browser, live] = await Promise.all([launchBrowser(), startLiveApp()]);
  await upsertAdmin(live.db, { email: EMAIL, password: PASSWORD, name: 'Άννα Αντωνίου' });
});

afterAll(async () => {
  await browser?.close();
  await live?.stop();
});

/** A fresh browser profile in `locale`; collects script errors, CSP violations and failed assets the page reports. */
async function openPage(options: { locale: string; javaScriptEnabled?: boolean }): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: options.locale, javaScriptEnabled: options.javaScriptEnabled ?? true });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A failed load is reported below with its URL; a page answered 422 on purpose is not a problem.
    if ((msg.type() === 'error' || msg.type() === 'warning') && !msg.text().startsWith('Failed to load resource')) problems.push(`console.${msg.type()}: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') problems.push(`HTTP ${res.status()} ${res.url()}`);
  });
  return { context, page, problems };
}

/** Visible text of the page's main area, with runs of white space (incl. the no-break space Intl puts before €) folded. */
async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

/** Opens the home page, is sent to the sign-in form, fills it in and lands on the home page. */
async function signIn(page: Page, labels: { email: string; password: string; submit: string; home: string }): Promise<void> {
  await page.goto(live.url + '/');
  await page.waitForURL(/\/login\?next=%2F$/);
  await page.getByLabel(labels.email).fill(EMAIL);
  await page.getByLabel(labels.password).fill(PASSWORD);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.getByRole('heading', { level: 1, name: labels.home }).waitFor();
}

describe('staff in a browser', () => {
  it('signs in, adds a Greek client, invoices it, finalizes the invoice and records a part payment', async () => {
    const { context, page, problems } = await openPage({ locale: 'el-GR' });
    const confirmations: string[] = [];
    page.on('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });
    try {
      await signIn(page, { email: 'Email', password: 'Κωδικός πρόσβασης', submit: 'Σύνδεση', home: 'Επισκόπηση' });

      // A new client, from the clients list.
      await page.getByRole('navigation', { name: 'Κύριο μενού' }).getByRole('link', { name: 'Πελάτες' }).click();
      await page.getByRole('heading', { level: 1, name: 'Πελάτες' }).waitFor();
      await page.getByRole('link', { name: 'Νέος πελάτης' }).click();
      await page.getByRole('heading', { level: 1, name: 'Νέος πελάτης' }).waitFor();
      await page.getByLabel('Επωνυμία').fill('Ιωάννου Σύμβουλοι Ε.Ε.');
      await page.getByLabel('ΑΦΜ').fill('EL123456783');
      await page.getByLabel('Πόλη').fill('Θεσσαλονίκη');
      await page.getByRole('button', { name: 'Δημιουργία πελάτη' }).click();
      await page.getByRole('heading', { level: 1, name: 'Ιωάννου Σύμβουλοι Ε.Ε.' }).waitFor();
      expect(await mainText(page)).toContain('Ο πελάτης δημιουργήθηκε.');

      // A draft invoice with two lines, amounts typed the Greek way.
      await page.getByRole('navigation', { name: 'Σελίδες πελάτη' }).getByRole('link', { name: 'Τιμολόγια' }).click();
      await page.getByRole('link', { name: 'Νέο τιμολόγιο για τον πελάτη' }).click();
      await page.getByRole('heading', { level: 1, name: 'Νέο τιμολόγιο' }).waitFor();
      const year = (await page.getByLabel('Ημερομηνία έκδοσης').inputValue()).slice(0, 4);
      expect(year).toMatch(/^\d{4}$/);
      await page.getByLabel('Γραμμή 1: Περιγραφή').fill('Σύνταξη ετήσιων οικονομικών καταστάσεων');
      await page.getByLabel('Γραμμή 1: Τιμή μονάδας (EUR)').fill('1.234,56');
      await page.getByLabel('Γραμμή 2: Περιγραφή').fill('Ψηφιακές υπογραφές');
      await page.getByLabel('Γραμμή 2: Ποσότητα').fill('2');
      await page.getByLabel('Γραμμή 2: Τιμή μονάδας (EUR)').fill('10,50');
      await page.getByRole('button', { name: 'Αποθήκευση πρόχειρου' }).click();
      await page.getByRole('heading', { level: 1, name: /Πρόχειρο τιμολόγιο/ }).waitFor();
      // 1234.56 + 24% (296.29) + 2 × 10.50 + 24% (5.04)
      expect(await mainText(page)).toMatch(/Σύνολο 1\.556,89 €/);

      // Finalize: it asks first, then the invoice has its number, its status and its total.
      await page.getByRole('button', { name: 'Οριστικοποίηση' }).click();
      const number = `INV-${year}-0001`;
      await page.getByRole('heading', { level: 1, name: `Τιμολόγιο ${number}` }).waitFor();
      expect(confirmations).toEqual(['Οριστικοποίηση; Θα πάρει αριθμό και δεν θα μπορεί πια να αλλάξει.']);
      const issued = await mainText(page);
      expect(issued).toContain('Οριστικοποιήθηκε και πήρε αριθμό.');
      expect(await page.locator('h1 .badge').innerText()).toBe('Εκδόθηκε');
      expect(issued).toMatch(/Σύνολο 1\.556,89 €/);
      expect(issued).toMatch(/Υπόλοιπο 1\.556,89 €/);
      expect(issued).toContain('Ιωάννου Σύμβουλοι Ε.Ε.');

      // Part of it is paid by bank transfer.
      await page.getByRole('link', { name: 'Καταχώριση πληρωμής' }).click();
      await page.getByRole('heading', { level: 1, name: 'Καταχώριση πληρωμής' }).waitFor();
      await page.getByRole('textbox', { name: 'Ποσό', exact: true }).fill('500,00');
      await page.getByLabel(`Ποσό για το ${number}`).fill('500,00');
      await page.getByLabel('Αιτιολογία', { exact: true }).fill(number);
      await page.getByRole('button', { name: 'Καταχώριση πληρωμής' }).click();
      await page.getByRole('heading', { level: 1, name: `Πληρωμή ${number}` }).waitFor();
      expect(await mainText(page)).toContain('Η πληρωμή καταχωρίστηκε.');

      // Back on the invoice: partially paid, with what is left to pay.
      await page.getByRole('link', { name: number }).first().click();
      await page.getByRole('heading', { level: 1, name: `Τιμολόγιο ${number}` }).waitFor();
      const paid = await mainText(page);
      expect(await page.locator('h1 .badge').first().innerText()).toBe('Μερικώς εξοφλημένο');
      expect(paid).toMatch(/Εξοφλήθηκε ή πιστώθηκε 500,00 €/);
      expect(paid).toMatch(/Υπόλοιπο 1\.056,89 €/);
      expect(paid).toMatch(/Τραπεζική μεταφορά · INV-\d{4}-0001 500,00 €/);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('signs in and adds a client with JavaScript turned off', async () => {
    const { context, page, problems } = await openPage({ locale: 'en-GB', javaScriptEnabled: false });
    try {
      await signIn(page, { email: 'Email', password: 'Password', submit: 'Sign in', home: 'Overview' });
      await page.getByRole('link', { name: 'New client' }).click();
      await page.getByRole('heading', { level: 1, name: 'New client' }).waitFor();

      // Without a name the same form comes back with the error, keeping what was typed.
      await page.getByLabel('City').fill('Patras');
      await page.getByRole('button', { name: 'Create client' }).click();
      await page.getByRole('alert').first().waitFor();
      expect(await mainText(page)).toContain('New client');
      expect(await page.getByLabel('City').inputValue()).toBe('Patras');

      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Papadakis Logistics');
      await page.getByRole('button', { name: 'Create client' }).click();
      await page.getByRole('heading', { level: 1, name: 'Papadakis Logistics' }).waitFor();
      const text = await mainText(page);
      expect(text).toContain('Client created.');
      expect(text).toContain('Patras');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
