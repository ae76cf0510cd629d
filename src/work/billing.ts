// "Add unbilled time and expenses to an invoice": from a draft invoice, the chosen unbilled
// billable entries of its client become lines appended to the draft, and are marked billed on
// it, in one transaction. Voiding the invoice (documents service) releases them again.

import { findClient } from '../clients/queries.js';
import type { Db } from '../db/index.js';
import type { Client, DocumentRow } from '../db/schema.js';
import { validateDraft, type DraftLineInput } from '../documents/draft.js';
import { documentLabel } from '../documents/kinds.js';
import { findDocument, findLines, replaceLines, updateDocument } from '../documents/queries.js';
import { recordEvent, type Actor } from '../events/service.js';
import { translator } from '../i18n/index.js';
import { parseDecimal, toMajorString, type Minor } from '../money/money.js';
import { getFirmSettings } from '../settings/service.js';
import { nowIso, today } from '../util/time.js';
import { uiFor } from '../web/ui.js';
import { groupTime, workLines, type BillableExpense, type TimeGroup } from './billing-lines.js';
import { countBilledOn, markExpensesBilled, markTimeBilled, releaseWorkBilledOn, unbilledExpenses, unbilledTime } from './queries.js';
import { ratesFor } from './service.js';
import { validateRate } from './validation.js';

/** An unbilled time entry offered on the billing page. */
export type UnbilledTime = Awaited<ReturnType<typeof unbilledTime>>[number];
/** An unbilled expense offered on the billing page. */
export type UnbilledExpense = Awaited<ReturnType<typeof unbilledExpenses>>[number];

/** What the billing page of an invoice shows. */
export interface BillingPageData {
  invoice: DocumentRow;
  client: Client;
  time: UnbilledTime[];
  expenses: UnbilledExpense[];
  /** Projects of the offered time, each with its default rate as typed text ('' when none applies). */
  projects: Array<{ id: number; name: string; rate: string }>;
  defaultTaxRate: string;
  billedOnInvoice: { time: number; expenses: number };
}

