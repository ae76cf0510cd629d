import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { buildWorld, signedInContext, watchErrors, type Lang, type World } from '../helpers/world.js';

// The portal on a 360 px phone and a 1280 px desktop, in Greek and English: no horizontal
// scrolling, no element wider than the screen, tables as cards and the dashboard stacked on the
// phone. Screenshots go to test-results/screens/ for a person to look at.

const SCREENS = 'test-results/screens';
const VIEWPORTS = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 800 } } as const;
const LANGS: Lang[] = ['el', 'en'];

let browser: Browser;
let world: World;

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  [browser, world] = await Promise.all([launchBrowser(), buildWorld()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await world?.live.stop();
});

function pages(): Array<{ name: string; path: string }> {
  return [
    { name: 'dashboard', path: '/portal' },
    { name: 'invoices', path: '/portal/invoices' },
    { name: 'invoice', path: `/portal/invoices/${world.overdueInvoice.id}` },
    { name: 'statement', path: '/portal/statement' },
    { name: 'estimates', path: '/portal/estimates' },
    { name: 'settings', path: '/portal/settings' },
  ];
}

/** What sticks out of the viewport: the document's scroll width and each visible element wider than the screen. */
async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; wide: string[] }> {
  // Browser-side code is a string: this project's TypeScript has no DOM library.
  return (await page.evaluate(`(() => {
    const wide = [];
    const limit = window.innerWidth + 1;
    for (const el of document.body.querySelectorAll('*')) {
      const rect = el.getBoundingClientRect();
      if (rect.width <= 1 || rect.height === 0) continue;
      // Off-screen on purpose (the skip link until focused).
      if (rect.right <= 0) continue;
      if (rect.right > limit || rect.width > limit) {
        const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
        wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' (' + Math.round(rect.left) + '–' + Math.round(rect.right) + ')');
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide };
  })()`)) as { scrollWidth: number; innerWidth: number; wide: string[] };
}

/** How each content table is drawn: header row hidden and rows as blocks (cards)? */
async function tableLayouts(page: Page): Promise<Array<{ headHidden: boolean; rowBlock: boolean }>> {
  return (await page.evaluate(`[...document.querySelectorAll('main table.responsive')].map((t) => {
    const head = t.querySelector('thead');
    const row = t.querySelector('tbody tr');
    return { headHidden: !head || getComputedStyle(head).display === 'none', rowBlock: !row || getComputedStyle(row).display === 'block' };
  })`)) as Array<{ headHidden: boolean; rowBlock: boolean }>;
}

describe('the portal on a phone and a desktop', () => {
  for (const lang of LANGS) {
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      it(`fits the screen without horizontal scrolling (${lang}, ${device} ${viewport.width} px)`, async () => {
        const context = await signedInContext(browser, world, world.members[lang].cookie, lang, { viewport });
        const problems: string[] = [];
        try {
          const page = await context.newPage();
          watchErrors(page, problems);
          for (const { name, path } of pages()) {
            const res = await page.goto(`${world.live.url}${path}`);
            expect(res?.status(), path).toBe(200);
            expect(new URL(page.url()).pathname, path).toBe(path);
            await page.screenshot({ path: `${SCREENS}/portal-${name}-${lang}-${viewport.width}.png`, fullPage: true });
            const o = await overflow(page);
            expect({ page: path, scrollWidth: o.scrollWidth <= o.innerWidth, wide: o.wide }).toEqual({ page: path, scrollWidth: true, wide: [] });

            if (device === 'phone') {
              // Tables read as cards: no visible header row, each row a block of labelled cells.
              const tables = await tableLayouts(page);
              for (const t of tables) expect(t, path).toEqual({ headHidden: true, rowBlock: true });
              // Every table in the portal's content collapses (none is left as a wide grid); a short totals table stays a table.
              const plain = await page.locator('main table:not(.responsive):not(.totals)').count();
              expect(plain, `${path}: tables that do not collapse`).toBe(0);
            }
          }

          // The dashboard's figures: side by side on a desktop, stacked on a phone.
          await page.goto(`${world.live.url}/portal`);
          const lefts = await page.locator('main [data-figure]').evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().left)));
          expect(lefts.length).toBeGreaterThan(1);
          if (device === 'phone') expect(new Set(lefts).size).toBe(1);
          else expect(new Set(lefts).size).toBeGreaterThan(1);
          // The Greek owner's client switcher, opened, stays on the screen too.
          if (lang === 'el') {
            await page.locator('details.switcher summary').click();
            await page.locator('details.switcher button', { hasText: 'Κτήματα Αιγαίου Α.Ε.' }).waitFor();
            await page.screenshot({ path: `${SCREENS}/portal-switcher-${lang}-${viewport.width}.png` });
            const open = await overflow(page);
            expect({ scrollWidth: open.scrollWidth <= open.innerWidth, wide: open.wide }).toEqual({ scrollWidth: true, wide: [] });
          }
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      }, 90_000);
    }
  }
});
