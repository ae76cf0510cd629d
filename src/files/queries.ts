import type { Db, Trx } from '../db/index.js';
import type { FileRow } from '../db/schema-service.js';

/** A file with the names of what it is attached to, for lists. */
export interface ListedFile extends FileRow {
  project_name: string | null;
  contract_title: string | null;
  site_name: string | null;
  service_report_date: string | null;
}

/** One file by id (archived included), or undefined. */
export async function findFile(db: Db | Trx, id: number): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A file the client sees in the portal: theirs, shared, not archived. */
export async function findSharedFile(db: Db, clientId: number, id: number): Promise<FileRow | undefined> {
  return db
    .selectFrom('files')
    .selectAll()
    .where('id', '=', id)
    .where('client_id', '=', clientId)
    .where('shared', '=', 1)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
}

function listedFiles(db: Db) {
  return db
    .selectFrom('files as f')
    .leftJoin('projects as p', 'p.id', 'f.project_id')
    .leftJoin('contracts as k', 'k.id', 'f.contract_id')
    .leftJoin('sites as s', 's.id', 'f.site_id')
    .leftJoin('service_reports as r', 'r.id', 'f.service_report_id')
    .selectAll('f')
    .select(['p.name as project_name', 'k.title as contract_title', 's.name as site_name', 'r.visit_date as service_report_date']);
}

/** A page of a client's files, newest first: active ones, or archived ones. */
export async function listClientFiles(db: Db, clientId: number, opts: { archived: boolean; offset: number; limit: number }): Promise<ListedFile[]> {
  let q = listedFiles(db).where('f.client_id', '=', clientId);
  q = opts.archived ? q.where('f.archived_at', 'is not', null) : q.where('f.archived_at', 'is', null);
  return q.orderBy('f.id', 'desc').limit(opts.limit).offset(opts.offset).execute();
}

/** The statement behind listSharedFiles (tests read its query plan). */
export function sharedFilesQuery(db: Db, clientId: number, opts: { offset: number; limit: number }) {
  return listedFiles(db)
    .where('f.client_id', '=', clientId)
    .where('f.shared', '=', 1)
    .where('f.archived_at', 'is', null)
    .orderBy('f.id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset);
}

/** A page of the files shared with a client (not archived), newest first. */
export async function listSharedFiles(db: Db, clientId: number, opts: { offset: number; limit: number }): Promise<ListedFile[]> {
  return sharedFilesQuery(db, clientId, opts).execute();
}

/** The active files attached to one record (a service report, a contract, a site, a project), newest first. */
export async function listAttachedFiles(
  db: Db,
  clientId: number,
  link: { column: 'service_report_id' | 'contract_id' | 'site_id' | 'project_id'; id: number },
  opts: { sharedOnly: boolean },
): Promise<ListedFile[]> {
  let q = listedFiles(db).where('f.client_id', '=', clientId).where(`f.${link.column}`, '=', link.id).where('f.archived_at', 'is', null);
  if (opts.sharedOnly) q = q.where('f.shared', '=', 1);
  return q.orderBy('f.id', 'desc').limit(200).execute();
}

/** How many active shared files each of some service reports has (one query for a list). */
export async function countSharedReportFiles(db: Db, clientId: number, reportIds: readonly number[]): Promise<Map<number, number>> {
  if (reportIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('files')
    .select(['service_report_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('client_id', '=', clientId)
    .where('service_report_id', 'in', [...reportIds])
    .where('shared', '=', 1)
    .where('archived_at', 'is', null)
    .groupBy('service_report_id')
    .execute();
  return new Map(rows.map((r) => [r.service_report_id ?? 0, Number(r.n)]));
}

/** Whether each record a file is to be attached to exists, belongs to the client and is not archived. */
export async function linkTargetsExist(
  trx: Db | Trx,
  clientId: number,
  links: { projectId: number | null; contractId: number | null; siteId: number | null; serviceReportId: number | null },
): Promise<{ project_id: boolean; contract_id: boolean; site_id: boolean; service_report_id: boolean }> {
  const one = async (table: 'projects' | 'contracts' | 'sites' | 'service_reports', id: number | null) =>
    id === null
      ? true
      : (await trx.selectFrom(table).select('id').where('id', '=', id).where('client_id', '=', clientId).where('archived_at', 'is', null).executeTakeFirst()) !== undefined;
  return {
    project_id: await one('projects', links.projectId),
    contract_id: await one('contracts', links.contractId),
    site_id: await one('sites', links.siteId),
    service_report_id: await one('service_reports', links.serviceReportId),
  };
}

/** Inserts a file row and returns it. */
export async function insertFile(trx: Trx, values: Omit<FileRow, 'id' | 'created_at' | 'updated_at'>): Promise<FileRow> {
  return trx.insertInto('files').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a file row (sharing, archiving) and returns it. */
export async function updateFileRow(trx: Trx, id: number, values: Partial<Pick<FileRow, 'shared' | 'archived_at' | 'updated_at'>>): Promise<FileRow> {
  return trx.updateTable('files').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
