import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { buildWorld, signedInContext, watchErrors, type Lang, type World } from '../helpers/world.js';

// axe-core (WCAG 2.2 A/AA rules) over the main staff and portal pages, in Greek and English.
// A serious or critical violation fails the test; each is printed with its rule, help and targets.
// axe is injected through Playwright (CDP); our CSP forbids page scripts, so only the axe contexts bypass it.
// Then the portal with the keyboard only: Tab order (skip link, top bar, menu, content), the client
// switcher and the Columns chooser opened, used and closed with Tab/Enter/Space/Escape, and a
// visible focus outline on every link and button reached (these contexts keep the CSP).

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LANGS: Lang[] = ['el', 'en'];

interface AxeNode { target: unknown[] }
interface AxeViolation { id: string; impact: string | null; help: string; nodes: AxeNode[] }

let browser: Browser;
let world: World;

beforeAll(async () => {
  [browser, world] = await Promise.all([launchBrowser(), buildWorld()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await world?.live.stop();
});

/** Runs axe on the page and returns its serious and critical violations, one line per node. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  // Browser-side code is a string: this project's TypeScript has no DOM library.
  const violations = (await page.evaluate(`(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  })()`)) as AxeViolation[];
  if (process.env.AXE_ALL) process.stderr.write(violations.map((v) => `${page.url()} ${v.id} ${v.impact} ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`).join('\n') + '\n');
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(n.target)}`));
}

async function audit(context: BrowserContext, lang: Lang, paths: string[]): Promise<string[]> {
  const page = await context.newPage();
  const found: string[] = [];
  for (const path of paths) {
    const res = await page.goto(`${world.live.url}${path}`);
    expect(res?.status(), path).toBeLessThan(400);
    // Still on the page asked for (not sent to a sign-in page).
    expect(new URL(page.url()).pathname, path).toBe(path.split('?')[0]);
    expect(await page.getAttribute('html', 'lang'), path).toBe(lang);
    // Column headers say what they head (axe only asks for this on complex tables).
    const unscoped = (await page.evaluate(`[...document.querySelectorAll('thead th:not([scope])')].map((th) => th.textContent.trim())`)) as string[];
    for (const text of unscoped) found.push(`${path}: th-scope: column header "${text}" has no scope`);
    for (const line of await seriousViolations(page)) found.push(`${path}: ${line}`);
  }
  return found;
}

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  for (const lang of LANGS) {
    it(`finds no serious or critical violation on the staff pages (${lang})`, async () => {
      const signedOut = await signedInContext(browser, world, null, lang, { bypassCSP: true });
      const signedIn = await signedInContext(browser, world, world.staffCookie, lang, { bypassCSP: true });
      try {
        const c = world.clientId;
        const found = [
          ...(await audit(signedOut, lang, ['/login'])),
          ...(await audit(signedIn, lang, ['/', '/clients', `/clients/${c}`, `/clients/${c}/invoices`, `/invoices/${world.invoice.id}`, `/invoices/new?client_id=${c}`, '/payments', '/settings', '/settings/portal', `/clients/${c}/portal`, '/notifications', `/estimates/${world.estimate.id}`, `/clients/${c}/payments`, `/clients/${c}/statement`, '/invoices'])),
        ];
        // And on a 360 px phone, where the menu folds into a disclosure and tables are cards.
        const phone = await signedInContext(browser, world, world.staffCookie, lang, { bypassCSP: true, viewport: { width: 360, height: 740 } });
        try {
          for (const line of await audit(phone, lang, ['/', `/clients/${c}/portal`, `/invoices/${world.invoice.id}`, `/invoices/new?client_id=${c}`, '/settings'])) found.push(`360 px ${line}`);
        } finally {
          await phone.close();
        }
        if (found.length > 0) process.stderr.write(`axe, staff (${lang}):\n${found.join('\n')}\n`);
        expect(found).toEqual([]);
      } finally {
        await signedOut.close();
        await signedIn.close();
      }
    }, 120_000);

    it(`finds no serious or critical violation on the portal pages (${lang})`, async () => {
      const signedOut = await signedInContext(browser, world, null, lang, { bypassCSP: true });
      const signedIn = await signedInContext(browser, world, world.members[lang].cookie, lang, { bypassCSP: true });
      try {
        const found = [
          ...(await audit(signedOut, lang, ['/portal/login'])),
          ...(await audit(signedIn, lang, ['/portal', '/portal/invoices', `/portal/invoices/${world.invoice.id}`, '/portal/estimates', `/portal/estimates/${world.estimate.id}`, '/portal/statement', '/portal/settings', '/portal/credit-notes', '/portal/payments', '/portal/messages'])),
        ];
        // And on a 360 px phone, where tables are cards and the top bar wraps.
        const phone = await signedInContext(browser, world, world.members[lang].cookie, lang, { bypassCSP: true, viewport: { width: 360, height: 740 } });
        try {
          for (const line of await audit(phone, lang, ['/portal', '/portal/invoices', `/portal/invoices/${world.invoice.id}`, '/portal/statement'])) found.push(`360 px ${line}`);
        } finally {
          await phone.close();
        }
        if (found.length > 0) process.stderr.write(`axe, portal (${lang}):\n${found.join('\n')}\n`);
        expect(found).toEqual([]);
      } finally {
        await signedOut.close();
        await signedIn.close();
      }
    }, 120_000);
  }
});

interface Focused { tag: string; text: string; region: 'skip' | 'header' | 'menu' | 'main' | 'other'; outline: string; outlineWidth: number; id: string; type: string; checked: boolean }

/** What has the focus: where it is on the page and how its outline is drawn. */
async function focused(page: Page): Promise<Focused> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) return { tag: 'body', text: '', region: 'other', outline: 'none', outlineWidth: 0, id: '', type: '', checked: false };
    const style = getComputedStyle(el);
    const region = el.classList.contains('skip-link') ? 'skip' : el.closest('nav.portal-nav') ? 'menu' : el.closest('main') ? 'main' : el.closest('header') ? 'header' : 'other';
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.innerText || el.getAttribute('aria-label') || '').trim(),
      region,
      outline: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth) || 0,
      id: el.id,
      type: el instanceof HTMLInputElement ? el.type : '',
      checked: el instanceof HTMLInputElement ? el.checked : false,
    };
  })()`)) as Focused;
}

/** Presses Tab until `until` holds (at most `max` times); returns every stop on the way. */
async function tabUntil(page: Page, until: (f: Focused) => boolean, max = 60): Promise<Focused[]> {
  const stops: Focused[] = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    stops.push(f);
    if (until(f)) return stops;
  }
  throw new Error(`never reached the element after ${max} Tabs: ${stops.map((s) => `${s.region}:${s.tag}:${s.text}`).join(' | ')}`);
}

/** Links and buttons reached by Tab must draw a visible outline. */
function unoutlined(stops: Focused[]): string[] {
  return stops.filter((s) => (s.tag === 'a' || s.tag === 'button' || s.tag === 'summary') && (s.outline === 'none' || s.outlineWidth < 2)).map((s) => `${s.tag} "${s.text}"`);
}

describe('the portal with the keyboard only, and its live regions', () => {
  it('tabs from the skip link through the menu to the content of the dashboard and the invoices list, with a visible focus', async () => {
    const context = await signedInContext(browser, world, world.members.el.cookie, 'el');
    const problems: string[] = [];
    try {
      const page = await context.newPage();
      watchErrors(page, problems);
      for (const path of ['/portal', '/portal/invoices']) {
        await page.goto(`${world.live.url}${path}`);
        // First stop: the skip link, now on screen.
        await page.keyboard.press('Tab');
        const skip = await focused(page);
        expect(skip.region, path).toBe('skip');
        expect(await page.locator('.skip-link').evaluate((el) => el.getBoundingClientRect().left >= 0)).toBe(true);
        // Then the top bar, the menu in its order, then the content; nothing of the content before the menu.
        const stops = await tabUntil(page, (f) => f.region === 'main');
        const regions = stops.map((s) => s.region);
        const firstMenu = regions.indexOf('menu');
        expect(firstMenu, path).toBeGreaterThan(-1);
        expect(regions.slice(0, firstMenu).every((r) => r === 'header'), path).toBe(true);
        expect(regions.slice(firstMenu, -1).every((r) => r === 'menu'), path).toBe(true);
        const menu = stops.filter((s) => s.region === 'menu').map((s) => s.text);
        expect(menu.slice(0, 3), path).toEqual(['Επισκόπηση', 'Τιμολόγια', 'Προσφορές']);
        // A few stops into the content.
        for (let i = 0; i < 5; i += 1) {
          await page.keyboard.press('Tab');
          stops.push(await focused(page));
        }
        expect(unoutlined([skip, ...stops]), path).toEqual([]);

        // The skip link itself moves the focus to the content.
        await page.goto(`${world.live.url}${path}`);
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        expect((await focused(page)).id).toBe('main');
        await page.keyboard.press('Tab');
        expect((await focused(page)).region, path).toBe('main');
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('opens and closes the client switcher with Enter and Escape', async () => {
    const context = await signedInContext(browser, world, world.members.el.cookie, 'el');
    try {
      const page = await context.newPage();
      await page.goto(`${world.live.url}/portal`);
      await tabUntil(page, (f) => f.tag === 'summary' && f.text === 'Αλλαγή λογαριασμού');
      const switcher = page.locator('details.switcher');
      await page.keyboard.press('Enter');
      expect(await switcher.evaluate((d) => d.hasAttribute('open'))).toBe(true);
      // Tab reaches the other client, Escape closes and gives the focus back to the summary.
      await page.keyboard.press('Tab');
      expect((await focused(page)).text).toBe('Κτήματα Αιγαίου Α.Ε.');
      await page.keyboard.press('Escape');
      expect(await switcher.evaluate((d) => d.hasAttribute('open'))).toBe(false);
      expect((await focused(page)).tag).toBe('summary');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('opens the Columns chooser, hides a column and saves, all with the keyboard', async () => {
    const context = await signedInContext(browser, world, world.members.en.cookie, 'en');
    try {
      const page = await context.newPage();
      await page.goto(`${world.live.url}/portal/invoices`);
      const headers = async () => (await page.locator('table.portal-table thead th').allInnerTexts()).map((h) => (h.split('\n')[0] ?? '').trim());
      expect(await headers()).toContain('Due');

      const stops = await tabUntil(page, (f) => f.tag === 'summary' && f.text === 'Columns');
      expect(unoutlined(stops)).toEqual([]);
      const chooser = page.locator('details.columns-chooser');
      await page.keyboard.press('Enter');
      expect(await chooser.evaluate((d) => d.hasAttribute('open'))).toBe(true);
      // Escape closes it again, focus back on the summary; Enter reopens.
      await page.keyboard.press('Escape');
      expect(await chooser.evaluate((d) => d.hasAttribute('open'))).toBe(false);
      expect((await focused(page)).text).toBe('Columns');
      await page.keyboard.press('Enter');

      // Tab to the "Due" checkbox and untick it with Space.
      const box = await tabUntil(page, (f) => f.type === 'checkbox' && f.id === 'col-due_date', 12);
      expect(box.at(-1)?.checked).toBe(true);
      await page.keyboard.press('Space');
      expect((await focused(page)).checked).toBe(false);
      // On to the Save button, Enter submits: back on the list without the column.
      const save = await tabUntil(page, (f) => f.tag === 'button', 12);
      expect(unoutlined(save)).toEqual([]);
      await Promise.all([page.waitForURL(/\/portal\/invoices/), page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.locator('table.portal-table').waitFor();
      const after = await headers();
      expect(after).not.toContain('Due');
      expect(after).toContain('Balance');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('marks the invoices list busy while htmx swaps it, and the new count is a status message', async () => {
    const context = await signedInContext(browser, world, world.members.el.cookie, 'el');
    try {
      const page = await context.newPage();
      await page.goto(`${world.live.url}/portal/invoices`);
      await page.evaluate(`(() => {
        window.__busy = [];
        new MutationObserver((records) => {
          for (const r of records) if (r.attributeName === 'aria-busy') window.__busy.push(r.target.id + ':' + r.target.getAttribute('aria-busy'));
        }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
      })()`);
      await page.getByRole('combobox', { name: 'Κατάσταση' }).selectOption({ label: 'Ληξιπρόθεσμα' });
      await page.getByRole('button', { name: 'Εφαρμογή' }).click();
      await page.locator('.list-count', { hasText: /^1 / }).waitFor();
      expect(await page.evaluate('window.__busy')).toContain('portal-list:true');
      expect(await page.locator('#portal-list').getAttribute('aria-busy')).toBeNull();
      expect(await page.locator('.list-count').getAttribute('role')).toBe('status');
    } finally {
      await context.close();
    }
  }, 60_000);
});