/** The billing page of an invoice (any status: the page says when it is not a draft), or null. */
export async function loadBillingPage(db: Db, invoiceId: number): Promise<BillingPageData | null> {
  if (!Number.isSafeInteger(invoiceId) || invoiceId <= 0) return null;
  const invoice = await findDocument(db, 'invoice', invoiceId);
  if (!invoice) return null;
  const client = await findClient(db, invoice.client_id);
  if (!client) return null;
  const [time, expenses, settings, billedOnInvoice] = await Promise.all([
    unbilledTime(db, client.id),
    unbilledExpenses(db, client.id, invoice.currency),
    getFirmSettings(db),
    countBilledOn(db, invoice.id),
  ]);
  const names = new Map<number, string>();
  for (const e of time) names.set(e.project_id, e.project_name);
  const rates = await ratesFor(db, [...names.keys()], invoice.currency);
  const projects = [...names.entries()]
    .map(([id, name]) => ({ id, name, rate: rates.has(id) ? toMajorString(rates.get(id)!, invoice.currency) : '' }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
  return { invoice, client, time, expenses, projects, defaultTaxRate: settings.default_tax_rate, billedOnInvoice };
}

/** What a person chose on the billing page. */
export interface BillingChoice {
  timeIds: number[];
  expenseIds: number[];
  /** Typed hourly rate per project id; '' or absent takes the project's or firm's rate. */
  rates: Record<number, string>;
  timeTaxRate: string;
  expenseTaxRate: string;
}

/** Form fields of the billing page that can carry an error. */
export type BillingField = 'time' | 'time_tax_rate' | 'expense_tax_rate' | `rate_${number}`;

/** Why work could not be added: beyond field errors, the invoice is no draft or nothing was left to add. */
export type BillingFailure = { ok: false; error: 'NotFound' } | { ok: false; error: 'NotDraft' } | { ok: false; error: 'NothingToAdd' } | { ok: false; error: 'Invalid'; errors: Record<string, string> };

function taxRateError(text: string): string | null {
  const d = parseDecimal(text.trim());
  return d === null || d.units < 0n || d.units > 100n * 10n ** BigInt(d.scale) ? 'validation:tax_rate' : null;
}

// How lines read on the invoice, in the client's language.
function describers(client: Client) {
  const t = translator(client.language);
  const ui = uiFor(client.language);
  const dates = (from: string, to: string) => (from === to ? ui.date(from) : t('work:billing.line_dates', { from: ui.date(from), to: ui.date(to) }));
  return {
    describeTime: (g: TimeGroup) =>
      g.task
        ? t('work:billing.line_time', { project: g.project_name, task: g.task, staff: g.staff_name, dates: dates(g.from, g.to) })
        : t('work:billing.line_time_no_task', { project: g.project_name, staff: g.staff_name, dates: dates(g.from, g.to) }),
    describeExpense: (e: BillableExpense) =>
      e.notes
        ? t('work:billing.line_expense_notes', { category: e.category, notes: e.notes, date: ui.date(e.date) })
        : t('work:billing.line_expense', { category: e.category, date: ui.date(e.date) }),
  };
}

/**
 * Appends lines for the chosen entries to a draft invoice and marks them billed on it, in one
 * transaction. Entries that are no longer unbilled (billed meanwhile, archived, another client's)
 * are skipped, so submitting twice adds nothing the second time (NothingToAdd).
 */
export async function addWorkToInvoice(db: Db, actor: Actor, invoiceId: number, choice: BillingChoice): Promise<{ ok: true; value: { lines: number; time: number; expenses: number } } | BillingFailure> {
  const taxErrors: Partial<Record<BillingField, string>> = {};
  const timeTax = taxRateError(choice.timeTaxRate);
  const expenseTax = taxRateError(choice.expenseTaxRate);
  if (timeTax && choice.timeIds.length > 0) taxErrors.time_tax_rate = timeTax;
  if (expenseTax && choice.expenseIds.length > 0) taxErrors.expense_tax_rate = expenseTax;
  return db.transaction().execute(async (trx): Promise<{ ok: true; value: { lines: number; time: number; expenses: number } } | BillingFailure> => {
    const invoice = await findDocument(trx, 'invoice', invoiceId);
    if (!invoice) return { ok: false, error: 'NotFound' };
    if (invoice.status !== 'draft') return { ok: false, error: 'NotDraft' };
    const client = await findClient(trx, invoice.client_id);
    if (!client) return { ok: false, error: 'NotFound' };
    const time = await unbilledTime(trx, client.id, choice.timeIds);
    const expenses = await unbilledExpenses(trx, client.id, invoice.currency, choice.expenseIds);
    if (time.length + expenses.length === 0) return { ok: false, error: 'NothingToAdd' };

    const errors: Record<string, string> = {};
    for (const [k, v] of Object.entries(taxErrors)) if (v) errors[k] = v;
    const projectIds = [...new Set(time.map((e) => e.project_id))];
    const defaults = await ratesFor(trx, projectIds, invoice.currency);
    const rates = new Map<number, Minor>();
    for (const id of projectIds) {
      const typed = validateRate(choice.rates[id] ?? '', invoice.currency);
      if (!typed.ok) errors[`rate_${id}`] = typed.error;
      else if (typed.value !== null) rates.set(id, typed.value);
      else if (defaults.has(id)) rates.set(id, defaults.get(id)!);
      else errors[`rate_${id}`] = 'work:errors.rate_required';
    }
    if (Object.keys(errors).length > 0) return { ok: false, error: 'Invalid', errors };

    const built = workLines(groupTime(time), expenses, { rates, timeTaxRate: choice.timeTaxRate.trim(), expenseTaxRate: choice.expenseTaxRate.trim(), ...describers(client) });
    if (!built.ok) return { ok: false, error: 'Invalid', errors: Object.fromEntries(built.missingRates.map((id) => [`rate_${id}`, 'work:errors.rate_required'])) };

    const existing: DraftLineInput[] = (await findLines(trx, invoice.id)).map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unit_price, taxRate: l.tax_rate }));
    const settings = await getFirmSettings(trx);
    const draft = validateDraft(
      'invoice',
      { projectId: invoice.project_id, issueDate: invoice.issue_date, dueDate: invoice.due_date, validUntil: null, relatedInvoiceId: null, notes: invoice.notes, lines: [...existing, ...built.lines] },
      { currency: invoice.currency, today: today(), paymentTermsDays: settings.payment_terms_days, estimateValidityDays: settings.estimate_validity_days, defaultTaxRate: settings.default_tax_rate },
    );
    if (!draft.ok) return { ok: false, error: 'Invalid', errors: { time: draft.errors.lines === 'documents:errors.too_many_lines' ? 'work:errors.too_many_lines' : 'work:errors.lines_refused' } };

    const now = nowIso();
    await replaceLines(trx, invoice.id, draft.value.lines);
    await updateDocument(trx, invoice.id, { subtotal: draft.value.subtotal, tax: draft.value.tax, total: draft.value.total, updated_at: now });
    const markedTime = await markTimeBilled(trx, time.map((e) => e.id), invoice.id, now);
    const markedExpenses = await markExpensesBilled(trx, expenses.map((e) => e.id), invoice.id, now);
    await recordEvent(trx, actor, {
      clientId: client.id,
      subjectType: 'invoice',
      subjectId: invoice.id,
      action: 'work_added',
      detail: { label: documentLabel(invoice), time_entries: markedTime, expenses: markedExpenses, lines: built.lines.length },
    });
    return { ok: true, value: { lines: built.lines.length, time: markedTime, expenses: markedExpenses } };
  });
}

/**
 * Un-marks the work billed on a draft invoice, so it can be billed again (after its lines were
 * edited away, say). The draft's lines stay as they are: staff edit them on the draft.
 */
export async function releaseDraftWork(db: Db, actor: Actor, invoiceId: number): Promise<{ ok: true; value: { time: number; expenses: number } } | { ok: false; error: 'NotFound' | 'NotDraft' }> {
  return db.transaction().execute(async (trx) => {
    const invoice = await findDocument(trx, 'invoice', invoiceId);
    if (!invoice) return { ok: false, error: 'NotFound' } as const;
    if (invoice.status !== 'draft') return { ok: false, error: 'NotDraft' } as const;
    const released = await releaseWorkBilledOn(trx, invoice.id);
    if (released.time + released.expenses > 0) {
      await recordEvent(trx, actor, { clientId: invoice.client_id, subjectType: 'invoice', subjectId: invoice.id, action: 'work_released', detail: { label: documentLabel(invoice), time_entries: released.time, expenses: released.expenses } });
    }
    return { ok: true, value: released } as const;
  });
}
