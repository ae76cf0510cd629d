import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { upsertAdmin } from '../../src/auth/service.js';
import type { DocumentKind } from '../../src/db/schema.js';
import { createDocument } from '../../src/documents/service.js';
import { staffActor, type Actor } from '../../src/events/service.js';
import { addDays } from '../../src/ledger/ledger.js';
import { recordPayment } from '../../src/payments/service.js';
import { today } from '../../src/util/time.js';
import { launchBrowser, startLiveApp } from '../helpers/browser.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { pdfText } from '../pdf/support.js';

// Issue 4's end-to-end path: a client's owner signs in to the portal in Greek, finds the same
// figures staff see, filters to last year's overdue invoice and downloads its PDF, accepts an
// estimate with a comment (staff see the bell, the notification and the event), and exports the
// statement to XLSX whose closing balance matches the page.

type LiveApp = Awaited<ReturnType<typeof startLiveApp>>;

const STAFF_EMAIL = 'eleni@firm.test';
const STAFF_PASSWORD = 'correct horse battery';
const CLIENT_NAME = 'Παπαδόπουλος & Υιοί Ο.Ε.';
const OWNER = { email: 'giorgos@papadopoulos.gr', password: 'το συνθηματικό του Γιώργου', name: 'Γιώργος Παπαδόπουλος' };
const COMMENT = 'Παράδοση σε 15 ημέρες';
/** Long enough for a slow CI machine, short enough that a broken page fails fast. */
const WAIT_MS = 10_000;

const TODAY = today();
const YEAR = Number(TODAY.slice(0, 4));
const LAST_YEAR = YEAR - 1;
/** `days` before today, but never before 1 January of this year (so "this year" stays this year in early January). */
const thisYear = (days: number): string => {
  const date = addDays(TODAY, -days);
  return date < `${YEAR}-01-01` ? `${YEAR}-01-01` : date;
};

let browser: Browser;
let live: LiveApp;
/** The documents of the client's history, by role in the story. */
const docs: Record<'paidLastYear' | 'overdueLastYear' | 'partlyPaid' | 'paidThisYear' | 'creditNote' | 'estimate', { id: number; number: string }> = {
  paidLastYear: { id: 0, number: '' },
  overdueLastYear: { id: 0, number: '' },
  partlyPaid: { id: 0, number: '' },
  paidThisYear: { id: 0, number: '' },
  creditNote: { id: 0, number: '' },
  estimate: { id: 0, number: '' },
};
let clientId = 0;

/** Issues a one-line document (24 % VAT on `net` euros) through the documents service. */
async function issue(actor: Actor, kind: DocumentKind, spec: { description: string; net: number; issueDate: string; dueDate?: string; validUntil?: string }): Promise<{ id: number; number: string }> {
  const created = await createDocument(
    live.db,
    actor,
    kind,
    {
      clientId,
      projectId: null,
      issueDate: spec.issueDate,
      dueDate: spec.dueDate ?? null,
      validUntil: spec.validUntil ?? null,
      relatedInvoiceId: null,
      notes: null,
      lines: [{ description: spec.description, quantity: '1', unitPrice: spec.net * 100, taxRate: '24' }],
    },
    { issue: true },
  );
  if (!created.ok) throw new Error(`could not issue the ${kind}: ${created.error} ${JSON.stringify(created.fields)}`);
  const row = await live.db.selectFrom('documents').select(['id', 'number']).where('id', '=', created.value.id).executeTakeFirstOrThrow();
  return { id: row.id, number: row.number ?? '' };
}

/** Records a bank transfer through the payments service, allocated to one invoice. */
async function pay(actor: Actor, invoiceId: number, euros: number, date: string, reference: string): Promise<void> {
  const paid = await recordPayment(live.db, actor, { client_id: clientId, amount: euros * 100, date, method: 'bank_transfer', reference, allocations: [{ invoice_id: invoiceId, amount: euros * 100 }] });
  if (!paid.ok) throw new Error(`could not record the payment: ${paid.error}`);
}

/**
 * A Greek client with two years of history: last year one invoice paid and one still unpaid
 * (overdue); this year one paid, one partly paid (not yet due), an unapplied credit note and an
 * estimate sent today, valid for 30 days. The firm shows every financial section.
 */
