import type { ClientNav } from '../../views/clients/client-frame.js';
import type { Db } from '../db/index.js';
import type { Client } from '../db/schema.js';

/** One client by id (archived included), or undefined. */
export async function findClient(db: Db, id: number): Promise<Client | undefined> {
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
