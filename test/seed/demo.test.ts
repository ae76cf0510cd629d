import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/seed/demo.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';

let t: TestApp;
let summary = '';
beforeAll(async () => {
  t = await makeTestApp();
  const result = await seedDemo(t.db);
  if (!result.ok) throw new Error(result.error);
  summary = result.summary;
}, 60_000);
afterAll(() => t.close());

type Listed = { data: Array<{ status: string; overdue?: boolean; client_id: string }>; next_cursor: string | null };

async function all(path: string) {
  const out: Listed['data'] = [];
  let cursor: string | null = null;
  do {
    const res = await t.api('GET', `${path}?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    const body = (await res.json()) as Listed;
    out.push(...body.data);
    cursor = body.next_cursor;
  } while (cursor);
  return out;
}

describe('stoa seed --demo', () => {
  it('prints the staff logins', () => {
    expect(summary).toMatch(/admin@stoa\.demo \(admin\)\s+\S{16}/);
  });

  it('creates a dozen clients with Greek and English names and addresses', async () => {
    const clients = await t.db.selectFrom('clients').select(['name', 'language', 'city']).execute();
    expect(clients).toHaveLength(12);
    expect(clients.some((c) => /[α-ω]/i.test(c.name) && c.language === 'el')).toBe(true);
    expect(clients.some((c) => /^[A-Za-z &.]+$/.test(c.name) && c.language === 'en')).toBe(true);
    expect(await t.db.selectFrom('contacts').select('id').execute()).not.toHaveLength(0);
    expect(await t.db.selectFrom('projects').select('id').execute()).not.toHaveLength(0);
  });

  it('has invoices in every state, including overdue and partially paid', async () => {
    const invoices = await all('/api/v1/invoices');
    const statuses = new Set(invoices.map((i) => i.status));
    for (const s of ['draft', 'issued', 'partially_paid', 'paid', 'void']) expect(statuses, s).toContain(s);
    expect(invoices.some((i) => i.overdue)).toBe(true);
  });

  it('has estimates in every state and credit notes', async () => {
    const statuses = new Set((await all('/api/v1/estimates')).map((e) => e.status));
    for (const s of ['draft', 'sent', 'accepted', 'rejected', 'expired', 'converted']) expect(statuses, s).toContain(s);
    expect((await all('/api/v1/credit-notes')).length).toBeGreaterThanOrEqual(2);
  });

  it('leaves a client with credit from an overpayment', async () => {
    const kessler = await t.db.selectFrom('clients').select('id').where('name', '=', 'Kessler & Hart LLP').executeTakeFirstOrThrow();
    const res = await t.api('GET', `/api/v1/clients/${kessler.id}/balance`);
    const body = (await res.json()) as { credit: number };
    expect(body.credit).toBeGreaterThan(0);
  });

  it('gives each payment a reference that fits how it was paid', async () => {
    const payments = await t.db.selectFrom('payments').select(['method', 'reference']).execute();
    const byMethod = (m: string) => payments.filter((p) => p.method === m);
    expect(byMethod('card').length).toBeGreaterThan(0);
    for (const p of byMethod('card')) expect(p.reference).toMatch(/^POS \d{6}$/);
    for (const p of byMethod('cash')) expect(p.reference).toBeNull();
    expect(byMethod('bank_transfer').filter((p) => /^INV-\d{4}-\d{4}$/.test(p.reference ?? '')).length).toBeGreaterThan(0);
  });

  it('logs a month of time and some expenses on the projects', async () => {
    const time = await t.db.selectFrom('time_entries').select(['minutes', 'billable', 'task']).execute();
    expect(time.length).toBeGreaterThan(20);
    expect(time.some((e) => e.billable === 0)).toBe(true);
    expect(await t.db.selectFrom('expenses').select('id').execute()).not.toHaveLength(0);
  });

  it('opens the portal with two logins that can sign in and see their own account, in Greek and in English', async () => {
    const password = /admin@stoa\.demo \(admin\)\s+(\S{16})/.exec(summary)?.[1] ?? '';
    const logins = [...summary.matchAll(/^\s+(\S+@\S+) \((.+)\)$/gm)].filter((m) => !m[1]!.endsWith('@stoa.demo'));
    expect(logins.map((m) => m[2])).toEqual(['Παπαδόπουλος & Συνεργάτες Ο.Ε.', 'Harbour Lane Consulting Ltd']);
    for (const [, email, client] of logins) {
      const signIn = await t.app.request('/portal/login', {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: email!, password }),
      });
      expect(signIn.status, email).toBe(303);
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
      const home = await t.app.request('/portal', { headers: { Cookie: cookie } });
      const html = await home.text();
      expect(home.status).toBe(200);
      expect(html).toContain(client!.replace('&', '&amp;'));
      expect(html).toContain(email!.endsWith('.gr') ? 'lang="el"' : 'lang="en"');
      const invoices = await t.app.request('/portal/invoices', { headers: { Cookie: cookie } });
      expect(invoices.status).toBe(200);
      const projects = await t.app.request('/portal/projects', { headers: { Cookie: cookie } });
      expect(projects.status).toBe(200);
    }
  });

  it('refuses to seed a database that already has clients', async () => {
    const again = await seedDemo(t.db);
    expect(again.ok).toBe(false);
  });
});
