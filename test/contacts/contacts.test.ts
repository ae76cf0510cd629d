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

interface ContactJson { id: string; client_id: string; name: string; email: string; phone: string | null; archived: boolean }
interface ErrorJson { error: { code: string; message: string; fields?: Record<string, string> } }
interface PageJson<T> { data: T[]; next_cursor: string | null }

async function newClient(name: string): Promise<number> {
  const r = await createClient(t.db, SYSTEM_ACTOR, { name });
  if (!r.ok) throw new Error('create failed');
  return r.client.id;
}

async function countContacts(): Promise<number> {
  const r = await t.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('contacts tab', () => {
  it('adds a contact from the form on the tab and lists it', async () => {
    const clientId = await newClient('Contact Pages Ltd');
    const empty = await (await t.get(`/clients/${clientId}/contacts`, cookie)).text();
    expect(empty).toContain('No contacts yet.');
    expect(empty).toContain(`action="/clients/${clientId}/contacts"`);
    const res = await t.postForm(`/clients/${clientId}/contacts`, { name: 'Γιώργος Νικολάου', email: 'Giorgos@Example.gr', phone: '6971234567' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/clients/${clientId}/contacts?done=contact_added`);
    const html = await (await t.get(`/clients/${clientId}/contacts?done=contact_added`, cookie)).text();
    expect(html).toContain('Γιώργος Νικολάου');
    expect(html).toContain('giorgos@example.gr');
    expect(html).toContain('6971234567');
    expect(html).toContain('Contact added.');
    expect(html).toContain('aria-current="page">Contacts');
  });

  it('shows errors with 422 when name or email is missing, and adds nothing', async () => {
    const clientId = await newClient('Strict Form Ltd');
    const before = await countContacts();
    const res = await t.postForm(`/clients/${clientId}/contacts`, { name: '', email: 'nope', phone: '1'.repeat(51) }, cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('There are 3 problems with this form.');
    expect(html).toContain('This field is required.');
    expect(html).toContain('Enter an email address like name@example.com.');
    expect(html).toContain('value="nope"');
    expect(await countContacts()).toBe(before);
  });

  it('edits a contact and shows the change', async () => {
    const clientId = await newClient('Edit Contacts Ltd');
    await t.postForm(`/clients/${clientId}/contacts`, { name: 'Old Name', email: 'old@example.gr' }, cookie);
    const contact = await t.db.selectFrom('contacts').selectAll().where('client_id', '=', clientId).executeTakeFirstOrThrow();
    const form = await (await t.get(`/contacts/${contact.id}/edit`, cookie)).text();
    expect(form).toContain('value="Old Name"');
    expect(form).toContain(`action="/contacts/${contact.id}"`);
    const bad = await t.postForm(`/contacts/${contact.id}`, { name: 'New Name', email: '' }, cookie);
    expect(bad.status).toBe(422);
    expect((await t.db.selectFrom('contacts').select('name').where('id', '=', contact.id).executeTakeFirstOrThrow()).name).toBe('Old Name');
    const ok = await t.postForm(`/contacts/${contact.id}`, { name: 'New Name', email: 'new@example.gr', phone: '' }, cookie);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/clients/${clientId}/contacts?done=contact_saved`);
    const html = await (await t.get(`/clients/${clientId}/contacts`, cookie)).text();
    expect(html).toContain('New Name');
    expect(html).not.toContain('Old Name');
  });

  it('removes a contact from the list, keeps the row, and 404s its edit page afterwards', async () => {
    const clientId = await newClient('Remove Contacts Ltd');
    await t.postForm(`/clients/${clientId}/contacts`, { name: 'Leaving Soon', email: 'leaving@example.gr' }, cookie);
    const contact = await t.db.selectFrom('contacts').selectAll().where('client_id', '=', clientId).executeTakeFirstOrThrow();
    const res = await t.postForm(`/contacts/${contact.id}/archive`, {}, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/clients/${clientId}/contacts?done=contact_removed`);
    expect(await (await t.get(`/clients/${clientId}/contacts`, cookie)).text()).not.toContain('Leaving Soon');
    const row = await t.db.selectFrom('contacts').select('archived_at').where('id', '=', contact.id).executeTakeFirstOrThrow();
    expect(row.archived_at).not.toBeNull();
    expect((await t.get(`/contacts/${contact.id}/edit`, cookie)).status).toBe(404);
    const events = await (await t.get(`/clients/${clientId}/events`, cookie)).text();
    expect(events).toContain('removed contact Leaving Soon');
  });

  it('answers 404 for unknown contacts', async () => {
    expect((await t.get('/contacts/999999/edit', cookie)).status).toBe(404);
    expect((await t.get('/contacts/abc/edit', cookie)).status).toBe(404);
    expect((await t.postForm('/contacts/999999', { name: 'A', email: 'a@b.gr' }, cookie)).status).toBe(404);
    expect((await t.postForm('/contacts/999999/archive', {}, cookie)).status).toBe(404);
  });
});

describe('contacts API', () => {
  it('POST /clients/:id/contacts creates a contact (201) and GET returns it', async () => {
    const clientId = await newClient('Api Contacts Ltd');
    const res = await t.api('POST', `/api/v1/clients/${clientId}/contacts`, { name: 'Σοφία Ιωάννου', email: 'Sofia@Example.gr', phone: '210 9999999', client_id: '1', archived: true });
    expect(res.status).toBe(201);
    const c = (await res.json()) as ContactJson;
    expect(c).toMatchObject({ client_id: String(clientId), name: 'Σοφία Ιωάννου', email: 'sofia@example.gr', phone: '210 9999999', archived: false });
    expect((await (await t.api('GET', `/api/v1/contacts/${c.id}`)).json())).toEqual(c);
    const list = (await (await t.api('GET', `/api/v1/clients/${clientId}/contacts`)).json()) as PageJson<ContactJson>;
    expect(list).toEqual({ data: [c], next_cursor: null });
  });

  it('refuses bad input: 400 malformed JSON, 422 missing name/email, 404 unknown client', async () => {
    const clientId = await newClient('Api Strict Ltd');
    const before = await countContacts();
    expect((await t.api('POST', `/api/v1/clients/${clientId}/contacts`, '{oops')).status).toBe(400);
    const invalid = await t.api('POST', `/api/v1/clients/${clientId}/contacts`, { name: ' ', email: 'x', phone: 7 });
    expect(invalid.status).toBe(422);
    expect(Object.keys(((await invalid.json()) as ErrorJson).error.fields ?? {})).toEqual(['phone']);
    const invalid2 = await t.api('POST', `/api/v1/clients/${clientId}/contacts`, { name: ' ', email: 'x' });
    expect(Object.keys(((await invalid2.json()) as ErrorJson).error.fields ?? {}).sort()).toEqual(['email', 'name']);
    expect((await t.api('POST', '/api/v1/clients/999999/contacts', { name: 'A', email: 'a@b.gr' })).status).toBe(404);
    expect((await t.api('GET', '/api/v1/clients/999999/contacts')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/contacts/999999')).status).toBe(404);
    expect(await countContacts()).toBe(before);
  });

  it('PATCH /contacts/:id changes the given fields only and never moves the contact', async () => {
    const clientId = await newClient('Api Patch Contacts');
    const other = await newClient('Other Client');
    const c = (await (await t.api('POST', `/api/v1/clients/${clientId}/contacts`, { name: 'Patchy', email: 'patchy@example.gr' })).json()) as ContactJson;
    const res = await t.api('PATCH', `/api/v1/contacts/${c.id}`, { phone: '123', client_id: String(other) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Patchy', phone: '123', client_id: String(clientId) });
    const bad = await t.api('PATCH', `/api/v1/contacts/${c.id}`, { email: null });
    expect(bad.status).toBe(422);
    expect((await t.api('PATCH', '/api/v1/contacts/999999', { name: 'X' })).status).toBe(404);
  });

  it('GET /contacts pages by id and filters by client_id', async () => {
    const t2 = await makeTestApp();
    try {
      const a = await createClient(t2.db, SYSTEM_ACTOR, { name: 'A' });
      const b = await createClient(t2.db, SYSTEM_ACTOR, { name: 'B' });
      if (!a.ok || !b.ok) throw new Error('create');
      for (const [client, name] of [[a.client.id, 'a1'], [b.client.id, 'b1'], [a.client.id, 'a2'], [a.client.id, 'a3']] as const) {
        expect((await t2.api('POST', `/api/v1/clients/${client}/contacts`, { name, email: `${name}@example.gr` })).status).toBe(201);
      }
      const p1 = (await (await t2.api('GET', '/api/v1/contacts?limit=3')).json()) as PageJson<ContactJson>;
      expect(p1.data.map((c) => c.name)).toEqual(['a1', 'b1', 'a2']);
      const p2 = (await (await t2.api('GET', `/api/v1/contacts?limit=3&cursor=${p1.next_cursor}`)).json()) as PageJson<ContactJson>;
      expect(p2).toMatchObject({ next_cursor: null });
      expect(p2.data.map((c) => c.name)).toEqual(['a3']);
      const onlyA = (await (await t2.api('GET', `/api/v1/contacts?client_id=${a.client.id}`)).json()) as PageJson<ContactJson>;
      expect(onlyA.data.map((c) => c.name)).toEqual(['a1', 'a2', 'a3']);
      const perClient = (await (await t2.api('GET', `/api/v1/clients/${a.client.id}/contacts?limit=2`)).json()) as PageJson<ContactJson>;
      expect(perClient.data.map((c) => c.name)).toEqual(['a1', 'a2']);
      expect(perClient.next_cursor).not.toBeNull();
      expect((await t2.api('GET', '/api/v1/contacts?client_id=abc')).status).toBe(400);
    } finally {
      await t2.close();
    }
  });
});
