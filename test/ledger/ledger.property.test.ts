import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  allocateOldestFirst,
  buildStatement,
  clientPosition,
  isDebit,
  isIsoDate,
  sortOldestDueFirst,
  validateAllocations,
  type OpenInvoice,
  type StatementEntry,
} from '../../src/ledger/ledger.js';

const RUNS = { numRuns: 200 };

// Dates over two years, starting in a leap year, with plenty of same-day collisions.
const dateArb = fc.integer({ min: 0, max: 730 }).map((n) => addDays('2024-01-01', n));

const openInvoicesArb = fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 1, max: 10_000 }),
    number: fc.option(fc.integer({ min: 1, max: 30 }).map((n) => `INV-${n}`), { nil: null }),
    issueDate: dateArb,
    dueDate: dateArb,
    balance: fc.integer({ min: -1_000, max: 1_000_000 }),
  }),
  { selector: (invoice) => invoice.id, maxLength: 15 },
);

const entryArb = fc.record({
  date: dateArb,
  type: fc.constantFrom('invoice' as const, 'payment' as const, 'credit_note' as const, 'refund' as const),
  reference: fc.string({ maxLength: 8 }),
  amount: fc.integer({ min: 0, max: 10_000_000 }),
  id: fc.integer({ min: 1, max: 50 }),
});

const boundArb = fc.option(dateArb, { nil: null });

const signed = (e: StatementEntry): number => (isDebit(e.type) ? e.amount : -e.amount);

describe('allocateOldestFirst, for any open invoices and payment', () => {
  it('hands out exactly the payment: allocations plus rest make the amount, none beyond a balance', () => {
    fc.assert(
      fc.property(openInvoicesArb, fc.integer({ min: 0, max: 20_000_000 }), (invoices, amount) => {
        const { allocations, rest } = allocateOldestFirst(amount, invoices);
        const allocated = allocations.reduce((sum, a) => sum + a.amount, 0);
        expect(allocated).toBeLessThanOrEqual(amount);
        expect(allocated + rest).toBe(amount);
        expect(rest).toBeGreaterThanOrEqual(0);
        const byId = new Map(invoices.map((i) => [i.id, i]));
        expect(new Set(allocations.map((a) => a.invoiceId)).size).toBe(allocations.length);
        for (const allocation of allocations) {
          const invoice = byId.get(allocation.invoiceId);
          expect(invoice).toBeDefined();
          expect(allocation.amount).toBeGreaterThan(0);
          expect(allocation.amount).toBeLessThanOrEqual(invoice?.balance ?? 0);
        }
      }),
      RUNS,
    );
  });

  it('never pays a later invoice while an earlier one still has a balance', () => {
    fc.assert(
      fc.property(openInvoicesArb, fc.integer({ min: 0, max: 5_000_000 }), (invoices, amount) => {
        const { allocations, rest } = allocateOldestFirst(amount, invoices);
        const paid = new Map(allocations.map((a) => [a.invoiceId, a.amount]));
        const order = sortOldestDueFirst(invoices);
        // Allocations come out in the order money was applied.
        const positions = allocations.map((a) => order.findIndex((i) => i.id === a.invoiceId));
        expect(positions).toEqual([...positions].sort((x, y) => x - y));
        order.forEach((invoice, index) => {
          if (invoice.balance <= 0) return;
          const left = invoice.balance - (paid.get(invoice.id) ?? 0);
          const laterGotMoney = order.slice(index + 1).some((later) => paid.has(later.id));
          if (laterGotMoney || rest > 0) expect(left).toBe(0);
        });
      }),
      RUNS,
    );
  });

  it('produces allocations that validateAllocations accepts', () => {
    fc.assert(
      fc.property(openInvoicesArb, fc.integer({ min: 0, max: 5_000_000 }), (invoices, amount) => {
        const { allocations } = allocateOldestFirst(amount, invoices);
        const balances = new Map(invoices.map((i) => [i.id, i.balance]));
        expect(validateAllocations(amount, allocations, balances)).toEqual({ ok: true });
      }),
      RUNS,
    );
  });

  it('settles the whole amount due exactly when paid in full', () => {
    fc.assert(
      fc.property(openInvoicesArb, dateArb, (invoices, today) => {
        const { amountDue } = clientPosition({ invoices, unappliedCredit: 0 }, today);
        const { allocations, rest } = allocateOldestFirst(amountDue, invoices);
        expect(rest).toBe(0);
        const positive = invoices.filter((i) => i.balance > 0);
        expect(allocations).toHaveLength(positive.length);
        for (const a of allocations) expect(a.amount).toBe(invoices.find((i) => i.id === a.invoiceId)?.balance);
      }),
      RUNS,
    );
  });
});

