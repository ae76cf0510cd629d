import { describe, expect, it } from 'vitest';
import { attachmentDisposition, formatDecimalText, formatPercent, safeFilename } from '../../src/pdf/format.js';
import { documentPdfFilename } from '../../src/pdf/response.js';

describe('numbers that are not money', () => {
  it('writes stored decimals the Greek way, digit for digit', () => {
    expect(formatDecimalText('1234.5', 'el-GR')).toBe('1.234,5');
    expect(formatDecimalText('2.500', 'el-GR')).toBe('2,5');
    expect(formatDecimalText('0.333333', 'el-GR')).toBe('0,333333');
    expect(formatDecimalText('12345678901234567890.1', 'el-GR')).toBe('12.345.678.901.234.567.890,1');
  });

  it('writes them the English way too, and leaves odd text alone', () => {
    expect(formatDecimalText('1234.50', 'en-GB')).toBe('1,234.5');
    expect(formatDecimalText('3', 'en-GB')).toBe('3');
    expect(formatDecimalText('abc', 'en-GB')).toBe('abc');
  });

  it('prints tax rates as percentages', () => {
    expect(formatPercent('24', 'el-GR')).toBe('24%');
    expect(formatPercent('6.5', 'el-GR')).toBe('6,5%');
    expect(formatPercent('13.00', 'en-GB')).toBe('13%');
  });
});

describe('download names', () => {
  it('keeps document numbers and statement names as they are', () => {
    expect(safeFilename('INV-2026-0001.pdf')).toBe('INV-2026-0001.pdf');
    expect(safeFilename('statement-2026-01-01-2026-12-31.xlsx')).toBe('statement-2026-01-01-2026-12-31.xlsx');
  });

  it('cannot be used to break the Content-Disposition header', () => {
    const header = attachmentDisposition('a"b\r\nSet-Cookie: x=1;.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe('attachment; filename="a-b-Set-Cookie-x-1-.pdf"');
    expect(safeFilename('Τιμολόγιο')).toBe('download');
    expect(safeFilename('../../etc/passwd')).toBe('etc-passwd');
  });

  it('names a document PDF by its number, or by kind and id before it has one', () => {
    expect(documentPdfFilename({ id: 7, kind: 'credit_note', number: null })).toBe('credit-note-draft-7.pdf');
    expect(documentPdfFilename({ id: 8, kind: 'invoice', number: 'INV-2026-0012' })).toBe('INV-2026-0012.pdf');
  });
});
