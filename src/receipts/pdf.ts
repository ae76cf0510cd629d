// A receipt as a PDF, in the layout language of the other documents: issuer, title, number and
// date, who paid, the amount and method, the invoices it settled, any credit kept; TEST MODE and
// VOID stamps where they apply.

import { finishPages, firmBlock, labelValues, COLOR, CONTENT_WIDTH, ensureSpace, PAGE, renderPdf, style, table, type Column, type PdfFirm, type Row } from '../pdf/layout.js';
import type { Ui } from '../web/ui.js';
import type { ReceiptView } from './service.js';

const RIGHT_BOX = 250;

function columns(ui: Ui): Column[] {
  return [
    { label: ui.t('receipts:columns.invoice'), width: CONTENT_WIDTH - 140 },
    { label: ui.t('receipts:columns.amount'), width: 140, align: 'right' },
  ];
}

/** Renders a receipt; identical input gives identical bytes. */
export function renderReceiptPdf(view: ReceiptView, ui: Ui, firm: PdfFirm): Promise<Buffer> {
  const p = view.payment;
  const title = ui.t('receipts:title');
  const money = (minor: number) => ui.money(minor, p.currency);
  // The metadata holds no client-entered text: only the receipt's number.
  const meta = { title: `${title} ${view.number}`, author: firm.name, subject: view.number, date: p.date, lang: ui.lang };
  return renderPdf(meta, (pdf) => {
    const leftBottom = firmBlock(pdf, firm, CONTENT_WIDTH - RIGHT_BOX - 20);
    const boxX = PAGE.margin + CONTENT_WIDTH - RIGHT_BOX;
    style(pdf, { bold: true, size: 17 });
    pdf.text(title, boxX, PAGE.margin - 3, { width: RIGHT_BOX, align: 'right' });
    const facts: Array<[string, string]> = [
      [ui.t('receipts:number'), view.number],
      [ui.t('receipts:date'), ui.date(p.date)],
      [ui.t('receipts:method'), ui.t(`receipts:methods.${p.method}`)],
    ];
    if (p.reference) facts.push([ui.t('receipts:reference'), p.reference]);
    const rightBottom = labelValues(pdf, facts, boxX, pdf.y + 6, RIGHT_BOX);

    let y = Math.max(leftBottom, rightBottom) + 18;
    style(pdf, { bold: true, size: 8, color: COLOR.muted });
    pdf.text(ui.t('receipts:received_from').toLocaleUpperCase(ui.lang), PAGE.margin, y, { width: 300 });
    style(pdf, { bold: true, size: 10.5 });
    pdf.text(p.client_name, PAGE.margin, pdf.y + 2, { width: 300 });
    y = pdf.y + 14;
    style(pdf, { bold: true, size: 13 });
    pdf.text(ui.t('receipts:amount_received', { amount: money(p.amount) }), PAGE.margin, y, { width: CONTENT_WIDTH });
    y = pdf.y + 14;

    const rows: Row[] = view.allocations.map((a) => ({ cells: [ui.t('receipts:invoice_label', { number: a.number ?? `#${a.invoice_id}` }), money(a.amount)] }));
    if (view.credit > 0) rows.push({ cells: [ui.t('receipts:credit_row'), money(view.credit)] });
    rows.push({ cells: [ui.t('receipts:total'), money(p.amount)], bold: true, band: true });
    y = table(pdf, columns(ui), rows, y);
    y = ensureSpace(pdf, y + 12, 30);
    style(pdf, { size: 8, color: COLOR.muted });
    if (view.testMode) pdf.text(ui.t('pay:test_mode_note'), PAGE.margin, y, { width: CONTENT_WIDTH });
    finishPages(pdf, {
      pageLabel: (page, pages) => ui.t('pdf:page', { page, pages }),
      footer: `${firm.name} · ${title} ${view.number}`,
      stamp: p.voided_at ? ui.t('receipts:stamp_void') : view.testMode ? ui.t('pay:test_mode') : null,
    });
  });
}
