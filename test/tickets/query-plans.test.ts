import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledQuery } from 'kysely';
import { portalThreadsSelect, staffThreadsSelect } from '../../src/messages/queries.js';
import { ABOUT_TYPES } from '../../src/messages/rules.js';
import { queueSelect } from '../../src/tickets/queries.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

// The hot lists (staff queue, inboxes) read their tables through an index, never a full scan.

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

function plan(query: CompiledQuery): string[] {
  const rows = t.database.sqlite.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as Array<{ detail: string }>;
  return rows.map((r) => r.detail);
}

function fullScans(lines: string[], tables: string[]): string[] {
  return lines.filter((l) => tables.some((name) => new RegExp(`^SCAN ${name}(?! USING)`).test(l)));
}

describe('query plans', () => {
  it('reads the staff queue through an index for every filter', () => {
    const base = { status: 'active', type: null, clientId: null, assignee: 'any' } as const;
    for (const f of [base, { ...base, status: 'all' }, { ...base, status: 'resolved' }, { ...base, status: 'all', clientId: 3 }, { ...base, assignee: 4 }, { ...base, assignee: 'none' }] as const) {
      const lines = plan(queueSelect(t.db, f, { offset: 0, limit: 50 }).compile());
      expect(fullScans(lines, ['t', 'tickets']), JSON.stringify(f) + '\n' + lines.join('\n')).toEqual([]);
    }
  });

  it('reads the inbox, a client tab and the portal list of conversations through indexes', () => {
    for (const q of [
      staffThreadsSelect(t.db, 1, { clientId: null, unreadOnly: false, offset: 0, limit: 50 }).compile(),
      staffThreadsSelect(t.db, 1, { clientId: 2, unreadOnly: true, offset: 0, limit: 50 }).compile(),
      portalThreadsSelect(t.db, 2, 5, ABOUT_TYPES, { offset: 0, limit: 50 }).compile(),
    ]) {
      const lines = plan(q);
      expect(fullScans(lines, ['t', 'm', 'r', 'messages', 'message_threads', 'message_reads']), lines.join('\n')).toEqual([]);
    }
  });
});
