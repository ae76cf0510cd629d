import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { saveBrand } from '../../src/brand/service.js';
import { SYSTEM_ACTOR, staffActor } from '../../src/events/service.js';
import { addDays } from '../../src/ledger/ledger.js';
import { addStaffUpdate } from '../../src/tickets/service.js';
import { replyInThread } from '../../src/messages/service.js';
import { createContract, createEquipment, createReport, createSite } from '../../src/service-records/service.js';
import { saveFirmSettings } from '../../src/settings/service.js';
import { today } from '../../src/util/time.js';
import { uiFor } from '../../src/web/ui.js';
import { launchBrowser } from '../helpers/browser.js';
import { buildWorld, OWNERS, signedInContext, STAFF, watchErrors, type World } from '../helpers/world.js';
import { makeExpense, makeProject, makeTime } from '../work/support.js';

// Issue 7's "done means": a portal user who reads English switches to Greek with the switcher on
// the page, and from then on every word she is shown is Greek — every portal page she can reach
// by following links (the dashboard, lists, document pages, projects, service records, requests,
// messages, settings, the payment pages), validation messages, the PDFs and the statement's XLSX,
// and the emails she is sent — with Greek number and date formats.
//
// "Every word" is checked, not sampled: all text the page holds (including screen-reader-only
// text, titles, placeholders and alternative text) is split into words, and a word in Latin
// letters is an English word left over unless it is the person's own data (her name, addresses,
// document numbers) or one of the few Latin terms Greek uses as they are (PDF, XLSX, IBAN, BIC).
// Text marked with another language (lang="en": the "English" choice of the language picker) is
// skipped, as a screen reader would read it in that language.

const MARIA = OWNERS.en;
/**
 * Latin words that are data (her name), names (the product, the card processor, file formats) or
 * terms Greek writes as they are (email, PDF, IBAN).
 */
const ALLOWED = new Set([
  'Maria', 'Papadopoulou', 'Stoa', 'Stripe',
  'Email', 'email', 'PDF', 'XLSX', 'xlsx', 'CSV', 'PNG', 'JPEG', 'WEBP', 'GIF', 'Word', 'docx', 'Excel', 'MB',
  'IBAN', 'BIC', 'SWIFT', 'EUR', 'CFA', 'CFP',
]);

let browser: Browser;
let world: World;
let context: BrowserContext;
/** Every English word found, with where. */
const report: string[] = [];

beforeAll(async () => {
  [browser, world] = await Promise.all([launchBrowser(), buildWorld()]);
  await addGreekRecords(world);
}, 90_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await world?.live.stop();
});

/** A Greek firm with everything shown in the portal: projects, time, service records, requests, messages. */
async function addGreekRecords(w: World): Promise<void> {
  const db = w.live.db;
  await saveFirmSettings(db, { firm_name: 'Λογιστικό Γραφείο Βασιλείου', bank_beneficiary: 'Ελένη Βασιλείου', bank_iban: 'GR1601101250000000012300695', bank_bic: 'ETHNGRAA', bank_name: 'Εθνική Τράπεζα' });
  await saveBrand(db, { address: 'Εγνατίας 12, Θεσσαλονίκη', phone: '2310 123456', email: 'grafeio@vasileiou.gr', vat_number: '123456789', website: '' });
  await db
    .insertInto('portal_defaults')
    .values(['projects', 'time_entries', 'expenses', 'notes', 'schedule', 'contracts', 'service_reports', 'equipment', 'documents', 'tickets'].map((key) => ({ key, value: 1 })))
    .execute();
  const staff = await db.selectFrom('staff_users').select(['id', 'name']).where('email', '=', STAFF.email).executeTakeFirstOrThrow();
  const project = await makeProject(db, w.clientId, { name: 'Ετήσιος έλεγχος', portal_visible: 1, portal_time: 'all' });
  const day = today();
  await makeTime(db, project, staff.id, { date: addDays(day, -3), minutes: 150, task: 'Έλεγχος παραστατικών' });
  await makeTime(db, project, staff.id, { date: addDays(day, -2), minutes: 45, task: 'Συνάντηση με τον πελάτη', billable: 0 });
  await makeExpense(db, w.clientId, { project_id: project.id, date: addDays(day, -2), category: 'Ταχυμεταφορές', amount: 1550, currency: 'EUR', notes: 'Αποστολή φακέλου' });
  const ok = <R extends { ok: boolean }>(r: R): Extract<R, { ok: true }> => {
    if (!r.ok) throw new Error('setup failed: ' + JSON.stringify(r));
    return r as Extract<R, { ok: true }>;
  };
  const year = Number(day.slice(0, 4));
  const { site } = ok(await createSite(db, SYSTEM_ACTOR, w.clientId, { name: 'Κεντρικό κατάστημα', city: 'Θεσσαλονίκη', country: 'GR' }));
  const { equipment } = ok(await createEquipment(db, SYSTEM_ACTOR, w.clientId, { name: 'Λέβητας πετρελαίου', site_id: String(site.id), serial_number: '4471-2', warranty_until: `${year + 1}-12-31` }));
  ok(await createContract(db, SYSTEM_ACTOR, w.clientId, { title: 'Συντήρηση λέβητα', period_start: `${year}-01-01`, period_end: `${year}-12-31`, value: '1200.00', currency: 'EUR', site_ids: [String(site.id)], equipment_ids: [String(equipment.id)] }));
  ok(await createReport(db, SYSTEM_ACTOR, w.clientId, { site_id: String(site.id), visit_date: addDays(day, -10), technician_name: 'Νίκος Τεχνικός', work_done: 'Καθαρισμός καυστήρα', equipment_ids: [String(equipment.id)] }));
  void staffActor;
}

