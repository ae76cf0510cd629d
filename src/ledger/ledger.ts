// Balances, statuses, allocations and statements, derived from ledger rows. Pure: the
// queries feed plain data in. Dates are 'YYYY-MM-DD' strings, which order correctly as strings.

import type { Minor } from '../money/money.js';

/** An issued invoice with money still owed, as allocation needs it. */
export interface OpenInvoice {
  id: number;
  number: string | null;
  issueDate: string;
  dueDate: string;
  balance: Minor;
}

/** Part of a payment applied to one invoice. */
export interface Allocation {
  invoiceId: number;
  amount: Minor;
}

/** What staff did to an invoice: the stored lifecycle, before payments are taken into account. */
export type InvoiceLifecycle = 'draft' | 'issued' | 'void';

/** The status people see: the lifecycle refined by what has been paid. */
export type InvoiceStatus = 'draft' | 'issued' | 'partially_paid' | 'paid' | 'void';

/** What an invoice still owes: total − allocated payments − applied credit (exact; callers keep it from going negative). */
export function invoiceBalance(total: Minor, allocated: Minor, credited: Minor): Minor {
  return total - allocated - credited;
}

/** The status shown for an invoice: issued ones become partially_paid or paid as their balance falls (a 0-total one is paid). */
export function invoicePaymentStatus(lifecycle: InvoiceLifecycle, total: Minor, balance: Minor): InvoiceStatus {
  if (lifecycle !== 'issued') return lifecycle;
  if (balance <= 0) return 'paid';
  if (balance < total) return 'partially_paid';
  return 'issued';
}

/** True when an unpaid, issued invoice's due date is before today (due today is not yet overdue). */
export function isOverdue(inv: { status: InvoiceStatus; dueDate: string; balance: Minor }, today: string): boolean {
  return (inv.status === 'issued' || inv.status === 'partially_paid') && inv.balance > 0 && inv.dueDate < today;
}

/** A client's standing: what it owes, the part of that past due, and the credit the firm holds for it. */
export interface ClientPosition {
  amountDue: Minor;
  overdue: Minor;
  credit: Minor;
}

/** A client's position from its open invoices and unapplied credit (unapplied credit notes + unallocated payments). */
export function clientPosition(
  input: { invoices: ReadonlyArray<{ dueDate: string; balance: Minor }>; unappliedCredit: Minor },
  today: string,
): ClientPosition {
  let amountDue = 0;
  let overdue = 0;
  for (const invoice of input.invoices) {
    // A non-positive balance owes nothing; it must not offset what other invoices owe.
    if (invoice.balance <= 0) continue;
    amountDue += invoice.balance;
    if (invoice.dueDate < today) overdue += invoice.balance;
  }
  return { amountDue, overdue, credit: input.unappliedCredit };
}

// Numeric collation so "INV-9" comes before "INV-10", as a person reads them.
const numberCollator = new Intl.Collator('en', { numeric: true });

function compareInvoiceNumbers(a: string | null, b: string | null): number {
  if (a === b) return 0;
  // Unnumbered (draft-like) invoices go last: they were never sent, so they are the least due.
  if (a === null) return 1;
  if (b === null) return -1;
  const collated = numberCollator.compare(a, b);
  if (collated !== 0) return collated;
  return a < b ? -1 : 1;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Invoices in the order money is applied: due date, then issue date, then number (unnumbered last), then id. Returns a new array. */
export function sortOldestDueFirst(invoices: readonly OpenInvoice[]): OpenInvoice[] {
  return [...invoices].sort(
    (a, b) =>
      compareStrings(a.dueDate, b.dueDate) ||
      compareStrings(a.issueDate, b.issueDate) ||
      compareInvoiceNumbers(a.number, b.number) ||
      a.id - b.id,
  );
}

/** Splits a payment across invoices oldest-due first, never beyond a balance; rest is what is left over (client credit). */
export function allocateOldestFirst(
  amount: Minor,
  invoices: readonly OpenInvoice[],
): { allocations: Allocation[]; rest: Minor } {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError('allocateOldestFirst: amount must be a non-negative integer');
  }
  const allocations: Allocation[] = [];
  let rest = amount;
  for (const invoice of sortOldestDueFirst(invoices)) {
    if (rest === 0) break;
    if (invoice.balance <= 0) continue;
    const applied = Math.min(rest, invoice.balance);
    allocations.push({ invoiceId: invoice.id, amount: applied });
    rest -= applied;
  }
  return { allocations, rest };
}

/** Why a hand-made allocation of a payment is refused. */
export type AllocationError = 'UnknownInvoice' | 'ExceedsBalance' | 'ExceedsPayment' | 'NonPositive' | 'Duplicate';

/** Checks allocations chosen by a person against a payment and the invoices' current balances. */
export function validateAllocations(
  amount: Minor,
  allocations: readonly Allocation[],
  balances: ReadonlyMap<number, Minor>,
): { ok: true } | { ok: false; error: AllocationError; invoiceId?: number } {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    // The payment amount is validated before its allocations; a bad one here is a bug.
    throw new RangeError('validateAllocations: amount must be a non-negative integer');
  }
  const seen = new Set<number>();
  let sum = 0;
  for (const { invoiceId, amount: part } of allocations) {
    if (!Number.isSafeInteger(part) || part <= 0) return { ok: false, error: 'NonPositive', invoiceId };
    const balance = balances.get(invoiceId);
    if (balance === undefined) return { ok: false, error: 'UnknownInvoice', invoiceId };
    if (seen.has(invoiceId)) return { ok: false, error: 'Duplicate', invoiceId };
    seen.add(invoiceId);
    if (part > balance) return { ok: false, error: 'ExceedsBalance', invoiceId };
    sum += part;
  }
  if (sum > amount) return { ok: false, error: 'ExceedsPayment' };
  return { ok: true };
}

