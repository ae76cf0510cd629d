// Small factories of the work-records tests: projects, time and expenses written straight into
// the database, so each test builds exactly the records it needs.

import type { Db } from '../../src/db/index.js';
import type { Expense, TimeEntry } from '../../src/db/schema-work.js';
import type { Project } from '../../src/db/schema.js';

/** Inserts a project of a client (hidden from the portal unless told). */
export async function makeProject(db: Db, clientId: number, over: Partial<{ name: string; portal_visible: number; portal_time: 'all' | 'billable'; archived_at: string | null }> = {}): Promise<Project> {
  return db
    .insertInto('projects')
    .values({ client_id: clientId, name: over.name ?? 'Annual audit', email: null, portal_visible: over.portal_visible ?? 0, portal_time: over.portal_time ?? 'billable', archived_at: over.archived_at ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The id of a staff member by email (the test app's admin by default). */
export async function staffId(db: Db, email = 'admin@firm.test'): Promise<number> {
  return (await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

/** Inserts a time entry on a project. */
export async function makeTime(db: Db, project: Project, staffUserId: number, over: Partial<Pick<TimeEntry, 'date' | 'minutes' | 'task' | 'billable' | 'billed_invoice_id' | 'notes' | 'archived_at'>> = {}): Promise<TimeEntry> {
  return db
    .insertInto('time_entries')
    .values({
      client_id: project.client_id,
      project_id: project.id,
      staff_user_id: staffUserId,
      date: over.date ?? '2026-03-02',
      minutes: over.minutes ?? 60,
      task: over.task === undefined ? 'Fieldwork' : over.task,
      billable: over.billable ?? 1,
      billed_invoice_id: over.billed_invoice_id ?? null,
      notes: over.notes ?? null,
      archived_at: over.archived_at ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Inserts an expense of a client. */
export async function makeExpense(db: Db, clientId: number, over: Partial<Pick<Expense, 'project_id' | 'date' | 'category' | 'amount' | 'currency' | 'billable' | 'billed_invoice_id' | 'notes' | 'archived_at'>> = {}): Promise<Expense> {
  return db
    .insertInto('expenses')
    .values({
      client_id: clientId,
      project_id: over.project_id ?? null,
      staff_user_id: null,
      date: over.date ?? '2026-03-03',
      category: over.category ?? 'Travel',
      amount: over.amount ?? 4550,
      currency: over.currency ?? 'EUR',
      billable: over.billable ?? 1,
      billed_invoice_id: over.billed_invoice_id ?? null,
      notes: over.notes ?? null,
      archived_at: over.archived_at ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** How many rows a table has (to prove a refused request wrote nothing). */
export async function count(db: Db, table: 'time_entries' | 'expenses' | 'notes' | 'schedule_entries' | 'project_tasks' | 'project_rates' | 'events' | 'document_lines'): Promise<number> {
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
