// The state of the work lists (staff Work tab, portal project report) as it lives in the query
// string: read with allow-lists, written back without defaults. Pure: today comes in.

import { parseId, parsePage } from '../clients/params.js';
import { resolvePeriod, type PeriodChoice, type PeriodErrors } from '../payments/period.js';

/** Sections of a client's Work tab. */
export const WORK_SECTIONS = ['time', 'expenses', 'notes', 'schedule', 'setup'] as const;
/** One section of the Work tab. */
export type WorkSection = (typeof WORK_SECTIONS)[number];

/** The Work tab's filters as typed (for the form) and as read (for the query). */
export interface WorkListQuery {
  period: PeriodChoice;
  from: string;
  to: string;
  project: string;
  billable: '' | '1' | '0';
  billed: '' | 'billed' | 'unbilled';
  shared: '' | '1' | '0';
  archived: boolean;
  page: number;
}

/** Field errors of the period inputs as translation keys. */
export function periodErrorKeys(errors: PeriodErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, reason] of Object.entries(errors)) {
    out[field] = reason === 'to_before_from' ? 'work:errors.to_before_from' : reason === 'date' ? 'validation:date' : 'validation:invalid';
  }
  return out;
}

type QueryValues = Record<string, string | undefined>;

/** Reads the Work tab's filters; a bad period gives errors (and no rows), odd values fall back to "any". */
export function readWorkListQuery(q: QueryValues, today: string): { query: WorkListQuery; bounds: { from: string | null; to: string | null }; projectId: number | null; errors: Record<string, string> } {
  const period = resolvePeriod({ period: q.period, from: q.from, to: q.to }, today, 'all');
  const projectId = parseId(q.project);
  const billable = q.billable === '1' || q.billable === '0' ? q.billable : '';
  const billed = q.billed === 'billed' || q.billed === 'unbilled' ? q.billed : '';
  const shared = q.shared === '1' || q.shared === '0' ? q.shared : '';
  const query: WorkListQuery = {
    period: period.value.period,
    from: period.value.period === 'custom' ? (q.from ?? '').trim().slice(0, 20) : (period.value.from ?? ''),
    to: period.value.period === 'custom' ? (q.to ?? '').trim().slice(0, 20) : (period.value.to ?? ''),
    project: projectId === null ? '' : String(projectId),
    billable,
    billed,
    shared,
    archived: q.archived === '1',
    page: parsePage(q.page),
  };
  return { query, bounds: { from: period.value.from, to: period.value.to }, projectId, errors: period.ok ? {} : periodErrorKeys(period.errors) };
}

/** The query string of a Work list (defaults left out), with another page when given. */
export function workListHref(path: string, q: WorkListQuery, page = q.page): string {
  const p = new URLSearchParams();
  if (q.period !== 'all') p.set('period', q.period);
  if (q.period === 'custom') {
    if (q.from) p.set('from', q.from);
    if (q.to) p.set('to', q.to);
  }
  if (q.project) p.set('project', q.project);
  if (q.billable) p.set('billable', q.billable);
  if (q.billed) p.set('billed', q.billed);
  if (q.shared) p.set('shared', q.shared);
  if (q.archived) p.set('archived', '1');
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

/** The portal project report's filters as typed and as read. */
export interface ReportQuery {
  period: PeriodChoice;
  from: string;
  to: string;
  task: string;
  staff: string;
  by: '' | 'week' | 'month';
  page: number;
}

/** Reads the report's filters; a task or person outside the offered choices is ignored. */
export function readReportQuery(
  q: QueryValues,
  today: string,
  choices: { tasks: readonly string[]; staffIds: readonly number[] },
): { query: ReportQuery; bounds: { from: string | null; to: string | null }; task: string | null; staffId: number | null; errors: Record<string, string> } {
  const period = resolvePeriod({ period: q.period, from: q.from, to: q.to }, today, 'all');
  const task = typeof q.task === 'string' && choices.tasks.includes(q.task) ? q.task : null;
  const staffId = parseId(q.staff);
  const staff = staffId !== null && choices.staffIds.includes(staffId) ? staffId : null;
  const by = q.by === 'week' || q.by === 'month' ? q.by : '';
  const query: ReportQuery = {
    period: period.value.period,
    from: period.value.period === 'custom' ? (q.from ?? '').trim().slice(0, 20) : (period.value.from ?? ''),
    to: period.value.period === 'custom' ? (q.to ?? '').trim().slice(0, 20) : (period.value.to ?? ''),
    task: task ?? '',
    staff: staff === null ? '' : String(staff),
    by,
    page: parsePage(q.page),
  };
  return { query, bounds: { from: period.value.from, to: period.value.to }, task, staffId: staff, errors: period.ok ? {} : periodErrorKeys(period.errors) };
}

/** The query string of the report (defaults left out), with another page when given. */
export function reportHref(path: string, q: ReportQuery, page = q.page): string {
  const p = new URLSearchParams();
  if (q.period !== 'all') p.set('period', q.period);
  if (q.period === 'custom') {
    if (q.from) p.set('from', q.from);
    if (q.to) p.set('to', q.to);
  }
  if (q.task) p.set('task', q.task);
  if (q.staff) p.set('staff', q.staff);
  if (q.by) p.set('by', q.by);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}
