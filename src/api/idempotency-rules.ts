import type { StoredIdempotencyKey } from './queries.js';

/**
 * What a keyed POST does given what is stored under its key (API.md: a retry with the same key
 * returns the first response and creates nothing new):
 * - `run`: nothing usable is stored; the request runs, and its answer is stored with its writes.
 * - `reused`: the key was used for another request (method, path or body differ) → 422.
 * - `replay`: the stored answer is returned as it was.
 * Status 0 is the in-progress mark earlier versions wrote before running the request. A mark
 * still present belongs to a process that is gone (requests now keep no mark: their answer is
 * committed together with their writes), so it blocks nothing: the request runs afresh.
 */
export type IdempotencyDecision = { action: 'run' } | { action: 'reused' } | { action: 'replay'; status: number; body: string };

export function decideIdempotency(stored: StoredIdempotencyKey | undefined, requestHash: string): IdempotencyDecision {
  if (!stored) return { action: 'run' };
  if (stored.request_hash !== requestHash) return { action: 'reused' };
  if (stored.status === 0) return { action: 'run' };
  return { action: 'replay', status: stored.status, body: stored.body };
}
