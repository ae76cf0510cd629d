import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makePortalMember } from '../helpers/portal.js';
import { makeClient, makeIssued, oneLine, payInvoice } from '../documents/factories.js';
import { ALL_FINANCIAL, daysAgo, makeDoc, makePayment, portalGet, setVisibility } from './support.js';

let t: TestApp;
let clientId: number;
let otherId: number;
let cookie: string;
let invoice: { id: number; number: string };
let estimate: { id: number; number: string };
let creditNote: { id: number; number: string };
let paymentId: number;
const foreign: Record<string, number> = {};

beforeAll(async () => {
  t = await makeTestApp();
  clientId = await makeClient(t.db, { name: 'Παπαδόπουλος & Σια ΟΕ', vat_number: 'EL099999999', city: 'Θεσσαλονίκη' });
  otherId = await makeClient(t.db, { name: 'Other Ltd' });
  await setVisibility(t.db, clientId, ALL_FINANCIAL);
  await setVisibility(t.db, otherId, ALL_FINANCIAL);
  invoice = await makeIssued(t.db, 'invoice', oneLine(clientId, 0, {
    notes: 'Πληρωμή εντός 30 ημερών.',
    lines: [
      { description: 'Τήρηση βιβλίων <script>alert(1)</script>', quantity: '1.5', unitPrice: 40000, taxRate: '24' },
      { description: 'Βιβλία', quantity: '2', unitPrice: 1000, taxRate: '6' },
    ],
  }));
  paymentId = await payInvoice(t.db, clientId, invoice.id, 10000);
  await t.db.updateTable('payments').set({ reference: 'ΕΜΒ-2211' }).where('id', '=', paymentId).execute();
  estimate = await makeIssued(t.db, 'estimate', oneLine(clientId, 250000));
  creditNote = await makeIssued(t.db, 'credit_note', oneLine(clientId, 5000, { relatedInvoiceId: invoice.id }));
  // The client moves and renames after the documents were issued.
  await t.db.updateTable('clients').set({ name: 'Παπαδόπουλος ΑΕ (νέα επωνυμία)', city: 'Πάτρα' }).where('id', '=', clientId).execute();

  foreign.invoice = (await makeIssued(t.db, 'invoice', oneLine(otherId, 4242))).id;
  foreign.estimate = (await makeIssued(t.db, 'estimate', oneLine(otherId, 4242))).id;
  foreign.credit_note = (await makeIssued(t.db, 'credit_note', oneLine(otherId, 4242))).id;
  foreign.payment = await makePayment(t.db, otherId, { amount: 4242, reference: 'FOREIGN' });
  cookie = (await makePortalMember(t, clientId, { role: 'owner', name: 'Γιώργος Π.' })).cookie;
});
afterAll(() => t.close());

