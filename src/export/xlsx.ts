// Spreadsheet exports. A statement of account as an XLSX a bookkeeper can work with: real
// dates, numeric cells with a currency format, the opening and closing balances as rows. Text
// is never read as a formula: anything starting with =, +, -, @ (or a tab/CR) gets a leading '.

// exceljs is loaded on the first export, not at start: it is about 30 MB of the server's memory
// that a process serving pages only never needs (issue 8: peak RSS ≤ 200 MB under load).
let excel: Promise<typeof import('exceljs')> | null = null;
import type { Statement } from '../ledger/ledger.js';
import { currencyDecimals, toMajorString, type Minor } from '../money/money.js';
import type { Ui } from '../web/ui.js';

/** Text as it may go into a spreadsheet cell: formula-like text is prefixed with ' (SECURITY row 28). */
export function safeCellText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Minor units as the number a spreadsheet cell holds (123456 EUR → 1234.56), via the exact decimal string. */
export function cellAmount(minor: Minor, currency: string): number {
  return Number(toMajorString(minor, currency));
}

const symbols = new Map<string, string>();

/** A spreadsheet number format for a currency: "#,##0.00 "€"" (decimals as the currency has them). */
export function currencyNumberFormat(currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let symbol = symbols.get(key);
  if (symbol === undefined) {
    symbol = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
    symbols.set(key, symbol);
  }
  const decimals = currencyDecimals(currency);
  const number = decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
  const quoted = `"${symbol.replace(/"/g, '')}"`;
  return `${number} ${quoted};-${number} ${quoted}`;
}

/** Everything a statement export shows. */
export interface StatementXlsxInput {
  firmName: string;
  clientName: string;
  currency: string;
  /** The period as the reader sees it. */
  periodLabel: string;
  statement: Statement;
}

const DATE_FORMAT = 'dd/mm/yyyy';

function excelDate(iso: string | null): Date | null {
  return iso ? new Date(`${iso}T00:00:00Z`) : null;
}

/**
 * The statement as an XLSX workbook with one sheet: firm, client, period and currency at the
 * top, then the header row, the opening balance, one row per entry, totals and the closing
 * balance (its amount cell is named ClosingBalance).
 */
export async function renderStatementXlsx(input: StatementXlsxInput, ui: Ui): Promise<Buffer> {
  const { t } = ui;
  const { statement, currency } = input;
  // A CommonJS module: Node's import() puts its exports on `default`.
  excel ??= import('exceljs').then((m) => (m as { default?: typeof import('exceljs') }).default ?? m);
  const ExcelJS = await excel;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Stoa';
  const stamp = excelDate(statement.to) ?? new Date(0);
  workbook.created = stamp;
  workbook.modified = stamp;
  const sheet = workbook.addWorksheet(safeSheetName(t('pdf:title.statement')));
  const moneyFormat = currencyNumberFormat(currency, ui.locale);
  sheet.columns = [{ width: 13 }, { width: 20 }, { width: 24 }, { width: 15 }, { width: 15 }, { width: 16 }];

  const text = (s: string) => safeCellText(s);
  sheet.addRow([text(input.firmName)]).font = { bold: true, size: 13 };
  sheet.addRow([text(t('pdf:title.statement'))]).font = { bold: true };
  sheet.addRow([text(t('pdf:statement.client')), text(input.clientName)]);
  sheet.addRow([text(t('pdf:statement.period')), text(input.periodLabel)]);
  sheet.addRow([text(t('pdf:currency')), currency]);
  sheet.addRow([]);
  const header = sheet.addRow(['date', 'type', 'reference', 'debit', 'credit', 'balance'].map((k) => text(t(`pdf:columns.${k}`))));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const col of [4, 5, 6]) header.getCell(col).alignment = { horizontal: 'right' };

  const amount = (minor: number | null) => (minor === null ? null : cellAmount(minor, currency));
  const addLine = (date: string | null, type: string, reference: string, debit: number | null, credit: number | null, balance: number | null) => {
    const row = sheet.addRow([excelDate(date), text(type), text(reference), amount(debit), amount(credit), amount(balance)]);
    row.getCell(1).numFmt = DATE_FORMAT;
    for (const col of [4, 5, 6]) row.getCell(col).numFmt = moneyFormat;
    return row;
  };

  addLine(statement.from, t('pdf:statement.opening'), '', null, null, statement.openingBalance).font = { bold: true };
  for (const line of statement.lines) {
    addLine(line.date, t(`pdf:statement.types.${line.type}`), line.reference, line.debit || null, line.credit || null, line.balance);
  }
  addLine(null, t('pdf:statement.totals'), '', statement.totalDebit, statement.totalCredit, null).font = { bold: true };
  const closing = addLine(statement.to, t('pdf:statement.closing'), '', null, null, statement.closingBalance);
  closing.font = { bold: true };
  closing.getCell(6).name = 'ClosingBalance';

  sheet.views = [{ state: 'frozen', ySplit: header.number }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// Sheet names: at most 31 characters, none of : \ / ? * [ ].
function safeSheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1';
}
