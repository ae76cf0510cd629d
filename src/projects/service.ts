import { findClient } from '../clients/queries.js';
import { validateProject, type Errors, type ProjectField, type ProjectValues, type Raw } from '../clients/validation.js';
import type { Db } from '../db/index.js';
import type { Project } from '../db/schema.js';
import { recordEvent, type Actor } from '../events/service.js';
import { nowIso } from '../util/time.js';
import { findProject, insertProject, listClientProjects, listProjectOptions, updateProjectRow, type ProjectOption } from './queries.js';

/** Why a project could not be saved. */
export type ProjectFailure = { ok: false; error: 'Invalid'; errors: Errors<ProjectField> } | { ok: false; error: 'NotFound' };

const FIELDS: readonly ProjectField[] = ['name', 'email', 'portal_visible', 'portal_time'];

/** The editable values of a stored project. */
export function projectValues(p: Project): ProjectValues {
  return { name: p.name, email: p.email, portal_visible: p.portal_visible === 1, portal_time: p.portal_time };
}

/** As raw input, for merging a patch over a stored project. */
function asRaw(v: ProjectValues): Raw<ProjectField> {
  return { name: v.name, email: v.email, portal_visible: v.portal_visible ? '1' : '0', portal_time: v.portal_time };
}

/** One project by id (archived included), or null. */
export async function getProject(db: Db, id: number): Promise<Project | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return (await findProject(db, id)) ?? null;
}

/** A client's active projects for selects (id, name), by name. */
export async function projectOptions(db: Db, clientId: number): Promise<ProjectOption[]> {
  return listProjectOptions(db, clientId);
}

/** A client's projects for its projects tab (archived ones too when asked). */
export async function listProjects(db: Db, clientId: number, includeArchived = false): Promise<Project[]> {
  return listClientProjects(db, clientId, includeArchived);
}

/**
 * The address documents of a project are mailed to: the project's own email when set,
 * otherwise the client's.
 */
export function documentEmail(clientEmail: string | null, project: Pick<Project, 'email'> | null | undefined): string | null {
  return project?.email ?? clientEmail;
}

/** Creates a project for a client; NotFound when the client does not exist. */
export async function createProject(db: Db, actor: Actor, clientId: number, raw: Raw<ProjectField>): Promise<{ ok: true; project: Project } | ProjectFailure> {
  const checked = validateProject(raw);
  return db.transaction().execute(async (trx) => {
    if (!(await findClient(trx, clientId))) return { ok: false, error: 'NotFound' } as const;
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    const v = checked.value;
    const project = await insertProject(trx, { client_id: clientId, name: v.name, email: v.email, portal_visible: v.portal_visible ? 1 : 0, portal_time: v.portal_time });
    await recordEvent(trx, actor, { clientId, subjectType: 'project', subjectId: project.id, action: 'created', detail: { label: project.name } });
    return { ok: true, project } as const;
  });
}

/** Updates the fields present in `patch`; a project never moves to another client. */
export async function updateProject(db: Db, actor: Actor, id: number, patch: Raw<ProjectField>): Promise<{ ok: true; project: Project } | ProjectFailure> {
  return db.transaction().execute(async (trx) => {
    const existing = await findProject(trx, id);
    if (!existing) return { ok: false, error: 'NotFound' } as const;
    const before = projectValues(existing);
    const merged = asRaw(before);
    for (const f of FIELDS) if (patch[f] !== undefined) merged[f] = patch[f];
    const checked = validateProject(merged);
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    const v = checked.value;
    const changed = FIELDS.filter((f) => v[f] !== before[f]);
    if (changed.length === 0) return { ok: true, project: existing } as const;
    const project = await updateProjectRow(trx, id, {
      name: v.name,
      email: v.email,
      portal_visible: v.portal_visible ? 1 : 0,
      portal_time: v.portal_time,
      updated_at: nowIso(),
    });
    await recordEvent(trx, actor, { clientId: project.client_id, subjectType: 'project', subjectId: id, action: 'updated', detail: { label: project.name, fields: changed } });
    return { ok: true, project } as const;
  });
}

/** Archives a project: gone from selects and the portal, kept for the documents that name it. */
export async function archiveProject(db: Db, actor: Actor, id: number): Promise<{ ok: true; project: Project } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findProject(trx, id);
    if (!existing) return { ok: false, error: 'NotFound' } as const;
    if (existing.archived_at) return { ok: true, project: existing } as const;
    const now = nowIso();
    const project = await updateProjectRow(trx, id, { archived_at: now, updated_at: now });
    await recordEvent(trx, actor, { clientId: project.client_id, subjectType: 'project', subjectId: id, action: 'archived', detail: { label: project.name } });
    return { ok: true, project } as const;
  });
}
