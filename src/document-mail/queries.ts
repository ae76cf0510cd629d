import type { Db, Trx } from '../db/index.js';
import type { Contact, MailRow } from '../db/schema.js';

/** Stores the open-tracking token of an outbox row (its hash only). */
export async function insertOpenToken(trx: Db | Trx, tokenHash: string, mailId: number): Promise<void> {
  await trx.insertInto('mail_open_tokens').values({ token_hash: tokenHash, mail_id: mailId }).execute();
}

/** The outbox row an open-tracking token belongs to, or undefined. */
export async function findMailByOpenToken(db: Db | Trx, tokenHash: string): Promise<Pick<MailRow, 'id' | 'to_addresses' | 'client_id' | 'subject_type' | 'subject_id' | 'opened_at'> | undefined> {
  return db
    .selectFrom('mail_open_tokens as o')
    .innerJoin('mail_outbox as m', 'm.id', 'o.mail_id')
    .select(['m.id', 'm.to_addresses', 'm.client_id', 'm.subject_type', 'm.subject_id', 'm.opened_at'])
    .where('o.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Sets opened_at once: true only for the load that set it (a later load changes nothing). */
export async function markMailOpened(trx: Db | Trx, mailId: number, atIso: string): Promise<boolean> {
  const r = await trx.updateTable('mail_outbox').set({ opened_at: atIso }).where('id', '=', mailId).where('opened_at', 'is', null).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** The number of a document (for event labels), or undefined. */
export async function documentNumberOf(db: Db | Trx, id: number): Promise<{ id: number; number: string | null } | undefined> {
  return db.selectFrom('documents').select(['id', 'number']).where('id', '=', id).executeTakeFirst();
}

/** The logins among `emails` and their membership of a client (if any), in one query. */
export async function loginsOf(db: Db | Trx, clientId: number, emails: readonly string[]): Promise<Array<{ email: string; disabled: boolean; membership: 'invited' | 'active' | 'revoked' | null }>> {
  if (emails.length === 0) return [];
  const rows = await db
    .selectFrom('portal_users as u')
    .leftJoin('portal_memberships as m', (j) => j.onRef('m.portal_user_id', '=', 'u.id').on('m.client_id', '=', clientId))
    .select(['u.email', 'u.disabled_at', 'm.status'])
    .where('u.email', 'in', [...emails])
    .execute();
  return rows.map((r) => ({ email: r.email, disabled: r.disabled_at !== null, membership: r.status }));
}

/** The client's current contacts whose email is one of `emails` (compared lower-cased), oldest first. */
export async function contactsWithEmails(db: Db | Trx, clientId: number, emails: readonly string[]): Promise<Contact[]> {
  if (emails.length === 0) return [];
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('archived_at', 'is', null)
    .where((eb) => eb(eb.fn<string>('lower', ['email']), 'in', [...emails]))
    .orderBy('id')
    .execute();
}

/** A client's active members (logins not disabled) with their language and permission flags. */
export async function activeMembersOf(trx: Db | Trx, clientId: number) {
  return trx
    .selectFrom('portal_memberships as m')
    .innerJoin('portal_users as u', 'u.id', 'm.portal_user_id')
    .select(['u.email', 'u.name', 'u.language', 'm.can_view_finances', 'm.can_pay', 'm.can_approve', 'm.can_raise_tickets', 'm.can_message', 'm.can_edit_company'])
    .where('m.client_id', '=', clientId)
    .where('m.status', '=', 'active')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.id')
    .execute();
}
