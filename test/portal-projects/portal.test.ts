import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraftInvoice, makeIssuedInvoice } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { makeExpense, makeProject, makeTime, staffId } from '../work/support.js';

let t: TestApp;
let me: number;
beforeAll(async () => {
  t = await makeTestApp();
  await t.staffCookie();
  me = await staffId(t.db);
});
afterAll(() => t.close());

type Key = 'projects' | 'time_entries' | 'expenses' | 'notes' | 'schedule' | 'invoices' | 'estimates' | 'credit_notes';

/** Makes entry types visible (or hidden) for one client. */
async function show(clientId: number, keys: Partial<Record<Key, boolean>>) {
  for (const [key, on] of Object.entries(keys)) {
    await t.db.insertInto('client_portal_settings').values({ client_id: clientId, key, value: on ? 1 : 0 })
      .onConflict((oc) => oc.columns(['client_id', 'key']).doUpdateSet({ value: on ? 1 : 0 })).execute();
  }
}

async function get(url: string, cookie: string) {
  const res = await t.get(url, cookie);
  return { status: res.status, html: (await res.text()).replace(/\s+/g, ' ') };
}

describe('projects in the portal', () => {
  it('are absent (404, no menu entry) until staff make projects visible', async () => {
    const client = await makeClient(t.db, { name: 'Hidden Projects Ltd' });
    const project = await makeProject(t.db, client.id, { portal_visible: 1 });
    const m = await makePortalMember(t, client.id);
    expect((await get('/portal/projects', m.cookie)).status).toBe(404);
    expect((await get(`/portal/projects/${project.id}`, m.cookie)).status).toBe(404);
    expect((await get(`/portal/projects/${project.id}/documents`, m.cookie)).status).toBe(404);
    expect((await get('/portal', m.cookie)).html).not.toContain('href="/portal/projects"');
    await show(client.id, { projects: true });
    const page = await get('/portal/projects', m.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/portal/projects"');
  });

  it('lists only the projects marked visible, never archived ones or another client\'s', async () => {
    const client = await makeClient(t.db, { name: 'Visible Projects Ltd' });
    const other = await makeClient(t.db, { name: 'Someone Else Ltd' });
    await show(client.id, { projects: true });
    await show(other.id, { projects: true });
    const shown = await makeProject(t.db, client.id, { name: 'Shown project', portal_visible: 1 });
    const internal = await makeProject(t.db, client.id, { name: 'Internal project', portal_visible: 0 });
    const archived = await makeProject(t.db, client.id, { name: 'Archived project', portal_visible: 1, archived_at: '2026-01-01T00:00:00.000Z' });
    const foreign = await makeProject(t.db, other.id, { name: 'Foreign project', portal_visible: 1 });
    const m = await makePortalMember(t, client.id);
    const list = await get('/portal/projects', m.cookie);
    expect(list.html).toContain(`href="/portal/projects/${shown.id}"`);
    for (const name of ['Internal project', 'Archived project', 'Foreign project']) expect(list.html).not.toContain(name);
    for (const p of [internal, archived, foreign]) {
      expect((await get(`/portal/projects/${p.id}`, m.cookie)).status, p.name).toBe(404);
      expect((await get(`/portal/projects/${p.id}/documents`, m.cookie)).status, p.name).toBe(404);
    }
    expect((await get('/portal/projects/999999', m.cookie)).status).toBe(404);
  });
});

describe("a project's time", () => {
  it('shows only billable time when the project says so, all of it otherwise', async () => {
    const client = await makeClient(t.db, { name: 'Billable Only Ltd' });
    await show(client.id, { projects: true, time_entries: true });
    const project = await makeProject(t.db, client.id, { portal_visible: 1, portal_time: 'billable' });
    await makeTime(t.db, project, me, { task: 'Client work', billable: 1 });
    await makeTime(t.db, project, me, { task: 'Internal training', billable: 0 });
    await makeTime(t.db, project, me, { task: 'Archived work', archived_at: '2026-01-01T00:00:00.000Z' });
    const m = await makePortalMember(t, client.id);
    let page = await get(`/portal/projects/${project.id}`, m.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Client work');
    expect(page.html).not.toContain('Internal training');
    expect(page.html).not.toContain('Archived work');
    expect((await get('/portal/projects', m.cookie)).html).toMatch(/<td class="num" data-label="Hours">1 h<\/td>/);
    await t.db.updateTable('projects').set({ portal_time: 'all' }).where('id', '=', project.id).execute();
    page = await get(`/portal/projects/${project.id}`, m.cookie);
    expect(page.html).toContain('Internal training');
    expect((await get('/portal/projects', m.cookie)).html).toMatch(/<td class="num" data-label="Hours">2 h<\/td>/);
  });

  it('hides time when time entries are not visible, leaving the documents', async () => {
    const client = await makeClient(t.db, { name: 'No Time Ltd' });
    await show(client.id, { projects: true, time_entries: false, invoices: true });
    const project = await makeProject(t.db, client.id, { portal_visible: 1 });
    await makeTime(t.db, project, me, { task: 'Secret hours' });
    const m = await makePortalMember(t, client.id);
    const page = await get(`/portal/projects/${project.id}`, m.cookie);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('Secret hours');
    expect(page.html).not.toContain('<svg role="img"');
    expect(page.html).toContain('No documents for this project yet.');
    expect((await get('/portal/projects', m.cookie)).html).not.toContain('Hours');
  });

  it('draws time over time, billed and not yet billed, as an accessible chart with a data table', async () => {
    const client = await makeClient(t.db, { name: 'Chart Ltd' });
    await show(client.id, { projects: true, time_entries: true });
    const project = await makeProject(t.db, client.id, { name: 'Chart <b>project</b>', portal_visible: 1 });
    const issued = await makeIssuedInvoice(t.db, client.id);
    const draft = await makeDraftInvoice(t.db, client.id);
    await makeTime(t.db, project, me, { date: '2026-01-05', minutes: 120, billed_invoice_id: issued.id, task: '<script>alert(1)</script>' });
    await makeTime(t.db, project, me, { date: '2026-01-06', minutes: 60, billed_invoice_id: draft.id });
    await makeTime(t.db, project, me, { date: '2026-03-10', minutes: 30 });
    const m = await makePortalMember(t, client.id);
    const { status, html } = await get(`/portal/projects/${project.id}?period=custom&from=2026-01-01&to=2026-03-31&by=month`, m.cookie);
    expect(status).toBe(200);
    expect(html).toContain('<svg role="img" aria-labelledby="time-chart-title time-chart-desc"');
    expect(html).toContain('<title id="time-chart-title">Hours per month, billed and not yet billed</title>');
    // A draft invoice is not "billed" for the client yet.
    expect(html).toContain('<desc id="time-chart-desc">Hours logged on Chart &lt;b&gt;project&lt;/b&gt; per month, from 1 Jan 2026 to 31 Mar 2026: 3.5 h in total, 2 h billed and 1.5 h not yet billed.</desc>');
    expect(html).toContain('<summary>Show the figures as a table</summary>');
    expect(html).toMatch(/<th scope="row">Feb 26<\/th><td class="num">0 h<\/td><td class="num">0 h<\/td><td class="num">0 h<\/td>/);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const weekly = await get(`/portal/projects/${project.id}?period=custom&from=2026-01-01&to=2026-01-31`, m.cookie);
    expect(weekly.html).toContain('Hours per week, billed and not yet billed');
  });

  it('filters the summary report by period, task and assignee', async () => {
    const client = await makeClient(t.db, { name: 'Report Ltd' });
    await show(client.id, { projects: true, time_entries: true });
    const project = await makeProject(t.db, client.id, { portal_visible: 1 });
    const other = await t.db.insertInto('staff_users').values({ email: 'babis@firm.test', name: 'Babis Bookkeeper', password_hash: 'x', role: 'staff', email_verified_at: null, disabled_at: null }).returning('id').executeTakeFirstOrThrow();
    await makeTime(t.db, project, me, { task: 'Payroll', date: '2026-02-02', notes: 'anna-payroll' });
    await makeTime(t.db, project, other.id, { task: 'Payroll', date: '2026-02-03', notes: 'babis-payroll' });
    await makeTime(t.db, project, other.id, { task: 'VAT', date: '2026-04-01', notes: 'babis-vat' });
    const m = await makePortalMember(t, client.id);
    const notes = async (qs: string) => {
      const { html } = await get(`/portal/projects/${project.id}${qs}`, m.cookie);
      return ['anna-payroll', 'babis-payroll', 'babis-vat'].filter((n) => html.includes(n));
    };
    expect(await notes('')).toEqual(['anna-payroll', 'babis-payroll', 'babis-vat']);
    expect(await notes('?task=Payroll')).toEqual(['anna-payroll', 'babis-payroll']);
    expect(await notes(`?staff=${other.id}`)).toEqual(['babis-payroll', 'babis-vat']);
    expect(await notes(`?staff=${other.id}&task=VAT`)).toEqual(['babis-vat']);
    expect(await notes('?period=custom&from=2026-02-01&to=2026-02-28')).toEqual(['anna-payroll', 'babis-payroll']);
    // A task or person that is not offered is ignored rather than matching nothing.
    expect(await notes('?task=Unknown&staff=999999')).toEqual(['anna-payroll', 'babis-payroll', 'babis-vat']);
    const bad = await get(`/portal/projects/${project.id}?period=custom&from=2026-03-01&to=2026-02-01`, m.cookie);
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('The end of the period cannot be before its start.');
    const summary = await get(`/portal/projects/${project.id}`, m.cookie);
    expect(summary.html).toContain('Summary by task and assignee');
    expect(summary.html).toContain('Babis Bookkeeper');
  });
});

describe("a project's documents", () => {
  it('lists the issued documents of the project that the member may see, linking to their portal pages', async () => {
    const client = await makeClient(t.db, { name: 'Docs Ltd' });
    await show(client.id, { projects: true, time_entries: true, invoices: true, estimates: false });
    const project = await makeProject(t.db, client.id, { portal_visible: 1 });
    const issued = await makeIssuedInvoice(t.db, client.id, { number: 'INV-2026-0777' });
    const draft = await makeDraftInvoice(t.db, client.id);
    const unrelated = await makeIssuedInvoice(t.db, client.id, { number: 'INV-2026-0778' });
    await t.db.updateTable('documents').set({ project_id: project.id }).where('id', 'in', [issued.id, draft.id]).execute();
    const estimate = await t.db.insertInto('documents').values({ kind: 'estimate', client_id: client.id, project_id: project.id, number: 'EST-2026-0009', status: 'sent', issue_date: '2026-01-10', currency: 'EUR', subtotal: 100, tax: 0, total: 100 }).returning('id').executeTakeFirstOrThrow();
    const m = await makePortalMember(t, client.id);
    const { status, html } = await get(`/portal/projects/${project.id}/documents`, m.cookie);
    expect(status).toBe(200);
    expect(html).toContain(`href="/portal/invoices/${issued.id}"`);
    expect(html).toContain('INV-2026-0777');
    expect(html).not.toContain('INV-2026-0778');
    expect(html).not.toContain(`/portal/invoices/${draft.id}"`);
    expect(html).not.toContain('EST-2026-0009');
    await show(client.id, { estimates: true });
    expect((await get(`/portal/projects/${project.id}/documents`, m.cookie)).html).toContain(`href="/portal/estimates/${estimate.id}"`);
    void unrelated;
  });
});

describe('expenses, notes and schedule in the portal', () => {
  it('answer 404 and leave the menu while hidden', async () => {
    const client = await makeClient(t.db, { name: 'Hidden Work Ltd' });
    const m = await makePortalMember(t, client.id);
    for (const path of ['/portal/expenses', '/portal/notes', '/portal/schedule']) expect((await get(path, m.cookie)).status, path).toBe(404);
    await show(client.id, { expenses: true, notes: true, schedule: true });
    const home = (await get('/portal', m.cookie)).html;
    for (const path of ['/portal/expenses', '/portal/notes', '/portal/schedule']) {
      expect(home, path).toContain(`href="${path}"`);
      expect((await get(path, m.cookie)).status, path).toBe(200);
    }
  });

  it("show the client's billable expenses, never another client's, nor those of a hidden project", async () => {
    const client = await makeClient(t.db, { name: 'Expenses Ltd' });
    const other = await makeClient(t.db, { name: 'Other Expenses Ltd' });
    await show(client.id, { expenses: true });
    const hidden = await makeProject(t.db, client.id, { portal_visible: 0 });
    await makeExpense(t.db, client.id, { category: 'Court fees', amount: 12345 });
    await makeExpense(t.db, client.id, { category: 'Office coffee', billable: 0 });
    await makeExpense(t.db, client.id, { category: 'Secret project taxi', project_id: hidden.id });
    await makeExpense(t.db, client.id, { category: 'Archived fee', archived_at: '2026-01-01T00:00:00.000Z' });
    await makeExpense(t.db, other.id, { category: 'Foreign fee' });
    const m = await makePortalMember(t, client.id);
    const { html } = await get('/portal/expenses', m.cookie);
    expect(html).toContain('Court fees');
    expect(html).toContain('€123.45');
    for (const x of ['Office coffee', 'Secret project taxi', 'Archived fee', 'Foreign fee']) expect(html, x).not.toContain(x);
    // Expenses are money: a member without "view finances" does not see them.
    const viewer = await makePortalMember(t, client.id, { role: 'viewer', permissions: { view_finances: false } });
    expect((await get('/portal/expenses', viewer.cookie)).status).toBe(404);
  });

  it('show only notes shared with the client', async () => {
    const client = await makeClient(t.db, { name: 'Notes Portal Ltd' });
    await show(client.id, { notes: true });
    await t.db.insertInto('notes').values([
      { client_id: client.id, project_id: null, staff_user_id: me, date: '2026-03-01', body: 'Your returns are filed.', shared: 1, archived_at: null },
      { client_id: client.id, project_id: null, staff_user_id: me, date: '2026-03-02', body: 'Client is slow to answer.', shared: 0, archived_at: null },
      { client_id: client.id, project_id: null, staff_user_id: me, date: '2026-03-03', body: 'Withdrawn note.', shared: 1, archived_at: '2026-03-04T00:00:00.000Z' },
    ]).execute();
    const m = await makePortalMember(t, client.id);
    const { html } = await get('/portal/notes', m.cookie);
    expect(html).toContain('Your returns are filed.');
    expect(html).not.toContain('Client is slow to answer.');
    expect(html).not.toContain('Withdrawn note.');
  });

  it('show upcoming and past appointments separately', async () => {
    const client = await makeClient(t.db, { name: 'Schedule Portal Ltd' });
    await show(client.id, { schedule: true });
    const future = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const futureEnd = new Date(Date.now() + 7 * 86_400_000 + 3_600_000).toISOString();
    await t.db.insertInto('schedule_entries').values([
      { client_id: client.id, project_id: null, staff_user_id: me, title: 'Next meeting', starts_at: future, ends_at: futureEnd, place: 'Athens office', attendees: null, notes: null, archived_at: null },
      { client_id: client.id, project_id: null, staff_user_id: me, title: 'Old meeting', starts_at: '2025-01-10T08:00:00.000Z', ends_at: '2025-01-10T09:00:00.000Z', place: null, attendees: null, notes: null, archived_at: null },
    ]).execute();
    const m = await makePortalMember(t, client.id);
    const upcoming = (await get('/portal/schedule', m.cookie)).html;
    expect(upcoming).toContain('Next meeting');
    expect(upcoming).toContain('Athens office');
    expect(upcoming).not.toContain('Old meeting');
    const past = (await get('/portal/schedule?when=past', m.cookie)).html;
    expect(past).toContain('Old meeting');
    expect(past).not.toContain('Next meeting');
  });

  it('speak Greek to a Greek-speaking member', async () => {
    const client = await makeClient(t.db, { name: 'Ελληνική ΑΕ' });
    await show(client.id, { projects: true, expenses: true });
    await makeExpense(t.db, client.id, { category: 'Παράβολο', amount: 123456 });
    const m = await makePortalMember(t, client.id, { language: 'el' });
    const html = (await get('/portal/expenses', m.cookie)).html;
    expect(html).toContain('Έξοδα');
    expect(html).toContain('1.234,56');
    expect((await get('/portal/projects', m.cookie)).html).toContain('Έργα');
  });
});

describe('the staff preview', () => {
  it('shows the same project pages, read-only, under the preview base', async () => {
    const client = await makeClient(t.db, { name: 'Preview Ltd' });
    await show(client.id, { projects: true, time_entries: true });
    const project = await makeProject(t.db, client.id, { name: 'Previewed project', portal_visible: 1 });
    await makeTime(t.db, project, me, { task: 'Preview task' });
    const cookie = await t.staffCookie();
    const list = await get(`/preview/${client.id}/0/projects`, cookie);
    expect(list.status).toBe(200);
    expect(list.html).toContain(`href="/preview/${client.id}/0/projects/${project.id}"`);
    const page = await get(`/preview/${client.id}/0/projects/${project.id}`, cookie);
    expect(page.html).toContain('Preview task');
    expect(page.html).toContain('<svg role="img"');
  });
});
