import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { upsertAdmin } from '../../src/auth/service.js';
import { saveBrand, storeLogo } from '../../src/brand/service.js';
import { staffActor } from '../../src/events/service.js';
import { issuePermalink } from '../../src/permalinks/service.js';
import { invitePortalUser } from '../../src/portal-access/service.js';
import { saveFirmSettings } from '../../src/settings/service.js';
import { launchBrowser, startLiveApp } from '../helpers/browser.js';
import { makeClient, makeIssuedInvoice } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { setClientPortal } from '../document-mail/support.js';
import { makeContact } from '../portal-access/support.js';
import { makePng } from '../brand/support.js';

// The firm's brand on the public pages in a real browser, under the real CSP: the logo loads, the
// accent comes from the generated stylesheet, the contact footer shows; axe-core finds no serious
// or critical violation; and at 360 px nothing scrolls sideways. In Greek and English.

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type Lang = 'el' | 'en';
type Live = Awaited<ReturnType<typeof startLiveApp>>;

let browser: Browser;
let live: Live;
let memberCookie = '';
const paths: Record<Lang, string[]> = { el: [], en: [] };

beforeAll(async () => {
  [browser, live] = await Promise.all([launchBrowser(), startLiveApp()]);
  await saveFirmSettings(live.db, { firm_name: 'Βασιλείου & Συνεργάτες Λογιστικό Γραφείο' });
  // Saved as Settings → Brand saves it (its form is tested in test/brand).
  const logo = storeLogo(live.dataDir, makePng(120, 40), 'image/png');
  await saveBrand(live.db, { accent_color: '#1a4d2e', address: 'Λεωφόρος Βασιλίσσης Σοφίας 123\nΑθήνα 10563', phone: '210 1234567', email: 'info@vasileiou-synergates.test', vat_number: 'EL123456789', website: 'https://www.vasileiou-synergates.test', logo });
  const client = await makeClient(live.db, { name: 'Παπαδόπουλος & Υιοί Ο.Ε.', language: 'el' });
  const invoice = await makeIssuedInvoice(live.db, client.id, { total: 12400 });
  await setClientPortal(live.db, client.id, { invoices: true, balances: true });
  await upsertAdmin(live.db, { email: 'eleni@firm.test', password: 'correct horse battery', name: 'Ελένη' });
  const actor = staffActor(await live.db.selectFrom('staff_users').selectAll().where('email', '=', 'eleni@firm.test').executeTakeFirstOrThrow());
  const contact = await makeContact(live.db, client.id, { name: 'Μαρία' });
  const invited = await invitePortalUser(live.db, actor, { clientId: client.id, contactId: contact.id, method: 'link', language: 'el', password: null }, { publicUrl: live.url });
  if (!invited.ok) throw new Error(invited.error);
  const link = await live.db.transaction().execute((trx) => issuePermalink(trx, { kind: 'document', clientId: client.id, documentId: invoice.id }, 'reader@elsewhere.test', { createdBy: null, now: new Date() }));
  const member = await makePortalMember(live, client.id, { language: 'el', signIn: 'direct' });
  memberCookie = member.cookie;
  for (const lang of ['el', 'en'] as const) {
    paths[lang] = [`/portal/login?lang=${lang}`, `/portal/forgot?lang=${lang}`, `/portal/invite/${invited.token}?lang=${lang}`, `/d/${link.token}?lang=${lang}`];
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await live?.stop();
});

async function newPage(lang: Lang, opts: { bypassCSP: boolean; width: number }): Promise<Page> {
  const context = await browser.newContext({ locale: lang === 'el' ? 'el-GR' : 'en-GB', bypassCSP: opts.bypassCSP, viewport: { width: opts.width, height: 800 } });
  context.setDefaultTimeout(10_000);
  const eq = memberCookie.indexOf('=');
  await context.addCookies([{ name: memberCookie.slice(0, eq), value: memberCookie.slice(eq + 1), url: live.url }]);
  return context.newPage();
}

/** What the browser shows of the brand (evaluated in the page: this project's TypeScript has no DOM library). */
async function brandShown(page: Page): Promise<{ logoLoaded: boolean; accent: string; footer: string; scrolls: boolean }> {
  return (await page.evaluate(`(() => {
    const img = document.querySelector('img.brand-logo');
    const footer = document.querySelector('footer.brand-footer');
    return {
      logoLoaded: !!img && img.complete && img.naturalWidth > 0,
      accent: getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
      footer: footer ? footer.innerText : '',
      scrolls: document.documentElement.scrollWidth > window.innerWidth,
    };
  })()`)) as { logoLoaded: boolean; accent: string; footer: string; scrolls: boolean };
}

describe('the brand on the public pages in a browser', () => {
  for (const lang of ['el', 'en'] as const) {
    it(`shows logo, accent and contact footer under the CSP, without sideways scrolling at 360 px (${lang})`, async () => {
      for (const width of [1280, 360]) {
        const page = await newPage(lang, { bypassCSP: false, width });
        try {
          for (const path of [...paths[lang], '/portal']) {
            const res = await page.goto(`${live.url}${path}`);
            expect(res?.status(), path).toBe(200);
            const shown = await brandShown(page);
            expect({ path, width, ...shown, footer: shown.footer.includes('EL123456789') }).toEqual({ path, width, logoLoaded: true, accent: '#1a4d2e', footer: true, scrolls: false });
          }
        } finally {
          await page.context().close();
        }
      }
    }, 120_000);

    it(`finds no serious or critical axe violation on the branded public pages (${lang})`, async () => {
      const page = await newPage(lang, { bypassCSP: true, width: 1280 });
      const found: string[] = [];
      try {
        for (const path of paths[lang]) {
          await page.goto(`${live.url}${path}`);
          await page.addScriptTag({ content: AXE_SOURCE });
          const violations = (await page.evaluate(`(async () => {
            const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
            return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ': ' + v.help + ' ' + JSON.stringify(v.nodes.map((n) => n.target)));
          })()`)) as string[];
          for (const v of violations) found.push(`${path}: ${v}`);
        }
      } finally {
        await page.context().close();
      }
      expect(found).toEqual([]);
    }, 120_000);
  }
});
