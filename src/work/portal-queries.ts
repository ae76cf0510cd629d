// Kysely only: what the portal reads of work records. Every query names the active client in
// its WHERE; projects must be marked visible; archived records never show; lists are bounded.

import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import type { DocumentKind, DocumentLifecycle, Project } from '../db/schema.js';
import { balanceSql } from '../ledger/queries.js';
import type { Minor } from '../money/money.js';

/** Stored statuses a portal member may see per kind (never drafts; never withdrawn estimates). */
const SHOWN: Record<DocumentKind, DocumentLifecycle[]> = {
  invoice: ['issued', 'void'],
  estimate: ['sent', 'accepted', 'rejected', 'converted'],
  credit_note: ['issued', 'void'],
};

/** The client's projects shown in the portal (visible, active), by name, with the minutes a member may see. */
export async function portalProjects(db: Db, clientId: number): Promise<Array<Pick<Project, 'id' | 'name' | 'portal_time'> & { minutes: number; last_date: string | null }>> {
  return db
    .selectFrom('projects as p')
    .leftJoin('time_entries as te', (join) =>
      join.onRef('te.project_id', '=', 'p.id').on('te.client_id', '=', clientId).on('te.archived_at', 'is', null).on((eb) => eb.or([eb('p.portal_time', '=', 'all'), eb('te.billable', '=', 1)])),
    )
    .select(['p.id', 'p.name', 'p.portal_time', sql<number>`coalesce(sum(te.minutes), 0)`.as('minutes'), sql<string | null>`max(te.date)`.as('last_date')])
    .where('p.client_id', '=', clientId)
    .where('p.portal_visible', '=', 1)
    .where('p.archived_at', 'is', null)
    .groupBy(['p.id', 'p.name', 'p.portal_time'])
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
}

/** One project of the client that the portal shows, or undefined (another client's → undefined too). */
export async function findPortalProject(db: Db, clientId: number, projectId: number): Promise<Project | undefined> {
  return db
    .selectFrom('projects')
    .selectAll()
    .where('id', '=', projectId)
    .where('client_id', '=', clientId)
    .where('portal_visible', '=', 1)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
}

/** Which time of a project a member sees, and the report's filters. */
export interface PortalTimeFilter {
  clientId: number;
  projectId: number;
  /** The project shows only billable time (portal_time = 'billable'). */
  billableOnly: boolean;
  from: string | null;
  to: string | null;
  task: string | null;
  staffId: number | null;
}

// Time the member may see, filtered; billed means "on an issued invoice" (a draft is not yet billed for the client).
function portalTime(db: Db, f: PortalTimeFilter) {
  let q = db
    .selectFrom('time_entries as te')
    .leftJoin('documents as d', (join) => join.onRef('d.id', '=', 'te.billed_invoice_id').on('d.client_id', '=', f.clientId))
    .where('te.client_id', '=', f.clientId)
    .where('te.project_id', '=', f.projectId)
    .where('te.archived_at', 'is', null);
  if (f.billableOnly) q = q.where('te.billable', '=', 1);
  if (f.from) q = q.where('te.date', '>=', f.from);
  if (f.to) q = q.where('te.date', '<=', f.to);
  if (f.task !== null) q = q.where('te.task', '=', f.task);
  if (f.staffId !== null) q = q.where('te.staff_user_id', '=', f.staffId);
  return q;
}

const billedSql = sql<number>`case when d.status = 'issued' then 1 else 0 end`;

/** Minutes per day, billed and not, of the filtered time (one row per day and state). */
export async function portalDailyMinutes(db: Db, f: PortalTimeFilter): Promise<Array<{ date: string; billed: boolean; minutes: number }>> {
  const rows = await portalTime(db, f)
    .select(['te.date', billedSql.as('billed'), sql<number>`sum(te.minutes)`.as('minutes')])
    .groupBy(['te.date', billedSql])
    .orderBy('te.date')
    .execute();
  return rows.map((r) => ({ date: r.date, billed: r.billed === 1, minutes: r.minutes }));
}

/** The summary report: minutes per task and person, with the billed part. */
export async function portalSummary(db: Db, f: PortalTimeFilter): Promise<Array<{ task: string | null; staff_user_id: number; staff_name: string; minutes: number; billed: number }>> {
  return portalTime(db, f)
    .innerJoin('staff_users as u', 'u.id', 'te.staff_user_id')
    .select(['te.task', 'te.staff_user_id', 'u.name as staff_name', sql<number>`sum(te.minutes)`.as('minutes'), sql<number>`sum(case when d.status = 'issued' then te.minutes else 0 end)`.as('billed')])
    .groupBy(['te.task', 'te.staff_user_id', 'u.name'])
    .orderBy('te.task')
    .orderBy('u.name')
    .limit(500)
    .execute();
}

/** A row of the portal's time list. */
export interface PortalTimeRow { id: number; date: string; task: string | null; staff_name: string; minutes: number; billable: number; billed: number; notes: string | null }

/** One page of the filtered time, newest first (limit + 1 rows say whether more exist). */
export async function portalTimeEntries(db: Db, f: PortalTimeFilter, page: { offset: number; limit: number }): Promise<PortalTimeRow[]> {
  return portalTimeQuery(db, f, page).execute();
}

/** The query of one page of a project's time in the portal (exported so a test can EXPLAIN it). */
export function portalTimeQuery(db: Db, f: PortalTimeFilter, page: { offset: number; limit: number }) {
  return portalTime(db, f)
    .innerJoin('staff_users as u', 'u.id', 'te.staff_user_id')
    .select(['te.id', 'te.date', 'te.task', 'u.name as staff_name', 'te.minutes', 'te.billable', billedSql.as('billed'), 'te.notes'])
    .orderBy('te.date', 'desc')
    .orderBy('te.id', 'desc')
    .limit(page.limit)
    .offset(page.offset);
}

