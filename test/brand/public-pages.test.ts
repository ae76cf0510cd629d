// The firm's brand on the pages people reach before (or without) signing in: sign-in, forgot and
// reset password, invitations, emailed document links and the payment page, and on the PDFs of
// emailed links (the same as the portal's PDF of the same document).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brandCssVersion, getBrand, getClientLogo } from '../../src/brand/service.js';
import type { Client, DocumentRow } from '../../src/db/schema.js';
import { issuePermalink, type PermalinkTarget } from '../../src/permalinks/service.js';
import { invitePortalUser } from '../../src/portal-access/service.js';
import { saveFirmSettings } from '../../src/settings/service.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient, makeIssuedInvoice } from '../helpers/factories.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { setClientPortal, text } from '../document-mail/support.js';
import { pdfText } from '../pdf/support.js';
import { makeContact, staffOf } from '../portal-access/support.js';
import { post, resetTokenFromMail } from '../portal-auth/support.js';
import { makePng, postMultipart } from './support.js';

type Lang = 'en' | 'el';
const LANGS: Lang[] = ['en', 'el'];

const FIRM = 'Βασιλείου & Συνεργάτες';
const FIELDS = { accent_color: '#1a4d2e', address: 'Ερμού 10\nΑθήνα 10563', phone: '210 1234567', email: 'info@firm.test', vat_number: 'EL123456789', website: 'https://firm.test' };
/** The footer's contact lines, as the reader of each language reads them. */
const CONTACT: Record<Lang, string[]> = {
  en: ['Ερμού 10, Αθήνα 10563', 'Tel. 210 1234567 · Email info@firm.test · VAT no. EL123456789 · https://firm.test'],
  el: ['Ερμού 10, Αθήνα 10563', 'Τηλ. 210 1234567 · Email info@firm.test · ΑΦΜ EL123456789 · https://firm.test'],
};

let t: TestApp;
let staff: string;
/** Client A (English) gets a logo of its own; client B (Greek) shows the firm's. */
let clientA: Client;
let clientB: Client;
let invoiceA: DocumentRow;
let invoiceB: DocumentRow;
let memberA: PortalMember;
let memberB: PortalMember;
const tokens = { resetA: '', inviteA: '', inviteB: '', linkA: '', linkB: '', statementA: '', checkoutA: '', checkoutB: '' };

async function linkTo(target: PermalinkTarget): Promise<string> {
  return (await t.db.transaction().execute((trx) => issuePermalink(trx, target, 'reader@elsewhere.test', { createdBy: null, now: new Date() }))).token;
}

async function inviteTo(client: Client, language: Lang): Promise<string> {
  const { actor } = await staffOf(t);
  const contact = await makeContact(t.db, client.id, { name: 'Invited Person' });
  const result = await invitePortalUser(t.db, actor, { clientId: client.id, contactId: contact.id, method: 'link', language, password: null }, { publicUrl: ORIGIN });
  if (!result.ok) throw new Error(result.error);
  return result.token;
}

/** Opens the test gateway's page for the invoice behind a link, as its Pay button does. */
async function checkoutOf(linkToken: string): Promise<string> {
  const res = await post(t, `/d/${linkToken}/pay`, {});
  const id = /\/test-gateway\/(co[a-z2-7]{26})$/.exec(res.headers.get('location') ?? '')?.[1];
  if (!id) throw new Error(`no checkout: ${res.status} ${res.headers.get('location')}`);
  return id;
}

beforeAll(async () => {
  t = await makeTestApp();
  staff = await t.staffCookie();
  await saveFirmSettings(t.db, { firm_name: FIRM });
  clientA = await makeClient(t.db, { name: 'Papadopoulos OE', language: 'en' });
  clientB = await makeClient(t.db, { name: 'Οικονόμου ΑΕ', language: 'el' });
  invoiceA = await makeIssuedInvoice(t.db, clientA.id, { total: 12400 });
  invoiceB = await makeIssuedInvoice(t.db, clientB.id, { total: 24800 });
  for (const c of [clientA, clientB]) await setClientPortal(t.db, c.id, { invoices: true, balances: true, statement: true });
  memberA = await makePortalMember(t, clientA.id, { language: 'en', signIn: 'direct' });
  memberB = await makePortalMember(t, clientB.id, { language: 'el', signIn: 'direct' });
  expect((await post(t, '/portal/forgot', { email: memberA.email })).status).toBe(303);
  tokens.resetA = await resetTokenFromMail(t.db, memberA.email);
  tokens.inviteA = await inviteTo(clientA, 'en');
  tokens.inviteB = await inviteTo(clientB, 'el');
  tokens.linkA = await linkTo({ kind: 'document', clientId: clientA.id, documentId: invoiceA.id });
  tokens.linkB = await linkTo({ kind: 'document', clientId: clientB.id, documentId: invoiceB.id });
  tokens.statementA = await linkTo({ kind: 'statement', clientId: clientA.id, from: '2026-01-01', to: '2026-12-31' });
  tokens.checkoutA = await checkoutOf(tokens.linkA);
  tokens.checkoutB = await checkoutOf(tokens.linkB);
});
afterAll(() => t.close());

