import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument, type DocumentDetail } from '../../src/documents/service.js';
import { renderDocumentPdf } from '../../src/pdf/document.js';
import { uiFor } from '../../src/web/ui.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraft, makeIssued, oneLine, payInvoice } from '../documents/factories.js';
import { pdfText } from './support.js';

let t: TestApp;
let greekClient: number;
const firm = { name: 'Λογιστικό Γραφείο Νικολάου', lines: ['Σταδίου 5, 10562 Αθήνα', 'ΑΦΜ 123456789'] };

async function detailOf(kind: 'invoice' | 'estimate' | 'credit_note', id: number): Promise<DocumentDetail> {
  const detail = await getDocument(t.db, kind, id);
  if (!detail) throw new Error('document not found');
  return detail;
}

beforeAll(async () => {
  t = await makeTestApp();
  greekClient = await makeClient(t.db, { name: 'Παπαδόπουλος & Συνεργάτες Ο.Ε.', vat_number: '099887766', city: 'Αθήνα' });
});
afterAll(() => t.close());

describe('document PDFs', () => {
  it('prints a Greek invoice with the client’s Greek name, its number and totals formatted in Greek', async () => {
    const inv = await makeIssued(t.db, 'invoice', oneLine(greekClient, 123456, { issueDate: '2026-03-02', dueDate: '2026-04-01' }));
    const { text, pages } = await pdfText(await renderDocumentPdf(await detailOf('invoice', inv.id), uiFor('el'), firm));
    expect(pages).toBe(1);
    expect(text).toContain('Παπαδόπουλος & Συνεργάτες Ο.Ε.');
    expect(text).toContain('ΑΦΜ 099887766');
    expect(text).toContain('Ελλάδα');
    expect(text).toContain(inv.number);
    expect(text).toContain('Τιμολόγιο');
    expect(text).toContain('Λογιστικό Γραφείο Νικολάου');
    expect(text).toContain('1.234,56 €'); // net
    expect(text).toContain('296,29 €'); // VAT 24%
    expect(text).toContain('1.530,85 €'); // total
    expect(text).toContain('2 Μαρ 2026');
    expect(text).toContain('Σελίδα 1 / 1');
  });

  it('prints an English invoice in English', async () => {
    const inv = await makeIssued(t.db, 'invoice', oneLine(greekClient, 123456, { issueDate: '2026-03-02' }));
    const { text } = await pdfText(await renderDocumentPdf(await detailOf('invoice', inv.id), uiFor('en'), { name: 'Nikolaou Accounting' }));
    expect(text).toContain('Invoice');
    expect(text).toContain('Bill to'.toUpperCase());
    expect(text).toContain('VAT no. 099887766');
    expect(text).toContain('Greece');
    expect(text).toContain('€1,530.85');
    expect(text).toContain('Page 1 / 1');
    expect(text).not.toContain('Τιμολόγιο');
  });

  it('prints paid and balance only when asked to', async () => {
    const inv = await makeIssued(t.db, 'invoice', oneLine(greekClient, 10000));
    await payInvoice(t.db, greekClient, inv.id, 4000);
    const detail = await detailOf('invoice', inv.id);
    const without = (await pdfText(await renderDocumentPdf(detail, uiFor('en'), firm))).text;
    expect(without).not.toContain('Balance due');
    const withBalance = (await pdfText(await renderDocumentPdf(detail, uiFor('en'), firm, { balances: true }))).text;
    expect(withBalance).toContain('Balance due');
    expect(withBalance).toContain('€40.00');
    expect(withBalance).toContain('€84.00');
  });

  it('breaks a 60-line invoice across pages, repeating the table header, with page numbers', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({
      description: `Μηνιαία τήρηση βιβλίων και υποβολή δηλώσεων ΦΠΑ για τον μήνα ${i + 1}, με έλεγχο παραστατικών`,
      quantity: '1.5',
      unitPrice: 2000,
      taxRate: i % 2 ? '24' : '13',
    }));
    const inv = await makeIssued(t.db, 'invoice', oneLine(greekClient, 0, { lines }));
    const detail = await detailOf('invoice', inv.id);
    const { text, pages, pageTexts } = await pdfText(await renderDocumentPdf(detail, uiFor('el'), firm));
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`Σελίδα 1 / ${pages}`);
    expect(text).toContain(`Σελίδα ${pages} / ${pages}`);
    for (const page of pageTexts.slice(0, -1)) expect(page).toContain('Περιγραφή');
    expect(text).toContain('για τον μήνα 60,');
    expect(text).toContain('1,5');
    // One line of the VAT analysis per rate.
    expect(text).toContain('13%');
    expect(text).toContain('24%');
    expect(text).toContain(uiFor('el').money(detail.doc.total, 'EUR').replace(/\u00a0/g, ' '));
  });

  it('prints markup in the notes as text and fetches nothing', async () => {
    const notes = '<img src=file:///etc/passwd> and http://169.254.169.254/latest/meta-data';
    const inv = await makeIssued(t.db, 'invoice', oneLine(greekClient, 5000, { notes }));
    const bytes = await renderDocumentPdf(await detailOf('invoice', inv.id), uiFor('en'), firm);
    const { text } = await pdfText(bytes);
    expect(text).toContain('<img src=file:///etc/passwd>');
    expect(text).toContain('http://169.254.169.254/latest/meta-data');
    expect(text).not.toContain('root:');
    expect(bytes.includes('/Subtype /Image')).toBe(false);
    expect(bytes.includes('/URI')).toBe(false);
  });

  it('keeps the copied text right when Greek and English documents alternate', async () => {
    const inv = await makeIssued(t.db, 'invoice', oneLine(greekClient, 4200));
    const detail = await detailOf('invoice', inv.id);
    const texts: string[] = [];
    for (const lang of ['el', 'en', 'el', 'en', 'en', 'el'] as const) texts.push((await pdfText(await renderDocumentPdf(detail, uiFor(lang), { name: 'Nikolaou Accounting Τ.Α.Ο.' }))).text);
    expect(texts[1]).toContain('Nikolaou Accounting Τ.Α.Ο.');
    expect(texts[1]).toContain('VAT no. 099887766');
    expect(texts[3]).toBe(texts[1]);
    expect(texts[4]).toBe(texts[1]);
    expect(texts[2]).toBe(texts[0]);
    expect(texts[5]).toBe(texts[0]);
  });

  it('gives identical bytes for identical input, dated by the document', async () => {
    const inv = await makeIssued(t.db, 'invoice', oneLine(greekClient, 7000, { issueDate: '2026-02-14' }));
    const detail = await detailOf('invoice', inv.id);
    const a = await renderDocumentPdf(detail, uiFor('el'), firm);
    const b = await renderDocumentPdf(detail, uiFor('el'), firm);
    expect(a.equals(b)).toBe(true);
    expect(a.toString('latin1')).toContain('D:20260214');
  });

  it('stamps drafts and void documents', async () => {
    const draftId = await makeDraft(t.db, 'invoice', oneLine(greekClient, 5000));
    const draft = await pdfText(await renderDocumentPdf(await detailOf('invoice', draftId), uiFor('en'), firm));
    expect(draft.text).toContain('DRAFT');
    const greekDraft = await pdfText(await renderDocumentPdf(await detailOf('invoice', draftId), uiFor('el'), firm));
    expect(greekDraft.text).toContain('ΠΡΟΣΧΕΔΙΟ');
  });

  it('prints estimates with their validity and credit notes with their credit', async () => {
    const est = await makeIssued(t.db, 'estimate', oneLine(greekClient, 20000, { issueDate: '2026-05-01', validUntil: '2026-05-31' }));
    const estimate = (await pdfText(await renderDocumentPdf(await detailOf('estimate', est.id), uiFor('el'), firm))).text;
    expect(estimate).toContain('Προσφορά');
    expect(estimate).toContain('Ισχύει έως');
    expect(estimate).toContain('31 Μαΐ 2026');
    const cn = await makeIssued(t.db, 'credit_note', oneLine(greekClient, 3000));
    const credit = (await pdfText(await renderDocumentPdf(await detailOf('credit_note', cn.id), uiFor('en'), firm, { balances: true }))).text;
    expect(credit).toContain('Credit note');
    expect(credit).toContain(cn.number);
    expect(credit).toContain('Total credit');
    expect(credit).toContain('Credit left to apply');
  });
});
