// What each section of a client's Work tab shows, read in a fixed number of queries: one page of
// rows, the totals of the filter, and the choices of the forms. No HTTP: routes render these.

import type { Db } from '../db/index.js';
import type { Client } from '../db/schema.js';
import { projectOptions } from '../projects/service.js';
import { today } from '../util/time.js';
import { readWorkListQuery, type WorkListQuery } from './list-query.js';
import {
  expenseTotals,
  listClientTasks,
  listExpenses,
  listNotes,
  listSchedule,
  listTimeEntries,
  projectRates,
  staffOptions,
  timeTotals,
  type ExpenseRow,
  type NoteRow,
  type ScheduleRow,
  type TimeRow,
  type WorkFilter,
} from './queries.js';
import { getFirmRate, type FirmRate } from './service.js';

/** Rows per page of the Work tab's lists. */
export const WORK_PAGE_SIZE = 50;

type QueryValues = Record<string, string | undefined>;

/** The list part every section shares: the query as typed, its errors, one page. */
export interface WorkList<T> { query: WorkListQuery; filterErrors: Record<string, string>; rows: T[]; hasNext: boolean }

function filterOf(clientId: number, q: QueryValues) {
  const read = readWorkListQuery(q, today());
  const filter: WorkFilter = {
    clientId,
    from: read.bounds.from,
    to: read.bounds.to,
    projectId: read.projectId,
    billable: read.query.billable === '' ? null : read.query.billable === '1',
    billed: read.query.billed === '' ? null : read.query.billed,
    shared: read.query.shared === '' ? null : read.query.shared === '1',
    archived: read.query.archived,
  };
  const ok = Object.keys(read.errors).length === 0;
  return { read, filter, ok, page: { offset: (read.query.page - 1) * WORK_PAGE_SIZE, limit: WORK_PAGE_SIZE + 1 } };
}

function list<T>(read: { query: WorkListQuery; errors: Record<string, string> }, rows: T[]): WorkList<T> {
  return { query: read.query, filterErrors: read.errors, rows: rows.slice(0, WORK_PAGE_SIZE), hasNext: rows.length > WORK_PAGE_SIZE };
}

/** The time section: entries, totals, and what the form offers (projects, staff, tasks). */
export async function timeSection(db: Db, client: Client, q: QueryValues) {
  const { read, filter, ok, page } = filterOf(client.id, q);
  const [rows, totals, projects, staff, tasks] = await Promise.all([
    ok ? listTimeEntries(db, filter, page) : Promise.resolve([] as TimeRow[]),
    ok ? timeTotals(db, filter) : Promise.resolve({ minutes: 0, billable: 0, unbilled: 0 }),
    projectOptions(db, client.id),
    staffOptions(db),
    listClientTasks(db, client.id),
  ]);
  return { ...list(read, rows), totals, options: { projects, staff, tasks } };
}

/** The time form's choices alone (edit page, refused form). */
export async function timeFormOptions(db: Db, clientId: number) {
  const [projects, staff, tasks] = await Promise.all([projectOptions(db, clientId), staffOptions(db), listClientTasks(db, clientId)]);
  return { projects, staff, tasks };
}

/** The expenses section: expenses, totals per currency, the client's projects. */
export async function expensesSection(db: Db, client: Client, q: QueryValues) {
  const { read, filter, ok, page } = filterOf(client.id, q);
  const [rows, totals, projects] = await Promise.all([
    ok ? listExpenses(db, filter, page) : Promise.resolve([] as ExpenseRow[]),
    ok ? expenseTotals(db, filter) : Promise.resolve([]),
    projectOptions(db, client.id),
  ]);
  return { ...list(read, rows), totals, projects };
}

/** The notes section: notes and the client's projects. */
export async function notesSection(db: Db, client: Client, q: QueryValues) {
  const { read, filter, ok, page } = filterOf(client.id, q);
  const [rows, projects] = await Promise.all([ok ? listNotes(db, filter, page) : Promise.resolve([] as NoteRow[]), projectOptions(db, client.id)]);
  return { ...list(read, rows), projects };
}

/** The schedule section: appointments and the client's projects. */
export async function scheduleSection(db: Db, client: Client, q: QueryValues) {
  const { read, filter, ok, page } = filterOf(client.id, q);
  const [rows, projects] = await Promise.all([ok ? listSchedule(db, filter, page) : Promise.resolve([] as ScheduleRow[]), projectOptions(db, client.id)]);
  return { ...list(read, rows), projects };
}

/** The setup section: each active project with its own rate and task list, and the firm's rate. */
export async function setupSection(db: Db, client: Client): Promise<{ projects: Array<{ id: number; name: string; rate: { hourly_rate: number; currency: string } | null; tasks: Array<{ id: number; name: string }> }>; firmRate: FirmRate | null }> {
  const projects = await projectOptions(db, client.id);
  const [rates, tasks, firmRate] = await Promise.all([projectRates(db, projects.map((p) => p.id)), listClientTasks(db, client.id), getFirmRate(db)]);
  return {
    firmRate,
    projects: projects.map((p) => ({ id: p.id, name: p.name, rate: rates.get(p.id) ?? null, tasks: tasks.filter((x) => x.project_id === p.id).map((x) => ({ id: x.id, name: x.name })) })),
  };
}
