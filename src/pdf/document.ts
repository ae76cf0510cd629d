// An invoice, estimate or credit note as a PDF, laid out like a Greek/EU commercial document:
// issuer, title and number, dates, the client as frozen on the document, lines, VAT analysis
// per rate, totals, what is paid and still owed (when the reader may see it), notes, pages.

import { countryName } from '../clients/country.js';
import type { DocumentKind } from '../db/schema.js';
import type { ClientSnapshot, DocumentDetail } from '../documents/service.js';
import { documentTotals } from '../money/money.js';
import type { Ui } from '../web/ui.js';
import { formatDecimalText, formatPercent } from './format.js';
import {
  BODY_SIZE,
  COLOR,
  CONTENT_WIDTH,
  ensureSpace,
  finishPages,
  firmBlock,
  labelValues,
  PAGE,
  renderPdf,
  rule,
  style,
  table,
  type Column,
  type Pdf,
  type PdfFirm,
  type Row,
} from './layout.js';

export type { PdfFirm } from './layout.js';

/** What the caller decides about a document PDF. */
export interface DocumentPdfOptions {
  /** Print what is paid and still owed (invoices) or left to apply (credit notes): the portal's `balances` setting; staff always. */
  balances?: boolean;
  /** Who a draft is addressed to (it has no snapshot yet): the client's current details. */
  billTo?: ClientSnapshot | null;
}

const RIGHT_BOX = 250;

/** The title printed on a kind of document, in the reader's language. */
export function documentPdfTitle(ui: Ui, kind: DocumentKind): string {
  return ui.t(`pdf:title.${kind}`);
}

function billToLines(ui: Ui, who: ClientSnapshot): string[] {
  const cityLine = [who.postcode, who.city].filter((x) => x).join(' ');
  const lines = [who.address_line1, who.address_line2, cityLine, countryName(who.country, ui.lang)].filter((x): x is string => !!x);
  if (who.vat_number) lines.push(ui.t('pdf:vat_number', { vat: who.vat_number }));
  if (who.email) lines.push(who.email);
  return lines;
}

// Issuer at the left, title, number and dates at the right, then the client. Returns the y below.
function head(doc: Pdf, ui: Ui, detail: DocumentDetail, firm: PdfFirm, who: ClientSnapshot): number {
  const { doc: d } = detail;
  const kind = d.kind;
  const leftBottom = firmBlock(doc, firm, CONTENT_WIDTH - RIGHT_BOX - 20);
  const boxX = PAGE.margin + CONTENT_WIDTH - RIGHT_BOX;
  style(doc, { bold: true, size: 17 });
  doc.text(documentPdfTitle(ui, kind), boxX, PAGE.margin - 3, { width: RIGHT_BOX, align: 'right' });
  const facts: Array<[string, string]> = [[ui.t('pdf:number'), d.number ?? ui.t('pdf:stamp.draft')], [ui.t('pdf:issue_date'), ui.date(d.issue_date)]];
  if (kind === 'invoice' && d.due_date) facts.push([ui.t('pdf:due_date'), ui.date(d.due_date)]);
  if (kind === 'estimate' && d.valid_until) facts.push([ui.t('pdf:valid_until'), ui.date(d.valid_until)]);
  facts.push([ui.t('pdf:currency'), d.currency]);
  const rightBottom = labelValues(doc, facts, boxX, doc.y + 6, RIGHT_BOX);

  let y = Math.max(leftBottom, rightBottom) + 18;
  style(doc, { bold: true, size: 8, color: COLOR.muted });
  doc.text(ui.t(kind === 'estimate' ? 'pdf:prepared_for' : 'pdf:bill_to').toLocaleUpperCase(ui.lang), PAGE.margin, y, { width: 280 });
  y = doc.y + 2;
  style(doc, { bold: true, size: 10.5 });
  doc.text(who.name, PAGE.margin, y, { width: 280 });
  y = doc.y + 1;
  style(doc, { size: BODY_SIZE });
  for (const line of billToLines(ui, who)) {
    doc.text(line, PAGE.margin, y, { width: 280 });
    y = doc.y;
  }
  return y + 16;
}

function lineRows(ui: Ui, detail: DocumentDetail): Row[] {
  const { currency } = detail.doc;
  return detail.lines.map((l) => ({
    cells: [l.description, formatDecimalText(l.quantity, ui.locale), ui.money(l.unit_price, currency), formatPercent(l.tax_rate, ui.locale), ui.money(l.net, currency)],
  }));
}

function lineColumns(ui: Ui): Column[] {
  const fixed = [52, 82, 52, 88];
  return [
    { label: ui.t('pdf:columns.description'), width: CONTENT_WIDTH - fixed.reduce((a, b) => a + b, 0) },
    { label: ui.t('pdf:columns.quantity'), width: fixed[0]!, align: 'right' },
    { label: ui.t('pdf:columns.unit_price'), width: fixed[1]!, align: 'right' },
    { label: ui.t('pdf:columns.tax_rate'), width: fixed[2]!, align: 'right' },
    { label: ui.t('pdf:columns.net'), width: fixed[3]!, align: 'right' },
  ];
}

