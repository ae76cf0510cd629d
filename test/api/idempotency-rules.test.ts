import { describe, expect, it } from 'vitest';
import { decideIdempotency } from '../../src/api/idempotency-rules.js';

const HASH = 'a'.repeat(64);

describe('what a keyed POST does with what is stored under its key', () => {
  it('runs when nothing is stored', () => {
    expect(decideIdempotency(undefined, HASH)).toEqual({ action: 'run' });
  });

  it('replays the stored answer for the same request, refusals included', () => {
    expect(decideIdempotency({ request_hash: HASH, status: 201, body: '{"id":"7"}' }, HASH)).toEqual({ action: 'replay', status: 201, body: '{"id":"7"}' });
    expect(decideIdempotency({ request_hash: HASH, status: 422, body: '{"error":{}}' }, HASH)).toEqual({ action: 'replay', status: 422, body: '{"error":{}}' });
  });

  it('refuses a key used for another request, whatever its state', () => {
    expect(decideIdempotency({ request_hash: 'b'.repeat(64), status: 201, body: '{}' }, HASH)).toEqual({ action: 'reused' });
    expect(decideIdempotency({ request_hash: 'b'.repeat(64), status: 0, body: '' }, HASH)).toEqual({ action: 'reused' });
  });

  it('runs afresh over an in-progress mark, which only a process that is gone can have left', () => {
    expect(decideIdempotency({ request_hash: HASH, status: 0, body: '' }, HASH)).toEqual({ action: 'run' });
  });
});
