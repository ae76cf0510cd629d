import { sql, type SqlBool } from 'kysely';
import type { ClientNav } from '../../views/clients/client-frame.js';
import type { Db, Trx } from '../db/index.js';
import type { Client, ClientUpdate, NewClient } from '../db/schema.js';
import { fold } from '../i18n/fold.js';

/** A row of the clients list page. */
export interface ListedClient {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  city: string | null;
  currency: string;
  archived_at: string | null;
}

/** A client in a select: id, name and the currency its documents use. */
export interface ClientOption { id: number; name: string; currency: string }

/** LIKE patterns (one per word, at most five) matching folded search text; wildcards in the query are literal. */
export function searchPatterns(q: string): string[] {
  return fold(q)
    .split(' ')
    .filter((w) => w !== '')
    .slice(0, 5)
    .map((w) => `%${w.replace(/[\\%_]/g, (m) => '\\' + m)}%`);
}

/** One LIKE condition on search_text (portable: standard ESCAPE clause). */
function matches(pattern: string) {
  return sql<SqlBool>`${sql.ref('search_text')} like ${pattern} escape '\\'`;
}

/** One client by id (archived included), or undefined. */
export async function findClient(db: Db | Trx, id: number): Promise<Client | undefined> {
  return db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Previous/next client around `client` in the list order (search_text, then id),
 * among non-archived clients.
 */
export async function findClientNav(db: Db, client: Pick<Client, 'id' | 'search_text'>): Promise<ClientNav> {
  const prev = await db
    .selectFrom('clients')
    .select('id')
    .where('archived_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('search_text', '<', client.search_text),
        eb.and([eb('search_text', '=', client.search_text), eb('id', '<', client.id)]),
      ]),
    )
    .orderBy('search_text', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const next = await db
    .selectFrom('clients')
    .select('id')
    .where('archived_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('search_text', '>', client.search_text),
        eb.and([eb('search_text', '=', client.search_text), eb('id', '>', client.id)]),
      ]),
    )
    .orderBy('search_text', 'asc')
    .orderBy('id', 'asc')
    .limit(1)
    .executeTakeFirst();
  return { prevId: prev?.id ?? null, nextId: next?.id ?? null };
}

/** A page of the clients list in list order (search_text, id); fetch one more than shown to know if there is a next page. */
export async function listClientsPage(db: Db, opts: { q: string; includeArchived: boolean; offset: number; limit: number }): Promise<ListedClient[]> {
  let query = db.selectFrom('clients').select(['id', 'name', 'email', 'phone', 'city', 'currency', 'archived_at']);
  if (!opts.includeArchived) query = query.where('archived_at', 'is', null);
  for (const p of searchPatterns(opts.q)) query = query.where(matches(p));
  return query.orderBy('search_text').orderBy('id').offset(opts.offset).limit(opts.limit).execute();
}

/** Clients whose id is above `afterId`, by id (API keyset paging), optionally searched. */
export async function listClientsAfter(db: Db, opts: { afterId: number; limit: number; q: string }): Promise<Client[]> {
  let query = db.selectFrom('clients').selectAll().where('id', '>', opts.afterId);
  for (const p of searchPatterns(opts.q)) query = query.where(matches(p));
  return query.orderBy('id').limit(opts.limit).execute();
}

/** Active clients for selects, in list order. */
export async function listClientOptions(db: Db): Promise<ClientOption[]> {
  return db.selectFrom('clients').select(['id', 'name', 'currency']).where('archived_at', 'is', null).orderBy('search_text').orderBy('id').execute();
}

/** True when the client has any document or payment: both are in the client's currency. */
export async function clientHasDocuments(db: Db | Trx, clientId: number): Promise<boolean> {
  const doc = await db.selectFrom('documents').select('id').where('client_id', '=', clientId).limit(1).executeTakeFirst();
  if (doc) return true;
  const payment = await db.selectFrom('payments').select('id').where('client_id', '=', clientId).limit(1).executeTakeFirst();
  return payment !== undefined;
}

/** Inserts a client and returns the stored row. */
export async function insertClient(trx: Trx, values: NewClient): Promise<Client> {
  return trx.insertInto('clients').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a client and returns the stored row. */
export async function updateClientRow(trx: Trx, id: number, values: ClientUpdate): Promise<Client> {
  return trx.updateTable('clients').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
