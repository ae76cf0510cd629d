// A realistic data set for browser tests, built through the services: a Greek client with two
// years of invoices, payments, a credit note and estimates; a staff admin; two portal owners (one
// reading Greek, one English). The Greek owner also belongs to a second client, so the portal's
// client switcher shows.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { upsertAdmin } from '../../src/auth/service.js';
import type { DocumentKind } from '../../src/db/schema.js';
import { createDocument } from '../../src/documents/service.js';
import { staffActor, type Actor } from '../../src/events/service.js';
import { addDays } from '../../src/ledger/ledger.js';
import { recordPayment } from '../../src/payments/service.js';
import { today } from '../../src/util/time.js';
import { startLiveApp } from './browser.js';
import { makeClient } from './factories.js';
import { makePortalMember, type PortalMember } from './portal.js';

export type LiveApp = Awaited<ReturnType<typeof startLiveApp>>;
export type Lang = 'el' | 'en';

export const STAFF = { email: 'eleni@firm.test', password: 'correct horse battery', name: 'Ελένη Βασιλείου' };
export const CLIENT_NAME = 'Παπαδόπουλος & Υιοί Ο.Ε.';
export const OWNERS: Record<Lang, { email: string; password: string; name: string }> = {
  el: { email: 'giorgos@papadopoulos.gr', password: 'το συνθηματικό του Γιώργου', name: 'Γιώργος Παπαδόπουλος' },
  en: { email: 'maria@papadopoulos.gr', password: 'maria portal pass phrase', name: 'Maria Papadopoulou' },
};

export interface Doc { id: number; number: string }

/** Everything a browser test needs to find its way around the world. */
export interface World {
  live: LiveApp;
  clientId: number;
  otherClientId: number;
  invoice: Doc;
  overdueInvoice: Doc;
  estimate: Doc;
  creditNote: Doc;
  members: Record<Lang, PortalMember>;
  /** A signed-in staff Cookie header value. */
  staffCookie: string;
}

