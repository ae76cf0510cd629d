import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { addDays } from '../../src/ledger/ledger.js';
import { today } from '../../src/util/time.js';
import { launchBrowser } from '../helpers/browser.js';
import { buildWorld, signedInContext, watchErrors, type Lang, type World } from '../helpers/world.js';

// The staff pages on a 360 px phone and a 1280 px desktop, in Greek and English: no horizontal
// page scrolling and no element wider than the screen (content inside a deliberate, labelled
// scroll region excepted; the region itself must fit), tables as cards, forms in one column, the
// menu folded into a "Menu" disclosure that opens by keyboard, and the line editor still usable.
// Screenshots go to test-results/screens/staff-*.png for a person to look at.

const SCREENS = 'test-results/screens';
const VIEWPORTS = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 800 } } as const;
const LANGS: Lang[] = ['el', 'en'];
const MENU: Record<Lang, { toggle: string; label: string; clients: string }> = {
  el: { toggle: 'Μενού', label: 'Κύριο μενού', clients: 'Πελάτες' },
  en: { toggle: 'Menu', label: 'Main menu', clients: 'Clients' },
};

let browser: Browser;
let world: World;
let projectId = 0;
let ticketId = 0;
let paymentId = 0;

/** A form POST into the live app, as a browser would send it. */
async function post(path: string, cookie: string, fields: Record<string, string>): Promise<Response> {
  return world.live.app.request(path, {
    method: 'POST',
    headers: { Origin: world.live.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  [browser, world] = await Promise.all([launchBrowser(), buildWorld()]);
  const c = world.clientId;
  // What a staff member's phone shows between visits: a project with logged time, and a request
  // from the client (which also rings the bell with a notification).
  expect((await post(`/clients/${c}/projects`, world.staffCookie, { name: 'Λογιστική υποστήριξη 2026' })).status).toBe(303);
  projectId = (await world.live.db.selectFrom('projects').select('id').where('client_id', '=', c).executeTakeFirstOrThrow()).id;
  const timeEntry = { project_id: String(projectId), date: addDays(today(), -1), duration: '2:30', billable: '1', notes: 'Συμφωνία τραπεζικών λογαριασμών και καταχώριση παραστατικών Οκτωβρίου' };
  expect((await post(`/clients/${c}/work/time`, world.staffCookie, timeEntry)).status).toBe(303);
  await world.live.db.insertInto('portal_defaults').values({ key: 'tickets', value: 1 }).execute();
  const raised = await post('/portal/tickets', world.members.en.cookie, {
    type: 'complaint',
    subject: 'Λάθος ΑΦΜ στο τιμολόγιο Νοεμβρίου',
    description: 'Στο τελευταίο τιμολόγιο ο ΑΦΜ της εταιρείας είναι λάθος· παρακαλούμε διορθώστε τον.',
  });
  expect(raised.status).toBe(303);
  ticketId = Number(/\/tickets\/(\d+)/.exec(raised.headers.get('location') ?? '')?.[1]);
  paymentId = (await world.live.db.selectFrom('payments').select('id').where('client_id', '=', c).orderBy('id').executeTakeFirstOrThrow()).id;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await world?.live.stop();
});

function pages(): Array<{ name: string; path: string }> {
  const c = world.clientId;
  return [
    { name: 'home', path: '/' },
    { name: 'clients', path: '/clients' },
    { name: 'client', path: `/clients/${c}` },
    { name: 'client-invoices', path: `/clients/${c}/invoices` },
    { name: 'client-payments', path: `/clients/${c}/payments` },
    { name: 'client-statement', path: `/clients/${c}/statement` },
    { name: 'client-contacts', path: `/clients/${c}/contacts` },
    { name: 'client-projects', path: `/clients/${c}/projects` },
    { name: 'client-time', path: `/clients/${c}/work` },
    { name: 'client-portal', path: `/clients/${c}/portal` },
    { name: 'invoices', path: '/invoices' },
    { name: 'invoice', path: `/invoices/${world.invoice.id}` },
    { name: 'invoice-new', path: `/invoices/new?client_id=${c}` },
    { name: 'estimate', path: `/estimates/${world.estimate.id}` },
    { name: 'payments', path: '/payments' },
    { name: 'payment', path: `/payments/${paymentId}` },
    { name: 'settings', path: '/settings' },
    { name: 'settings-portal', path: '/settings/portal' },
    { name: 'notifications', path: '/notifications' },
    { name: 'tickets', path: '/tickets' },
    { name: 'ticket', path: `/tickets/${ticketId}` },
  ];
}

/**
 * What sticks out of the viewport: the document's scroll width and each visible element wider
 * than the screen. A labelled scroll region of its own (role="region", tabindex="0", aria-label,
 * overflow-x auto or scroll) may hold wider content; the region itself is still checked.
 */
async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; wide: string[] }> {
  // Browser-side code is a string: this project's TypeScript has no DOM library.
  return (await page.evaluate(`(() => {
    const wide = [];
    const limit = window.innerWidth + 1;
    const scrolls = (el) => el.matches('[role="region"][tabindex="0"][aria-label]') && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    for (const el of document.body.querySelectorAll('*')) {
      // Not drawn (a closed disclosure's content, a hidden menu).
      if (!el.checkVisibility()) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width <= 1 || rect.height === 0) continue;
      // Off-screen on purpose (the skip link until focused).
      if (rect.right <= 0) continue;
      let region = el.parentElement;
      while (region && !scrolls(region)) region = region.parentElement;
      if (region) continue;
      if (rect.right > limit || rect.width > limit) {
        const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
        const id = el.getAttribute('id');
        wide.push(el.tagName.toLowerCase() + (id ? '#' + id : '') + cls + ' (' + Math.round(rect.left) + '–' + Math.round(rect.right) + ')');
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide };
  })()`)) as { scrollWidth: number; innerWidth: number; wide: string[] };
}

/** How each content table is drawn: as cards (header row hidden, rows as blocks), or inside a scroll region. */
async function tableLayouts(page: Page): Promise<Array<{ table: string; cards: boolean; inRegion: boolean }>> {
  return (await page.evaluate(`[...document.querySelectorAll('main table:not(.totals)')].filter((t) => t.checkVisibility()).map((t) => {
    const head = t.querySelector('thead');
    const row = t.querySelector('tbody tr');
    const cards = (!head || getComputedStyle(head).display === 'none') && (!row || getComputedStyle(row).display === 'block');
    const region = t.closest('[role="region"][tabindex="0"][aria-label]');
    return { table: t.className || 'table', cards, inRegion: !!region && ['auto', 'scroll'].includes(getComputedStyle(region).overflowX) };
  })`)) as Array<{ table: string; cards: boolean; inRegion: boolean }>;
}

/** The left edges of a form's fields: one value when they stack in a column. */
async function fieldLefts(fields: Locator): Promise<number[]> {
  return fields.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().left)));
}