/** A public page: its URL in a language, its answer, and whose logo it shows (the firm's, or a client's own). */
interface PublicPage { name: string; url: (lang: Lang) => string; status: number; client: 'A' | 'B' | null }

const PAGES: PublicPage[] = [
  { name: 'sign-in', url: (l) => `/portal/login?lang=${l}`, status: 200, client: null },
  { name: 'forgot password', url: (l) => `/portal/forgot?lang=${l}`, status: 200, client: null },
  { name: 'reset password', url: (l) => `/portal/reset/${tokens.resetA}?lang=${l}`, status: 200, client: null },
  { name: 'unknown reset link', url: (l) => `/portal/reset/abcdefghijkmnpqrstuvwxyz23456789?lang=${l}`, status: 404, client: null },
  { name: 'invitation', url: (l) => `/portal/invite/${tokens.inviteA}?lang=${l}`, status: 200, client: 'A' },
  { name: 'invitation of a client without a logo', url: (l) => `/portal/invite/${tokens.inviteB}?lang=${l}`, status: 200, client: 'B' },
  { name: 'unknown invitation', url: (l) => `/portal/invite/abcdefghijkmnpqrstuvwxyz23456789?lang=${l}`, status: 404, client: null },
  { name: 'emailed document link', url: (l) => `/d/${tokens.linkA}?lang=${l}`, status: 200, client: 'A' },
  { name: 'emailed document link of a client without a logo', url: (l) => `/d/${tokens.linkB}?lang=${l}`, status: 200, client: 'B' },
  { name: 'emailed statement link', url: (l) => `/d/${tokens.statementA}?lang=${l}`, status: 200, client: 'A' },
  { name: 'unknown link', url: (l) => `/d/abcdefghijkmnpqrstuvwxyz23456789?lang=${l}`, status: 404, client: null },
];

/** The test gateway's payment page of each client, in the language the payer read the link in. */
const PAYMENT_PAGES: Array<{ url: () => string; lang: Lang; client: 'A' | 'B' }> = [
  { url: () => `/test-gateway/${tokens.checkoutA}`, lang: 'en', client: 'A' },
  { url: () => `/test-gateway/${tokens.checkoutB}`, lang: 'el', client: 'B' },
];

const ESCAPED_FIRM = 'Βασιλείου &amp; Συνεργάτες';

async function html(url: string, status: number): Promise<string> {
  const res = await t.app.request(url);
  expect(res.status, url).toBe(status);
  return res.text();
}

describe('a fresh install with no brand saved', () => {
  it('shows the public pages in the plain look: the firm\'s name, no logo, no contact footer', async () => {
    for (const lang of LANGS) {
      for (const p of PAGES) {
        const page = await html(p.url(lang), p.status);
        expect(page, p.name).toContain(`<html lang="${lang}"`);
        expect(page, p.name).toContain(ESCAPED_FIRM);
        expect(page, p.name).not.toContain('brand-logo');
        expect(page, p.name).not.toContain('brand-footer');
      }
    }
    for (const p of PAYMENT_PAGES) {
      const page = await html(p.url(), 200);
      expect(page).toContain(ESCAPED_FIRM);
      expect(page).not.toContain('brand-logo');
      expect(page).not.toContain('brand-footer');
    }
  });

  it('prints link PDFs with the firm\'s name and no logo', async () => {
    const res = await t.app.request(`/d/${tokens.linkA}/pdf`);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect((await pdfText(bytes)).text).toContain(FIRM);
    expect(bytes.toString('latin1')).not.toContain('/Subtype /Image');
  });
});

