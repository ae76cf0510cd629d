import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraftInvoice } from '../helpers/factories.js';
import { count, makeExpense, makeProject } from './support.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
});
afterAll(() => t.close());

const text = async (res: Response) => (await res.text()).replace(/\s+/g, ' ');

describe('expenses', () => {
  it("records an expense in the client's currency and lists it with totals", async () => {
    const client = await makeClient(t.db, { name: 'Expense Ltd', currency: 'EUR' });
    const project = await makeProject(t.db, client.id, { name: 'Court case' });
    const res = await t.postForm(`/clients/${client.id}/work/expenses`, { date: '2026-03-04', category: 'Court fees', amount: '1.234,50', project_id: String(project.id), billable: ['0', '1'], notes: 'Filing', currency: 'USD' }, cookie);
    expect(res.status).toBe(303);
    const html = await text(await t.get(res.headers.get('location')!, cookie));
    expect(html).toContain('Expense recorded.');
    expect(html).toContain('Court fees');
    expect(html).toContain('€1,234.50');
    const row = await t.db.selectFrom('expenses').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect([row.amount, row.currency, row.billable, row.project_id]).toEqual([123450, 'EUR', 1, project.id]);
  });

  it('shows field errors with 422 and writes nothing', async () => {
    const client = await makeClient(t.db, { name: 'Bad Expense Ltd' });
    const before = await count(t.db, 'expenses');
    const res = await t.postForm(`/clients/${client.id}/work/expenses`, { date: '', category: '', amount: '-3', project_id: '999999' }, cookie);
    expect(res.status).toBe(422);
    expect(await text(res)).toContain('There are 3 problems with this form.');
    const res2 = await t.postForm(`/clients/${client.id}/work/expenses`, { date: '2026-03-04', category: 'Fees', amount: '5', project_id: '999999' }, cookie);
    expect(res2.status).toBe(422);
    expect(await count(t.db, 'expenses')).toBe(before);
  });

  it('edits and archives an unbilled expense; a billed one cannot change', async () => {
    const client = await makeClient(t.db, { name: 'Edit Expense Ltd' });
    const e = await makeExpense(t.db, client.id, { amount: 1000 });
    expect(await text(await t.get(`/expenses/${e.id}/edit`, cookie))).toContain('value="10.00"');
    expect((await t.postForm(`/expenses/${e.id}`, { date: '2026-03-05', category: 'Taxi', amount: 'ten' }, cookie)).status).toBe(422);
    expect((await t.postForm(`/expenses/${e.id}`, { date: '2026-03-05', category: 'Taxi', amount: '12', billable: '0' }, cookie)).status).toBe(303);
    const row = await t.db.selectFrom('expenses').selectAll().where('id', '=', e.id).executeTakeFirstOrThrow();
    expect([row.category, row.amount, row.billable]).toEqual(['Taxi', 1200, 0]);
    expect((await t.postForm(`/expenses/${e.id}/archive`, {}, cookie)).status).toBe(303);
    const invoice = await makeDraftInvoice(t.db, client.id);
    const billed = await makeExpense(t.db, client.id, { billed_invoice_id: invoice.id });
    expect((await t.postForm(`/expenses/${billed.id}`, { date: '2026-03-05', category: 'Taxi', amount: '1' }, cookie)).status).toBe(409);
    expect((await t.postForm(`/expenses/${billed.id}/archive`, {}, cookie)).status).toBe(409);
    expect((await t.get('/expenses/999999/edit', cookie)).status).toBe(404);
  });
});

describe('notes', () => {
  it('writes an internal note by default and a shared one when asked', async () => {
    const client = await makeClient(t.db, { name: 'Notes Ltd' });
    expect((await t.postForm(`/clients/${client.id}/work/notes`, { date: '2026-03-04', body: 'Internal <b>thought</b>', shared: '0' }, cookie)).status).toBe(303);
    expect((await t.postForm(`/clients/${client.id}/work/notes`, { date: '2026-03-05', body: 'For the client', shared: ['0', '1'] }, cookie)).status).toBe(303);
    const html = await text(await t.get(`/clients/${client.id}/work/notes`, cookie));
    expect(html).toContain('Internal &lt;b&gt;thought&lt;/b&gt;');
    expect(html).toContain('For the client');
    const shared = await text(await t.get(`/clients/${client.id}/work/notes?shared=1`, cookie));
    expect(shared).not.toContain('Internal &lt;b&gt;');
    expect(shared).toContain('For the client');
  });

  it('refuses an empty note with 422, and edits and archives', async () => {
    const client = await makeClient(t.db, { name: 'Note Edit Ltd' });
    const before = await count(t.db, 'notes');
    expect((await t.postForm(`/clients/${client.id}/work/notes`, { date: '2026-03-04', body: '   ' }, cookie)).status).toBe(422);
    expect(await count(t.db, 'notes')).toBe(before);
    await t.postForm(`/clients/${client.id}/work/notes`, { date: '2026-03-04', body: 'First' }, cookie);
    const note = await t.db.selectFrom('notes').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect((await t.postForm(`/notes/${note.id}`, { date: 'x', body: 'Second' }, cookie)).status).toBe(422);
    expect((await t.postForm(`/notes/${note.id}`, { date: '2026-03-04', body: 'Second', shared: '1' }, cookie)).status).toBe(303);
    expect((await t.db.selectFrom('notes').select(['body', 'shared']).where('id', '=', note.id).executeTakeFirstOrThrow())).toEqual({ body: 'Second', shared: 1 });
    expect((await t.postForm(`/notes/${note.id}/archive`, {}, cookie)).status).toBe(303);
    expect((await t.get(`/notes/${note.id}/edit`, cookie)).status).toBe(404);
  });
});

