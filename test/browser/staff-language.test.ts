import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { upsertAdmin } from '../../src/auth/service.js';
import { launchBrowser, startLiveApp } from '../helpers/browser.js';

// A staff member switches language in a real browser: with JavaScript (the select submits itself)
// and without (the button), and the choice follows them to another browser.

type LiveApp = Awaited<ReturnType<typeof startLiveApp>>;

const PASSWORD = 'correct horse battery';
const WAIT_MS = 10_000;

let browser: Browser;
let live: LiveApp;

beforeAll(async () => {
  [browser, live] = await Promise.all([launchBrowser(), startLiveApp()]);
});

afterAll(async () => {
  await browser?.close();
  await live?.stop();
});

/** A fresh English browser, signed in as `email` through the sign-in form, on `path`. */
async function signedIn(email: string, path: string, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: 'en-GB', javaScriptEnabled, extraHTTPHeaders: { 'Accept-Language': 'en-GB,en;q=0.9' } });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  await page.goto(`${live.url}/login?next=${encodeURIComponent(path)}`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('main form[method=post] button[type=submit]');
  await page.waitForURL(`${live.url}${path}`);
  return { context, page, problems };
}

describe('the staff language switcher in a browser', () => {
  it('switches to Greek when the select changes, stays on the same page, and follows the person to another browser', async () => {
    await upsertAdmin(live.db, { email: 'anna@firm.test', password: PASSWORD, name: 'Anna' });
    const { context, page, problems } = await signedIn('anna@firm.test', '/clients?q=acme');
    try {
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.selectOption('#staff-lang', 'el');
      await page.waitForFunction(`document.documentElement.lang === 'el'`);
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/clients?q=acme');
      expect(await page.locator('h1').first().textContent()).toBe('Πελάτες');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    const elsewhere = await signedIn('anna@firm.test', '/invoices');
    try {
      expect(await elsewhere.page.getAttribute('html', 'lang')).toBe('el');
    } finally {
      await elsewhere.context.close();
    }
  }, 60_000);

  it('works without JavaScript through its button', async () => {
    await upsertAdmin(live.db, { email: 'bob@firm.test', password: PASSWORD, name: 'Bob' });
    const { context, page } = await signedIn('bob@firm.test', '/invoices', false);
    try {
      await page.selectOption('#staff-lang', 'el');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.click('form.lang-switch button[type=submit]');
      await page.waitForFunction(`document.documentElement.lang === 'el'`);
      expect(new URL(page.url()).pathname).toBe('/invoices');
    } finally {
      await context.close();
    }
  }, 60_000);
});
