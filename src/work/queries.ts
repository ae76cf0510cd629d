// Kysely only: the staff side's reads and writes of time entries, expenses, notes, schedule
// entries, project tasks and rates, and the billing marks. Every list is bounded and filtered
// by client on an index (migration 005); nothing is ever deleted here except a cleared rate.

import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { ExpensesTable, NotesTable, ScheduleEntriesTable, TimeEntriesTable } from '../db/schema-work.js';
import type { Expense, Note, ProjectTask, ScheduleEntry, TimeEntry } from '../db/schema-work.js';
import type { Minor } from '../money/money.js';

type Q = Db | Trx;

/** Filters shared by the staff lists of the Work tab. */
export interface WorkFilter {
  clientId: number;
  from: string | null;
  to: string | null;
  projectId: number | null;
  /** Time and expenses: only billable (true) or only non-billable (false). */
  billable: boolean | null;
  /** Time and expenses: only entries billed on an invoice, or only not yet billed. */
  billed: 'billed' | 'unbilled' | null;
  /** Notes: only shared (true) or only internal (false). */
  shared: boolean | null;
  archived: boolean;
}

/** A row of the time list: the entry with its project, person and invoice. */
export type TimeRow = TimeEntry & { project_name: string; staff_name: string; invoice_number: string | null };

/** A row of the expenses list. */
export type ExpenseRow = Expense & { project_name: string | null; invoice_number: string | null };

/** A row of the notes list. */
export type NoteRow = Note & { project_name: string | null; author_name: string | null };

/** A row of the schedule list. */
export type ScheduleRow = ScheduleEntry & { project_name: string | null };

// ── time entries ────────────────────────────────────────────────────────────

function filteredTime(db: Q, f: WorkFilter) {
  let q = db.selectFrom('time_entries as te').where('te.client_id', '=', f.clientId);
  q = f.archived ? q.where('te.archived_at', 'is not', null) : q.where('te.archived_at', 'is', null);
  if (f.from) q = q.where('te.date', '>=', f.from);
  if (f.to) q = q.where('te.date', '<=', f.to);
  if (f.projectId !== null) q = q.where('te.project_id', '=', f.projectId);
  if (f.billable !== null) q = q.where('te.billable', '=', f.billable ? 1 : 0);
  if (f.billed === 'billed') q = q.where('te.billed_invoice_id', 'is not', null);
  if (f.billed === 'unbilled') q = q.where('te.billed_invoice_id', 'is', null);
  return q;
}

/** One page of a client's time entries, newest first (limit + 1 rows say whether more exist). */
export async function listTimeEntries(db: Db, f: WorkFilter, page: { offset: number; limit: number }): Promise<TimeRow[]> {
  return timeListQuery(db, f, page).execute();
}

/** The query of one page of the time list (exported so a test can EXPLAIN it). */
export function timeListQuery(db: Db, f: WorkFilter, page: { offset: number; limit: number }) {
  return filteredTime(db, f)
    .innerJoin('projects as p', 'p.id', 'te.project_id')
    .innerJoin('staff_users as u', 'u.id', 'te.staff_user_id')
    .leftJoin('documents as d', 'd.id', 'te.billed_invoice_id')
    .selectAll('te')
    .select(['p.name as project_name', 'u.name as staff_name', 'd.number as invoice_number'])
    .orderBy('te.date', 'desc')
    .orderBy('te.id', 'desc')
    .limit(page.limit)
    .offset(page.offset);
}

/** Sums of the filtered time: all minutes, billable minutes, billable minutes not yet billed. */
export async function timeTotals(db: Db, f: WorkFilter): Promise<{ minutes: number; billable: number; unbilled: number }> {
  const row = await filteredTime(db, f)
    .select([
      sql<number>`coalesce(sum(te.minutes), 0)`.as('minutes'),
      sql<number>`coalesce(sum(case when te.billable = 1 then te.minutes else 0 end), 0)`.as('billable'),
      sql<number>`coalesce(sum(case when te.billable = 1 and te.billed_invoice_id is null then te.minutes else 0 end), 0)`.as('unbilled'),
    ])
    .executeTakeFirst();
  return { minutes: row?.minutes ?? 0, billable: row?.billable ?? 0, unbilled: row?.unbilled ?? 0 };
}

