import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraftInvoice } from '../helpers/factories.js';
import { count, makeProject, makeTime, staffId } from './support.js';

let t: TestApp;
let cookie: string;
let me: number;
beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
  me = await staffId(t.db);
});
afterAll(() => t.close());

const text = async (res: Response) => (await res.text()).replace(/\s+/g, ' ');

describe('the Work tab of a client', () => {
  it('is a tab of the client page and starts empty, with a form to log time', async () => {
    const client = await makeClient(t.db, { name: 'Tab Ltd' });
    await makeProject(t.db, client.id, { name: 'Bookkeeping' });
    const res = await t.get(`/clients/${client.id}/work`, cookie);
    expect(res.status).toBe(200);
    const html = await text(res);
    expect(html).toContain(`href="/clients/${client.id}/work" aria-current="page">Work</a>`);
    expect(html).toContain('No time entries match.');
    expect(html).toContain(`action="/clients/${client.id}/work/time"`);
    expect(html).toContain('Bookkeeping');
  });

  it('asks for a project first when the client has none', async () => {
    const client = await makeClient(t.db, { name: 'No Projects Ltd' });
    const html = await text(await t.get(`/clients/${client.id}/work`, cookie));
    expect(html).toContain('this client has no active project yet');
  });

  it('answers 404 for an unknown client', async () => {
    expect((await t.get('/clients/999999/work', cookie)).status).toBe(404);
    expect((await t.postForm('/clients/999999/work/time', { duration: '1' }, cookie)).status).toBe(404);
  });
});