async function expectFits(page: Page, what: string): Promise<void> {
  const o = await overflow(page);
  expect({ page: what, scrollWidth: o.scrollWidth <= o.innerWidth, wide: o.wide }).toEqual({ page: what, scrollWidth: true, wide: [] });
}

describe('the staff pages on a phone and a desktop', () => {
  for (const lang of LANGS) {
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      const phone = device === 'phone';

      it(`fit the screen without horizontal scrolling (${lang}, ${device} ${viewport.width} px)`, async () => {
        const signedOut = await signedInContext(browser, world, null, lang, { viewport });
        const context = await signedInContext(browser, world, world.staffCookie, lang, { viewport });
        const problems: string[] = [];
        try {
          const login = await signedOut.newPage();
          watchErrors(login, problems);
          expect((await login.goto(`${world.live.url}/login`))?.status()).toBe(200);
          await login.screenshot({ path: `${SCREENS}/staff-login-${lang}-${viewport.width}.png`, fullPage: true });
          await expectFits(login, '/login');

          const page = await context.newPage();
          watchErrors(page, problems);
          for (const { name, path } of pages()) {
            const res = await page.goto(`${world.live.url}${path}`);
            expect(res?.status(), path).toBe(200);
            expect(new URL(page.url()).pathname, path).toBe(path.split('?')[0]);
            await page.screenshot({ path: `${SCREENS}/staff-${name}-${lang}-${viewport.width}.png`, fullPage: true });
            await expectFits(page, path);

            if (phone) {
              // Every table reads as cards, or scrolls inside its own labelled region; a short totals table stays a table.
              for (const t of await tableLayouts(page)) expect({ path, ...t, fits: t.cards || t.inRegion }).toEqual({ path, ...t, fits: true });
              // What a disclosure on the page reveals (permissions, columns, uploads) fits as well.
              await page.evaluate(`document.querySelectorAll('main details').forEach((d) => { d.open = true; })`);
              await expectFits(page, `${path} (disclosures open)`);
            }
          }
          expect(problems).toEqual([]);
        } finally {
          await signedOut.close();
          await context.close();
        }
      }, 120_000);

      it(`offer the menu ${phone ? 'folded behind a "Menu" button that opens by keyboard' : 'as one row of links'} (${lang}, ${device} ${viewport.width} px)`, async () => {
        const context = await signedInContext(browser, world, world.staffCookie, lang, { viewport });
        try {
          const page = await context.newPage();
          await page.goto(`${world.live.url}/`);
          const toggle = page.locator('header summary', { hasText: MENU[lang].toggle });
          const clients = page.getByRole('navigation', { name: MENU[lang].label }).getByRole('link', { name: MENU[lang].clients, exact: true });
          if (!phone) {
            expect(await toggle.isVisible()).toBe(false);
            expect(await clients.isVisible()).toBe(true);
            return;
          }
          expect(await clients.isVisible()).toBe(false);
          // Keyboard only: Tab from the brand reaches the Menu button; Enter opens it; Tab walks its links.
          await page.locator('header a.brand').focus();
          await page.keyboard.press('Tab');
          expect(await toggle.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
          await page.keyboard.press('Enter');
          await clients.waitFor();
          await page.keyboard.press('Tab');
          expect(await page.evaluate('document.activeElement.closest("header details[open] nav") !== null')).toBe(true);
          await page.screenshot({ path: `${SCREENS}/staff-menu-${lang}-${viewport.width}.png` });
          await expectFits(page, '/ (menu open)');
          // Every entry of the open menu is on the screen and big enough for a thumb.
          const boxes = await page.locator('header details[open] nav a').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, height: r.height })));
          expect(boxes.length).toBeGreaterThan(5);
          for (const b of boxes) expect(b.left >= 0 && b.right <= 360 && b.height >= 40, JSON.stringify(b)).toBe(true);
          // Escape closes it again, and the button keeps the focus.
          await page.keyboard.press('Escape');
          expect(await clients.isVisible()).toBe(false);
          expect(await toggle.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
          // Opened and followed: the link leads where it says.
          await toggle.click();
          await clients.click();
          await page.waitForURL(`${world.live.url}/clients`);
          expect(await page.locator('h1').first().textContent()).toBe(MENU[lang].clients);
        } finally {
          await context.close();
        }
      }, 60_000);

      it(`lay the settings form out ${phone ? 'in one column' : 'side by side'} (${lang}, ${device} ${viewport.width} px)`, async () => {
        const context = await signedInContext(browser, world, world.staffCookie, lang, { viewport });
        try {
          const page = await context.newPage();
          await page.goto(`${world.live.url}/settings`);
          // The firm's defaults (currency, language, terms, validity, tax rate): a grid of fields.
          const lefts = await fieldLefts(page.locator('main form .form-grid').first().locator(':scope > .field'));
          expect(lefts.length).toBeGreaterThan(2);
          if (phone) expect(new Set(lefts).size).toBe(1);
          else expect(new Set(lefts).size).toBeGreaterThan(1);
        } finally {
          await context.close();
        }
      }, 60_000);
    }

    it(`keep the invoice line editor usable on a phone: a draft is written there (${lang})`, async () => {
      const context = await signedInContext(browser, world, world.staffCookie, lang, { viewport: VIEWPORTS.phone });
      try {
        const page = await context.newPage();
        await page.goto(`${world.live.url}/invoices/new?client_id=${world.clientId}`);
        const description = `${lang === 'el' ? 'Σύνταξη δήλωσης ΦΠΑ' : 'VAT return'} ${lang}`;
        const line = page.locator('table.line-editor tbody tr').first();
        const inputs = line.locator('input:visible');
        // Each of the first line's inputs is on the screen and wide enough to read what was typed.
        const widths = await inputs.evaluateAll((els) => els.map((el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, width: r.width }; }));
        expect(widths.length).toBeGreaterThanOrEqual(4);
        for (const w of widths) expect(w.left >= 0 && w.right <= 360 && w.width >= 120, JSON.stringify(w)).toBe(true);
        await inputs.nth(0).fill(description);
        await inputs.nth(1).fill('3');
        await inputs.nth(2).fill(lang === 'el' ? '80,00' : '80.00');
        await page.locator('main form button.primary[name="save"]').click();
        await page.waitForURL(/\/invoices\/\d+\?done=created$/);
        await expectFits(page, 'the new draft');
        const card = page.locator('table.document-lines tbody tr', { hasText: description });
        await card.waitFor();
        expect(await card.textContent()).toContain(lang === 'el' ? '240,00' : '240.00');
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
