import type { Db } from '../db/index.js';
import type { IdempotencyKeysTable } from '../db/schema.js';

/** What is stored under an Idempotency-Key: the request's hash and its answer. */
export type StoredIdempotencyKey = Pick<IdempotencyKeysTable, 'request_hash' | 'status' | 'body'>;

/** The record of `key` for this API token, if any. */
export function findIdempotencyKey(db: Db, tokenId: number, key: string): Promise<StoredIdempotencyKey | undefined> {
  return db.selectFrom('idempotency_keys').select(['request_hash', 'status', 'body']).where('api_token_id', '=', tokenId).where('key', '=', key).executeTakeFirst();
}

/** Stores the answer given under `key`, replacing a stale record (an in-progress mark of an earlier version). */
export async function storeIdempotencyKey(db: Db, tokenId: number, key: string, record: StoredIdempotencyKey): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ api_token_id: tokenId, key, ...record })
    .onConflict((oc) => oc.columns(['api_token_id', 'key']).doUpdateSet({ ...record, created_at: new Date().toISOString() }))
    .execute();
}