/** Starts a live app and builds the world in it. */
export async function buildWorld(): Promise<World> {
  const live = await startLiveApp();
  const TODAY = today();
  const YEAR = Number(TODAY.slice(0, 4));
  const LAST_YEAR = YEAR - 1;
  const thisYear = (days: number): string => {
    const date = addDays(TODAY, -days);
    return date < `${YEAR}-01-01` ? `${YEAR}-01-01` : date;
  };

  await upsertAdmin(live.db, { email: STAFF.email, password: STAFF.password, name: STAFF.name });
  const staff = await live.db.selectFrom('staff_users').select(['id', 'name']).where('email', '=', STAFF.email).executeTakeFirstOrThrow();
  const actor: Actor = staffActor(staff);
  const client = await makeClient(live.db, { name: CLIENT_NAME, language: 'el', vat_number: '099887766', city: 'Θεσσαλονίκη', country: 'GR', email: 'info@papadopoulos.gr' });
  const other = await makeClient(live.db, { name: 'Κτήματα Αιγαίου Α.Ε.', language: 'el', city: 'Σύρος', country: 'GR' });
  await live.db
    .insertInto('portal_defaults')
    .values(['invoices', 'payments', 'estimates', 'credit_notes', 'statement', 'balances'].map((key) => ({ key, value: 1 })))
    .execute();

  const issue = async (clientId: number, kind: DocumentKind, spec: { description: string; net: number; issueDate: string; dueDate?: string; validUntil?: string }): Promise<Doc> => {
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
        lines: [
          { description: spec.description, quantity: '1', unitPrice: spec.net * 100, taxRate: '24' },
          { description: 'Έξοδα αποστολής εγγράφων', quantity: '2', unitPrice: 1250, taxRate: '24' },
        ],
      },
      { issue: true },
    );
    if (!created.ok) throw new Error(`could not issue the ${kind}: ${created.error}`);
    const row = await live.db.selectFrom('documents').select(['id', 'number']).where('id', '=', created.value.id).executeTakeFirstOrThrow();
    return { id: row.id, number: row.number ?? '' };
  };
  const pay = async (clientId: number, invoiceId: number, minor: number, date: string, reference: string): Promise<void> => {
    const paid = await recordPayment(live.db, actor, { client_id: clientId, amount: minor, date, method: 'bank_transfer', reference, allocations: [{ invoice_id: invoiceId, amount: minor }] });
    if (!paid.ok) throw new Error(`could not record the payment: ${paid.error}`);
  };

  const paidLastYear = await issue(client.id, 'invoice', { description: 'Τήρηση βιβλίων α΄ τριμήνου', net: 1000, issueDate: `${LAST_YEAR}-03-10`, dueDate: `${LAST_YEAR}-04-09` });
  await pay(client.id, paidLastYear.id, 127100, `${LAST_YEAR}-04-05`, 'ΕΜΒ-0405');
  const overdueInvoice = await issue(client.id, 'invoice', { description: 'Σύνταξη ισολογισμού και οικονομικών καταστάσεων χρήσης', net: 2000, issueDate: `${LAST_YEAR}-11-05`, dueDate: `${LAST_YEAR}-12-05` });
  const paidThisYear = await issue(client.id, 'invoice', { description: 'Δηλώσεις ΦΠΑ', net: 300, issueDate: thisYear(40), dueDate: thisYear(10) });
  await pay(client.id, paidThisYear.id, 40300, thisYear(8), 'ΕΜΒ-ΦΠΑ');
  const invoice = await issue(client.id, 'invoice', { description: 'Μισθοδοσία προσωπικού', net: 500, issueDate: thisYear(20), dueDate: addDays(TODAY, 25) });
  await pay(client.id, invoice.id, 20000, thisYear(5), 'ΕΜΒ-ΜΙΣΘ');
  const creditNote = await issue(client.id, 'credit_note', { description: 'Έκπτωση πιστού πελάτη', net: 100, issueDate: thisYear(15) });
  const estimate = await issue(client.id, 'estimate', { description: 'Μετάπτωση σε νέο λογιστικό σύστημα', net: 1500, issueDate: TODAY, validUntil: addDays(TODAY, 30) });
  await issue(client.id, 'estimate', { description: 'Φορολογικός σχεδιασμός', net: 800, issueDate: thisYear(30), validUntil: addDays(TODAY, 10) });
  await issue(other.id, 'invoice', { description: 'Διαχείριση ακινήτων', net: 700, issueDate: thisYear(10), dueDate: addDays(TODAY, 20) });

  const el = await makePortalMember(live, client.id, { role: 'owner', language: 'el', ...OWNERS.el, signIn: 'direct' });
  await makePortalMember(live, other.id, { role: 'owner', language: 'el', email: OWNERS.el.email, name: OWNERS.el.name, signIn: 'direct' });
  const en = await makePortalMember(live, client.id, { role: 'owner', language: 'en', ...OWNERS.en, signIn: 'direct' });
  const login = await live.app.request('/login', {
    method: 'POST',
    headers: { Origin: live.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: STAFF.email, password: STAFF.password }),
  });
  const staffCookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (login.status !== 303 || !staffCookie) throw new Error(`staff sign-in failed: ${login.status}`);

  return { live, clientId: client.id, otherClientId: other.id, invoice, overdueInvoice, estimate, creditNote, members: { el, en }, staffCookie };
}

/** Name and value of a Cookie header value ('name=value'). */
function splitCookie(header: string): { name: string; value: string } {
  const at = header.indexOf('=');
  return { name: header.slice(0, at), value: header.slice(at + 1) };
}

/** A browser context already signed in with `cookie` (staff or portal), in `lang`. */
export async function signedInContext(browser: Browser, world: World, cookie: string | null, lang: Lang, opts: { bypassCSP?: boolean; viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: lang === 'el' ? 'el-GR' : 'en-GB',
    extraHTTPHeaders: { 'Accept-Language': lang === 'el' ? 'el-GR,el;q=0.9' : 'en-GB,en;q=0.9' },
    bypassCSP: opts.bypassCSP ?? false,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(10_000);
  if (cookie) {
    const { name, value } = splitCookie(cookie);
    await context.addCookies([{ name, value, url: world.live.url }]);
  }
  return context;
}

/** Collects script errors the page reports. */
export function watchErrors(page: Page, problems: string[]): void {
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
}