async function buildHistory(): Promise<void> {
  await upsertAdmin(live.db, { email: STAFF_EMAIL, password: STAFF_PASSWORD, name: 'Ελένη Βασιλείου' });
  const staff = await live.db.selectFrom('staff_users').select(['id', 'name']).where('email', '=', STAFF_EMAIL).executeTakeFirstOrThrow();
  const actor = staffActor(staff);
  const client = await makeClient(live.db, { name: CLIENT_NAME, language: 'el', vat_number: '099887766', city: 'Θεσσαλονίκη', country: 'GR' });
  clientId = client.id;
  await live.db
    .insertInto('portal_defaults')
    .values(['invoices', 'payments', 'estimates', 'credit_notes', 'statement', 'balances'].map((key) => ({ key, value: 1 })))
    .execute();

  docs.paidLastYear = await issue(actor, 'invoice', { description: 'Τήρηση βιβλίων α΄ τριμήνου', net: 1000, issueDate: `${LAST_YEAR}-03-10`, dueDate: `${LAST_YEAR}-04-09` });
  await pay(actor, docs.paidLastYear.id, 1240, `${LAST_YEAR}-04-05`, 'ΕΜΒ-0405');
  docs.overdueLastYear = await issue(actor, 'invoice', { description: 'Σύνταξη ισολογισμού', net: 2000, issueDate: `${LAST_YEAR}-11-05`, dueDate: `${LAST_YEAR}-12-05` });
  docs.paidThisYear = await issue(actor, 'invoice', { description: 'Δηλώσεις ΦΠΑ', net: 300, issueDate: thisYear(40), dueDate: thisYear(10) });
  await pay(actor, docs.paidThisYear.id, 372, thisYear(8), 'ΕΜΒ-ΦΠΑ');
  docs.partlyPaid = await issue(actor, 'invoice', { description: 'Μισθοδοσία', net: 500, issueDate: thisYear(20), dueDate: addDays(TODAY, 25) });
  await pay(actor, docs.partlyPaid.id, 200, thisYear(5), 'ΕΜΒ-ΜΙΣΘ');
  docs.creditNote = await issue(actor, 'credit_note', { description: 'Έκπτωση πιστού πελάτη', net: 100, issueDate: thisYear(15) });
  docs.estimate = await issue(actor, 'estimate', { description: 'Μετάπτωση σε νέο λογιστικό σύστημα', net: 1500, issueDate: TODAY, validUntil: addDays(TODAY, 30) });

  await makePortalMember(live, clientId, { role: 'owner', language: 'el', ...OWNER, signIn: 'direct' });
}

beforeAll(async () => {
  [browser, live] = await Promise.all([launchBrowser(), startLiveApp()]);
  await buildHistory();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await live?.stop();
});

/** A fresh Greek browser profile; collects script errors, CSP violations and failed requests the page reports. */
async function openPage(problems: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'el-GR', acceptDownloads: true });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A failed load is reported below with its URL.
    if ((msg.type() === 'error' || msg.type() === 'warning') && !msg.text().startsWith('Failed to load resource')) problems.push(`console.${msg.type()} on ${page.url()}: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} ${res.url()}`);
  });
  return { context, page };
}

