import { describe, expect, it } from 'vitest';
import {
  addDays,
  allocateOldestFirst,
  buildStatement,
  clientPosition,
  invoiceBalance,
  invoicePaymentStatus,
  isIsoDate,
  isOverdue,
  periodRange,
  sortOldestDueFirst,
  validateAllocations,
  type OpenInvoice,
  type StatementEntry,
} from '../../src/ledger/ledger.js';

let nextId = 1;
const invoice = (over: Partial<OpenInvoice> = {}): OpenInvoice => {
  const id = over.id ?? nextId++;
  return { id, number: `INV-${id}`, issueDate: '2026-01-01', dueDate: '2026-01-31', balance: 10000, ...over };
};

const entry = (date: string, type: StatementEntry['type'], amount: number, id: number): StatementEntry => ({
  date,
  type,
  amount,
  id,
  reference: `${type}-${id}`,
});

describe('invoice balance and status', () => {
  it('subtracts payments and credit from the total', () => {
    expect(invoiceBalance(12400, 4000, 1000)).toBe(7400);
    expect(invoiceBalance(12400, 12400, 0)).toBe(0);
  });

  it('keeps draft and void as they are, whatever the balance', () => {
    expect(invoicePaymentStatus('draft', 10000, 10000)).toBe('draft');
    expect(invoicePaymentStatus('draft', 10000, 0)).toBe('draft');
    expect(invoicePaymentStatus('void', 10000, 0)).toBe('void');
    expect(invoicePaymentStatus('void', 10000, 10000)).toBe('void');
  });

  it('shows an issued invoice as issued, partially paid or paid by its balance', () => {
    expect(invoicePaymentStatus('issued', 10000, 10000)).toBe('issued');
    expect(invoicePaymentStatus('issued', 10000, 1)).toBe('partially_paid');
    expect(invoicePaymentStatus('issued', 10000, 9999)).toBe('partially_paid');
    expect(invoicePaymentStatus('issued', 10000, 0)).toBe('paid');
  });

  it('treats an issued invoice for nothing as paid', () => {
    expect(invoicePaymentStatus('issued', 0, 0)).toBe('paid');
  });
});

describe('isOverdue', () => {
  const today = '2026-03-15';

  it('flags unpaid issued invoices due before today', () => {
    expect(isOverdue({ status: 'issued', dueDate: '2026-03-14', balance: 100 }, today)).toBe(true);
    expect(isOverdue({ status: 'partially_paid', dueDate: '2025-12-31', balance: 1 }, today)).toBe(true);
  });

  it('does not flag an invoice due today or later', () => {
    expect(isOverdue({ status: 'issued', dueDate: '2026-03-15', balance: 100 }, today)).toBe(false);
    expect(isOverdue({ status: 'issued', dueDate: '2026-04-01', balance: 100 }, today)).toBe(false);
  });

  it('does not flag paid, draft or void invoices, or ones with nothing left to pay', () => {
    expect(isOverdue({ status: 'paid', dueDate: '2026-01-01', balance: 0 }, today)).toBe(false);
    expect(isOverdue({ status: 'draft', dueDate: '2026-01-01', balance: 100 }, today)).toBe(false);
    expect(isOverdue({ status: 'void', dueDate: '2026-01-01', balance: 100 }, today)).toBe(false);
    expect(isOverdue({ status: 'issued', dueDate: '2026-01-01', balance: 0 }, today)).toBe(false);
  });
});

describe('clientPosition', () => {
  it('sums what is owed, the overdue part, and reports credit separately', () => {
    const position = clientPosition(
      {
        invoices: [
          { dueDate: '2026-02-01', balance: 5000 },
          { dueDate: '2026-03-14', balance: 2500 },
          { dueDate: '2026-03-15', balance: 1000 },
          { dueDate: '2026-04-30', balance: 700 },
        ],
        unappliedCredit: 3000,
      },
      '2026-03-15',
    );
    expect(position).toEqual({ amountDue: 9200, overdue: 7500, credit: 3000 });
  });

  it('ignores settled balances rather than letting them offset debts', () => {
    const position = clientPosition(
      { invoices: [{ dueDate: '2026-01-01', balance: 0 }, { dueDate: '2026-01-01', balance: -200 }, { dueDate: '2026-01-01', balance: 300 }], unappliedCredit: 0 },
      '2026-03-15',
    );
    expect(position).toEqual({ amountDue: 300, overdue: 300, credit: 0 });
  });

  it('is all zero for a client with no open invoices', () => {
    expect(clientPosition({ invoices: [], unappliedCredit: 0 }, '2026-03-15')).toEqual({ amountDue: 0, overdue: 0, credit: 0 });
  });
});

