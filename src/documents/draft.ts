// The rules every draft follows, whatever its kind: dates, lines, totals. Pure: the service
// adds what needs the database (client, project, related invoice). Errors are translation keys
// keyed by field path (lines.0.quantity), the same paths the forms and the API use.

import type { DocumentKind } from '../db/schema.js';
import { addDays, isIsoDate } from '../ledger/ledger.js';
import { documentTotals, formatDecimal, isMinor, lineTotals, parseDecimal, parseMoneyInput, type Minor } from '../money/money.js';

/** Longest line description. */
export const MAX_DESCRIPTION = 500;
/** Longest notes text. */
export const MAX_NOTES = 5000;
/** Most lines on one document. */
export const MAX_LINES = 200;

/** Field path → translation key of what is wrong with it. */
export type DraftErrors = Record<string, string>;

/** One line as received: unit price in minor units (API) or as a person typed it (form, parsed in the client's currency). */
export interface DraftLineInput {
  description: string;
  quantity: string | number;
  unitPrice: Minor | string;
  /** Percent; null or blank takes the firm's default rate. */
  taxRate: string | number | null;
  /** Row of the form this line came from, so errors land on the right row once blank rows are dropped. */
  row?: number;
}

/** The editable fields of a draft, as received; null dates take their defaults. */
export interface DraftFields {
  projectId: number | null;
  issueDate: string | null;
  dueDate: string | null;
  validUntil: string | null;
  relatedInvoiceId: number | null;
  notes: string | null;
  lines: DraftLineInput[];
}

/** What the rules need to know besides the input. */
export interface DraftContext {
  currency: string;
  today: string;
  paymentTermsDays: number;
  estimateValidityDays: number;
  /** Firm default tax rate (percent) for lines that give none. */
  defaultTaxRate: string;
}

/** A checked line with its rounded figures; quantity and tax rate in canonical decimal text. */
export interface ValidLine {
  description: string;
  quantity: string;
  unitPrice: Minor;
  taxRate: string;
  net: Minor;
  tax: Minor;
}

/** A checked draft, ready to store. */
export interface ValidDraft {
  issueDate: string;
  dueDate: string | null;
  validUntil: string | null;
  notes: string | null;
  lines: ValidLine[];
  subtotal: Minor;
  tax: Minor;
  total: Minor;
}

/** Checks a draft's own fields and computes its totals, or says what is wrong with each field. */
export function validateDraft(kind: DocumentKind, input: DraftFields, ctx: DraftContext): { ok: true; value: ValidDraft } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};

  const issueDate = checkDate(input.issueDate, 'issue_date', errors) ?? ctx.today;
  let dueDate: string | null = null;
  let validUntil: string | null = null;
  if (kind === 'invoice') {
    dueDate = checkDate(input.dueDate, 'due_date', errors) ?? safeAddDays(issueDate, ctx.paymentTermsDays);
    if (dueDate !== null && dueDate < issueDate && !errors.issue_date) errors.due_date = 'validation:due_before_issue';
  } else if (kind === 'estimate') {
    validUntil = checkDate(input.validUntil, 'valid_until', errors) ?? safeAddDays(issueDate, ctx.estimateValidityDays);
    if (validUntil !== null && validUntil < issueDate && !errors.issue_date) errors.valid_until = 'documents:errors.valid_until_before_issue';
  }

  const notes = (input.notes ?? '').trim() || null;
  if (notes !== null && notes.length > MAX_NOTES) errors.notes = 'validation:too_long';

  const lines: ValidLine[] = [];
  if (input.lines.length === 0) errors.lines = 'validation:lines_required';
  if (input.lines.length > MAX_LINES) errors.lines = 'documents:errors.too_many_lines';
  input.lines.slice(0, MAX_LINES).forEach((line, index) => {
    const valid = checkLine(line, `lines.${line.row ?? index}`, ctx, errors);
    if (valid) lines.push(valid);
  });

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  let totals;
  try {
    totals = documentTotals(lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, taxRate: l.taxRate })));
  } catch {
    return { ok: false, errors: { lines: 'documents:errors.amount_too_large' } };
  }
  return {
    ok: true,
    value: { issueDate, dueDate, validUntil, notes, lines, subtotal: totals.subtotal, tax: totals.tax, total: totals.total },
  };
}

// A date field: null/empty means "use the default" (returns null); a bad one is recorded.
function checkDate(value: string | null, field: string, errors: DraftErrors): string | null {
  const text = (value ?? '').trim();
  if (text === '') return null;
  if (!isIsoDate(text)) {
    errors[field] = 'validation:date';
    return null;
  }
  return text;
}

function safeAddDays(date: string, days: number): string | null {
  try {
    return addDays(date, days);
  } catch {
    return null;
  }
}

function checkLine(line: DraftLineInput, path: string, ctx: DraftContext, errors: DraftErrors): ValidLine | null {
  let ok = true;
  const fail = (field: string, key: string): void => {
    errors[`${path}.${field}`] = key;
    ok = false;
  };

  const description = line.description.trim();
  if (description === '') fail('description', 'validation:required');
  else if (description.length > MAX_DESCRIPTION) fail('description', 'validation:too_long');

  const quantity = parseDecimal(line.quantity);
  if (quantity === null) fail('quantity', 'validation:quantity');
  else if (quantity.units === 0n) fail('quantity', 'documents:errors.quantity_zero');

  let unitPrice: Minor | null = null;
  if (typeof line.unitPrice === 'number') {
    if (isMinor(line.unitPrice)) unitPrice = line.unitPrice;
    else fail('unit_price', 'validation:money');
  } else if (line.unitPrice.trim() === '') {
    fail('unit_price', 'validation:required');
  } else {
    unitPrice = parseMoneyInput(line.unitPrice, ctx.currency);
    if (unitPrice === null) fail('unit_price', 'validation:money');
  }

  const rawRate = line.taxRate === null || (typeof line.taxRate === 'string' && line.taxRate.trim() === '') ? ctx.defaultTaxRate : line.taxRate;
  const rate = parseDecimal(rawRate);
  if (rate === null || rate.units < 0n || rate.units > 100n * 10n ** BigInt(rate.scale)) fail('tax_rate', 'validation:tax_rate');

  if (!ok || quantity === null || rate === null || unitPrice === null) return null;
  const quantityText = formatDecimal(quantity);
  const taxRateText = formatDecimal(rate);
  try {
    const totals = lineTotals({ quantity: quantityText, unitPrice, taxRate: taxRateText });
    return { description, quantity: quantityText, unitPrice, taxRate: taxRateText, net: totals.net, tax: totals.tax };
  } catch {
    fail('unit_price', 'documents:errors.amount_too_large');
    return null;
  }
}