/** Everything a page says, as one text: visible text, screen-reader-only text, titles, placeholders, alternative text. */
async function pageText(page: Page): Promise<string> {
  // Browser-side code is a string: this project's TypeScript has no DOM library.
  return (await page.evaluate(`(() => {
    const foreign = (el) => { const holder = el && el.closest('[lang]'); return holder && holder.getAttribute('lang') !== 'el'; };
    const parts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const p = n.parentElement;
      if (!p || p.closest('script,style,template') || foreign(p)) continue;
      parts.push(n.nodeValue);
    }
    for (const el of document.querySelectorAll('[aria-label],[title],[placeholder],[alt],input[type=submit],input[type=button]')) {
      if (foreign(el)) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) { const v = el.getAttribute(a); if (v) parts.push(v); }
      if (el.tagName === 'INPUT' && (el.type === 'submit' || el.type === 'button')) parts.push(el.value);
    }
    return parts.join('\\n');
  })()`)) as string;
}

/** ISO 4217 currency codes (the currency picker names each one by its code). */
const CURRENCY_CODES = new Set(Intl.supportedValuesOf('currency'));

/** Her payments' references (the providers' ids): data, removed even where a PDF column wraps them. */
const references: RegExp[] = [];

/** The Latin-letter words of a text that are neither data nor allowed terms, each with a little context. */
function englishLeftovers(text: string): string[] {
  const cleaned = references.reduce((s, re) => s.replace(re, ' '), text)
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\w.+-]+@[\w.-]+\.[a-z]{2,}/gi, ' ') // email addresses
    .replace(/\b[A-Z]{2,5}-\d{4}-\d+\b/g, ' ') // document and receipt numbers
    .replace(/\bGR\d{2}[0-9A-Z ]{10,30}\b/g, ' ') // the IBAN
    .replace(/\bETHNGRAA\b/g, ' ') // the BIC
    .replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, ' ') // configuration variables (STRIPE_SECRET_KEY)
    .replace(/\bRF\d{2}[0-9A-Z]{1,21}\b/g, ' ') // payment references (ISO 11649)
    .replace(/-- \d+ of \d+ --/g, ' '); // the PDF text extractor's page separators
  const found = new Set<string>();
  for (const m of cleaned.matchAll(/[A-Za-z][A-Za-z'’]+/g)) {
    const word = m[0];
    if (ALLOWED.has(word) || CURRENCY_CODES.has(word)) continue;
    const at = m.index ?? 0;
    found.add(`${word} «${cleaned.slice(Math.max(0, at - 30), at + word.length + 30).replace(/\s+/g, ' ').trim()}»`);
  }
  return [...found];
}

/** Greek money: "1.234,56 €" (never "€1,234.56"). */
const GREEK_MONEY = /\d{1,3}(?:\.\d{3})*,\d{2}\s€/;
const ENGLISH_MONEY = /€\d/;

describe('a portal user switches from English to Greek', () => {
  it('shows every page, PDF, spreadsheet and email in Greek from then on', async () => {
    context = await signedInContext(browser, world, world.members.en.cookie, 'en');
    const page = await context.newPage();
    const problems: string[] = [];
    watchErrors(page, problems);

    // Maria reads English until she picks Ελληνικά in the switcher on the page.
    await page.goto(`${world.live.url}/portal`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('main')).toMatch(ENGLISH_MONEY);
    await page.selectOption('#portal-lang', 'el');
    await page.waitForFunction(`document.documentElement.lang === 'el'`);
    expect(new URL(page.url()).pathname).toBe('/portal');
    const switchedAt = (await world.live.db.selectFrom('mail_outbox').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0;

    // She does what a client does: raises a request, writes to the firm, pays an invoice.
    await page.goto(`${world.live.url}/portal`);
    await raiseRequest(page);
    await writeMessage(page);
    await payOverdueInvoice(page);
    // Staff answer her request and her message; the firm emails her an invoice.
    await staffAnswers(world);
    for (const { reference } of await world.live.db.selectFrom('payments').select('reference').where('client_id', '=', world.clientId).where('reference', 'is not', null).execute()) {
      references.push(new RegExp([...(reference ?? '')].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*'), 'g'));
    }

    // Every page she can reach by following links, once per path.
    const downloads = new Map<string, string>();
    const seen = new Set<string>();
    const queue: string[] = ['/portal'];
    let visited = 0;
    while (queue.length > 0 && visited < 150) {
      const path = queue.shift()!;
      // Attachments (PDFs, spreadsheets, files) are collected, not opened as pages.
      const probe = await context.request.get(`${world.live.url}${path}`);
      const type = probe.headers()['content-type'] ?? '';
      if (!type.startsWith('text/html')) {
        downloads.set(path, type);
        continue;
      }
      const res = await page.goto(`${world.live.url}${path}`);
      visited++;
      if (process.env.SHOW_CRAWL) process.stderr.write(`page ${path}\n`);
      expect(res?.status(), path).toBe(200);
      expect(await page.getAttribute('html', 'lang'), path).toBe('el');
      const text = await pageText(page);
      for (const word of englishLeftovers(text)) report.push(`${path}: ${word}`);
      if (ENGLISH_MONEY.test(text)) report.push(`${path}: money in the English format`);
      const hrefs = (await page.evaluate(`[...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))`)) as string[];
      for (const href of hrefs) {
        const url = new URL(href, world.live.url);
        if (url.origin !== world.live.url || !url.pathname.startsWith('/portal')) continue;
        if (url.pathname === '/portal/logout') continue;
        // Once per path (lists' filters and pages repeat the page), but each download format apart.
        const key = url.pathname + (url.searchParams.get('format') ?? '');
        if (seen.has(key)) continue;
        seen.add(key);
        queue.push(url.pathname + url.search);
      }
    }
    if (process.env.SHOW_CRAWL) process.stderr.write(`pages: ${visited}\ndownloads: ${[...downloads].join('\n')}\n`);
    expect(visited).toBeGreaterThan(25);
    expect(seen.has('/portal/statement')).toBe(true);

    // Validation messages: a request without a subject, a password change with the wrong password.
    await page.goto(`${world.live.url}/portal/tickets/new?type=general`);
    await page.fill('input[name=subject]', '   ');
    await page.fill('textarea[name=description]', '   ');
    await page.click('main form[method=post] button[type=submit]');
    await page.waitForLoadState();
    expect(await page.locator('[aria-invalid=true]').count()).toBeGreaterThan(0);
    for (const word of englishLeftovers(await pageText(page))) report.push(`request form with errors: ${word}`);
    await page.goto(`${world.live.url}/portal/settings`);
    await page.fill('input[name=current_password]', 'not my password at all');
    await page.fill('input[name=password]', 'a brand new pass phrase');
    await page.fill('input[name=password_confirm]', 'a brand new pass phrase');
    await page.locator('input[name=password_confirm]').press('Enter');
    await page.waitForLoadState();
    for (const word of englishLeftovers(await pageText(page))) report.push(`password form with errors: ${word}`);


    // The downloads: every PDF and the statement's spreadsheet.
    let pdfs = 0;
    let sheets = 0;
    for (const [path, type] of downloads) {
      const body = await (await context.request.get(`${world.live.url}${path}`)).body();
      if (type.startsWith('application/pdf')) {
        const parser = new PDFParse({ data: new Uint8Array(body) });
        const text = (await parser.getText()).text;
        await parser.destroy();
        pdfs++;
        for (const word of englishLeftovers(text)) report.push(`${path} (PDF): ${word}`);
        if (ENGLISH_MONEY.test(text)) report.push(`${path} (PDF): money in the English format`);
      } else if (type.includes('spreadsheetml')) {
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(new Uint8Array(body).buffer);
        const cells: string[] = [];
        book.eachSheet((sheet) => {
          cells.push(sheet.name);
          sheet.eachRow((row) => row.eachCell((cell) => cells.push(typeof cell.value === 'string' ? cell.value : '')));
        });
        sheets++;
        for (const word of englishLeftovers(cells.join('\n'))) report.push(`${path} (XLSX): ${word}`);
      }
    }
    expect(pdfs).toBeGreaterThan(3);
    expect(sheets).toBeGreaterThan(0);

    // Every email sent to her since she switched.
    const mails = await world.live.db
      .selectFrom('mail_outbox')
      .select(['template', 'subject', 'text_body', 'html_body'])
      .where('id', '>', switchedAt)
      .where('to_addresses', 'like', `%${MARIA.email}%`)
      .execute();
    expect(mails.map((m) => m.template).sort()).toEqual(expect.arrayContaining(['document-email', 'notice', 'payment-receipt']));
    expect(mails.length).toBeGreaterThan(3);
    for (const mail of mails) {
      expect(mail.html_body, mail.template).toContain('lang="el"');
      const html = mail.html_body.replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ');
      for (const word of englishLeftovers(`${mail.subject}\n${mail.text_body}\n${html}`)) report.push(`email ${mail.template}: ${word}`);
      if (ENGLISH_MONEY.test(mail.text_body)) report.push(`email ${mail.template}: money in the English format`);
    }

    if (report.length > 0) process.stderr.write(`English left on Greek pages:\n${report.join('\n')}\n`);
    expect(report).toEqual([]);

    // Greek number and date formats where the figures are.
    await page.goto(`${world.live.url}/portal/invoices/${world.invoice.id}`);
    const invoice = (await page.textContent('main')) ?? '';
    expect(invoice).toMatch(GREEK_MONEY);
    const issued = await world.live.db.selectFrom('documents').select('issue_date').where('id', '=', world.invoice.id).executeTakeFirstOrThrow();
    const greekDate = uiFor('el').date(issued.issue_date);
    expect(greekDate).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4}$|[α-ωά-ώ]/i);
    expect(invoice).toContain(greekDate);
    expect(problems).toEqual([]);
  }, 240_000);
});

describe('a member of staff who reads Greek', () => {
  it('sees every staff page and staff PDF in Greek', async () => {
    const staff = await signedInContext(browser, world, world.staffCookie, 'el');
    const found: string[] = [];
    try {
      const page = await staff.newPage();
      const seen = new Set<string>(['/']);
      const queue: string[] = ['/'];
      let visited = 0;
      let pdfs = 0;
      while (queue.length > 0 && visited < 200) {
        const path = queue.shift()!;
        const probe = await staff.request.get(`${world.live.url}${path}`);
        const type = probe.headers()['content-type'] ?? '';
        if (type.startsWith('application/pdf')) {
          const parser = new PDFParse({ data: new Uint8Array(await probe.body()) });
          const text = (await parser.getText()).text;
          await parser.destroy();
          pdfs++;
          for (const word of englishLeftovers(text)) found.push(`${path} (PDF): ${word}`);
          continue;
        }
        if (!type.startsWith('text/html')) continue;
        await page.goto(`${world.live.url}${path}`);
        visited++;
        expect(await page.getAttribute('html', 'lang'), path).toBe('el');
        for (const word of englishLeftovers(await pageText(page))) found.push(`${path}: ${word}`);
        const hrefs = (await page.evaluate(`[...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))`)) as string[];
        for (const href of hrefs) {
          const url = new URL(href, world.live.url);
          // Staff pages only: the portal preview was walked above, as the client sees it.
          if (url.origin !== world.live.url || url.pathname.startsWith('/portal') || url.pathname.startsWith('/preview') || url.pathname.startsWith('/static')) continue;
          const key = url.pathname + (url.searchParams.get('format') ?? '');
          if (seen.has(key)) continue;
          seen.add(key);
          queue.push(url.pathname + url.search);
        }
      }
      if (found.length > 0) process.stderr.write(`English left on Greek staff pages:\n${found.join('\n')}\n`);
      expect(visited).toBeGreaterThan(40);
      expect(pdfs).toBeGreaterThan(0);
      expect(found).toEqual([]);
    } finally {
      await staff.close();
    }
  }, 240_000);
});

/** A general request, through the form. */
async function raiseRequest(page: Page): Promise<void> {
  await page.goto(`${page.url().replace(/\/portal.*$/, '')}/portal/tickets/new?type=general`);
  await page.fill('input[name=subject]', 'Αντίγραφο συμβολαίου');
  await page.fill('textarea[name=description]', 'Θα ήθελα ένα αντίγραφο του συμβολαίου συντήρησης.');
  await page.click('main form[method=post] button[type=submit]');
  await page.waitForURL(/\/portal\/tickets\/\d+/);
}

/** A message to the firm, through the form. */
async function writeMessage(page: Page): Promise<void> {
  await page.goto(`${page.url().replace(/\/portal.*$/, '')}/portal/messages/new`);
  await page.fill('textarea[name=body]', 'Καλημέρα, πότε θα είναι έτοιμος ο ισολογισμός;');
  await page.click('main form[method=post] button[type=submit]');
  await page.waitForURL(/\/portal\/messages\/\d+/);
}

/** Pays the overdue invoice through the test gateway, to the receipt. */
async function payOverdueInvoice(page: Page): Promise<void> {
  const base = page.url().replace(/\/portal.*$/, '');
  await page.goto(`${base}/portal/invoices/${world.overdueInvoice.id}/pay`);
  await page.click('form.pay-form button[type=submit]');
  await page.waitForURL(/\/test-gateway\/co[a-z2-7]{26}$/);
  expect(await page.getAttribute('html', 'lang')).toBe('el');
  for (const word of englishLeftovers(await pageText(page))) report.push(`test gateway: ${word}`);
  await page.click('button[value=succeeded]');
  await page.waitForURL(/\/portal\/pay\/return\?checkout=/);
}

/** Staff reply to the request and the message, and email Maria the latest invoice. */
async function staffAnswers(w: World): Promise<void> {
  const db = w.live.db;
  const staff = await db.selectFrom('staff_users').select(['id', 'name']).where('email', '=', STAFF.email).executeTakeFirstOrThrow();
  const ctx = { publicUrl: w.live.url };
  const ticket = await db.selectFrom('tickets').select('id').where('client_id', '=', w.clientId).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const replied = await addStaffUpdate(db, staffActor(staff), ticket.id, 'reply', 'Σας το στείλαμε σήμερα.', ctx);
  expect(replied.ok).toBe(true);
  const thread = await db.selectFrom('message_threads').select('id').where('client_id', '=', w.clientId).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const answered = await replyInThread(db, thread.id, { type: 'staff', id: staff.id, name: staff.name }, 'Μέχρι την Παρασκευή.', ctx);
  expect(answered.ok).toBe(true);
  // The email form as staff see it, sent to Maria with its suggested subject and message.
  const form = await (await w.live.app.request(`/invoices/${w.invoice.id}/email`, { headers: { Cookie: w.staffCookie } })).text();
  const value = (name: string): string => {
    const m = new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(form) ?? new RegExp(`name="${name}"[^>]*>([^<]*)<`).exec(form);
    return (m?.[1] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  };
  const sent = await w.live.app.request(`/invoices/${w.invoice.id}/email`, {
    method: 'POST',
    headers: { Cookie: w.staffCookie, Origin: w.live.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ to: MARIA.email, subject: value('subject'), message: value('message') }),
  });
  expect(sent.status).toBe(303);
}
