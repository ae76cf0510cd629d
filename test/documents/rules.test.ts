import { describe, expect, it } from 'vitest';
import { validateDraft, type DraftContext, type DraftFields } from '../../src/documents/draft.js';
import { formToFields, readDocumentForm } from '../../src/documents/form.js';
import { displayStatus, documentLabel, documentNumber, estimateStatus } from '../../src/documents/kinds.js';
import { listHref, listRange, parseListQuery } from '../../src/documents/list-query.js';

const ctx: DraftContext = { currency: 'EUR', today: '2026-03-10', paymentTermsDays: 30, estimateValidityDays: 15, defaultTaxRate: '24' };

function fields(extra: Partial<DraftFields> = {}): DraftFields {
  return {
    projectId: null,
    issueDate: null,
    dueDate: null,
    validUntil: null,
    relatedInvoiceId: null,
    notes: null,
    lines: [{ description: 'Work', quantity: '1', unitPrice: 1000, taxRate: '24' }],
    ...extra,
  };
}

describe('document numbers and labels', () => {
  it('numbers documents per kind and year with four digits', () => {
    expect(documentNumber('invoice', 2026, 1)).toBe('INV-2026-0001');
    expect(documentNumber('estimate', 2026, 42)).toBe('EST-2026-0042');
    expect(documentNumber('credit_note', 2027, 12345)).toBe('CN-2027-12345');
  });

  it('calls a draft by its id until it has a number, leaving the words around it to the translation', () => {
    expect(documentLabel({ id: 7, number: null })).toBe('#7');
    expect(documentLabel({ id: 7, number: 'INV-2026-0003' })).toBe('INV-2026-0003');
  });
});

describe('draft rules', () => {
  it('adds up fractional quantities and mixed tax rates, rounding tax per line', () => {
    const result = validateDraft('invoice', fields({
      lines: [
        { description: 'Hours', quantity: '2.5', unitPrice: 4000, taxRate: '24' },
        { description: 'Books', quantity: '3', unitPrice: 1999, taxRate: '6' },
        { description: 'Discount', quantity: 1, unitPrice: -1000, taxRate: 24 },
        { description: 'Tiny', quantity: '0.333', unitPrice: 100, taxRate: '13.5' },
      ],
    }), ctx);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const v = result.value;
    // 2.5 × 40.00 = 100.00 + 24.00 tax; 3 × 19.99 = 59.97 + 3.60; −10.00 − 2.40; 0.333 × 1.00 = 0.33 + 0.04
    expect(v.lines.map((l) => [l.net, l.tax])).toEqual([[10000, 2400], [5997, 360], [-1000, -240], [33, 4]]);
    expect(v.subtotal).toBe(10000 + 5997 - 1000 + 33);
    expect(v.tax).toBe(2400 + 360 - 240 + 4);
    expect(v.total).toBe(v.subtotal + v.tax);
    expect(v.lines[0]).toMatchObject({ quantity: '2.5', taxRate: '24' });
  });

  it('fills in today, the payment terms and the estimate validity', () => {
    const invoice = validateDraft('invoice', fields(), ctx);
    expect(invoice.ok && [invoice.value.issueDate, invoice.value.dueDate, invoice.value.validUntil]).toEqual(['2026-03-10', '2026-04-09', null]);
    const estimate = validateDraft('estimate', fields({ issueDate: '2026-01-01' }), ctx);
    expect(estimate.ok && [estimate.value.dueDate, estimate.value.validUntil]).toEqual([null, '2026-01-16']);
  });

  it('refuses a due date before the issue date and an impossible date', () => {
    const result = validateDraft('invoice', fields({ issueDate: '2026-03-10', dueDate: '2026-03-01' }), ctx);
    expect(!result.ok && result.errors).toEqual({ due_date: 'validation:due_before_issue' });
    const bad = validateDraft('invoice', fields({ issueDate: '2026-02-30' }), ctx);
    expect(!bad.ok && bad.errors).toEqual({ issue_date: 'validation:date' });
  });

  it('says what is wrong with each line, by its path', () => {
    const result = validateDraft('invoice', fields({
      lines: [
        { description: '', quantity: 'two', unitPrice: 'abc', taxRate: '101' },
        { description: 'x'.repeat(501), quantity: '0', unitPrice: 1.5, taxRate: '-1' },
      ],
    }), ctx);
    expect(!result.ok && result.errors).toEqual({
      'lines.0.description': 'validation:required',
      'lines.0.quantity': 'validation:quantity',
      'lines.0.unit_price': 'validation:money',
      'lines.0.tax_rate': 'validation:tax_rate',
      'lines.1.description': 'validation:too_long',
      'lines.1.quantity': 'documents:errors.quantity_zero',
      'lines.1.unit_price': 'validation:money',
      'lines.1.tax_rate': 'validation:tax_rate',
    });
  });

  it('needs at least one line and parses prices typed by people in the currency', () => {
    const none = validateDraft('invoice', fields({ lines: [] }), ctx);
    expect(!none.ok && none.errors).toEqual({ lines: 'validation:lines_required' });
    const typed = validateDraft('invoice', fields({ lines: [{ description: 'A', quantity: '1', unitPrice: '1.234,56', taxRate: null }] }), ctx);
    expect(typed.ok && typed.value.lines[0]).toMatchObject({ unitPrice: 123456, taxRate: '24' });
    const yen = validateDraft('invoice', fields({ lines: [{ description: 'A', quantity: '1', unitPrice: '1,234', taxRate: '10' }] }), { ...ctx, currency: 'JPY' });
    expect(yen.ok && yen.value.total).toBe(1357);
  });

  it('refuses amounts too large to store instead of crashing', () => {
    const result = validateDraft('invoice', fields({ lines: [{ description: 'A', quantity: '999999999999', unitPrice: 10_000_000_000_000, taxRate: '24' }] }), ctx);
    expect(!result.ok && result.errors).toEqual({ 'lines.0.unit_price': 'documents:errors.amount_too_large' });
  });
});