/** Kinds of ledger rows that appear on a client statement. */
export type StatementEntryType = 'invoice' | 'payment' | 'credit_note' | 'refund';

/** One ledger row for a statement; amount is positive, its direction comes from the type. */
export interface StatementEntry {
  date: string;
  type: StatementEntryType;
  reference: string;
  amount: Minor;
  id: number;
}

/** One printed statement line with the running balance after it. */
export interface StatementLine {
  date: string;
  type: StatementEntryType;
  reference: string;
  debit: Minor;
  credit: Minor;
  balance: Minor;
  id: number;
}

/** A statement of account for a period; positive balances mean the client owes the firm, negative that the firm holds credit. */
export interface Statement {
  from: string | null;
  to: string | null;
  openingBalance: Minor;
  lines: StatementLine[];
  totalDebit: Minor;
  totalCredit: Minor;
  closingBalance: Minor;
}

/** True for entry types that raise what the client owes (invoices, and refunds of money the firm held). */
export function isDebit(type: StatementEntryType): boolean {
  return type === 'invoice' || type === 'refund';
}

// Fixed order for rows that tie on date, side and id (ids come from different tables and may collide).
const typeOrder: Record<StatementEntryType, number> = { invoice: 0, refund: 1, payment: 2, credit_note: 3 };

/** Builds a statement: earlier entries fold into the opening balance, later ones are left out; null bounds are open. */
export function buildStatement(entries: readonly StatementEntry[], from: string | null, to: string | null): Statement {
  let openingBalance = 0;
  const inPeriod: StatementEntry[] = [];
  for (const entry of entries) {
    if (from !== null && entry.date < from) {
      openingBalance += isDebit(entry.type) ? entry.amount : -entry.amount;
    } else if (to === null || entry.date <= to) {
      inPeriod.push(entry);
    }
  }
  // Debits before credits on a day, so an invoice paid the day it is issued never shows a dip into credit.
  inPeriod.sort(
    (a, b) =>
      compareStrings(a.date, b.date) ||
      Number(isDebit(b.type)) - Number(isDebit(a.type)) ||
      a.id - b.id ||
      typeOrder[a.type] - typeOrder[b.type],
  );
  let balance = openingBalance;
  let totalDebit = 0;
  let totalCredit = 0;
  const lines = inPeriod.map((entry): StatementLine => {
    const debit = isDebit(entry.type) ? entry.amount : 0;
    const credit = isDebit(entry.type) ? 0 : entry.amount;
    totalDebit += debit;
    totalCredit += credit;
    balance += debit - credit;
    return { date: entry.date, type: entry.type, reference: entry.reference, debit, credit, balance, id: entry.id };
  });
  return {
    from,
    to,
    openingBalance,
    lines,
    totalDebit,
    totalCredit,
    closingBalance: openingBalance + totalDebit - totalCredit,
  };
}

/** Named reporting periods offered on statements and lists. */
export type Period = 'this_month' | 'last_month' | 'this_quarter' | 'this_year' | 'last_year' | 'all';

/** Inclusive calendar bounds of a named period around today ('all' is open on both ends). */
export function periodRange(period: Period, today: string): { from: string | null; to: string | null } {
  const { year, month } = parseIsoDate(today);
  switch (period) {
    case 'this_month':
      return monthsRange(year, month, 1);
    case 'last_month':
      return month === 1 ? monthsRange(year - 1, 12, 1) : monthsRange(year, month - 1, 1);
    case 'this_quarter':
      return monthsRange(year, month - ((month - 1) % 3), 3);
    case 'this_year':
      return monthsRange(year, 1, 12);
    case 'last_year':
      return monthsRange(year - 1, 1, 12);
    case 'all':
      return { from: null, to: null };
  }
}

// From the first day of startMonth to the last day of the count-th month (never crosses a year here).
function monthsRange(year: number, startMonth: number, count: number): { from: string; to: string } {
  const endMonth = startMonth + count - 1;
  return {
    from: formatIsoDate(year, startMonth, 1),
    to: formatIsoDate(year, endMonth, daysInMonth(year, endMonth)),
  };
}

/** True for a real calendar date written 'YYYY-MM-DD' (2026-02-30 and 2025-02-29 are false). */
export function isIsoDate(s: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The date `days` calendar days after (or before, if negative) date; UTC calendar arithmetic, no time zones. */
export function addDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError('addDays: days must be an integer');
  const { year, month, day } = parseIsoDate(date);
  const result = civilFromDays(daysFromCivil(year, month, day) + days);
  if (result.year < 0 || result.year > 9999) throw new RangeError('addDays: result outside years 0000–9999');
  return formatIsoDate(result.year, result.month, result.day);
}

function parseIsoDate(date: string): { year: number; month: number; day: number } {
  if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm):
// integer arithmetic only, so years before 1970 or below 100 need no Date quirks.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
