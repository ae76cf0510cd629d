import type { Insertable, Selectable } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { DocumentPermalinksTable } from '../db/schema-payments-online.js';
import { permissionsOf, type Permissions } from '../portal-access/visibility.js';

/** A stored permalink. */
export type PermalinkRow = Selectable<DocumentPermalinksTable>;

/** What a permalink points at: one document, or a client's statement for a period. */
export type PermalinkTarget =
  | { kind: 'document'; clientId: number; documentId: number }
  | { kind: 'statement'; clientId: number; from: string | null; to: string | null };

/** Inserts a permalink; returns its id. */
export async function insertPermalink(trx: Db | Trx, values: Insertable<DocumentPermalinksTable>): Promise<number> {
  const row = await trx.insertInto('document_permalinks').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The permalink whose token hashes to `hash`, or undefined. */
export async function findPermalinkByHash(db: Db | Trx, hash: string): Promise<PermalinkRow | undefined> {
  return db.selectFrom('document_permalinks').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

/** One permalink by id. */
export async function findPermalink(db: Db | Trx, id: number): Promise<PermalinkRow | undefined> {
  return db.selectFrom('document_permalinks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Moves the expiry of a recipient's earlier, unrevoked links to the same target to `expiresAt` (emailing again renews them). */
export async function renewPermalinks(trx: Db | Trx, target: PermalinkTarget, email: string, expiresAt: string): Promise<void> {
  let q = trx
    .updateTable('document_permalinks')
    .set({ expires_at: expiresAt })
    .where('client_id', '=', target.clientId)
    .where('email', '=', email)
    .where('revoked_at', 'is', null)
    .where('expires_at', '<', expiresAt);
  if (target.kind === 'document') q = q.where('kind', '=', 'document').where('document_id', '=', target.documentId);
  else {
    q = q.where('kind', '=', 'statement');
    q = target.from === null ? q.where('period_from', 'is', null) : q.where('period_from', '=', target.from);
    q = target.to === null ? q.where('period_to', 'is', null) : q.where('period_to', '=', target.to);
  }
  await q.execute();
}

/** Revokes every unrevoked link to a document; returns how many. */
export async function revokeDocumentPermalinks(trx: Db | Trx, documentId: number, at: string): Promise<number> {
  const r = await trx
    .updateTable('document_permalinks')
    .set({ revoked_at: at })
    .where('kind', '=', 'document')
    .where('document_id', '=', documentId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** How many links to a document still work, and the latest expiry among them (one query). */
export async function documentLinkSummary(db: Db | Trx, documentId: number, nowIso: string): Promise<{ active: number; expiresAt: string | null }> {
  const row = await db
    .selectFrom('document_permalinks')
    .select((eb) => [eb.fn.countAll<number>().as('active'), eb.fn.max('expires_at').as('expires_at')])
    .where('kind', '=', 'document')
    .where('document_id', '=', documentId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
  return { active: Number(row?.active ?? 0), expiresAt: row?.expires_at ?? null };
}

/** The active membership of `email` in a client (login not disabled), with its permissions, or undefined. */
export async function activeMembershipByEmail(db: Db | Trx, clientId: number, email: string): Promise<{ membershipId: number; permissions: Permissions } | undefined> {
  const row = await db
    .selectFrom('portal_memberships as m')
    .innerJoin('portal_users as u', 'u.id', 'm.portal_user_id')
    .select(['m.id', 'm.can_view_finances', 'm.can_pay', 'm.can_approve', 'm.can_raise_tickets', 'm.can_message', 'm.can_edit_company'])
    .where('m.client_id', '=', clientId)
    .where('m.status', '=', 'active')
    .where('u.email', '=', email)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ? { membershipId: row.id, permissions: permissionsOf(row) } : undefined;
}

/** True when `email` viewed this subject through a link since `sinceIso` (notifications are not repeated within the window). */
export async function viewedThroughLinkSince(trx: Db | Trx, subjectType: string, subjectId: number, action: string, email: string, sinceIso: string): Promise<boolean> {
  const row = await trx
    .selectFrom('events')
    .select('id')
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .where('action', '=', action)
    .where('actor_name', '=', email)
    .where('at', '>', sinceIso)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
