import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellAmount, currencyNumberFormat, renderStatementXlsx, safeCellText } from '../../src/export/xlsx.js';
import { buildStatement } from '../../src/ledger/ledger.js';
import { periodQuery, statementFilename } from '../../src/portal/statement-routes.js';
import { uiFor } from '../../src/web/ui.js';

describe('spreadsheet cells', () => {
  it('prefixes text that a spreadsheet would read as a formula', () => {
    expect(safeCellText('=HYPERLINK("http://evil","x")')).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(safeCellText('+1+1')).toBe("'+1+1");
    expect(safeCellText('-2+3')).toBe("'-2+3");
    expect(safeCellText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeCellText('\t=1')).toBe("'\t=1");
    expect(safeCellText('INV-2026-0001')).toBe('INV-2026-0001');
    expect(safeCellText('Παπαδόπουλος = φίλος')).toBe('Παπαδόπουλος = φίλος');
  });

  it('turns minor units into exact cell numbers for currencies with 0, 2 and 3 decimals', () => {
    expect(cellAmount(123456, 'EUR')).toBe(1234.56);
    expect(cellAmount(-5, 'EUR')).toBe(-0.05);
    expect(cellAmount(1500, 'JPY')).toBe(1500);
    expect(cellAmount(1234, 'BHD')).toBe(1.234);
  });

  it('formats amounts with the currency’s symbol and decimals', () => {
    expect(currencyNumberFormat('EUR', 'el-GR')).toBe('#,##0.00 "€";-#,##0.00 "€"');
    expect(currencyNumberFormat('JPY', 'en-GB')).toMatch(/^#,##0 "/);
    expect(currencyNumberFormat('BHD', 'en-GB')).toMatch(/^#,##0\.000 /);
  });
});

describe('statement download names and links', () => {
  it('names the file after the period', () => {
    expect(statementFilename('2026-01-01', '2026-12-31', '2026-06-01', 'xlsx')).toBe('statement-2026-01-01-2026-12-31.xlsx');
    expect(statementFilename(null, null, '2026-06-01', 'pdf')).toBe('statement-start-2026-06-01.pdf');
  });

  it('links exports to the same period', () => {
    expect(periodQuery({ period: 'last_year', from: '2025-01-01', to: '2025-12-31' })).toBe('period=last_year');
    expect(periodQuery({ period: 'custom', from: '2026-01-01', to: null })).toBe('period=custom&from=2026-01-01');
  });
});

describe('statement workbook', () => {
  it('writes an empty period with its opening and closing rows', async () => {
    const statement = buildStatement([{ id: 1, date: '2025-05-01', type: 'invoice', reference: 'INV-2025-0001', amount: 10000 }], '2026-01-01', '2026-12-31');
    const bytes = await renderStatementXlsx({ firmName: 'Firm', clientName: 'Client', currency: 'EUR', periodLabel: '2026', statement }, uiFor('el'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(bytes).buffer);
    const sheet = wb.worksheets[0]!;
    const labels: unknown[] = [];
    sheet.eachRow((row) => labels.push(row.getCell(2).value));
    expect(labels).toContain('Υπόλοιπο έναρξης');
    expect(labels).toContain('Υπόλοιπο λήξης');
    expect(sheet.getCell('A1').value).toBe('Firm');
    const closing = sheet.getRow(sheet.rowCount);
    expect(closing.getCell(6).value).toBe(100);
  });
});
