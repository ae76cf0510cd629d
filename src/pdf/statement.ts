// A client's statement of account as a PDF, in the same layout language as the documents:
// issuer, title, client and period, then opening balance, each entry with the running
// balance, totals and closing balance, with page numbers.

import type { Statement } from '../ledger/ledger.js';
import type { Ui } from '../web/ui.js';
import {
  COLOR,
  CONTENT_WIDTH,
  ensureSpace,
  finishPages,
  firmBlock,
  labelValues,
  PAGE,
  renderPdf,
  style,
  table,
  type Column,
  type PdfFirm,
  type Row,
} from './layout.js';

/** What a statement PDF prints besides the statement itself. */
export interface StatementPdfInput {
  statement: Statement;
  /** The client's currency: every figure of the statement is in it. */
  currency: string;
  clientName: string;
  /** Extra lines under the client's name (VAT number, address). */
  clientLines?: string[];
  /** The period as a reader sees it ("1 Ιαν 2026 – 31 Δεκ 2026"). */
  periodLabel: string;
  /** The date the statement is drawn up (its metadata date when the period has no end). */
  today: string;
}

const RIGHT_BOX = 250;

/** The statement's rows: opening balance, one per entry, totals, closing balance. */
export function statementRows(ui: Ui, statement: Statement, currency: string): Row[] {
  const money = (minor: number) => ui.money(minor, currency);
  const label = { from: 1, count: 2 };
  const rows: Row[] = [{ cells: [ui.date(statement.from), ui.t('pdf:statement.opening'), '', '', '', money(statement.openingBalance)], band: true, bold: true, span: label }];
  if (statement.lines.length === 0) rows.push({ cells: ['', ui.t('pdf:statement.no_lines'), '', '', '', ''], span: { from: 1, count: 5 } });
  for (const line of statement.lines) {
    rows.push({
      cells: [ui.date(line.date), ui.t(`pdf:statement.types.${line.type}`), line.reference, line.debit ? money(line.debit) : '', line.credit ? money(line.credit) : '', money(line.balance)],
    });
  }
  rows.push({ cells: ['', ui.t('pdf:statement.totals'), '', money(statement.totalDebit), money(statement.totalCredit), ''], bold: true, span: label });
  rows.push({ cells: [ui.date(statement.to), ui.t('pdf:statement.closing'), '', '', '', money(statement.closingBalance)], band: true, bold: true, span: label });
  return rows;
}

function columns(ui: Ui): Column[] {
  const fixed = [70, 78, 82, 82, 88];
  return [
    { label: ui.t('pdf:columns.date'), width: fixed[0]! },
    { label: ui.t('pdf:columns.type'), width: fixed[1]! },
    { label: ui.t('pdf:columns.reference'), width: CONTENT_WIDTH - fixed.reduce((a, b) => a + b, 0) },
    { label: ui.t('pdf:columns.debit'), width: fixed[2]!, align: 'right' },
    { label: ui.t('pdf:columns.credit'), width: fixed[3]!, align: 'right' },
    { label: ui.t('pdf:columns.balance'), width: fixed[4]!, align: 'right' },
  ];
}

/** Renders a statement of account; identical input gives identical bytes. */
export function renderStatementPdf(input: StatementPdfInput, ui: Ui, firm: PdfFirm): Promise<Buffer> {
  const title = ui.t('pdf:title.statement');
  const meta = { title: `${title} · ${input.clientName}`, author: firm.name, subject: input.periodLabel, date: input.statement.to ?? input.today, lang: ui.lang };
  return renderPdf(meta, (pdf) => {
    const leftBottom = firmBlock(pdf, firm, CONTENT_WIDTH - RIGHT_BOX - 20);
    const boxX = PAGE.margin + CONTENT_WIDTH - RIGHT_BOX;
    style(pdf, { bold: true, size: 17 });
    pdf.text(title, boxX, PAGE.margin - 3, { width: RIGHT_BOX, align: 'right' });
    const facts: Array<[string, string]> = [[ui.t('pdf:statement.period'), input.periodLabel], [ui.t('pdf:currency'), input.currency]];
    const rightBottom = labelValues(pdf, facts, boxX, pdf.y + 6, RIGHT_BOX);

    let y = Math.max(leftBottom, rightBottom) + 18;
    style(pdf, { bold: true, size: 8, color: COLOR.muted });
    pdf.text(ui.t('pdf:statement.client').toLocaleUpperCase(ui.lang), PAGE.margin, y, { width: 300 });
    style(pdf, { bold: true, size: 10.5 });
    pdf.text(input.clientName, PAGE.margin, pdf.y + 2, { width: 300 });
    style(pdf);
    for (const line of input.clientLines ?? []) if (line) pdf.text(line, PAGE.margin, pdf.y, { width: 300 });
    y = pdf.y + 16;

    y = table(pdf, columns(ui), statementRows(ui, input.statement, input.currency), y);
    y = ensureSpace(pdf, y + 10, 20);
    style(pdf, { size: 8, color: COLOR.muted });
    pdf.text(ui.t('pdf:statement.balance_hint'), PAGE.margin, y, { width: CONTENT_WIDTH });
    finishPages(pdf, { pageLabel: (page, pages) => ui.t('pdf:page', { page, pages }), footer: `${firm.name} · ${title} · ${input.clientName}` });
  });
}
