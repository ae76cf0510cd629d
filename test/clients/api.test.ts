import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

interface ClientJson {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  vat_number: string | null;
  billing_address: { line1: string | null; line2: string | null; city: string | null; postcode: string | null; country: string | null };
  currency: string;
  language: string;
  archived: boolean;
  created_at: string;
  updated_at: string;
}
interface ErrorJson { error: { code: string; message: string; fields?: Record<string, string> } }
interface PageJson<T> { data: T[]; next_cursor: string | null }

async function createClient(body: Record<string, unknown>): Promise<ClientJson> {
  const res = await t.api('POST', '/api/v1/clients', body);
  expect(res.status).toBe(201);
  return (await res.json()) as ClientJson;
}

async function countClients(): Promise<number> {
  const r = await t.db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('POST /api/v1/clients', () => {
  it('creates a client and returns it in the API shape, with the firm defaults filled in', async () => {
    const res = await t.api('POST', '/api/v1/clients', {
      name: 'Κωνσταντίνου Α.Ε.',
      email: 'Info@Konstantinou.gr',
      phone: '2310 555555',
      vat_number: '998877665',
      billing_address: { line1: 'Τσιμισκή 5', city: 'Θεσσαλονίκη', postcode: '54624', country: 'gr' },
    });
    expect(res.status).toBe(201);
    const c = (await res.json()) as ClientJson;
    expect(c).toMatchObject({
      name: 'Κωνσταντίνου Α.Ε.',
      email: 'info@konstantinou.gr',
      phone: '2310 555555',
      vat_number: '998877665',
      billing_address: { line1: 'Τσιμισκή 5', line2: null, city: 'Θεσσαλονίκη', postcode: '54624', country: 'GR' },
      currency: 'EUR',
      language: 'el',
      archived: false,
    });
    expect(c.id).toMatch(/^\d+$/);
    expect(c.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const event = await t.db.selectFrom('events').selectAll().where('subject_type', '=', 'client').where('subject_id', '=', Number(c.id)).executeTakeFirstOrThrow();
    expect([event.action, event.actor_type]).toEqual(['created', 'api']);
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await t.api('POST', '/api/v1/clients', '{"name": "Broken",');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.code).toBe('malformed_json');
  });

  it('refuses invalid fields with 422 and dotted field paths, writing nothing', async () => {
    const before = await countClients();
    const res = await t.api('POST', '/api/v1/clients', {
      name: '',
      email: 'nope',
      currency: 'EURO',
      language: 'fr',
      billing_address: { city: 'x'.repeat(201), country: 'Atlantis' },
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields ?? {}).sort()).toEqual(['billing_address.city', 'billing_address.country', 'currency', 'email', 'language', 'name']);
    expect(body.error.fields?.name).toBe('This field is required.');
    expect(await countClients()).toBe(before);
  });

  it('refuses fields of the wrong type with 422', async () => {
    const res = await t.api('POST', '/api/v1/clients', { name: 42, billing_address: 'Main St' });
    expect(res.status).toBe(422);
    const fields = ((await res.json()) as ErrorJson).error.fields ?? {};
    expect(Object.keys(fields).sort()).toEqual(['billing_address', 'name']);
    const notObject = await t.api('POST', '/api/v1/clients', [1, 2]);
    expect(notObject.status).toBe(422);
  });

  it('ignores fields that are not allow-listed', async () => {
    const c = await createClient({ name: 'Sneaky Ltd', id: '1', archived: true, search_text: 'zzz', created_at: '2000-01-01T00:00:00Z' });
    expect(c.archived).toBe(false);
    expect(c.created_at).not.toBe('2000-01-01T00:00:00Z');
    const row = await t.db.selectFrom('clients').select('search_text').where('id', '=', Number(c.id)).executeTakeFirstOrThrow();
    expect(row.search_text).toBe('sneaky ltd');
  });

  it('replays the first response for a repeated Idempotency-Key and creates one client', async () => {
    const before = await countClients();
    const headers = { 'Idempotency-Key': 'create-client-42' };
    const a = await t.api('POST', '/api/v1/clients', { name: 'Once Only Ltd' }, headers);
    const b = await t.api('POST', '/api/v1/clients', { name: 'Once Only Ltd' }, headers);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(await b.json()).toEqual(await a.json());
    expect(await countClients()).toBe(before + 1);
  });
});

describe('GET /api/v1/clients/:id', () => {
  it('returns the client, and 404 for unknown or odd ids', async () => {
    const c = await createClient({ name: 'Readable Ltd' });
    const res = await t.api('GET', `/api/v1/clients/${c.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(c);
    for (const id of ['999999', 'abc', '0', '-1', '1.5', '99999999999999999999']) {
      const miss = await t.api('GET', `/api/v1/clients/${id}`);
      expect(miss.status, id).toBe(404);
      expect(((await miss.json()) as ErrorJson).error.code).toBe('not_found');
    }
  });

  it('needs a bearer token', async () => {
    const res = await t.app.request('/api/v1/clients');
    expect(res.status).toBe(401);
  });
});

describe('PATCH /api/v1/clients/:id', () => {
  it('changes only the fields given; null clears optional ones; the address merges', async () => {
    const c = await createClient({ name: 'Patchable Ltd', phone: '210 0000000', billing_address: { line1: 'Old St 1', city: 'Athens' } });
    const res = await t.api('PATCH', `/api/v1/clients/${c.id}`, { phone: null, billing_address: { city: 'Piraeus' }, language: 'en' });
    expect(res.status).toBe(200);
    const p = (await res.json()) as ClientJson;
    expect(p.phone).toBeNull();
    expect(p.billing_address).toEqual({ line1: 'Old St 1', line2: null, city: 'Piraeus', postcode: null, country: null });
    expect(p.language).toBe('en');
    expect(p.name).toBe('Patchable Ltd');
    const cleared = (await (await t.api('PATCH', `/api/v1/clients/${c.id}`, { billing_address: null })).json()) as ClientJson;
    expect(cleared.billing_address).toEqual({ line1: null, line2: null, city: null, postcode: null, country: null });
  });

  it('ignores non-allow-listed fields such as id, status, total and client_id', async () => {
    const c = await createClient({ name: 'Guarded Ltd' });
    const res = await t.api('PATCH', `/api/v1/clients/${c.id}`, { id: '777', status: 'void', total: 5, client_id: '1', created_at: '2000-01-01', name: 'Guarded AE' });
    expect(res.status).toBe(200);
    const p = (await res.json()) as ClientJson;
    expect(p.id).toBe(c.id);
    expect(p.name).toBe('Guarded AE');
    expect(p.created_at).toBe(c.created_at);
  });

  it('archives and restores through the archived flag', async () => {
    const c = await createClient({ name: 'Archivable via API' });
    const a = (await (await t.api('PATCH', `/api/v1/clients/${c.id}`, { archived: true })).json()) as ClientJson;
    expect(a.archived).toBe(true);
    const r = (await (await t.api('PATCH', `/api/v1/clients/${c.id}`, { archived: false })).json()) as ClientJson;
    expect(r.archived).toBe(false);
  });

  it('refuses invalid values with 422 (name cannot be cleared) and changes nothing', async () => {
    const c = await createClient({ name: 'Stable Ltd', email: 'a@stable.gr' });
    const res = await t.api('PATCH', `/api/v1/clients/${c.id}`, { name: null, email: 'bad', billing_address: { postcode: 'x'.repeat(201) }, archived: 'yes' });
    expect(res.status).toBe(422);
    const fields = ((await res.json()) as ErrorJson).error.fields ?? {};
    expect(Object.keys(fields)).toEqual(['archived']);
    const res2 = await t.api('PATCH', `/api/v1/clients/${c.id}`, { name: null, email: 'bad', billing_address: { postcode: 'x'.repeat(201) } });
    expect(res2.status).toBe(422);
    expect(Object.keys(((await res2.json()) as ErrorJson).error.fields ?? {}).sort()).toEqual(['billing_address.postcode', 'email', 'name']);
    expect(await (await t.api('GET', `/api/v1/clients/${c.id}`)).json()).toEqual(c);
  });

  it('refuses to change the currency of a client with documents with 409', async () => {
    const c = await createClient({ name: 'Has Invoices Ltd', currency: 'EUR' });
    await t.db.insertInto('documents').values({ kind: 'invoice', client_id: Number(c.id), status: 'draft', issue_date: '2025-03-01', currency: 'EUR', subtotal: 0, tax: 0, total: 0 }).execute();
    const res = await t.api('PATCH', `/api/v1/clients/${c.id}`, { currency: 'USD' });
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe('currency_locked');
    expect(body.error.fields?.currency).toContain('cannot change');
  });

  it('answers 404 for an unknown client and 400 for malformed JSON', async () => {
    expect((await t.api('PATCH', '/api/v1/clients/999999', { name: 'X' })).status).toBe(404);
    const c = await createClient({ name: 'Malformed Target' });
    expect((await t.api('PATCH', `/api/v1/clients/${c.id}`, 'not json')).status).toBe(400);
  });
});

describe('GET /api/v1/clients', () => {
  it('pages by id with next_cursor until the end, and searches with q', async () => {
    const t2 = await makeTestApp();
    try {
      for (const name of ['Άλφα ΑΕ', 'Beta Ltd', 'Γάμμα ΟΕ', 'Delta Ltd', 'Έψιλον ΙΚΕ']) {
        expect((await t2.api('POST', '/api/v1/clients', { name })).status).toBe(201);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = '/api/v1/clients?limit=2' + (cursor ? `&cursor=${cursor}` : '');
        const page = (await (await t2.api('GET', url)).json()) as PageJson<ClientJson>;
        seen.push(...page.data.map((c) => c.name));
        cursor = page.next_cursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(['Άλφα ΑΕ', 'Beta Ltd', 'Γάμμα ΟΕ', 'Delta Ltd', 'Έψιλον ΙΚΕ']);
      expect(pages).toBe(3);
      const found = (await (await t2.api('GET', '/api/v1/clients?q=' + encodeURIComponent('γαμμα'))).json()) as PageJson<ClientJson>;
      expect(found.data.map((c) => c.name)).toEqual(['Γάμμα ΟΕ']);
      expect(found.next_cursor).toBeNull();
      expect((await t2.api('GET', '/api/v1/clients?limit=0')).status).toBe(400);
      expect((await t2.api('GET', '/api/v1/clients?cursor=' + Buffer.from('after:abc').toString('base64url'))).status).toBe(400);
    } finally {
      await t2.close();
    }
  });
});

describe('GET /api/v1/clients/:id/events', () => {
  it('returns the client\'s event log newest first, paged, in the API shape', async () => {
    const c = await createClient({ name: 'Logged Ltd' });
    await t.api('PATCH', `/api/v1/clients/${c.id}`, { phone: '1' });
    await t.api('PATCH', `/api/v1/clients/${c.id}`, { phone: '2' });
    await t.api('POST', `/api/v1/clients/${c.id}/contacts`, { name: 'Nikos', email: 'nikos@logged.gr' });
    const first = (await (await t.api('GET', `/api/v1/clients/${c.id}/events?limit=3`)).json()) as PageJson<Record<string, unknown>>;
    expect(first.data.map((e) => [e.subject_type, e.action])).toEqual([['contact', 'created'], ['client', 'updated'], ['client', 'updated']]);
    expect(first.data[0]).toMatchObject({ actor: { type: 'api', name: 'Anna Admin' }, detail: { label: 'Nikos' } });
    expect(typeof first.data[0]!.id).toBe('string');
    expect(typeof first.data[0]!.subject_id).toBe('string');
    expect(first.next_cursor).not.toBeNull();
    const second = (await (await t.api('GET', `/api/v1/clients/${c.id}/events?limit=3&cursor=${first.next_cursor}`)).json()) as PageJson<Record<string, unknown>>;
    expect(second.data.map((e) => e.action)).toEqual(['created']);
    expect(second.next_cursor).toBeNull();
    expect((await t.api('GET', '/api/v1/clients/999999/events')).status).toBe(404);
  });
});
