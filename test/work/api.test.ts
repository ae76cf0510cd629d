import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { count, makeProject } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await t.apiToken();
});
afterAll(() => t.close());

interface ErrorJson { error: { code: string; message: string; fields?: Record<string, string> } }
interface TimeJson { id: string; client_id: string; project_id: string; date: string; minutes: number; task: string | null; staff_email: string; billable: boolean; billed: boolean; billed_invoice_id: string | null; notes: string | null; archived: boolean }
interface ExpenseJson { id: string; client_id: string; project_id: string | null; date: string; amount: number; currency: string; category: string; billable: boolean; billed: boolean }
interface PageJson<T> { data: T[]; next_cursor: string | null }

describe('POST /time-entries', () => {
  it('logs time on a project for the token owner, or for the staff member named by email', async () => {
    const client = await makeClient(t.db, { name: 'Api Time Ltd' });
    const project = await makeProject(t.db, client.id);
    const res = await t.api('POST', '/api/v1/time-entries', { project_id: String(project.id), date: '2026-03-02', minutes: 95, task: 'Audit fieldwork', notes: 'Day one', status: 'billed', billed_invoice_id: '1', client_id: '999' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as TimeJson;
    expect(body).toMatchObject({ client_id: String(client.id), project_id: String(project.id), date: '2026-03-02', minutes: 95, task: 'Audit fieldwork', staff_email: 'admin@firm.test', billable: true, billed: false, billed_invoice_id: null, notes: 'Day one', archived: false });
    expect(typeof body.id).toBe('string');
    const named = await t.api('POST', '/api/v1/time-entries', { project_id: project.id, date: '2026-03-03', minutes: 30, staff_email: 'ADMIN@firm.test', billable: false });
    expect(named.status).toBe(201);
    expect((await named.json()) as TimeJson).toMatchObject({ billable: false, staff_email: 'admin@firm.test', task: null });
  });

  it('refuses bad input with 422 and field errors, malformed JSON with 400, and writes nothing', async () => {
    const client = await makeClient(t.db, { name: 'Api Bad Time Ltd' });
    const project = await makeProject(t.db, client.id);
    const before = await count(t.db, 'time_entries');
    const bad = await t.api('POST', '/api/v1/time-entries', { project_id: 'x', date: '2026-02-30', minutes: 0, billable: 'yes' });
    expect(bad.status).toBe(422);
    const err = (await bad.json()) as ErrorJson;
    expect(err.error.code).toBe('validation_failed');
    expect(Object.keys(err.error.fields ?? {}).sort()).toEqual(['billable', 'date', 'minutes', 'project_id']);
    expect((await t.api('POST', '/api/v1/time-entries', { project_id: project.id, date: '2026-03-02', minutes: 1441 })).status).toBe(422);
    expect((await t.api('POST', '/api/v1/time-entries', { project_id: project.id, date: '2026-03-02', minutes: 1.5 })).status).toBe(422);
    const unknownProject = await t.api('POST', '/api/v1/time-entries', { project_id: '999999', date: '2026-03-02', minutes: 10 });
    expect(unknownProject.status).toBe(422);
    expect(((await unknownProject.json()) as ErrorJson).error.fields).toHaveProperty('project_id');
    const unknownStaff = await t.api('POST', '/api/v1/time-entries', { project_id: project.id, date: '2026-03-02', minutes: 10, staff_email: 'nobody@firm.test' });
    expect(unknownStaff.status).toBe(422);
    expect(((await unknownStaff.json()) as ErrorJson).error.fields).toHaveProperty('staff_email');
    expect((await t.api('POST', '/api/v1/time-entries', '{"project_id":')).status).toBe(400);
    expect(await count(t.db, 'time_entries')).toBe(before);
  });

  it('creates one entry for a retried request with the same Idempotency-Key', async () => {
    const client = await makeClient(t.db, { name: 'Api Idem Ltd' });
    const project = await makeProject(t.db, client.id);
    const body = { project_id: String(project.id), date: '2026-03-02', minutes: 15 };
    const first = await t.api('POST', '/api/v1/time-entries', body, { 'Idempotency-Key': 'time-1' });
    const second = await t.api('POST', '/api/v1/time-entries', body, { 'Idempotency-Key': 'time-1' });
    expect(((await first.json()) as TimeJson).id).toBe(((await second.json()) as TimeJson).id);
  });
});

describe('GET /time-entries', () => {
  it('answers one entry, a list by cursor filtered by project, and 404/400 for bad ids', async () => {
    const client = await makeClient(t.db, { name: 'Api List Ltd' });
    const project = await makeProject(t.db, client.id);
    const ids: string[] = [];
    for (const minutes of [10, 20, 30]) ids.push(((await (await t.api('POST', '/api/v1/time-entries', { project_id: project.id, date: '2026-03-02', minutes })).json()) as TimeJson).id);
    const one = await t.api('GET', `/api/v1/time-entries/${ids[1]}`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as TimeJson).minutes).toBe(20);
    const page1 = (await (await t.api('GET', `/api/v1/time-entries?project_id=${project.id}&limit=2`)).json()) as PageJson<TimeJson>;
    expect(page1.data.map((x) => x.id)).toEqual(ids.slice(0, 2));
    const page2 = (await (await t.api('GET', `/api/v1/time-entries?project_id=${project.id}&limit=2&cursor=${page1.next_cursor}`)).json()) as PageJson<TimeJson>;
    expect(page2).toEqual({ data: [expect.objectContaining({ id: ids[2] })], next_cursor: null });
    expect((await t.api('GET', '/api/v1/time-entries/999999')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/time-entries/abc')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/time-entries?client_id=abc')).status).toBe(400);
    expect((await t.api('GET', '/api/v1/time-entries?cursor=!!')).status).toBe(400);
  });
});