describe('sortOldestDueFirst', () => {
  it('orders by due date, then issue date, then number, then id, without changing its input', () => {
    const a = invoice({ id: 1, number: 'INV-10', dueDate: '2026-02-01', issueDate: '2026-01-01' });
    const b = invoice({ id: 2, number: 'INV-9', dueDate: '2026-02-01', issueDate: '2026-01-01' });
    const c = invoice({ id: 3, number: 'INV-1', dueDate: '2026-02-01', issueDate: '2026-01-02' });
    const d = invoice({ id: 4, number: 'INV-99', dueDate: '2026-01-15', issueDate: '2026-01-10' });
    const e = invoice({ id: 5, number: null, dueDate: '2026-02-01', issueDate: '2026-01-01' });
    const f = invoice({ id: 6, number: 'INV-9', dueDate: '2026-02-01', issueDate: '2026-01-01' });
    const input = [a, b, c, d, e, f];
    const sorted = sortOldestDueFirst(input);
    expect(sorted.map((i) => i.id)).toEqual([4, 2, 6, 1, 5, 3]);
    expect(input.map((i) => i.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sorted).not.toBe(input);
  });
});

describe('allocateOldestFirst', () => {
  it('pays the oldest due invoice first', () => {
    const older = invoice({ id: 1, dueDate: '2026-01-31', balance: 3000 });
    const newer = invoice({ id: 2, dueDate: '2026-02-28', balance: 5000 });
    expect(allocateOldestFirst(4000, [newer, older])).toEqual({
      allocations: [
        { invoiceId: 1, amount: 3000 },
        { invoiceId: 2, amount: 1000 },
      ],
      rest: 0,
    });
  });

  it('breaks due-date ties by issue date, then by invoice number', () => {
    const laterIssue = invoice({ id: 1, number: 'INV-1', issueDate: '2026-01-05', balance: 1000 });
    const higherNumber = invoice({ id: 2, number: 'INV-3', issueDate: '2026-01-01', balance: 1000 });
    const lowerNumber = invoice({ id: 3, number: 'INV-2', issueDate: '2026-01-01', balance: 1000 });
    const { allocations } = allocateOldestFirst(2500, [laterIssue, higherNumber, lowerNumber]);
    expect(allocations).toEqual([
      { invoiceId: 3, amount: 1000 },
      { invoiceId: 2, amount: 1000 },
      { invoiceId: 1, amount: 500 },
    ]);
  });

  it('leaves an overpayment as the rest, to become client credit', () => {
    const result = allocateOldestFirst(10000, [invoice({ id: 1, balance: 3000 }), invoice({ id: 2, balance: 2000 })]);
    expect(result.allocations).toEqual([
      { invoiceId: 1, amount: 3000 },
      { invoiceId: 2, amount: 2000 },
    ]);
    expect(result.rest).toBe(5000);
  });

  it('skips invoices with nothing left to pay', () => {
    const result = allocateOldestFirst(1000, [
      invoice({ id: 1, dueDate: '2025-01-01', balance: 0 }),
      invoice({ id: 2, dueDate: '2025-02-01', balance: -50 }),
      invoice({ id: 3, dueDate: '2025-03-01', balance: 400 }),
    ]);
    expect(result).toEqual({ allocations: [{ invoiceId: 3, amount: 400 }], rest: 600 });
  });

  it('allocates nothing for a zero payment or when nothing is open', () => {
    expect(allocateOldestFirst(0, [invoice()])).toEqual({ allocations: [], rest: 0 });
    expect(allocateOldestFirst(700, [])).toEqual({ allocations: [], rest: 700 });
  });

  it('refuses a negative or fractional amount', () => {
    expect(() => allocateOldestFirst(-1, [invoice()])).toThrow(RangeError);
    expect(() => allocateOldestFirst(1.5, [invoice()])).toThrow(RangeError);
  });
});

describe('validateAllocations', () => {
  const balances = new Map([
    [1, 3000],
    [2, 5000],
  ]);

  it('accepts allocations within balances and the payment', () => {
    expect(validateAllocations(8000, [{ invoiceId: 1, amount: 3000 }, { invoiceId: 2, amount: 5000 }], balances)).toEqual({ ok: true });
    expect(validateAllocations(9000, [{ invoiceId: 2, amount: 100 }], balances)).toEqual({ ok: true });
    expect(validateAllocations(0, [], balances)).toEqual({ ok: true });
  });

  it('rejects zero, negative and fractional parts', () => {
    expect(validateAllocations(8000, [{ invoiceId: 1, amount: 0 }], balances)).toEqual({ ok: false, error: 'NonPositive', invoiceId: 1 });
    expect(validateAllocations(8000, [{ invoiceId: 1, amount: -5 }], balances)).toEqual({ ok: false, error: 'NonPositive', invoiceId: 1 });
    expect(validateAllocations(8000, [{ invoiceId: 2, amount: 0.5 }], balances)).toEqual({ ok: false, error: 'NonPositive', invoiceId: 2 });
  });

  it('rejects an invoice it does not know', () => {
    expect(validateAllocations(8000, [{ invoiceId: 99, amount: 10 }], balances)).toEqual({ ok: false, error: 'UnknownInvoice', invoiceId: 99 });
  });

  it('rejects paying more than an invoice owes', () => {
    expect(validateAllocations(8000, [{ invoiceId: 1, amount: 3001 }], balances)).toEqual({ ok: false, error: 'ExceedsBalance', invoiceId: 1 });
  });

  it('rejects the same invoice twice', () => {
    const twice = [
      { invoiceId: 2, amount: 100 },
      { invoiceId: 2, amount: 100 },
    ];
    expect(validateAllocations(8000, twice, balances)).toEqual({ ok: false, error: 'Duplicate', invoiceId: 2 });
  });

  it('rejects allocating more than the payment', () => {
    expect(validateAllocations(7999, [{ invoiceId: 1, amount: 3000 }, { invoiceId: 2, amount: 5000 }], balances)).toEqual({
      ok: false,
      error: 'ExceedsPayment',
    });
  });

  it('accepts what allocateOldestFirst produces', () => {
    const open = [invoice({ id: 1, balance: 3000 }), invoice({ id: 2, balance: 5000 })];
    const { allocations } = allocateOldestFirst(6000, open);
    expect(validateAllocations(6000, allocations, balances)).toEqual({ ok: true });
  });
});

describe('buildStatement', () => {
  const entries = [
    entry('2026-01-10', 'invoice', 10000, 1),
    entry('2026-01-20', 'payment', 4000, 1),
    entry('2026-02-05', 'invoice', 5000, 2),
    entry('2026-02-05', 'payment', 6000, 2),
    entry('2026-02-10', 'credit_note', 1000, 1),
    entry('2026-02-28', 'refund', 500, 1),
    entry('2026-03-02', 'invoice', 2000, 3),
  ];

  it('lists every entry with a running balance when the period is open-ended', () => {
    const statement = buildStatement(entries, null, null);
    expect(statement.openingBalance).toBe(0);
    expect(statement.lines.map((l) => [l.date, l.type, l.debit, l.credit, l.balance])).toEqual([
      ['2026-01-10', 'invoice', 10000, 0, 10000],
      ['2026-01-20', 'payment', 0, 4000, 6000],
      ['2026-02-05', 'invoice', 5000, 0, 11000],
      ['2026-02-05', 'payment', 0, 6000, 5000],
      ['2026-02-10', 'credit_note', 0, 1000, 4000],
      ['2026-02-28', 'refund', 500, 0, 4500],
      ['2026-03-02', 'invoice', 2000, 0, 6500],
    ]);
    expect(statement.totalDebit).toBe(17500);
    expect(statement.totalCredit).toBe(11000);
    expect(statement.closingBalance).toBe(6500);
  });

  it('folds earlier entries into the opening balance and ignores later ones', () => {
    const statement = buildStatement(entries, '2026-02-01', '2026-02-28');
    expect(statement.from).toBe('2026-02-01');
    expect(statement.to).toBe('2026-02-28');
    expect(statement.openingBalance).toBe(6000);
    expect(statement.lines.map((l) => l.reference)).toEqual(['invoice-2', 'payment-2', 'credit_note-1', 'refund-1']);
    expect(statement.totalDebit).toBe(5500);
    expect(statement.totalCredit).toBe(7000);
    expect(statement.closingBalance).toBe(4500);
    expect(statement.lines.at(-1)?.balance).toBe(4500);
  });

  it('includes entries dated exactly on both bounds', () => {
    const statement = buildStatement(entries, '2026-01-20', '2026-02-05');
    expect(statement.lines.map((l) => l.reference)).toEqual(['payment-1', 'invoice-2', 'payment-2']);
    expect(statement.openingBalance).toBe(10000);
  });

  it('puts debits before credits on the same day, whatever the input order', () => {
    const sameDay = [
      entry('2026-05-01', 'payment', 1000, 1),
      entry('2026-05-01', 'credit_note', 200, 2),
      entry('2026-05-01', 'invoice', 1000, 3),
      entry('2026-05-01', 'refund', 50, 4),
    ];
    const statement = buildStatement(sameDay, null, null);
    expect(statement.lines.map((l) => l.type)).toEqual(['invoice', 'refund', 'payment', 'credit_note']);
    expect(statement.lines.map((l) => l.balance)).toEqual([1000, 1050, 50, -150]);
  });

  it('shows credit the firm holds as a negative closing balance', () => {
    const statement = buildStatement([entry('2026-01-01', 'invoice', 1000, 1), entry('2026-01-02', 'payment', 1500, 1)], null, null);
    expect(statement.closingBalance).toBe(-500);
  });

  it('carries the opening balance into an empty period', () => {
    const statement = buildStatement(entries, '2026-04-01', '2026-04-30');
    expect(statement.lines).toEqual([]);
    expect(statement.openingBalance).toBe(6500);
    expect(statement.closingBalance).toBe(6500);
  });
});

describe('periodRange', () => {
  it('gives the calendar month and the previous one', () => {
    expect(periodRange('this_month', '2026-03-15')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(periodRange('this_month', '2026-04-30')).toEqual({ from: '2026-04-01', to: '2026-04-30' });
    expect(periodRange('last_month', '2026-03-15')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodRange('last_month', '2026-01-01')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('knows February in leap years', () => {
    expect(periodRange('this_month', '2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodRange('last_month', '2028-03-01')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodRange('this_month', '2100-02-01')).toEqual({ from: '2100-02-01', to: '2100-02-28' });
    expect(periodRange('this_month', '2000-02-01')).toEqual({ from: '2000-02-01', to: '2000-02-29' });
  });

  it('gives the calendar quarter, including on its first and last days', () => {
    expect(periodRange('this_quarter', '2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodRange('this_quarter', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodRange('this_quarter', '2026-04-01')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(periodRange('this_quarter', '2026-08-15')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(periodRange('this_quarter', '2026-09-30')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(periodRange('this_quarter', '2026-12-31')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });

  it('gives this year and last year', () => {
    expect(periodRange('this_year', '2026-06-15')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodRange('last_year', '2026-01-01')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('leaves "all" open on both ends', () => {
    expect(periodRange('all', '2026-06-15')).toEqual({ from: null, to: null });
  });

  it('refuses a today that is not a date', () => {
    expect(() => periodRange('this_month', '2026-02-30')).toThrow(RangeError);
  });
});

describe('dates', () => {
  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-00-10')).toBe(false);
    expect(isIsoDate('2026-01-00')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('2026-01-01T00:00:00Z')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });

  it('adds and subtracts days across months, years and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-15', 30)).toBe('2026-02-14');
    expect(addDays('2026-01-15', 0)).toBe('2026-01-15');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(addDays('1969-12-31', 1)).toBe('1970-01-01');
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
  });

  it('refuses bad dates and fractional days', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-02-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });
});
