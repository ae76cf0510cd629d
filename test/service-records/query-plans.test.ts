import type { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFilesQuery } from '../../src/files/queries.js';
import { reportsQuery } from '../../src/service-records/queries.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

/** SQLite's plan of a compiled statement, one line per step. */
function plan(q: CompiledQuery): string {
  const rows = t.database.sqlite.prepare('EXPLAIN QUERY PLAN ' + q.sql).all(...(q.parameters as unknown[])) as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join('\n');
}

describe('the portal\'s service lists use their indexes', () => {
  it('reads a client\'s shared files through files_client_shared, in order, without sorting', () => {
    const p = plan(sharedFilesQuery(t.db, 1, { offset: 0, limit: 51 }).compile());
    expect(p).toMatch(/SEARCH f USING INDEX files_client_shared/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('reads a client\'s reports through service_reports_client_visit, latest first, without sorting', () => {
    const p = plan(reportsQuery(t.db, 1, { archived: false, offset: 0, limit: 26 }).compile());
    expect(p).toMatch(/SEARCH r USING INDEX service_reports_client_visit/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('has an index for the client and order of the sites, contracts and equipment lists', () => {
    const sites = plan(t.db.selectFrom('sites').selectAll().where('client_id', '=', 1).where('archived_at', 'is', null).orderBy('name').orderBy('id').compile());
    expect(sites).toMatch(/USING INDEX sites_client_name/);
    const contracts = plan(t.db.selectFrom('contracts').selectAll().where('client_id', '=', 1).orderBy('period_start', 'desc').orderBy('id', 'desc').compile());
    expect(contracts).toMatch(/USING INDEX contracts_client_period/);
    const equipment = plan(t.db.selectFrom('equipment').selectAll().where('client_id', '=', 1).orderBy('name').orderBy('id').compile());
    expect(equipment).toMatch(/USING INDEX equipment_client_name/);
  });
});