describe('logging time', () => {
  it('logs time on a project and shows it with its totals', async () => {
    const client = await makeClient(t.db, { name: 'Log Ltd' });
    const project = await makeProject(t.db, client.id, { name: 'Payroll 2026' });
    const res = await t.postForm(`/clients/${client.id}/work/time`, {
      project_id: String(project.id), date: '2026-03-02', duration: '1:30', task: 'Monthly run', staff_user_id: String(me), billable: ['0', '1'], notes: 'Ran March payroll',
    }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/clients/${client.id}/work?done=time_created`);
    const html = await text(await t.get(res.headers.get('location')!, cookie));
    expect(html).toContain('Time logged.');
    expect(html).toContain('Monthly run');
    expect(html).toContain('Ran March payroll');
    expect(html).toContain('1:30');
    expect(html).toContain('Not billed yet');
    const row = await t.db.selectFrom('time_entries').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect([row.minutes, row.billable, row.staff_user_id, row.project_id, row.billed_invoice_id]).toEqual([90, 1, me, project.id, null]);
    const event = await t.db.selectFrom('events').selectAll().where('subject_type', '=', 'time_entry').where('subject_id', '=', row.id).executeTakeFirstOrThrow();
    expect(event.action).toBe('created');
  });

  it('shows every problem with 422 and writes nothing', async () => {
    const client = await makeClient(t.db, { name: 'Bad Time Ltd' });
    await makeProject(t.db, client.id);
    const before = await count(t.db, 'time_entries');
    const res = await t.postForm(`/clients/${client.id}/work/time`, { project_id: '', date: 'yesterday', duration: 'a while', task: 'x'.repeat(300), billable: 'perhaps' }, cookie);
    expect(res.status).toBe(422);
    const html = await text(res);
    expect(html).toContain('There are 5 problems with this form.');
    expect(html).toContain('Enter a time like 1:30, 1.5 or 45m.');
    expect(html).toContain('value="a while"');
    expect(await count(t.db, 'time_entries')).toBe(before);
  });

  it("refuses another client's project and an archived one", async () => {
    const client = await makeClient(t.db, { name: 'Mine Ltd' });
    const other = await makeClient(t.db, { name: 'Theirs Ltd' });
    const foreign = await makeProject(t.db, other.id, { name: 'Their project' });
    const archived = await makeProject(t.db, client.id, { name: 'Old', archived_at: '2026-01-01T00:00:00.000Z' });
    const before = await count(t.db, 'time_entries');
    for (const project of [foreign, archived]) {
      const res = await t.postForm(`/clients/${client.id}/work/time`, { project_id: String(project.id), date: '2026-03-02', duration: '1' }, cookie);
      expect(res.status).toBe(422);
      expect(await res.text()).toMatch(/Choose one of this client(&#39;|')s active projects./);
    }
    expect(await count(t.db, 'time_entries')).toBe(before);
  });
});

describe('editing and archiving time', () => {
  it('edits an entry, ignoring fields that are not on the form', async () => {
    const client = await makeClient(t.db, { name: 'Edit Time Ltd' });
    const project = await makeProject(t.db, client.id);
    const entry = await makeTime(t.db, project, me, { minutes: 30, task: 'Draft' });
    const form = await text(await t.get(`/time-entries/${entry.id}/edit`, cookie));
    expect(form).toContain('value="0:30"');
    expect(form).toContain('value="Draft"');
    const bad = await t.postForm(`/time-entries/${entry.id}`, { project_id: String(project.id), date: '2026-13-01', duration: '2' }, cookie);
    expect(bad.status).toBe(422);
    expect((await t.db.selectFrom('time_entries').select('minutes').where('id', '=', entry.id).executeTakeFirstOrThrow()).minutes).toBe(30);
    const ok = await t.postForm(`/time-entries/${entry.id}`, { project_id: String(project.id), date: '2026-03-03', duration: '2', task: 'Final', billable: '0', client_id: '999', billed_invoice_id: '1' }, cookie);
    expect(ok.status).toBe(303);
    const row = await t.db.selectFrom('time_entries').selectAll().where('id', '=', entry.id).executeTakeFirstOrThrow();
    expect([row.minutes, row.task, row.billable, row.client_id, row.billed_invoice_id, row.date]).toEqual([120, 'Final', 0, client.id, null, '2026-03-03']);
  });

  it('archives an entry: gone from the list, shown among the archived', async () => {
    const client = await makeClient(t.db, { name: 'Archive Time Ltd' });
    const project = await makeProject(t.db, client.id);
    const entry = await makeTime(t.db, project, me, { task: 'Obsolete task' });
    const res = await t.postForm(`/time-entries/${entry.id}/archive`, {}, cookie);
    expect(res.status).toBe(303);
    expect(await text(await t.get(`/clients/${client.id}/work`, cookie))).not.toContain('Obsolete task');
    expect(await text(await t.get(`/clients/${client.id}/work?archived=1`, cookie))).toContain('Obsolete task');
    expect((await t.get(`/time-entries/${entry.id}/edit`, cookie)).status).toBe(404);
  });

  it('refuses to edit or archive time billed on an invoice (409), and changes nothing', async () => {
    const client = await makeClient(t.db, { name: 'Billed Time Ltd' });
    const project = await makeProject(t.db, client.id);
    const invoice = await makeDraftInvoice(t.db, client.id);
    const entry = await makeTime(t.db, project, me, { billed_invoice_id: invoice.id });
    const edit = await t.get(`/time-entries/${entry.id}/edit`, cookie);
    expect(edit.status).toBe(409);
    expect(await edit.text()).toContain('This entry is billed on an invoice and cannot change.');
    expect((await t.postForm(`/time-entries/${entry.id}`, { project_id: String(project.id), date: '2026-03-03', duration: '5' }, cookie)).status).toBe(409);
    expect((await t.postForm(`/time-entries/${entry.id}/archive`, {}, cookie)).status).toBe(409);
    const row = await t.db.selectFrom('time_entries').selectAll().where('id', '=', entry.id).executeTakeFirstOrThrow();
    expect([row.minutes, row.archived_at]).toEqual([60, null]);
  });

  it('answers 404 for unknown entries', async () => {
    expect((await t.get('/time-entries/999999/edit', cookie)).status).toBe(404);
    expect((await t.postForm('/time-entries/999999', { duration: '1' }, cookie)).status).toBe(404);
    expect((await t.postForm('/time-entries/999999/archive', {}, cookie)).status).toBe(404);
  });
});

describe('filtering time', () => {
  it('filters by period, project, billable and billed', async () => {
    const client = await makeClient(t.db, { name: 'Filter Ltd' });
    const a = await makeProject(t.db, client.id, { name: 'Alpha' });
    const b = await makeProject(t.db, client.id, { name: 'Beta' });
    const invoice = await makeDraftInvoice(t.db, client.id);
    await makeTime(t.db, a, me, { task: 'A-march', date: '2026-03-02' });
    await makeTime(t.db, a, me, { task: 'A-billed', date: '2026-03-03', billed_invoice_id: invoice.id });
    await makeTime(t.db, b, me, { task: 'B-internal', date: '2026-02-02', billable: 0 });
    const tasks = async (qs: string) => {
      const html = await text(await t.get(`/clients/${client.id}/work${qs}`, cookie));
      return ['A-march', 'A-billed', 'B-internal'].filter((x) => html.includes(x));
    };
    expect(await tasks('')).toEqual(['A-march', 'A-billed', 'B-internal']);
    expect(await tasks(`?project=${b.id}`)).toEqual(['B-internal']);
    expect(await tasks('?billable=1&billed=unbilled')).toEqual(['A-march']);
    expect(await tasks('?billed=billed')).toEqual(['A-billed']);
    expect(await tasks('?period=custom&from=2026-03-01&to=2026-03-31')).toEqual(['A-march', 'A-billed']);
    const bad = await t.get(`/clients/${client.id}/work?period=custom&from=2026-03-31&to=2026-03-01`, cookie);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('The end of the period cannot be before its start.');
  });

  it('answers an htmx filter with the results region only', async () => {
    const client = await makeClient(t.db, { name: 'Htmx Ltd' });
    const res = await t.get(`/clients/${client.id}/work?billed=unbilled`, cookie, { 'HX-Request': 'true', 'HX-Target': 'work-results' });
    const html = await res.text();
    expect(html.startsWith('<div id="work-results">')).toBe(true);
    expect(html).not.toContain('<html');
  });
});
