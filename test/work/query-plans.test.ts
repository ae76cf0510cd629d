import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Compilable } from 'kysely';
import { portalTimeQuery } from '../../src/work/portal-queries.js';
import { timeListQuery } from '../../src/work/queries.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

function plan(q: Compilable): string {
  const compiled = q.compile();
  const rows = t.database.sqlite.prepare('EXPLAIN QUERY PLAN ' + compiled.sql).all(...(compiled.parameters as unknown[])) as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join('\n');
}

describe('indexes of the hot work lists', () => {
  it("reads a client's time list through its index, in index order", () => {
    const p = plan(timeListQuery(t.db, { clientId: 1, from: '2026-01-01', to: '2026-12-31', projectId: null, billable: null, billed: null, shared: null, archived: false }, { offset: 0, limit: 51 }));
    expect(p).toMatch(/SEARCH te USING INDEX time_entries_client_date/);
    expect(p).not.toMatch(/SCAN te\b|TEMP B-TREE/);
  });

  it("reads a project's time in the portal through an index", () => {
    const p = plan(portalTimeQuery(t.db, { clientId: 1, projectId: 2, billableOnly: true, from: null, to: null, task: null, staffId: null }, { offset: 0, limit: 51 }));
    expect(p).toMatch(/SEARCH te USING INDEX time_entries_/);
    expect(p).not.toMatch(/SCAN te\b/);
  });
});
