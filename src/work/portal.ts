// What the portal shows of work records, composed from scoped queries and the pure report.
// Callers have already asked mayView; every function takes the active client's id.

import type { Db } from '../db/index.js';
import type { DocumentKind, Project } from '../db/schema.js';
import { today } from '../util/time.js';
import { readReportQuery, type ReportQuery } from './list-query.js';
import {
  findPortalProject,
  portalDailyMinutes,
  portalExpenses,
  portalNotes,
  portalProjectDocuments,
  portalProjects,
  portalSchedule,
  portalSummary,
  portalTimeChoices,
  portalTimeEntries,
  type PortalExpenseRow,
  type PortalNoteRow,
  type PortalProjectDocument,
  type PortalScheduleRow,
  type PortalTimeRow,
} from './portal-queries.js';
import { bucketize, chooseGranularity, reportTotals, type Bucket, type Granularity } from './report.js';

/** Rows per page of the portal's work lists. */
export const PORTAL_PAGE_SIZE = 50;

export { portalProjects, type PortalExpenseRow, type PortalNoteRow, type PortalProjectDocument, type PortalScheduleRow, type PortalTimeRow };

/** A project the portal shows, or null (hidden, archived, another client's, or a bad id). */
export async function portalProject(db: Db, clientId: number, projectId: number | null): Promise<Project | null> {
  if (projectId === null) return null;
  return (await findPortalProject(db, clientId, projectId)) ?? null;
}

/** Everything the time report of a project shows. */
export interface ProjectReport {
  query: ReportQuery;
  errors: Record<string, string>;
  choices: { tasks: string[]; staff: Array<{ id: number; name: string }> };
  granularity: Granularity;
  buckets: Bucket[];
  truncated: boolean;
  totals: { minutes: number; billed: number; unbilled: number };
  summary: Array<{ task: string | null; staff_name: string; minutes: number; billed: number }>;
  entries: PortalTimeRow[];
  hasNext: boolean;
}

/** The time report of a visible project for the query string `q`: chart buckets, totals, summary, one page of entries. */
export async function projectReport(db: Db, clientId: number, project: Project, q: Record<string, string | undefined>): Promise<ProjectReport> {
  const scope = { clientId, projectId: project.id, billableOnly: project.portal_time === 'billable' };
  const choices = await portalTimeChoices(db, scope);
  const read = readReportQuery(q, today(), { tasks: choices.tasks, staffIds: choices.staff.map((s) => s.id) });
  const granularity = chooseGranularity(read.query.by || undefined, read.bounds.from, read.bounds.to);
  if (Object.keys(read.errors).length > 0) {
    return { query: read.query, errors: read.errors, choices, granularity, buckets: [], truncated: false, totals: { minutes: 0, billed: 0, unbilled: 0 }, summary: [], entries: [], hasNext: false };
  }
  const filter = { ...scope, from: read.bounds.from, to: read.bounds.to, task: read.task, staffId: read.staffId };
  const [daily, summary, rows] = await Promise.all([
    portalDailyMinutes(db, filter),
    portalSummary(db, filter),
    portalTimeEntries(db, filter, { offset: (read.query.page - 1) * PORTAL_PAGE_SIZE, limit: PORTAL_PAGE_SIZE + 1 }),
  ]);
  const { buckets, truncated } = bucketize(daily, granularity, read.bounds);
  return {
    query: read.query,
    errors: {},
    choices,
    granularity,
    buckets,
    truncated,
    totals: reportTotals(daily),
    summary,
    entries: rows.slice(0, PORTAL_PAGE_SIZE),
    hasNext: rows.length > PORTAL_PAGE_SIZE,
  };
}

/** The documents issued for a project, of the kinds the member may see. */
export async function projectDocuments(db: Db, clientId: number, projectId: number, kinds: DocumentKind[]): Promise<PortalProjectDocument[]> {
  return portalProjectDocuments(db, clientId, projectId, kinds);
}

/** One page of a portal list and whether another follows. */
export interface PortalPage<T> { rows: T[]; page: number; hasNext: boolean }

function paged<T>(rows: T[], page: number): PortalPage<T> {
  return { rows: rows.slice(0, PORTAL_PAGE_SIZE), page, hasNext: rows.length > PORTAL_PAGE_SIZE };
}

const window = (page: number) => ({ offset: (page - 1) * PORTAL_PAGE_SIZE, limit: PORTAL_PAGE_SIZE + 1 });

/** One page of the client's billable expenses. */
export async function listPortalExpenses(db: Db, clientId: number, page: number): Promise<PortalPage<PortalExpenseRow>> {
  return paged(await portalExpenses(db, clientId, window(page)), page);
}

/** One page of the notes shared with the client. */
export async function listPortalNotes(db: Db, clientId: number, page: number): Promise<PortalPage<PortalNoteRow>> {
  return paged(await portalNotes(db, clientId, window(page)), page);
}

/** One page of the client's appointments, upcoming or past. */
export async function listPortalSchedule(db: Db, clientId: number, when: 'upcoming' | 'past', page: number): Promise<PortalPage<PortalScheduleRow>> {
  return paged(await portalSchedule(db, clientId, when, new Date().toISOString(), window(page)), page);
}
