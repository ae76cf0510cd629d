import type { Db, Trx } from '../db/index.js';
import type { Contact } from '../db/schema.js';

/** One contact by id (removed ones included), or undefined. */
export async function findContact(db: Db | Trx, id: number): Promise<Contact | undefined> {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A client's current contacts, by name. */
export async function listActiveContacts(db: Db, clientId: number): Promise<Contact[]> {
  return db.selectFrom('contacts').selectAll().where('client_id', '=', clientId).where('archived_at', 'is', null).orderBy('name').orderBy('id').execute();
}

/** Contacts with id above `afterId`, by id (API keyset paging), optionally of one client; removed ones included. */
export async function listContactsAfter(db: Db, opts: { afterId: number; limit: number; clientId: number | null }): Promise<Contact[]> {
  let q = db.selectFrom('contacts').selectAll().where('id', '>', opts.afterId);
  if (opts.clientId !== null) q = q.where('client_id', '=', opts.clientId);
  return q.orderBy('id').limit(opts.limit).execute();
}

/** Inserts a contact and returns the stored row. */
export async function insertContact(trx: Trx, values: { client_id: number; name: string; email: string; phone: string | null }): Promise<Contact> {
  return trx.insertInto('contacts').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a contact and returns the stored row. */
export async function updateContactRow(trx: Trx, id: number, values: Partial<Pick<Contact, 'name' | 'email' | 'phone' | 'archived_at' | 'updated_at'>>): Promise<Contact> {
  return trx.updateTable('contacts').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