/** The tasks and people of a project's visible time (choices of the report's filters). */
export async function portalTimeChoices(db: Db, f: Pick<PortalTimeFilter, 'clientId' | 'projectId' | 'billableOnly'>): Promise<{ tasks: string[]; staff: Array<{ id: number; name: string }> }> {
  const base = { ...f, from: null, to: null, task: null, staffId: null };
  const [tasks, staff] = await Promise.all([
    portalTime(db, base).select('te.task').where('te.task', 'is not', null).groupBy('te.task').orderBy('te.task').limit(200).execute(),
    portalTime(db, base).innerJoin('staff_users as u', 'u.id', 'te.staff_user_id').select(['u.id', 'u.name']).groupBy(['u.id', 'u.name']).orderBy('u.name').limit(200).execute(),
  ]);
  return { tasks: tasks.map((r) => r.task).filter((x): x is string => x !== null), staff };
}

/** A document of a project as its portal tab lists it. */
export interface PortalProjectDocument {
  id: number;
  kind: DocumentKind;
  number: string | null;
  status: DocumentLifecycle;
  issue_date: string;
  due_date: string | null;
  valid_until: string | null;
  currency: string;
  total: Minor;
  balance: Minor;
}

/** The documents issued for a project, of the kinds the member may see, newest first. */
export async function portalProjectDocuments(db: Db, clientId: number, projectId: number, kinds: DocumentKind[]): Promise<PortalProjectDocument[]> {
  if (kinds.length === 0) return [];
  return db
    .selectFrom('documents as d')
    .select(['d.id', 'd.kind', 'd.number', 'd.status', 'd.issue_date', 'd.due_date', 'd.valid_until', 'd.currency', 'd.total', balanceSql('d').as('balance')])
    .where('d.client_id', '=', clientId)
    .where('d.project_id', '=', projectId)
    .where((eb) => eb.or(kinds.map((k) => eb.and([eb('d.kind', '=', k), eb('d.status', 'in', SHOWN[k])]))))
    .orderBy('d.issue_date', 'desc')
    .orderBy('d.id', 'desc')
    .limit(200)
    .execute();
}

/** A row of the portal's expenses list. */
export interface PortalExpenseRow { id: number; date: string; category: string; amount: Minor; currency: string; notes: string | null; project_name: string | null; billed: number }

/** One page of the client's billable expenses (of no project or a visible one), newest first. */
export async function portalExpenses(db: Db, clientId: number, page: { offset: number; limit: number }): Promise<PortalExpenseRow[]> {
  return db
    .selectFrom('expenses as e')
    .leftJoin('projects as p', 'p.id', 'e.project_id')
    .leftJoin('documents as d', (join) => join.onRef('d.id', '=', 'e.billed_invoice_id').on('d.client_id', '=', clientId))
    .select(['e.id', 'e.date', 'e.category', 'e.amount', 'e.currency', 'e.notes', 'p.name as project_name', billedSql.as('billed')])
    .where('e.client_id', '=', clientId)
    .where('e.billable', '=', 1)
    .where('e.archived_at', 'is', null)
    .where((eb) => eb.or([eb('e.project_id', 'is', null), eb.and([eb('p.portal_visible', '=', 1), eb('p.archived_at', 'is', null)])]))
    .orderBy('e.date', 'desc')
    .orderBy('e.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** A note shared with the client. */
export interface PortalNoteRow { id: number; date: string; body: string; project_name: string | null }

/** One page of the notes shared with the client (of no project or a visible one), newest first. */
export async function portalNotes(db: Db, clientId: number, page: { offset: number; limit: number }): Promise<PortalNoteRow[]> {
  return db
    .selectFrom('notes as n')
    .leftJoin('projects as p', 'p.id', 'n.project_id')
    .select(['n.id', 'n.date', 'n.body', 'p.name as project_name'])
    .where('n.client_id', '=', clientId)
    .where('n.shared', '=', 1)
    .where('n.archived_at', 'is', null)
    .where((eb) => eb.or([eb('n.project_id', 'is', null), eb.and([eb('p.portal_visible', '=', 1), eb('p.archived_at', 'is', null)])]))
    .orderBy('n.date', 'desc')
    .orderBy('n.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** An appointment as the portal lists it. */
export interface PortalScheduleRow { id: number; title: string; starts_at: string; ends_at: string; place: string | null; attendees: string | null; notes: string | null; project_name: string | null }

/** One page of the client's appointments: upcoming (not yet ended) soonest first, or past latest first. */
export async function portalSchedule(db: Db, clientId: number, when: 'upcoming' | 'past', now: string, page: { offset: number; limit: number }): Promise<PortalScheduleRow[]> {
  let q = db
    .selectFrom('schedule_entries as s')
    .leftJoin('projects as p', 'p.id', 's.project_id')
    .select(['s.id', 's.title', 's.starts_at', 's.ends_at', 's.place', 's.attendees', 's.notes', 'p.name as project_name'])
    .where('s.client_id', '=', clientId)
    .where('s.archived_at', 'is', null)
    .where((eb) => eb.or([eb('s.project_id', 'is', null), eb.and([eb('p.portal_visible', '=', 1), eb('p.archived_at', 'is', null)])]));
  q = when === 'upcoming' ? q.where('s.ends_at', '>=', now).orderBy('s.starts_at', 'asc').orderBy('s.id', 'asc') : q.where('s.ends_at', '<', now).orderBy('s.starts_at', 'desc').orderBy('s.id', 'desc');
  return q.limit(page.limit).offset(page.offset).execute();
}
