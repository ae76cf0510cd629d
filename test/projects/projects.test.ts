import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/clients/service.js';
import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
});
afterAll(() => t.close());

interface ProjectJson { id: string; client_id: string; name: string; email: string | null; portal_visible: boolean; portal_time: string; archived: boolean }
interface ErrorJson { error: { code: string; message: string; fields?: Record<string, string> } }
interface PageJson<T> { data: T[]; next_cursor: string | null }

async function newClient(name: string): Promise<number> {
  const r = await createClient(t.db, SYSTEM_ACTOR, { name });
  if (!r.ok) throw new Error('create failed');
  return r.client.id;
}

async function countProjects(): Promise<number> {
  const r = await t.db.selectFrom('projects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('projects tab', () => {
  it('adds a project from the tab and lists it with its portal settings', async () => {
    const clientId = await newClient('Project Pages Ltd');
    expect(await (await t.get(`/clients/${clientId}/projects`, cookie)).text()).toContain('No projects yet.');
    const res = await t.postForm(`/clients/${clientId}/projects`, { name: 'Ετήσιος έλεγχος 2025', email: 'audit@client.gr', portal_visible: ['0', '1'], portal_time: 'all' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/clients/${clientId}/projects?done=project_created`);
    const html = await (await t.get(`/clients/${clientId}/projects?done=project_created`, cookie)).text();
    expect(html).toContain('Ετήσιος έλεγχος 2025');
    expect(html).toContain('audit@client.gr');
    expect(html).toContain('All time');
    expect(html).toContain('Project created.');
    const row = await t.db.selectFrom('projects').selectAll().where('client_id', '=', clientId).executeTakeFirstOrThrow();
    expect([row.portal_visible, row.portal_time]).toEqual([1, 'all']);
  });

  it('treats an unticked box as not visible', async () => {
    const clientId = await newClient('Unticked Ltd');
    await t.postForm(`/clients/${clientId}/projects`, { name: 'Hidden', email: '', portal_visible: '0', portal_time: 'billable' }, cookie);
    const row = await t.db.selectFrom('projects').selectAll().where('client_id', '=', clientId).executeTakeFirstOrThrow();
    expect(row.portal_visible).toBe(0);
  });

  it('shows errors with 422 and adds nothing', async () => {
    const clientId = await newClient('Bad Projects Ltd');
    const before = await countProjects();
    const res = await t.postForm(`/clients/${clientId}/projects`, { name: '', email: 'bad@', portal_visible: 'maybe', portal_time: 'weekly' }, cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('There are 4 problems with this form.');
    expect(await countProjects()).toBe(before);
  });

  it('edits a project, keeping it with its client', async () => {
    const clientId = await newClient('Edit Projects Ltd');
    await t.postForm(`/clients/${clientId}/projects`, { name: 'Payroll', portal_visible: '0' }, cookie);
    const p = await t.db.selectFrom('projects').selectAll().where('client_id', '=', clientId).executeTakeFirstOrThrow();
    const form = await (await t.get(`/projects/${p.id}/edit`, cookie)).text();
    expect(form).toContain('value="Payroll"');
    const bad = await t.postForm(`/projects/${p.id}`, { name: '', portal_visible: '0', portal_time: 'billable' }, cookie);
    expect(bad.status).toBe(422);
    const ok = await t.postForm(`/projects/${p.id}`, { name: 'Payroll 2026', email: 'hr@client.gr', portal_visible: ['0', '1'], portal_time: 'billable', client_id: '1' }, cookie);
    expect(ok.status).toBe(303);
    const row = await t.db.selectFrom('projects').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    expect([row.name, row.email, row.portal_visible, row.client_id]).toEqual(['Payroll 2026', 'hr@client.gr', 1, clientId]);
  });

  it('archives a project: it leaves the active table and appears under archived projects', async () => {
    const clientId = await newClient('Archive Projects Ltd');
    await t.postForm(`/clients/${clientId}/projects`, { name: 'Old Engagement' }, cookie);
    const p = await t.db.selectFrom('projects').selectAll().where('client_id', '=', clientId).executeTakeFirstOrThrow();
    const res = await t.postForm(`/projects/${p.id}/archive`, {}, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/clients/${clientId}/projects?done=project_archived`);
    const html = await (await t.get(`/clients/${clientId}/projects`, cookie)).text();
    expect(html).toContain('Archived projects (1)');
    expect(html).not.toContain(`/projects/${p.id}/edit`);
    expect((await t.get(`/projects/${p.id}/edit`, cookie)).status).toBe(404);
  });

  it('answers 404 for unknown projects', async () => {
    expect((await t.get('/projects/999999/edit', cookie)).status).toBe(404);
    expect((await t.postForm('/projects/999999', { name: 'X' }, cookie)).status).toBe(404);
    expect((await t.postForm('/projects/999999/archive', {}, cookie)).status).toBe(404);
  });
});

describe('projects API', () => {
  it('POST /projects creates a project (201); GET returns it', async () => {
    const clientId = await newClient('Api Projects Ltd');
    const res = await t.api('POST', '/api/v1/projects', { client_id: String(clientId), name: 'Website', email: 'web@client.gr', portal_visible: true, portal_time: 'all', archived: true });
    expect(res.status).toBe(201);
    const p = (await res.json()) as ProjectJson;
    expect(p).toMatchObject({ client_id: String(clientId), name: 'Website', email: 'web@client.gr', portal_visible: true, portal_time: 'all', archived: false });
    expect(await (await t.api('GET', `/api/v1/projects/${p.id}`)).json()).toEqual(p);
    const defaults = (await (await t.api('POST', '/api/v1/projects', { client_id: clientId, name: 'Defaults' })).json()) as ProjectJson;
    expect([defaults.portal_visible, defaults.portal_time, defaults.email]).toEqual([false, 'billable', null]);
  });

  it('refuses bad input: 400 malformed JSON, 422 invalid fields or unknown client, nothing written', async () => {
    const clientId = await newClient('Api Strict Projects');
    const before = await countProjects();
    expect((await t.api('POST', '/api/v1/projects', '{"name":')).status).toBe(400);
    const typed = await t.api('POST', '/api/v1/projects', { client_id: 'abc', name: 5, portal_visible: 'yes', portal_time: 'weekly' });
    expect(typed.status).toBe(422);
    expect(Object.keys(((await typed.json()) as ErrorJson).error.fields ?? {}).sort()).toEqual(['client_id', 'name', 'portal_time', 'portal_visible']);
    const missing = await t.api('POST', '/api/v1/projects', { name: 'No client' });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as ErrorJson).error.fields).toHaveProperty('client_id');
    const unknown = await t.api('POST', '/api/v1/projects', { client_id: '999999', name: 'Ghost' });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as ErrorJson).error.fields).toEqual({ client_id: 'no client has this id' });
    const invalid = await t.api('POST', '/api/v1/projects', { client_id: clientId, name: '', email: 'x' });
    expect(Object.keys(((await invalid.json()) as ErrorJson).error.fields ?? {}).sort()).toEqual(['email', 'name']);
    expect(await countProjects()).toBe(before);
  });

  it('PATCH /projects/:id changes allowed fields and ignores client_id', async () => {
    const clientId = await newClient('Api Patch Projects');
    const other = await newClient('Someone Else');
    const p = (await (await t.api('POST', '/api/v1/projects', { client_id: clientId, name: 'Bookkeeping' })).json()) as ProjectJson;
    const res = await t.api('PATCH', `/api/v1/projects/${p.id}`, { portal_visible: true, email: 'books@client.gr', client_id: String(other), status: 'void' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ client_id: String(clientId), name: 'Bookkeeping', portal_visible: true, email: 'books@client.gr' });
    const cleared = (await (await t.api('PATCH', `/api/v1/projects/${p.id}`, { email: null })).json()) as ProjectJson;
    expect(cleared.email).toBeNull();
    expect((await t.api('PATCH', `/api/v1/projects/${p.id}`, { name: '' })).status).toBe(422);
    expect((await t.api('PATCH', `/api/v1/projects/${p.id}`, 'nope')).status).toBe(400);
    expect((await t.api('PATCH', '/api/v1/projects/999999', { name: 'X' })).status).toBe(404);
    expect((await t.api('GET', '/api/v1/projects/999999')).status).toBe(404);
  });

  it('GET /projects pages by id and filters by client_id', async () => {
    const a = await newClient('Paging A');
    const b = await newClient('Paging B');
    const names: string[] = [];
    for (const [client, name] of [[a, 'pa1'], [b, 'pb1'], [a, 'pa2']] as const) {
      names.push(((await (await t.api('POST', '/api/v1/projects', { client_id: client, name })).json()) as ProjectJson).name);
    }
    const onlyA = (await (await t.api('GET', `/api/v1/projects?client_id=${a}`)).json()) as PageJson<ProjectJson>;
    expect(onlyA).toMatchObject({ next_cursor: null });
    expect(onlyA.data.map((p) => p.name)).toEqual(['pa1', 'pa2']);
    const p1 = (await (await t.api('GET', `/api/v1/projects?client_id=${a}&limit=1`)).json()) as PageJson<ProjectJson>;
    expect(p1.data.map((p) => p.name)).toEqual(['pa1']);
    const p2 = (await (await t.api('GET', `/api/v1/projects?client_id=${a}&limit=1&cursor=${p1.next_cursor}`)).json()) as PageJson<ProjectJson>;
    expect(p2.data.map((p) => p.name)).toEqual(['pa2']);
    expect((await t.api('GET', '/api/v1/projects?client_id=-4')).status).toBe(400);
  });
});
