import type { Db, Trx } from '../db/index.js';
import type { EventRow, StaffUser } from '../db/schema.js';

/** Who did something: a staff member (page or API), a portal user, or Stoa itself. */
export interface Actor { type: 'staff' | 'api' | 'portal' | 'system'; id: number | null; name: string }

/** The actor for a signed-in staff member or an API token's owner. */
export function staffActor(user: Pick<StaffUser, 'id' | 'name'>, via: 'staff' | 'api' = 'staff'): Actor {
  return { type: via, id: user.id, name: user.name };
}

/** Stoa itself (seed, background work). */
export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, name: 'Stoa' };

/** Appends an event; call inside the transaction of the change it records. */
export async function recordEvent(
  trx: Db | Trx,
  actor: Actor,
  event: { clientId: number | null; subjectType: string; subjectId: number; action: string; detail?: Record<string, unknown> },
): Promise<void> {
  await trx
    .insertInto('events')
    .values({
      actor_type: actor.type,
      actor_id: actor.id,
      actor_name: actor.name,
      client_id: event.clientId,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      action: event.action,
      detail: event.detail ? JSON.stringify(event.detail) : null,
    })
    .execute();
}

/** A client's events, newest first, keyset-paged by id. */
export async function listClientEvents(db: Db, clientId: number, opts: { beforeId?: number; limit: number }): Promise<EventRow[]> {
  let q = db.selectFrom('events').selectAll().where('client_id', '=', clientId);
  if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}

/** The events of one record (document, payment…), oldest first. */
export async function listSubjectEvents(db: Db, subjectType: string, subjectId: number): Promise<EventRow[]> {
  return db.selectFrom('events').selectAll().where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).orderBy('id', 'asc').execute();
}

/** The firm's latest events, newest first, with the client's name. */
export async function listRecentEvents(db: Db, limit: number): Promise<Array<EventRow & { client_name: string | null }>> {
  return db
    .selectFrom('events as e')
    .leftJoin('clients as c', 'c.id', 'e.client_id')
    .selectAll('e')
    .select('c.name as client_name')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}