describe('sortOldestDueFirst, for any invoices', () => {
  it('returns the same invoices in non-decreasing due-date order, whatever the input order', () => {
    fc.assert(
      fc.property(openInvoicesArb, (invoices: OpenInvoice[]) => {
        const sorted = sortOldestDueFirst(invoices);
        expect([...sorted].sort((a, b) => a.id - b.id)).toEqual([...invoices].sort((a, b) => a.id - b.id));
        for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1]!.dueDate <= sorted[i]!.dueDate).toBe(true);
        expect(sortOldestDueFirst([...invoices].reverse())).toEqual(sorted);
      }),
      RUNS,
    );
  });
});

describe('buildStatement, for any entries and period', () => {
  it('closes at opening + debits − credits, and the last line shows the closing balance', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), boundArb, boundArb, (entries, from, to) => {
        const statement = buildStatement(entries, from, to);
        expect(statement.closingBalance).toBe(statement.openingBalance + statement.totalDebit - statement.totalCredit);
        expect(statement.lines.at(-1)?.balance ?? statement.openingBalance).toBe(statement.closingBalance);
        expect(statement.totalDebit).toBe(statement.lines.reduce((s, l) => s + l.debit, 0));
        expect(statement.totalCredit).toBe(statement.lines.reduce((s, l) => s + l.credit, 0));
        const before = entries.filter((e) => from !== null && e.date < from);
        expect(statement.openingBalance).toBe(before.reduce((s, e) => s + signed(e), 0));
        for (const line of statement.lines) {
          expect(from === null || line.date >= from).toBe(true);
          expect(to === null || line.date <= to).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('orders lines by date, debits before credits on a day, then id', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), (entries) => {
        const { lines } = buildStatement(entries, null, null);
        expect(lines).toHaveLength(entries.length);
        for (let i = 1; i < lines.length; i++) {
          const prev = lines[i - 1]!;
          const line = lines[i]!;
          const key = (l: typeof line): [string, number, number] => [l.date, isDebit(l.type) ? 0 : 1, l.id];
          const [d1, s1, id1] = key(prev);
          const [d2, s2, id2] = key(line);
          expect(d1 < d2 || (d1 === d2 && (s1 < s2 || (s1 === s2 && id1 <= id2)))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('splits the whole history at any date into two statements that join up', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), dateArb, (entries, split) => {
        const whole = buildStatement(entries, null, null);
        const first = buildStatement(entries, null, split);
        const second = buildStatement(entries, addDays(split, 1), null);
        expect(first.closingBalance).toBe(second.openingBalance);
        expect(second.closingBalance).toBe(whole.closingBalance);
        expect([...first.lines, ...second.lines]).toEqual(whole.lines);
      }),
      RUNS,
    );
  });

  it('splits a bounded period at any date inside it into two statements that join up', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), fc.uniqueArray(dateArb, { minLength: 3, maxLength: 3 }), (entries, dates) => {
        const [from, split, to] = [...dates].sort() as [string, string, string];
        const whole = buildStatement(entries, from, to);
        const first = buildStatement(entries, from, split);
        const second = buildStatement(entries, addDays(split, 1), to);
        expect(first.openingBalance).toBe(whole.openingBalance);
        expect(first.closingBalance).toBe(second.openingBalance);
        expect(second.closingBalance).toBe(whole.closingBalance);
        expect([...first.lines, ...second.lines]).toEqual(whole.lines);
      }),
      RUNS,
    );
  });
});

describe('addDays, for any date and offset', () => {
  it('gives a real date that steps back to where it started', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: -1_000_000, max: 1_000_000 }), (start, offset) => {
        // Kept inside years 0000–9999, the range addDays supports.
        const date = addDays('3000-01-01', start);
        expect(isIsoDate(date)).toBe(true);
        const moved = addDays(date, offset);
        expect(isIsoDate(moved)).toBe(true);
        expect(addDays(moved, -offset)).toBe(date);
        expect(offset > 0 ? moved > date : offset < 0 ? moved < date : moved === date).toBe(true);
      }),
      RUNS,
    );
  });

  it('agrees with the JavaScript UTC calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 2_000_000 }), (days) => {
        expect(addDays('1970-01-01', days)).toBe(new Date(days * 86_400_000).toISOString().slice(0, 10));
      }),
      RUNS,
    );
  });
});
