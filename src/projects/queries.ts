import type { Db, Trx } from '../db/index.js';
import type { Project } from '../db/schema.js';

/** A project in a select. */
export interface ProjectOption { id: number; name: string }

/** One project by id (archived included), or undefined. */
export async function findProject(db: Db | Trx, id: number): Promise<Project | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A client's projects, active first, then by name. */
export async function listClientProjects(db: Db, clientId: number, includeArchived: boolean): Promise<Project[]> {
  let q = db.selectFrom('projects').selectAll().where('client_id', '=', clientId);
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  return q.orderBy('name').orderBy('id').execute();
}

/** A client's active projects for selects, by name. */
export async function listProjectOptions(db: Db, clientId: number): Promise<ProjectOption[]> {
  return db.selectFrom('projects').select(['id', 'name']).where('client_id', '=', clientId).where('archived_at', 'is', null).orderBy('name').orderBy('id').execute();
}

/** Projects with id above `afterId`, by id (API keyset paging), optionally of one client. */
export async function listProjectsAfter(db: Db, opts: { afterId: number; limit: number; clientId: number | null }): Promise<Project[]> {
  let q = db.selectFrom('projects').selectAll().where('id', '>', opts.afterId);
  if (opts.clientId !== null) q = q.where('client_id', '=', opts.clientId);
  return q.orderBy('id').limit(opts.limit).execute();
}

/** Inserts a project and returns the stored row. */
export async function insertProject(trx: Trx, values: { client_id: number; name: string; email: string | null; portal_visible: number; portal_time: 'all' | 'billable' }): Promise<Project> {
  return trx.insertInto('projects').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a project and returns the stored row. */
export async function updateProjectRow(
  trx: Trx,
  id: number,
  values: Partial<Pick<Project, 'name' | 'email' | 'portal_visible' | 'portal_time' | 'archived_at' | 'updated_at'>>,
): Promise<Project> {
  return trx.updateTable('projects').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
