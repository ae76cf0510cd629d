// SECURITY row 26 for work records: script typed into every free-text field of time, expenses,
// notes, schedule and tasks is shown escaped on the staff pages, the billing page, the invoice
// lines it becomes, and the portal pages (chart included).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraftInvoice } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { expectNoInjection, PAYLOAD, scriptInjections } from '../security/support.js';
import { makeProject } from './support.js';

let t: TestApp;
let cookie: string;
let clientId: number;
let projectId: number;
let draftId: number;
const p = (field: string) => `${PAYLOAD}#${field}`;
const escaped = (field: string) => `javascript:alert(1)//&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;#${field}`;

beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
  const client = await makeClient(t.db, { name: 'Xss Ltd' });
  clientId = client.id;
  const project = await makeProject(t.db, clientId, { name: p('project'), portal_visible: 1, portal_time: 'all' });
  projectId = project.id;
  for (const key of ['projects', 'time_entries', 'expenses', 'notes', 'schedule', 'invoices']) await t.db.insertInto('client_portal_settings').values({ client_id: clientId, key, value: 1 }).execute();
  await t.db.insertInto('project_rates').values({ project_id: projectId, hourly_rate: 5000, currency: 'EUR' }).execute();
  const ok = async (url: string, fields: Record<string, string>) => {
    const res = await t.postForm(url, fields, cookie);
    if (res.status !== 303) throw new Error(`${url} → ${res.status}`);
  };
  await ok(`/clients/${clientId}/work/tasks`, { project_id: String(projectId), name: p('task_list') });
  await ok(`/clients/${clientId}/work/time`, { project_id: String(projectId), date: '2026-03-02', duration: '1', task: p('task'), notes: p('time_notes'), billable: '1' });
  await ok(`/clients/${clientId}/work/expenses`, { date: '2026-03-02', category: p('category'), amount: '10', notes: p('expense_notes'), billable: '1' });
  await ok(`/clients/${clientId}/work/notes`, { date: '2026-03-02', body: p('note'), shared: '1' });
  const future = new Date(Date.now() + 86_400_000);
  const local = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T10:00`;
  const later = new Date(future.getTime() + 86_400_000);
  await ok(`/clients/${clientId}/work/schedule`, { title: p('title'), starts_at: local(future), ends_at: local(later), place: p('place'), attendees: p('attendees'), notes: p('schedule_notes') });
  draftId = (await makeDraftInvoice(t.db, clientId)).id;
});
afterAll(() => t.close());

describe('script in work records', () => {
  it('is escaped on every staff page of the Work tab, the edit pages and the billing page', async () => {
    const time = await t.db.selectFrom('time_entries').select('id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
    const expense = await t.db.selectFrom('expenses').select('id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
    const note = await t.db.selectFrom('notes').select('id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
    const sched = await t.db.selectFrom('schedule_entries').select('id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
    const urls = [
      `/clients/${clientId}/work`, `/clients/${clientId}/work/expenses`, `/clients/${clientId}/work/notes`, `/clients/${clientId}/work/schedule`, `/clients/${clientId}/work/setup`,
      `/time-entries/${time.id}/edit`, `/expenses/${expense.id}/edit`, `/expenses/${expense.id}/attach`, `/notes/${note.id}/edit`, `/schedule/${sched.id}/edit`, `/invoices/${draftId}/work`,
      `/clients/${clientId}/events`,
    ];
    let all = '';
    for (const url of urls) {
      const res = await t.get(url, cookie);
      expect(res.status, url).toBe(200);
      const html = await res.text();
      expectNoInjection(url, html);
      all += html;
    }
    for (const field of ['project', 'task_list', 'task', 'time_notes', 'category', 'expense_notes', 'note', 'title', 'place', 'attendees', 'schedule_notes']) expect(all, field).toContain(escaped(field));
  });

  it('is escaped in the invoice lines the work becomes', async () => {
    const time = await t.db.selectFrom('time_entries').select('id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
    const expense = await t.db.selectFrom('expenses').select('id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
    const res = await t.postForm(`/invoices/${draftId}/work`, { time: String(time.id), expense: String(expense.id), time_tax_rate: '24', expense_tax_rate: '24' }, cookie);
    expect(res.status).toBe(303);
    const html = await (await t.get(`/invoices/${draftId}`, cookie)).text();
    expectNoInjection('invoice', html);
    expect(html).toContain(escaped('task'));
    expect(html).toContain(escaped('category'));
  });

  it('is escaped on the portal pages, the chart included', async () => {
    const m = await makePortalMember(t, clientId);
    let all = '';
    for (const url of ['/portal/projects', `/portal/projects/${projectId}`, `/portal/projects/${projectId}/documents`, '/portal/expenses', '/portal/notes', '/portal/schedule']) {
      const res = await t.get(url, m.cookie);
      expect(res.status, url).toBe(200);
      const html = await res.text();
      // The one SVG allowed is the chart: an image (role="img") with no script and no handlers.
      const problems = scriptInjections(html).filter((x) => !/^unexpected <svg> tag: <svg role="img" aria-labelledby="time-chart-title time-chart-desc"/.test(x));
      expect(problems, url).toEqual([]);
      all += html;
    }
    for (const field of ['project', 'task', 'time_notes', 'category', 'expense_notes', 'note', 'title', 'place', 'attendees']) expect(all, field).toContain(escaped(field));
  });
});