describe('an invoice page', () => {
  it('shows the invoice as issued: snapshot of the client, lines, tax per rate, totals, paid and remaining', async () => {
    const res = await portalGet(t, `/portal/invoices/${invoice.id}`, cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`Invoice ${invoice.number}`);
    // The page's bar names the account as it is now; the document keeps the details it was issued with.
    const doc = /<article[\s\S]*<\/article>/.exec(html)?.[0] ?? '';
    expect(doc).toContain('Παπαδόπουλος &amp; Σια ΟΕ');
    expect(doc).toContain('Θεσσαλονίκη');
    expect(doc).not.toContain('νέα επωνυμία');
    expect(doc).not.toContain('Πάτρα');
    expect(html).toContain('VAT no. EL099999999');
    expect(html).toContain('Τήρηση βιβλίων &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('1.5');
    expect(html).toContain('VAT 24% on €600.00'); // 1.5 × 400.00
    expect(html).toContain('VAT 6% on €20.00');
    expect(html).toContain('€620.00'); // subtotal
    expect(html).toContain('€145.20'); // tax 144.00 + 1.20
    expect(html).toContain('€765.20'); // total
    expect(html).toMatch(/<th scope="row">Paid<\/th><td class="num"><span class="money">€162.00/); // 100.00 paid + 62.00 credited
    expect(html).toMatch(/<th scope="row">Left to pay<\/th><td class="num"><span class="money">€603.20/);
    expect(html).toContain('Partially paid');
    expect(html).toContain('Πληρωμή εντός 30 ημερών.');
  });

  it('lists the payments and credit that settled it, with links to receipts', async () => {
    const html = await (await portalGet(t, `/portal/invoices/${invoice.id}`, cookie)).text();
    expect(html).toContain(`href="/portal/payments/${paymentId}"`);
    expect(html).toContain('Bank transfer · ΕΜΒ-2211');
    expect(html).toContain(`href="/portal/credit-notes/${creditNote.id}"`);
  });

  it('offers the PDF and prints only the document', async () => {
    const html = await (await portalGet(t, `/portal/invoices/${invoice.id}`, cookie)).text();
    expect(html).toContain(`href="/portal/invoices/${invoice.id}/pdf"`);
    expect(html).toContain('Download PDF');
    expect(html).toMatch(/<article class="document portal-document"/);
    expect(html).toMatch(/<section class="no-print"/);
  });

  it('hides paid and remaining figures when balances are not displayed, and payments when they are hidden', async () => {
    await setVisibility(t.db, clientId, { balances: false, payments: false });
    try {
      const html = await (await portalGet(t, `/portal/invoices/${invoice.id}`, cookie)).text();
      expect(html).toContain('€765.20');
      expect(html).not.toContain('Left to pay');
      expect(html).not.toContain('ΕΜΒ-2211');
      expect(html).not.toContain(`/portal/payments/${paymentId}`);
    } finally {
      await setVisibility(t.db, clientId, { balances: true, payments: true });
    }
  });

  it('speaks Greek: "1.234,56 €" money and Greek labels', async () => {
    const greek = await makePortalMember(t, clientId, { language: 'el' });
    const html = (await (await portalGet(t, `/portal/invoices/${invoice.id}`, greek.cookie)).text()).replace(/\u00a0/g, ' ');
    expect(html).toContain(`Τιμολόγιο ${invoice.number}`);
    expect(html).toContain('765,20 €');
    expect(html).toContain('ΦΠΑ 24% επί 600,00 €');
    expect(html).toContain('1,5');
    expect(html).toContain('Λήψη PDF');
  });
});

describe('estimate, credit note and payment pages', () => {
  it('shows an estimate with its validity and the slot for accepting or declining', async () => {
    const html = await (await portalGet(t, `/portal/estimates/${estimate.id}`, cookie)).text();
    expect(html).toContain(`Estimate ${estimate.number}`);
    expect(html).toContain('Valid until');
    expect(html).toContain('Awaiting your answer');
    expect(html).toContain(`href="/portal/estimates/${estimate.id}/pdf"`);
    expect(html).toContain(`action="/portal/estimates/${estimate.id}/accept"`);
  });

  it('does not offer accepting to a member without the approve permission', async () => {
    const viewer = await makePortalMember(t, clientId, { role: 'viewer' });
    const html = await (await portalGet(t, `/portal/estimates/${estimate.id}`, viewer.cookie)).text();
    expect(html).toContain(`Estimate ${estimate.number}`);
    expect(html).not.toContain(`/estimates/${estimate.id}/accept`);
  });

  it('shows a credit note with the invoice it credits and where it was used', async () => {
    const html = await (await portalGet(t, `/portal/credit-notes/${creditNote.id}`, cookie)).text();
    expect(html).toContain(`Credit note ${creditNote.number}`);
    expect(html).toContain(`<a href="/portal/invoices/${invoice.id}">${invoice.number}</a>`);
    expect(html).toContain('Used against invoices');
    expect(html).toContain('€62.00');
    expect(html).toContain(`href="/portal/credit-notes/${creditNote.id}/pdf"`);
  });

  it('shows a payment as a receipt with the invoices it settled', async () => {
    const extra = await makePayment(t.db, clientId, { amount: 20000, method: 'cash', allocations: [{ invoiceId: invoice.id, amount: 5000 }] });
    const html = await (await portalGet(t, `/portal/payments/${extra}`, cookie)).text();
    expect(html).toContain('Payment receipt');
    expect(html).toContain('Cash');
    expect(html).toContain('€200.00');
    expect(html).toContain(`<a href="/portal/invoices/${invoice.id}">${invoice.number}</a>`);
    expect(html).toContain('€150.00 of this payment is held as credit on your account.');
  });
});

describe('what no one else may open', () => {
  it('answers 404 for another client’s invoice, estimate, credit note and payment, page and PDF alike', async () => {
    const urls = [
      `/portal/invoices/${foreign.invoice}`, `/portal/invoices/${foreign.invoice}/pdf`,
      `/portal/estimates/${foreign.estimate}`, `/portal/estimates/${foreign.estimate}/pdf`,
      `/portal/credit-notes/${foreign.credit_note}`, `/portal/credit-notes/${foreign.credit_note}/pdf`,
      `/portal/payments/${foreign.payment}`,
    ];
    const missing = await (await portalGet(t, '/portal/invoices/99999999', cookie)).text();
    for (const url of urls) {
      const res = await portalGet(t, url, cookie);
      expect(res.status, url).toBe(404);
      const body = await res.text();
      expect(body).not.toContain('Other Ltd');
      expect(body).not.toContain('42.42');
      if (!url.endsWith('/pdf')) expect(body).toBe(missing);
    }
  });

  it('answers 404 for an id of the wrong kind, a draft, a withdrawn estimate, a voided payment, and nonsense ids', async () => {
    const draft = await makeDoc(t.db, 'invoice', clientId, { status: 'draft' });
    const withdrawn = await makeDoc(t.db, 'estimate', clientId, { status: 'void' });
    const voided = await makePayment(t.db, clientId, { amount: 100, voided: true });
    for (const url of [
      `/portal/invoices/${estimate.id}`, `/portal/estimates/${invoice.id}`, `/portal/invoices/${draft.id}`, `/portal/estimates/${withdrawn.id}`,
      `/portal/payments/${voided}`, '/portal/invoices/0', '/portal/invoices/99999999999999999999999', '/portal/invoices/abc',
    ]) {
      expect((await portalGet(t, url, cookie)).status, url).toBe(404);
    }
  });

  it('answers 404 when the type is hidden, and to a member without the view-finances permission', async () => {
    await setVisibility(t.db, clientId, { invoices: false });
    try {
      expect((await portalGet(t, `/portal/invoices/${invoice.id}`, cookie)).status).toBe(404);
    } finally {
      await setVisibility(t.db, clientId, { invoices: true });
    }
    const noFinances = await makePortalMember(t, clientId, { role: 'accounts', permissions: { view_finances: false } });
    for (const url of [`/portal/invoices/${invoice.id}`, `/portal/estimates/${estimate.id}`, `/portal/credit-notes/${creditNote.id}`, `/portal/payments/${paymentId}`]) {
      expect((await portalGet(t, url, noFinances.cookie)).status, url).toBe(404);
    }
  });

  it('sends a visitor without a portal session to sign in', async () => {
    const res = await t.get(`/portal/invoices/${invoice.id}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/portal/login');
  });

  it('shows a void invoice as void and without a balance', async () => {
    const voided = await makeDoc(t.db, 'invoice', clientId, { status: 'void', issue_date: daysAgo(3) });
    const html = await (await portalGet(t, `/portal/invoices/${voided.id}`, cookie)).text();
    expect(html).toContain('badge-void');
    expect(html).not.toContain('Left to pay');
  });
});
