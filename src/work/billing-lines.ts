// How unbilled time and expenses become invoice lines. Time is grouped per project, task and
// staff member (one line each: hours × the hourly rate); each expense is a line of its own.
// Pure: rates, labels and the tax rates come in as arguments.

import type { Minor } from '../money/money.js';
import { hoursQuantity } from './duration.js';

/** Longest invoice line description (documents' rule). */
const MAX_DESCRIPTION = 500;

/** An unbilled time entry as billing needs it. */
export interface BillableTime {
  id: number;
  project_id: number;
  project_name: string;
  task: string | null;
  staff_user_id: number;
  staff_name: string;
  date: string;
  minutes: number;
}

/** An unbilled expense as billing needs it. */
export interface BillableExpense {
  id: number;
  project_name: string | null;
  category: string;
  date: string;
  amount: Minor;
  notes: string | null;
}

/** Time entries of one project, task and person: one invoice line. */
export interface TimeGroup {
  project_id: number;
  project_name: string;
  task: string | null;
  staff_user_id: number;
  staff_name: string;
  minutes: number;
  from: string;
  to: string;
  entryIds: number[];
}

/** Groups time entries per project, task and staff member, in a stable order (project, task, person). */
export function groupTime(entries: readonly BillableTime[]): TimeGroup[] {
  const groups = new Map<string, TimeGroup>();
  for (const e of entries) {
    const task = e.task?.trim() || null;
    const key = JSON.stringify([e.project_id, task?.toLowerCase() ?? null, e.staff_user_id]);
    const g = groups.get(key);
    if (g) {
      g.minutes += e.minutes;
      if (e.date < g.from) g.from = e.date;
      if (e.date > g.to) g.to = e.date;
      g.entryIds.push(e.id);
    } else {
      groups.set(key, { project_id: e.project_id, project_name: e.project_name, task, staff_user_id: e.staff_user_id, staff_name: e.staff_name, minutes: e.minutes, from: e.date, to: e.date, entryIds: [e.id] });
    }
  }
  const cmp = (a: string, b: string) => a.localeCompare(b);
  return [...groups.values()].sort(
    (a, b) => cmp(a.project_name, b.project_name) || a.project_id - b.project_id || cmp(a.task ?? '', b.task ?? '') || cmp(a.staff_name, b.staff_name) || a.staff_user_id - b.staff_user_id,
  );
}

/** A line to append to a draft, in the shape the draft rules check. */
export interface WorkLine {
  description: string;
  quantity: string;
  unitPrice: Minor;
  taxRate: string;
}

/** What the lines need besides the entries: a rate per project, the tax rates, the words. */
export interface WorkLineContext {
  /** Hourly rate (minor units of the invoice's currency) per project id. */
  rates: ReadonlyMap<number, Minor>;
  timeTaxRate: string;
  expenseTaxRate: string;
  describeTime(group: TimeGroup): string;
  describeExpense(expense: BillableExpense): string;
}

/**
 * The lines for the chosen time groups and expenses, time first. Refused (with the projects
 * concerned) when a project of the chosen time has no hourly rate.
 */
export function workLines(groups: readonly TimeGroup[], expenses: readonly BillableExpense[], ctx: WorkLineContext): { ok: true; lines: WorkLine[] } | { ok: false; missingRates: number[] } {
  const missing = [...new Set(groups.filter((g) => !ctx.rates.has(g.project_id)).map((g) => g.project_id))];
  if (missing.length > 0) return { ok: false, missingRates: missing };
  const lines: WorkLine[] = [];
  for (const g of groups) {
    lines.push({ description: clip(ctx.describeTime(g)), quantity: hoursQuantity(g.minutes), unitPrice: ctx.rates.get(g.project_id)!, taxRate: ctx.timeTaxRate });
  }
  for (const e of expenses) {
    lines.push({ description: clip(ctx.describeExpense(e)), quantity: '1', unitPrice: e.amount, taxRate: ctx.expenseTaxRate });
  }
  return { ok: true, lines };
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_DESCRIPTION ? oneLine.slice(0, MAX_DESCRIPTION - 1) + '…' : oneLine;
}