describe('statuses people see', () => {
  const doc = { status: 'issued' as const, total: 10000, due_date: '2026-03-01', valid_until: null, issue_date: '2026-02-01' };

  it('derives paid, partially paid and overdue for invoices', () => {
    expect(displayStatus('invoice', doc, 10000, '2026-03-02')).toEqual({ status: 'issued', overdue: true });
    expect(displayStatus('invoice', doc, 4000, '2026-03-01')).toEqual({ status: 'partially_paid', overdue: false });
    expect(displayStatus('invoice', doc, 0, '2026-04-01')).toEqual({ status: 'paid', overdue: false });
    expect(displayStatus('invoice', { ...doc, status: 'void' }, 10000, '2026-04-01')).toEqual({ status: 'void', overdue: false });
  });

  it('expires a sent estimate the day after it stops being valid', () => {
    expect(estimateStatus('sent', '2026-03-10', '2026-03-10')).toBe('sent');
    expect(estimateStatus('sent', '2026-03-10', '2026-03-11')).toBe('expired');
    expect(estimateStatus('accepted', '2026-03-10', '2026-03-11')).toBe('accepted');
  });
});

describe('the document form', () => {
  it('drops blank rows but keeps errors on the row that was typed', () => {
    const values = readDocumentForm({
      client_id: '3',
      'lines.0.description': '',
      'lines.0.quantity': '',
      'lines.0.unit_price': '',
      'lines.0.tax_rate': '24',
      'lines.1.description': 'Hours',
      'lines.1.quantity': '1,5',
      'lines.1.unit_price': '1.234,56',
      'lines.1.tax_rate': '13,5 %',
      'lines.2.description': 'Visit',
      'lines.2.quantity': '',
      'lines.2.unit_price': '50',
      'lines.2.tax_rate': '',
      'lines.99999.description': 'ignored: not a row the editor makes',
    });
    expect(values.lines).toHaveLength(3);
    const f = formToFields(values);
    expect(f.lines).toEqual([
      { description: 'Hours', quantity: '1.5', unitPrice: '1.234,56', taxRate: '13.5', row: 1 },
      { description: 'Visit', quantity: '1', unitPrice: '50', taxRate: '', row: 2 },
    ]);
    const result = validateDraft('invoice', { ...f, lines: [{ ...f.lines[0]!, unitPrice: 'x' }] }, ctx);
    expect(!result.ok && result.errors).toEqual({ 'lines.1.unit_price': 'validation:money' });
  });
});

describe('list state in the query string', () => {
  it('drops unknown filters, prefers a named period and builds links back', () => {
    const raw: Record<string, string> = { status: 'bogus', q: ' acme ', period: 'this_month', from: '2026-13-01', page: '2' };
    const q = parseListQuery('invoice', (n) => raw[n]);
    expect(q).toEqual({ status: '', q: 'acme', period: 'this_month', from: '', to: '', page: 2 });
    expect(listRange(q, '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(listHref('/invoices', q, { page: 3 })).toBe('/invoices?q=acme&period=this_month&page=3');
    expect(parseListQuery('estimate', (n) => ({ status: 'expired' })[n]).status).toBe('expired');
    expect(parseListQuery('credit_note', (n) => ({ status: 'paid' })[n]).status).toBe('');
  });
});