describe('schedule', () => {
  it('adds an appointment and shows it in the page language', async () => {
    const client = await makeClient(t.db, { name: 'Schedule Ltd' });
    const res = await t.postForm(`/clients/${client.id}/work/schedule`, { title: 'Year-end meeting', starts_at: '2026-03-10T10:00', ends_at: '2026-03-10T11:30', place: 'Client office', attendees: 'Maria, Nikos' }, cookie);
    expect(res.status).toBe(303);
    const html = await text(await t.get(`/clients/${client.id}/work/schedule`, cookie));
    expect(html).toContain('Year-end meeting');
    expect(html).toContain('Client office');
    const row = await t.db.selectFrom('schedule_entries').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect([row.starts_at, row.ends_at]).toEqual(['2026-03-10T08:00:00.000Z', '2026-03-10T09:30:00.000Z']);
    expect(await text(await t.get(`/schedule/${row.id}/edit`, cookie))).toContain('value="2026-03-10T10:00"');
  });

  it('refuses an end before the start and a missing title with 422', async () => {
    const client = await makeClient(t.db, { name: 'Bad Schedule Ltd' });
    const before = await count(t.db, 'schedule_entries');
    const res = await t.postForm(`/clients/${client.id}/work/schedule`, { title: '', starts_at: '2026-03-10T10:00', ends_at: '2026-03-10T09:00' }, cookie);
    expect(res.status).toBe(422);
    const html = await text(res);
    expect(html).toContain('The end must be after the start.');
    expect(html).toContain('This field is required.');
    expect(await count(t.db, 'schedule_entries')).toBe(before);
  });
});

describe('rates and task lists', () => {
  it('adds tasks to a project, refuses duplicates, and removes them', async () => {
    const client = await makeClient(t.db, { name: 'Tasks Ltd' });
    const project = await makeProject(t.db, client.id, { name: 'VAT returns' });
    expect((await t.postForm(`/clients/${client.id}/work/tasks`, { project_id: String(project.id), name: 'Quarterly return' }, cookie)).status).toBe(303);
    const dup = await t.postForm(`/clients/${client.id}/work/tasks`, { project_id: String(project.id), name: 'quarterly RETURN' }, cookie);
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain('This project already has this task.');
    expect((await t.postForm(`/clients/${client.id}/work/tasks`, { project_id: '999999', name: 'X' }, cookie)).status).toBe(422);
    // The time form offers the project's tasks.
    expect(await text(await t.get(`/clients/${client.id}/work`, cookie))).toContain('<option value="Quarterly return">VAT returns</option>');
    const task = await t.db.selectFrom('project_tasks').selectAll().where('project_id', '=', project.id).executeTakeFirstOrThrow();
    expect((await t.postForm(`/project-tasks/${task.id}/archive`, {}, cookie)).status).toBe(303);
    expect(await text(await t.get(`/clients/${client.id}/work/setup`, cookie))).toContain('No tasks yet');
  });

  it("sets and clears a project's hourly rate, refusing a bad amount", async () => {
    const client = await makeClient(t.db, { name: 'Rates Ltd' });
    const project = await makeProject(t.db, client.id);
    const bad = await t.postForm(`/clients/${client.id}/work/rates`, { project_id: String(project.id), hourly_rate: '-5' }, cookie);
    expect(bad.status).toBe(422);
    expect(await count(t.db, 'project_rates')).toBe(0);
    expect((await t.postForm(`/clients/${client.id}/work/rates`, { project_id: String(project.id), hourly_rate: '85' }, cookie)).status).toBe(303);
    expect(await t.db.selectFrom('project_rates').selectAll().where('project_id', '=', project.id).executeTakeFirst()).toMatchObject({ hourly_rate: 8500, currency: 'EUR' });
    expect(await text(await t.get(`/clients/${client.id}/work/setup`, cookie))).toContain('value="85.00"');
    expect((await t.postForm(`/clients/${client.id}/work/rates`, { project_id: String(project.id), hourly_rate: '' }, cookie)).status).toBe(303);
    expect(await count(t.db, 'project_rates')).toBe(0);
  });

  it('keeps the firm default rate, refusing a bad amount or currency', async () => {
    expect((await t.postForm('/work/rate', { hourly_rate: 'abc', currency: 'EUR' }, cookie)).status).toBe(422);
    expect((await t.postForm('/work/rate', { hourly_rate: '70', currency: 'XYZ' }, cookie)).status).toBe(422);
    expect((await t.postForm('/work/rate', { hourly_rate: '70', currency: 'eur' }, cookie)).status).toBe(303);
    expect(await text(await t.get('/work/rate', cookie))).toContain('€70.00');
  });
});