// VAT per rate at the left, totals at the right. Returns the y below the taller of the two.
function totals(doc: Pdf, ui: Ui, detail: DocumentDetail, opts: DocumentPdfOptions, y: number): number {
  const { doc: d } = detail;
  const money = (minor: number) => ui.money(minor, d.currency);
  const breakdown = documentTotals(detail.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unit_price, taxRate: l.tax_rate }))).taxBreakdown;
  const counts = d.status !== 'draft' && d.status !== 'void';
  const sums: Array<[string, string, boolean]> = [
    [ui.t('pdf:subtotal'), money(d.subtotal), false],
    [ui.t('pdf:tax'), money(d.tax), false],
    [ui.t(d.kind === 'credit_note' ? 'pdf:total_credit' : 'pdf:total'), money(d.total), true],
  ];
  if (opts.balances && d.kind === 'invoice' && counts) {
    sums.push([ui.t('pdf:amount_paid'), money(detail.amountPaid), false]);
    sums.push([ui.t('pdf:balance'), money(detail.balance), true]);
  }
  if (opts.balances && d.kind === 'credit_note' && d.status === 'issued') sums.push([ui.t('pdf:remaining'), money(detail.remaining), true]);
  const needed = Math.max(sums.length, breakdown.length + 1) * 16 + 24;
  let top = ensureSpace(doc, y + 10, needed);

  // VAT analysis: rate, net, VAT.
  const leftWidth = CONTENT_WIDTH - RIGHT_BOX - 30;
  const cols = [leftWidth * 0.3, leftWidth * 0.35, leftWidth * 0.35];
  let ly = top;
  style(doc, { bold: true, size: 8, color: COLOR.muted });
  doc.text(ui.t('pdf:tax_analysis').toLocaleUpperCase(ui.lang), PAGE.margin, ly, { width: leftWidth });
  ly = doc.y + 3;
  const heads = [ui.t('pdf:columns.tax_rate'), ui.t('pdf:columns.net'), ui.t('pdf:tax')];
  const printRow = (cells: string[], bold: boolean) => {
    let x = PAGE.margin;
    style(doc, { bold, size: bold ? 8 : 8.5, color: bold ? COLOR.muted : COLOR.text });
    cells.forEach((cell, i) => {
      doc.text(cell, x, ly, { width: cols[i]! - 4, align: i === 0 ? 'left' : 'right' });
      x += cols[i]!;
    });
    ly += 13;
  };
  printRow(heads, true);
  rule(doc, ly - 1, PAGE.margin, leftWidth);
  ly += 2;
  for (const b of breakdown) printRow([formatPercent(b.rate, ui.locale), money(b.net), money(b.tax)], false);

  // Totals box.
  const boxX = PAGE.margin + CONTENT_WIDTH - RIGHT_BOX;
  let ry = top;
  for (const [label, value, strong] of sums) {
    if (strong) {
      rule(doc, ry, boxX, RIGHT_BOX);
      ry += 3;
    }
    style(doc, { bold: strong, size: strong ? 10.5 : BODY_SIZE });
    const valueWidth = 100;
    const h = Math.max(doc.heightOfString(label, { width: RIGHT_BOX - valueWidth - 6 }), doc.heightOfString(value, { width: valueWidth }));
    doc.text(label, boxX, ry, { width: RIGHT_BOX - valueWidth - 6 });
    doc.text(value, boxX + RIGHT_BOX - valueWidth, ry, { width: valueWidth, align: 'right' });
    ry += h + (strong ? 4 : 2);
  }
  top = Math.max(ly, ry);
  return top + 8;
}

function notes(doc: Pdf, ui: Ui, text: string, y: number): void {
  const top = ensureSpace(doc, y + 8, 40);
  style(doc, { bold: true, size: 8, color: COLOR.muted });
  doc.text(ui.t('pdf:notes').toLocaleUpperCase(ui.lang), PAGE.margin, top, { width: CONTENT_WIDTH });
  // Plain text, flowing onto further pages when long: never markup, never anything fetched.
  style(doc, { size: BODY_SIZE });
  doc.text(text, PAGE.margin, doc.y + 3, { width: CONTENT_WIDTH });
}

/**
 * Renders an invoice, estimate or credit note. Money and dates follow `ui` ("1.234,56 €" in
 * Greek); identical input gives identical bytes (the creation date is the issue date).
 * Drafts and void documents carry a diagonal stamp.
 */
export function renderDocumentPdf(detail: DocumentDetail, ui: Ui, firm: PdfFirm, opts: DocumentPdfOptions = {}): Promise<Buffer> {
  const { doc: d } = detail;
  const title = documentPdfTitle(ui, d.kind);
  const label = d.number ? `${title} ${d.number}` : `${title} (${ui.t('pdf:stamp.draft')})`;
  const who: ClientSnapshot = detail.snapshot ?? opts.billTo ?? { name: detail.clientName, email: null, vat_number: null, address_line1: null, address_line2: null, city: null, postcode: null, country: null };
  const stamp = d.status === 'draft' ? ui.t('pdf:stamp.draft') : d.status === 'void' ? ui.t('pdf:stamp.void') : null;
  return renderPdf({ title: label, author: firm.name, date: d.issue_date, lang: ui.lang }, (pdf) => {
    let y = head(pdf, ui, detail, firm, who);
    y = table(pdf, lineColumns(ui), lineRows(ui, detail), y);
    y = totals(pdf, ui, detail, opts, y);
    if (d.notes) notes(pdf, ui, d.notes, y);
    finishPages(pdf, { pageLabel: (page, pages) => ui.t('pdf:page', { page, pages }), footer: `${firm.name} · ${label}`, stamp });
  });
}