/** Visible text with runs of white space (incl. the no-break space Intl puts before €) folded. */
async function textOf(page: Page, selector = 'main'): Promise<string> {
  return (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
}

/** The bytes of a download started by `click`. */
async function downloadBytes(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { download, bytes: await readFile(file) };
}

/** The portal's figure tile named `figure` (amount_due, overdue, credit). */
async function portalFigure(page: Page, figure: string): Promise<string> {
  return textOf(page, `[data-figure="${figure}"]`);
}

/** The staff client page's tile whose heading is `heading`. */
async function staffFigure(page: Page, heading: string): Promise<string> {
  return (await page.locator('.tile', { has: page.getByRole('heading', { name: heading, exact: true }) }).locator('.figure').innerText()).replace(/\s+/g, ' ').trim();
}

describe('a client owner in the financial portal', () => {
  it('sees the staff figures, finds last year’s overdue invoice and its PDF, accepts an estimate and exports the statement', async () => {
    const problems: string[] = [];
    const { context: portalContext, page: portal } = await openPage(problems);
    const { context: staffContext, page: staff } = await openPage(problems);
    try {
      // The owner signs in through the portal's own form, in Greek.
      await portal.goto(`${live.url}/portal/login`);
      await portal.getByLabel('Email').fill(OWNER.email);
      await portal.getByLabel('Κωδικός πρόσβασης').fill(OWNER.password);
      await portal.getByRole('button', { name: 'Σύνδεση' }).click();
      await portal.waitForURL(`${live.url}/portal`);
      await portal.getByRole('heading', { level: 1, name: `Καλώς ήρθατε, ${OWNER.name}` }).waitFor();

      // Dashboard: amount due (overdue 2.480 + 420 left on the partly paid one), overdue, credit (the credit note).
      const dashboard = { due: await portalFigure(portal, 'amount_due'), overdue: await portalFigure(portal, 'overdue'), credit: await portalFigure(portal, 'credit') };
      expect(dashboard).toEqual({ due: '2.900,00 €', overdue: '2.480,00 €', credit: '124,00 €' });

      // Staff, signed in elsewhere, see the same figures on the client's page.
      await staff.goto(`${live.url}/login`);
      await staff.getByLabel('Email').fill(STAFF_EMAIL);
      await staff.getByLabel('Κωδικός πρόσβασης').fill(STAFF_PASSWORD);
      await staff.getByRole('button', { name: 'Σύνδεση' }).click();
      await staff.getByRole('heading', { level: 1, name: 'Επισκόπηση' }).waitFor();
      await staff.goto(`${live.url}/clients/${clientId}/payments`);
      await staff.getByRole('heading', { level: 1, name: CLIENT_NAME }).waitFor();
      expect({ due: await staffFigure(staff, 'Οφειλόμενο ποσό'), overdue: await staffFigure(staff, 'Ληξιπρόθεσμο'), credit: await staffFigure(staff, 'Πίστωση') }).toEqual(dashboard);

      // Invoices, filtered with the list's own controls to last year and overdue: exactly that invoice.
      await portal.locator('nav.portal-nav').getByRole('link', { name: 'Τιμολόγια' }).click();
      await portal.getByRole('heading', { level: 1, name: 'Τιμολόγια' }).waitFor();
      expect(await portal.locator('td.doc-number').allInnerTexts()).toHaveLength(4);
      await portal.getByRole('combobox', { name: 'Εμφάνιση' }).selectOption({ label: 'Πέρσι' });
      await portal.getByRole('combobox', { name: 'Κατάσταση' }).selectOption({ label: 'Ληξιπρόθεσμα' });
      await portal.getByRole('button', { name: 'Εφαρμογή' }).click();
      // htmx swaps the list and pushes the filter into the address, so the back button and a shared link work.
      await portal.waitForURL((url) => url.pathname === '/portal/invoices' && url.searchParams.get('period') === 'last_year' && url.searchParams.get('status') === 'overdue');
      await portal.locator('.list-count', { hasText: /^1 / }).waitFor();
      expect(await portal.locator('td.doc-number').allInnerTexts()).toEqual([docs.overdueLastYear.number]);
      expect(await textOf(portal, 'table.portal-table tbody')).toContain('Ληξιπρόθεσμο');
      // Back shows the whole list again, forward the filtered one.
      await portal.goBack();
      await portal.waitForURL(`${live.url}/portal/invoices`);
      await portal.locator('.list-count', { hasText: /^4 / }).waitFor();
      await portal.goForward();
      await portal.locator('.list-count', { hasText: /^1 / }).waitFor();
      expect(await portal.locator('td.doc-number').allInnerTexts()).toEqual([docs.overdueLastYear.number]);

      // Its page, then its PDF: the Greek client name and the total as a Greek reader writes it.
      await portal.getByRole('link', { name: docs.overdueLastYear.number }).click();
      await portal.getByRole('heading', { level: 1, name: new RegExp(`^Τιμολόγιο ${docs.overdueLastYear.number}`) }).waitFor();
      const invoicePage = await textOf(portal);
      expect(invoicePage).toContain(CLIENT_NAME);
      expect(invoicePage).toContain('2.480,00 €');
      const pdf = await downloadBytes(portal, () => portal.getByRole('link', { name: 'Λήψη PDF' }).click());
      expect(pdf.download.suggestedFilename()).toMatch(/\.pdf$/);
      const { text } = await pdfText(pdf.bytes);
      expect(text).toContain(CLIENT_NAME);
      expect(text).toContain(docs.overdueLastYear.number);
      expect(text).toContain('2.480,00 €');

      // The estimate: accepted with a comment; its status changes at once.
      await portal.locator('nav.portal-nav').getByRole('link', { name: 'Προσφορές' }).click();
      await portal.getByRole('link', { name: docs.estimate.number }).click();
      await portal.getByRole('heading', { level: 1, name: new RegExp(`^Προσφορά ${docs.estimate.number}`) }).waitFor();
      expect(await portal.locator('h1 .badge').first().innerText()).toBe('Αναμένει απάντηση');
      await portal.getByLabel('Σχόλιο (προαιρετικό)').fill(COMMENT);
      await portal.getByRole('button', { name: 'Αποδοχή προσφοράς' }).click();
      await portal.waitForURL(/\?done=accepted$/);
      expect(await portal.locator('h1 .badge').first().innerText()).toBe('Εγκρίθηκε');
      const answered = await textOf(portal);
      expect(answered).toContain('η προσφορά έγινε αποδεκτή');
      expect(answered).toContain(COMMENT);
      expect(await portal.getByRole('button', { name: 'Αποδοχή προσφοράς' }).count()).toBe(0);

      // Staff: the bell counts unread notifications, the list says who accepted what and why, and so does the estimate's history.
      await staff.goto(`${live.url}/clients/${clientId}/estimates`);
      const count = Number(await staff.locator('#notification-bell .bell-count').getAttribute('data-count'));
      expect(count).toBeGreaterThan(0);
      await staff.locator('#notification-bell').click();
      await staff.getByRole('heading', { level: 1, name: 'Ειδοποιήσεις' }).waitFor();
      const accepted = staff.locator('li.notification', { hasText: `${OWNER.name}: αποδέχτηκε την προσφορά ${docs.estimate.number}` });
      expect(await accepted.count()).toBe(1);
      expect(await accepted.locator('blockquote').innerText()).toBe(COMMENT);
      expect(await textOf(staff)).toContain(`${OWNER.name}: άνοιξε το ${docs.overdueLastYear.number}`);
      await accepted.getByRole('link').click();
      await staff.getByRole('heading', { level: 1, name: new RegExp(`Προσφορά ${docs.estimate.number}`) }).waitFor();
      const history = staff.locator('ol.events li', { hasText: `η προσφορά ${docs.estimate.number} έγινε αποδεκτή` });
      expect(await history.count()).toBe(1);
      expect((await history.innerText()).replace(/\s+/g, ' ')).toContain(OWNER.name);
      expect((await history.innerText()).replace(/\s+/g, ' ')).toContain(COMMENT);

      // The statement of this year, and its XLSX: the closing balance cell holds the closing balance on the page (due − credit).
      await portal.locator('nav.portal-nav').getByRole('link', { name: 'Καρτέλα' }).click();
      await portal.getByRole('heading', { level: 1, name: 'Καρτέλα λογαριασμού' }).waitFor();
      expect(await textOf(portal, 'table.statement tr.closing td.num')).toBe('2.776,00 €');
      // All of the account's history (htmx swaps the statement in place): last year's rows too, the same closing balance.
      await portal.getByRole('combobox', { name: 'Περίοδος' }).selectOption({ label: 'Όλες οι κινήσεις' });
      await portal.getByRole('button', { name: 'Εμφάνιση' }).click();
      await portal.waitForURL((url) => url.pathname === '/portal/statement' && url.searchParams.get('period') === 'all');
      await portal.locator('table.statement td', { hasText: docs.paidLastYear.number }).waitFor();
      const closingShown = await textOf(portal, 'table.statement tr.closing td.num');
      expect(closingShown).toBe('2.776,00 €');
      const xlsx = await downloadBytes(portal, () => portal.getByRole('link', { name: 'Λήψη ως Excel (XLSX)' }).click());
      expect(xlsx.download.suggestedFilename()).toBe(`statement-start-${TODAY}.xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(new Uint8Array(xlsx.bytes).buffer);
      const [where] = workbook.definedNames.getRanges('ClosingBalance').ranges;
      expect(where).toBeDefined();
      const [sheetName, address] = where!.split('!');
      const cell = workbook.getWorksheet(sheetName!.replace(/^'|'$/g, ''))!.getCell(address!.replace(/\$/g, ''));
      expect(typeof cell.value).toBe('number');
      expect(new Intl.NumberFormat('el-GR', { style: 'currency', currency: 'EUR' }).format(cell.value as number).replace(/\s+/g, ' ')).toBe(closingShown);

      expect(problems).toEqual([]);
    } finally {
      await portalContext.close();
      await staffContext.close();
    }
  }, 90_000);
});