/** One time entry by id (archived included), or undefined. */
export async function findTimeEntry(db: Q, id: number): Promise<TimeEntry | undefined> {
  return db.selectFrom('time_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One time entry with the names the API shows (project, staff email). */
export async function findTimeEntryDetail(db: Q, id: number): Promise<(TimeEntry & { staff_email: string; staff_name: string }) | undefined> {
  return db
    .selectFrom('time_entries as te')
    .innerJoin('staff_users as u', 'u.id', 'te.staff_user_id')
    .selectAll('te')
    .select(['u.email as staff_email', 'u.name as staff_name'])
    .where('te.id', '=', id)
    .executeTakeFirst();
}

/** Time entries with id above `afterId`, by id (API keyset paging), optionally of one client or project. */
export async function listTimeEntriesAfter(db: Db, opts: { afterId: number; limit: number; clientId: number | null; projectId: number | null }) {
  let q = db
    .selectFrom('time_entries as te')
    .innerJoin('staff_users as u', 'u.id', 'te.staff_user_id')
    .selectAll('te')
    .select(['u.email as staff_email', 'u.name as staff_name'])
    .where('te.id', '>', opts.afterId);
  if (opts.clientId !== null) q = q.where('te.client_id', '=', opts.clientId);
  if (opts.projectId !== null) q = q.where('te.project_id', '=', opts.projectId);
  return q.orderBy('te.id').limit(opts.limit).execute();
}

/** Inserts a time entry and returns it. */
export async function insertTimeEntry(trx: Trx, values: Insertable<TimeEntriesTable>): Promise<TimeEntry> {
  return trx.insertInto('time_entries').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a time entry and returns it. */
export async function updateTimeEntryRow(trx: Trx, id: number, values: Updateable<TimeEntriesTable>): Promise<TimeEntry> {
  return trx.updateTable('time_entries').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

// ── expenses ────────────────────────────────────────────────────────────────

function filteredExpenses(db: Q, f: WorkFilter) {
  let q = db.selectFrom('expenses as e').where('e.client_id', '=', f.clientId);
  q = f.archived ? q.where('e.archived_at', 'is not', null) : q.where('e.archived_at', 'is', null);
  if (f.from) q = q.where('e.date', '>=', f.from);
  if (f.to) q = q.where('e.date', '<=', f.to);
  if (f.projectId !== null) q = q.where('e.project_id', '=', f.projectId);
  if (f.billable !== null) q = q.where('e.billable', '=', f.billable ? 1 : 0);
  if (f.billed === 'billed') q = q.where('e.billed_invoice_id', 'is not', null);
  if (f.billed === 'unbilled') q = q.where('e.billed_invoice_id', 'is', null);
  return q;
}

/** One page of a client's expenses, newest first. */
export async function listExpenses(db: Db, f: WorkFilter, page: { offset: number; limit: number }): Promise<ExpenseRow[]> {
  return filteredExpenses(db, f)
    .leftJoin('projects as p', 'p.id', 'e.project_id')
    .leftJoin('documents as d', 'd.id', 'e.billed_invoice_id')
    .selectAll('e')
    .select(['p.name as project_name', 'd.number as invoice_number'])
    .orderBy('e.date', 'desc')
    .orderBy('e.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Sums of the filtered expenses per currency (a client's expenses share its currency; older ones may not). */
export async function expenseTotals(db: Db, f: WorkFilter): Promise<Array<{ currency: string; amount: Minor; unbilled: Minor }>> {
  return filteredExpenses(db, f)
    .select([
      'e.currency',
      sql<number>`coalesce(sum(e.amount), 0)`.as('amount'),
      sql<number>`coalesce(sum(case when e.billable = 1 and e.billed_invoice_id is null then e.amount else 0 end), 0)`.as('unbilled'),
    ])
    .groupBy('e.currency')
    .orderBy('e.currency')
    .execute();
}

/** One expense by id (archived included), or undefined. */
export async function findExpense(db: Q, id: number): Promise<Expense | undefined> {
  return db.selectFrom('expenses').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Expenses with id above `afterId`, by id (API keyset paging), optionally of one client or project. */
export async function listExpensesAfter(db: Db, opts: { afterId: number; limit: number; clientId: number | null; projectId: number | null }): Promise<Expense[]> {
  let q = db.selectFrom('expenses').selectAll().where('id', '>', opts.afterId);
  if (opts.clientId !== null) q = q.where('client_id', '=', opts.clientId);
  if (opts.projectId !== null) q = q.where('project_id', '=', opts.projectId);
  return q.orderBy('id').limit(opts.limit).execute();
}

/** Inserts an expense and returns it. */
export async function insertExpense(trx: Trx, values: Insertable<ExpensesTable>): Promise<Expense> {
  return trx.insertInto('expenses').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates an expense and returns it. */
export async function updateExpenseRow(trx: Trx, id: number, values: Updateable<ExpensesTable>): Promise<Expense> {
  return trx.updateTable('expenses').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

// ── notes ───────────────────────────────────────────────────────────────────

/** One page of a client's notes, newest first. */
export async function listNotes(db: Db, f: WorkFilter, page: { offset: number; limit: number }): Promise<NoteRow[]> {
  let q = db.selectFrom('notes as n').where('n.client_id', '=', f.clientId);
  q = f.archived ? q.where('n.archived_at', 'is not', null) : q.where('n.archived_at', 'is', null);
  if (f.from) q = q.where('n.date', '>=', f.from);
  if (f.to) q = q.where('n.date', '<=', f.to);
  if (f.projectId !== null) q = q.where('n.project_id', '=', f.projectId);
  if (f.shared !== null) q = q.where('n.shared', '=', f.shared ? 1 : 0);
  return q
    .leftJoin('projects as p', 'p.id', 'n.project_id')
    .leftJoin('staff_users as u', 'u.id', 'n.staff_user_id')
    .selectAll('n')
    .select(['p.name as project_name', 'u.name as author_name'])
    .orderBy('n.date', 'desc')
    .orderBy('n.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** One note by id (archived included), or undefined. */
export async function findNote(db: Q, id: number): Promise<Note | undefined> {
  return db.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a note and returns it. */
export async function insertNote(trx: Trx, values: Insertable<NotesTable>): Promise<Note> {
  return trx.insertInto('notes').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a note and returns it. */
export async function updateNoteRow(trx: Trx, id: number, values: Updateable<NotesTable>): Promise<Note> {
  return trx.updateTable('notes').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

// ── schedule ────────────────────────────────────────────────────────────────

/** One page of a client's schedule: entries overlapping the period, latest start first. */
export async function listSchedule(db: Db, f: WorkFilter, page: { offset: number; limit: number }): Promise<ScheduleRow[]> {
  let q = db.selectFrom('schedule_entries as s').where('s.client_id', '=', f.clientId);
  q = f.archived ? q.where('s.archived_at', 'is not', null) : q.where('s.archived_at', 'is', null);
  // starts_at is an ISO instant; a date bound compares as text on the same prefix.
  if (f.from) q = q.where('s.starts_at', '>=', f.from);
  if (f.to) q = q.where('s.starts_at', '<', f.to + 'T99');
  if (f.projectId !== null) q = q.where('s.project_id', '=', f.projectId);
  return q
    .leftJoin('projects as p', 'p.id', 's.project_id')
    .selectAll('s')
    .select(['p.name as project_name'])
    .orderBy('s.starts_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** One schedule entry by id (archived included), or undefined. */
export async function findScheduleEntry(db: Q, id: number): Promise<ScheduleEntry | undefined> {
  return db.selectFrom('schedule_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a schedule entry and returns it. */
export async function insertScheduleEntry(trx: Trx, values: Insertable<ScheduleEntriesTable>): Promise<ScheduleEntry> {
  return trx.insertInto('schedule_entries').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a schedule entry and returns it. */
export async function updateScheduleRow(trx: Trx, id: number, values: Updateable<ScheduleEntriesTable>): Promise<ScheduleEntry> {
  return trx.updateTable('schedule_entries').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

// ── projects: tasks, rates; staff ───────────────────────────────────────────

/** The active tasks of a client's projects, by project then name. */
export async function listClientTasks(db: Db, clientId: number): Promise<Array<ProjectTask & { project_name: string }>> {
  return db
    .selectFrom('project_tasks as t')
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .selectAll('t')
    .select('p.name as project_name')
    .where('p.client_id', '=', clientId)
    .where('t.archived_at', 'is', null)
    .orderBy('t.project_id')
    .orderBy('t.name')
    .execute();
}

/** One task by id, with its project's client. */
export async function findTask(db: Q, id: number): Promise<(ProjectTask & { client_id: number }) | undefined> {
  return db.selectFrom('project_tasks as t').innerJoin('projects as p', 'p.id', 't.project_id').selectAll('t').select('p.client_id').where('t.id', '=', id).executeTakeFirst();
}

/** True when a project already has an active task of that name (case-insensitive). */
export async function hasTaskNamed(db: Q, projectId: number, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('project_tasks')
    .select('id')
    .where('project_id', '=', projectId)
    .where('archived_at', 'is', null)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

/** Inserts a task. */
export async function insertTask(trx: Trx, projectId: number, name: string): Promise<ProjectTask> {
  return trx.insertInto('project_tasks').values({ project_id: projectId, name, archived_at: null }).returningAll().executeTakeFirstOrThrow();
}

/** Archives a task (entries keep their text). */
export async function archiveTaskRow(trx: Trx, id: number, at: string): Promise<void> {
  await trx.updateTable('project_tasks').set({ archived_at: at }).where('id', '=', id).execute();
}

/** The hourly rates of the given projects. */
export async function projectRates(db: Q, projectIds: number[]): Promise<Map<number, { hourly_rate: Minor; currency: string }>> {
  const out = new Map<number, { hourly_rate: Minor; currency: string }>();
  if (projectIds.length === 0) return out;
  const rows = await db.selectFrom('project_rates').selectAll().where('project_id', 'in', projectIds).execute();
  for (const r of rows) out.set(r.project_id, { hourly_rate: r.hourly_rate, currency: r.currency });
  return out;
}

/** Sets (or, with null, clears) a project's hourly rate. */
export async function saveProjectRate(trx: Trx, projectId: number, rate: { hourly_rate: Minor; currency: string } | null, at: string): Promise<void> {
  if (rate === null) {
    await trx.deleteFrom('project_rates').where('project_id', '=', projectId).execute();
    return;
  }
  await trx
    .insertInto('project_rates')
    .values({ project_id: projectId, hourly_rate: rate.hourly_rate, currency: rate.currency, updated_at: at })
    .onConflict((oc) => oc.column('project_id').doUpdateSet({ hourly_rate: rate.hourly_rate, currency: rate.currency, updated_at: at }))
    .execute();
}

/** Staff members who may be chosen on a time entry (not disabled), by name. */
export async function staffOptions(db: Db): Promise<Array<{ id: number; name: string }>> {
  return db.selectFrom('staff_users').select(['id', 'name']).where('disabled_at', 'is', null).orderBy('name').orderBy('id').execute();
}

/** An active staff member by id or email. */
export async function findActiveStaff(db: Q, by: { id: number } | { email: string }): Promise<{ id: number; name: string; email: string } | undefined> {
  let q = db.selectFrom('staff_users').select(['id', 'name', 'email']).where('disabled_at', 'is', null);
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('email', '=', by.email.trim().toLowerCase());
  return q.executeTakeFirst();
}

// ── billing ─────────────────────────────────────────────────────────────────

/** A client's billable time not yet billed (active entries only), with project and staff names. */
export async function unbilledTime(db: Q, clientId: number, ids?: number[]) {
  let q = db
    .selectFrom('time_entries as te')
    .innerJoin('projects as p', 'p.id', 'te.project_id')
    .innerJoin('staff_users as u', 'u.id', 'te.staff_user_id')
    .select(['te.id', 'te.project_id', 'p.name as project_name', 'te.task', 'te.staff_user_id', 'u.name as staff_name', 'te.date', 'te.minutes', 'te.notes'])
    .where('te.client_id', '=', clientId)
    .where('te.billable', '=', 1)
    .where('te.billed_invoice_id', 'is', null)
    .where('te.archived_at', 'is', null);
  if (ids !== undefined) {
    if (ids.length === 0) return [];
    q = q.where('te.id', 'in', ids);
  }
  return q.orderBy('te.date').orderBy('te.id').execute();
}

/** A client's billable expenses in `currency` not yet billed (active only), with project names. */
export async function unbilledExpenses(db: Q, clientId: number, currency: string, ids?: number[]) {
  let q = db
    .selectFrom('expenses as e')
    .leftJoin('projects as p', 'p.id', 'e.project_id')
    .select(['e.id', 'p.name as project_name', 'e.project_id', 'e.category', 'e.date', 'e.amount', 'e.notes'])
    .where('e.client_id', '=', clientId)
    .where('e.currency', '=', currency)
    .where('e.billable', '=', 1)
    .where('e.billed_invoice_id', 'is', null)
    .where('e.archived_at', 'is', null);
  if (ids !== undefined) {
    if (ids.length === 0) return [];
    q = q.where('e.id', 'in', ids);
  }
  return q.orderBy('e.date').orderBy('e.id').execute();
}

/** Marks unbilled time entries as billed on an invoice; returns how many were marked. */
export async function markTimeBilled(trx: Trx, ids: number[], invoiceId: number, at: string): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await trx.updateTable('time_entries').set({ billed_invoice_id: invoiceId, updated_at: at }).where('id', 'in', ids).where('billed_invoice_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Marks unbilled expenses as billed on an invoice; returns how many were marked. */
export async function markExpensesBilled(trx: Trx, ids: number[], invoiceId: number, at: string): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await trx.updateTable('expenses').set({ billed_invoice_id: invoiceId, updated_at: at }).where('id', 'in', ids).where('billed_invoice_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** How many time entries and expenses are billed on an invoice. */
export async function countBilledOn(db: Q, invoiceId: number): Promise<{ time: number; expenses: number }> {
  const [t, e] = await Promise.all([
    db.selectFrom('time_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('billed_invoice_id', '=', invoiceId).executeTakeFirstOrThrow(),
    db.selectFrom('expenses').select((eb) => eb.fn.countAll<number>().as('n')).where('billed_invoice_id', '=', invoiceId).executeTakeFirstOrThrow(),
  ]);
  return { time: Number(t.n), expenses: Number(e.n) };
}

/**
 * Un-marks every time entry and expense billed on an invoice, so they can be billed again.
 * Called in the transaction that voids the invoice (or releases a draft's work).
 */
export async function releaseWorkBilledOn(trx: Trx, invoiceId: number): Promise<{ time: number; expenses: number }> {
  const at = new Date().toISOString();
  const t = await trx.updateTable('time_entries').set({ billed_invoice_id: null, updated_at: at }).where('billed_invoice_id', '=', invoiceId).executeTakeFirst();
  const e = await trx.updateTable('expenses').set({ billed_invoice_id: null, updated_at: at }).where('billed_invoice_id', '=', invoiceId).executeTakeFirst();
  return { time: Number(t.numUpdatedRows), expenses: Number(e.numUpdatedRows) };
}
