import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Compilable } from 'kysely';
import { portalDocumentsQuery, portalPaymentsQuery, type PortalDocumentFilter } from '../../src/portal/list-queries.js';
import { addDays } from '../../src/ledger/ledger.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { ALL_FINANCIAL, TODAY, numbersIn, portalGet, setVisibility } from './support.js';

let t: TestApp;
let clientId: number;
let cookie: string;

beforeAll(async () => {
  t = await makeTestApp();
  clientId = (await makeClient(t.db, { name: 'Thousand Invoices SA' })).id;
  const other = (await makeClient(t.db, { name: 'Neighbour' })).id;
  await setVisibility(t.db, clientId, ALL_FINANCIAL);
  // 1,000 invoices for the client (and 1,000 for another), a payment on every third one.
  await t.db.transaction().execute(async (trx) => {
    for (const owner of [clientId, other]) {
      const rows = Array.from({ length: 1000 }, (_, i) => {
        const issue = addDays(TODAY, -i);
        return {
          kind: 'invoice' as const, client_id: owner, number: `INV-${owner}-${String(i).padStart(4, '0')}`, series_year: 3000 + owner, seq: i + 1,
          status: 'issued' as const, issue_date: issue, due_date: addDays(issue, 30), currency: 'EUR', subtotal: 10000 + i, tax: 0, total: 10000 + i,
        };
      });
      for (let i = 0; i < rows.length; i += 200) {
        const ids = await trx.insertInto('documents').values(rows.slice(i, i + 200)).returning('id').execute();
        await trx.insertInto('document_lines').values(ids.map((d) => ({ document_id: d.id, position: 0, description: 'Service', quantity: '1', unit_price: 10000, tax_rate: '0', net: 10000, tax: 0 }))).execute();
        for (const [j, d] of ids.entries()) {
          if (j % 3 !== 0) continue;
          const p = await trx.insertInto('payments').values({ client_id: owner, amount: 5000, currency: 'EUR', date: TODAY, method: 'bank_transfer', reference: null, notes: null, voided_at: null, void_reason: null }).returning('id').executeTakeFirstOrThrow();
          await trx.insertInto('payment_allocations').values({ payment_id: p.id, invoice_id: d.id, amount: 5000 }).execute();
        }
      }
    }
  });
  await t.database.sqlite.exec('ANALYZE');
  cookie = (await makePortalMember(t, clientId)).cookie;
});
afterAll(() => t.close());

/** The query plan SQLite picks for a Kysely query. */
function plan(query: Compilable): string {
  const compiled = query.compile();
  const rows = t.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join('\n');
}

const base: PortalDocumentFilter = { clientId: 0, kind: 'invoice', status: '', from: null, to: null, projectId: null, min: null, max: null, q: '', sort: { key: 'issue_date', desc: true }, today: TODAY };

describe('a client with 1,000 invoices', () => {
  it('lists page 1 and a filtered page from an index, never scanning the documents table', () => {
    const page = { offset: 0, limit: 25 };
    const plans = [
      plan(portalDocumentsQuery(t.db, { ...base, clientId }, page)),
      plan(portalDocumentsQuery(t.db, { ...base, clientId, status: 'overdue', from: addDays(TODAY, -400), to: TODAY }, page)),
      plan(portalDocumentsQuery(t.db, { ...base, clientId, sort: { key: 'total', desc: true } }, page)),
      plan(portalDocumentsQuery(t.db, { ...base, clientId, kind: 'credit_note' }, page)),
    ];
    for (const p of plans) {
      expect(p).toMatch(/SEARCH d USING (COVERING )?INDEX documents_client_kind_date/);
      expect(p).not.toMatch(/\bSCAN (d|documents|pa|payment_allocations|ca|credit_applications)\b/);
    }
    // Page 1 in the default order comes straight off the index: no sorting of the client's invoices.
    expect(plans[0]).not.toContain('TEMP B-TREE');
  });

  it('lists payments from the client’s date index', () => {
    const p = plan(portalPaymentsQuery(t.db, { clientId, from: null, to: null, min: null, max: null, q: '', sort: { key: 'date', desc: true } }, { offset: 0, limit: 25 }));
    expect(p).toMatch(/SEARCH p USING INDEX payments_client_date/);
    expect(p).not.toMatch(/\bSCAN (p|pa)\b/);
  });

  it('serves the list, a filtered list and the last page with the right rows and counts', async () => {
    const first = await (await portalGet(t, '/portal/invoices', cookie)).text();
    expect(first).toContain('1,000 invoices');
    expect(numbersIn(first)[0]).toBe(`INV-${clientId}-0000`);
    expect(numbersIn(first)).toHaveLength(25);
    const filtered = await (await portalGet(t, '/portal/invoices?status=partially_paid&sort=-total&page=2', cookie)).text();
    expect(filtered).toContain('335 invoices');
    expect(numbersIn(filtered)).toHaveLength(25);
    const last = await (await portalGet(t, '/portal/invoices?page=40', cookie)).text();
    expect(numbersIn(last).at(-1)).toBe(`INV-${clientId}-0999`);
    const payments = await (await portalGet(t, '/portal/payments', cookie)).text();
    expect(payments).toContain('335 payments');
  });
});
