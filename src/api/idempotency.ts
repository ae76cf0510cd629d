import type { Context, MiddlewareHandler } from 'hono';
import { sha256Hex } from '../auth/tokens.js';
import { dbWithin } from '../db/nested.js';
import type { AppEnv } from '../web/env.js';
import { apiError } from './http.js';
import { decideIdempotency, type IdempotencyDecision } from './idempotency-rules.js';
import { findIdempotencyKey, storeIdempotencyKey } from './queries.js';

/** Thrown inside the request's transaction to undo a request answered 5xx. */
class AnsweredWithServerError extends Error {}

/** The answer for a decision that does not run the request; undefined when it must run. */
function answerFor(c: Context, decision: IdempotencyDecision): Response | undefined {
  if (decision.action === 'reused') return apiError(c, 422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request');
  if (decision.action === 'replay') {
    return new Response(decision.body, { status: decision.status, headers: { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' } });
  }
  return undefined;
}

/**
 * Idempotency-Key on POST: a retry with the same key and body gets the first response and
 * creates nothing new; the same key with another request is refused.
 *
 * A keyed request runs inside one write transaction (BEGIN IMMEDIATE) that also stores its
 * answer: the handler's `c.var.db` joins that transaction, and the services' own transactions
 * become savepoints of it. So after a crash either the writes and the stored answer both exist
 * (the retry replays the answer) or neither does (the retry runs afresh); no in-progress mark is
 * ever written that a dead process could leave behind. A duplicate arriving while the first runs
 * waits for the write lock, then finds the first one's answer and replays it. A request answered
 * 5xx is rolled back whole and its key stays free.
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async function idempotencyMiddleware(c, next) {
    const key = c.req.header('Idempotency-Key');
    if (c.req.method !== 'POST' || !key) return next();
    if (key.length > 255) return apiError(c, 400, 'invalid_idempotency_key', 'Idempotency-Key must be at most 255 characters');
    const db = c.var.db;
    const tokenId = c.var.apiTokenId;
    const requestHash = sha256Hex(c.req.method + ' ' + c.req.path + '\n' + (await c.req.raw.clone().text()));
    // Most retries are answered here, without taking the write lock.
    const early = answerFor(c, decideIdempotency(await findIdempotencyKey(db, tokenId, key), requestHash));
    if (early) return early;
    try {
      const late = await db.transaction().execute(async (trx) => {
        // Again under the lock: a duplicate may have committed while this one waited for it.
        const answer = answerFor(c, decideIdempotency(await findIdempotencyKey(trx, tokenId, key), requestHash));
        if (answer) return answer;
        c.set('db', dbWithin(trx));
        try {
          await next();
        } finally {
          c.set('db', db);
        }
        if (c.res.status >= 500) throw new AnsweredWithServerError();
        await storeIdempotencyKey(trx, tokenId, key, { request_hash: requestHash, status: c.res.status, body: await c.res.clone().text() });
        return undefined;
      });
      if (late) return late;
    } catch (err) {
      // The 5xx answer stands; nothing the request wrote was kept.
      if (!(err instanceof AnsweredWithServerError)) throw err;
    }
  };
}
