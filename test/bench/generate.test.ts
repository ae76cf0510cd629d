// Smoke test of the benchmark's data generator at a tiny size, so it cannot rot while the
// schema moves on: the database it writes must be one the app itself can serve. The generator
// runs the compiled app (dist/, built by `npm test`'s pretest or `npm run build`).
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, type GeneratedDatabase } from '../../bench/generate.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { databaseFile, migrateToLatest, openDatabase, type OpenDatabase } from '../../src/db/index.js';

const ORIGIN = 'http://bench.test';

describe('benchmark data generator', () => {
  let dir: string;
  let meta: GeneratedDatabase;
  let raw: BetterSqlite3.Database;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stoa-bench-gen-'));
    meta = await generate({ file: databaseFile(dir), clients: 30, invoices: 2_000, benchInvoices: 100 });
    raw = new BetterSqlite3(meta.file, { readonly: true });
  });

  afterAll(() => {
    raw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = (sqlText: string, ...params: unknown[]) => (raw.prepare(sqlText).get(...params) as { n: number }).n;

  it('gives the bench client exactly its invoices, paid, partially paid and overdue', () => {
    expect(count("select count(*) as n from documents where kind = 'invoice'")).toBe(2_000);
    expect(count("select count(*) as n from clients")).toBe(30);
    expect(count("select count(*) as n from documents where kind = 'invoice' and client_id = ?", meta.bench.clientId)).toBe(100);
    expect(raw.prepare('select name from clients where id = ?').get(meta.bench.clientId)).toEqual({ name: 'Bench Client' });
    expect(meta.bench.paid).toBeGreaterThan(0);
    expect(meta.bench.overdue + meta.bench.partially_paid).toBeGreaterThan(0);
    expect(count('select count(*) as n from payment_allocations')).toBeGreaterThan(0);
    expect(count('select count(*) as n from document_lines')).toBeGreaterThanOrEqual(2_000);
    expect(count("select count(*) as n from events where subject_type = 'invoice' and action = 'finalized'")).toBeGreaterThan(0);
  });

  it('numbers issued documents once per kind and year, in the app’s format', () => {
    const bad = raw.prepare("select number, series_year, seq from documents where number is not null and number not like '%-' || series_year || '-%'").all();
    expect(bad).toEqual([]);
    expect(count('select count(*) as n from (select kind, series_year, seq from documents where seq is not null group by 1, 2, 3 having count(*) > 1)')).toBe(0);
    expect(count("select count(*) as n from documents where status = 'draft' and number is not null")).toBe(0);
  });

  it('never settles more of an invoice than its total, nor lines that disagree with it', () => {
    const overpaid = count(`select count(*) as n from documents d where d.kind = 'invoice' and d.total <
      (select coalesce(sum(amount), 0) from payment_allocations where invoice_id = d.id) + (select coalesce(sum(amount), 0) from credit_applications where invoice_id = d.id)`);
    expect(overpaid).toBe(0);
    const mismatched = count(`select count(*) as n from documents d where d.total <> (select sum(net + tax) from document_lines where document_id = d.id)`);
    expect(mismatched).toBe(0);
  });

  it('rebuilds every index the migrations create', async () => {
    const freshDir = mkdtempSync(path.join(tmpdir(), 'stoa-bench-ref-'));
    const fresh: OpenDatabase = openDatabase(databaseFile(freshDir));
    try {
      await migrateToLatest(fresh.db);
      const indexes = (d: BetterSqlite3.Database) => d.prepare("select name, sql from sqlite_master where type = 'index' order by name").all();
      expect(indexes(raw)).toEqual(indexes(fresh.sqlite));
      expect(count("select count(*) as n from sqlite_master where name = 'sqlite_stat1'")).toBe(1);
    } finally {
      await fresh.close();
      rmSync(freshDir, { recursive: true, force: true });
    }
  });

  it('lets the portal user sign in and see the bench client’s invoices, and staff open the client', async () => {
    const config = loadConfig({ DATA_DIR: dir, PUBLIC_URL: ORIGIN, LOG_REQUESTS: 'false' });
    const database = openDatabase(meta.file);
    try {
      expect(await migrateToLatest(database.db)).toEqual([]);
      const app = createApp({ db: database.db, config });
      const signIn = async (url: string, login: { email: string; password: string }) => {
        const res = await app.request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
          body: new URLSearchParams({ email: login.email, password: login.password }).toString(),
        });
        expect(res.status).toBe(303);
        return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      };
      const portal = await signIn('/portal/login', meta.logins.portal);
      const dashboard = await app.request('/portal', { headers: { cookie: portal } });
      expect(dashboard.status).toBe(200);
      expect(await dashboard.text()).toContain('Bench Client');
      const overdue = raw.prepare('select number from documents where id = ?').get(meta.bench.sampleInvoiceIds.overdue || meta.bench.sampleInvoiceIds.paid) as { number: string };
      const invoice = await app.request(`/portal/invoices/${meta.bench.sampleInvoiceIds.overdue || meta.bench.sampleInvoiceIds.paid}`, { headers: { cookie: portal } });
      expect(invoice.status).toBe(200);
      expect(await invoice.text()).toContain(overdue.number);
      const staff = await signIn('/login', meta.logins.staff);
      const client = await app.request(`/clients/${meta.bench.clientId}`, { headers: { cookie: staff } });
      expect(client.status).toBe(200);
      expect(await client.text()).toContain('Bench Client');
    } finally {
      await database.close();
    }
  });
});