describe('the public pages once the firm has saved its brand', () => {
  let firmLogo = '';
  let clientLogo = '';
  let cssHref = '';

  beforeAll(async () => {
    expect((await postMultipart(t, '/settings/brand', FIELDS, { name: 'logo.png', bytes: makePng(), type: 'image/png' }, staff)).status).toBe(303);
    expect((await postMultipart(t, `/clients/${clientA.id}/portal/logo`, {}, { name: 'a.png', bytes: makePng(3, 3, [10, 10, 200]), type: 'image/png' }, staff)).status).toBe(303);
    const brand = await getBrand(t.db);
    firmLogo = brand.logo!.file;
    clientLogo = (await getClientLogo(t.db, clientA.id))!.file;
    cssHref = `/brand.css?v=${brandCssVersion(brand)}`;
  });

  /** What every branded page shows: the right logo, the firm's name, the accent stylesheet, the contact footer in its language. */
  function expectBranded(page: string, lang: Lang, client: 'A' | 'B' | null, name: string): void {
    const logo = client === 'A' ? clientLogo : firmLogo;
    expect(page, name).toContain(`<html lang="${lang}"`);
    expect(page, name).toMatch(new RegExp(`<img class="brand-logo[^"]*" src="/brand/logo/${logo}" alt=""`));
    if (client === 'A') expect(page, name).not.toContain(firmLogo);
    expect(page, name).toContain(ESCAPED_FIRM);
    expect(page, name).toContain(`<link rel="stylesheet" href="${cssHref}"/>`);
    const footer = /<footer class="brand-footer">([\s\S]*?)<\/footer>/.exec(page)?.[1];
    expect(footer, name).toBeTruthy();
    for (const line of CONTACT[lang]) expect(text(footer!), name).toContain(line);
    // The accent comes through the stylesheet only: the CSP allows no inline style.
    expect(page, name).not.toMatch(/\sstyle=/);
  }

  it('shows the logo, name, accent stylesheet and contact footer on every public page, in English and Greek', async () => {
    for (const lang of LANGS) {
      for (const p of PAGES) expectBranded(await html(p.url(lang), p.status), lang, p.client, `${p.name} (${lang})`);
    }
  });

  it('shows the paying client\'s brand on the payment page', async () => {
    for (const p of PAYMENT_PAGES) expectBranded(await html(p.url(), 200), p.lang, p.client, `payment page (${p.lang})`);
  });

  it('serves the accent the pages link to', async () => {
    const css = await t.app.request(cssHref);
    expect(await css.text()).toContain('--accent:#1a4d2e');
  });

  it('puts the same contact footer on the signed-in portal', async () => {
    const res = await t.app.request('/portal', { headers: { Cookie: memberB.cookie } });
    expect(res.status).toBe(200);
    expectBranded(await res.text(), 'el', 'B', 'portal dashboard');
  });
});

describe('the PDF of an emailed link', () => {
  /** A PDF's bytes, its text, and that text on one line (the PDF wraps long contact lines). */
  async function pdf(url: string, cookie?: string): Promise<{ bytes: Buffer; text: string; flat: string }> {
    const res = await t.app.request(url, cookie ? { headers: { Cookie: cookie } } : {});
    expect(res.status, url).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    const { text } = await pdfText(bytes);
    return { bytes, text, flat: text.replace(/\s+/g, ' ') };
  }

  it('is the portal\'s PDF of the same invoice: logo and contact lines included, in English and Greek', async () => {
    const cases = [
      { lang: 'en' as const, link: tokens.linkA, invoice: invoiceA, member: memberA },
      { lang: 'el' as const, link: tokens.linkB, invoice: invoiceB, member: memberB },
    ];
    for (const c of cases) {
      const viaLink = await pdf(`/d/${c.link}/pdf?lang=${c.lang}`);
      const viaPortal = await pdf(`/portal/invoices/${c.invoice.id}/pdf`, c.member.cookie);
      for (const line of CONTACT[c.lang]) expect(viaLink.flat, c.lang).toContain(line);
      expect(viaLink.text, c.lang).toContain(FIRM);
      expect(viaLink.bytes.toString('latin1'), c.lang).toContain('/Subtype /Image');
      expect(viaPortal.bytes.toString('latin1'), c.lang).toContain('/Subtype /Image');
      expect(viaLink.text, c.lang).toBe(viaPortal.text);
    }
  });

  it('prints a statement link\'s PDF with the logo and contact lines too', async () => {
    const statement = await pdf(`/d/${tokens.statementA}/pdf`);
    for (const line of CONTACT.en) expect(statement.flat).toContain(line);
    expect(statement.bytes.toString('latin1')).toContain('/Subtype /Image');
  });
});