describe('expenses', () => {
  it("records an expense in the client's currency and reads it back", async () => {
    const client = await makeClient(t.db, { name: 'Api Expense Ltd', currency: 'EUR' });
    const project = await makeProject(t.db, client.id);
    const res = await t.api('POST', '/api/v1/expenses', { client_id: String(client.id), project_id: String(project.id), date: '2026-03-04', amount: 12550, category: 'Travel', billable: true, notes: 'Train', currency: 'USD', billed_invoice_id: '5' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as ExpenseJson;
    expect(body).toMatchObject({ client_id: String(client.id), project_id: String(project.id), amount: 12550, currency: 'EUR', category: 'Travel', billable: true, billed: false });
    expect(((await (await t.api('GET', `/api/v1/expenses/${body.id}`)).json()) as ExpenseJson).amount).toBe(12550);
    const list = (await (await t.api('GET', `/api/v1/expenses?client_id=${client.id}`)).json()) as PageJson<ExpenseJson>;
    expect(list.data.map((x) => x.id)).toEqual([body.id]);
  });

  it('refuses bad input with 422, unknown ids with 404, and writes nothing', async () => {
    const client = await makeClient(t.db, { name: 'Api Bad Expense Ltd' });
    const other = await makeClient(t.db, { name: 'Api Other Ltd' });
    const foreign = await makeProject(t.db, other.id);
    const before = await count(t.db, 'expenses');
    const bad = await t.api('POST', '/api/v1/expenses', { client_id: String(client.id), date: 'soon', amount: 12.5, category: '' });
    expect(bad.status).toBe(422);
    expect(Object.keys(((await bad.json()) as ErrorJson).error.fields ?? {}).sort()).toEqual(['amount', 'category', 'date']);
    const noClient = await t.api('POST', '/api/v1/expenses', { client_id: '999999', date: '2026-03-04', amount: 100, category: 'Fees' });
    expect(noClient.status).toBe(422);
    expect(((await noClient.json()) as ErrorJson).error.fields).toHaveProperty('client_id');
    const wrongProject = await t.api('POST', '/api/v1/expenses', { client_id: String(client.id), project_id: String(foreign.id), date: '2026-03-04', amount: 100, category: 'Fees' });
    expect(wrongProject.status).toBe(422);
    expect(((await wrongProject.json()) as ErrorJson).error.fields).toHaveProperty('project_id');
    expect((await t.api('POST', '/api/v1/expenses', 'not json')).status).toBe(400);
    expect((await t.api('GET', '/api/v1/expenses/999999')).status).toBe(404);
    expect(await count(t.db, 'expenses')).toBe(before);
  });
});
