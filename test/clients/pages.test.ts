import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
});
afterAll(() => t.close());

const valid = {
  name: 'Παπαδόπουλος & Υιοί Ο.Ε.',
  vat_number: '094123456',
  email: 'info@papadopoulos.gr',
  phone: '+30 210 1234567',
  address_line1: 'Ερμού 12',
  address_line2: '',
  city: 'Αθήνα',
  postcode: '10563',
  country: 'GR',
  currency: 'EUR',
  language: 'el',
  notes: 'Pays late in August.',
};

/** Creates a client through the form and returns its id. */
async function createViaForm(fields: Record<string, string>): Promise<number> {
  const res = await t.postForm('/clients', fields, cookie);
  expect(res.status).toBe(303);
  const m = /^\/clients\/(\d+)\?done=created$/.exec(res.headers.get('location') ?? '');
  expect(m).not.toBeNull();
  return Number(m![1]);
}

async function countClients(): Promise<number> {
  const r = await t.db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('creating a client', () => {
  it('shows the new-client form with the firm defaults selected', async () => {
    const res = await t.get('/clients/new', cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('action="/clients"');
    expect(html).toMatch(/<option value="EUR" selected/);
    expect(html).toMatch(/<option value="el" selected/);
  });

  it('saves the client and shows everything on its details page with a confirmation', async () => {
    const id = await createViaForm(valid);
    const res = await t.get(`/clients/${id}?done=created`, cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const text of ['Παπαδόπουλος &amp; Υιοί Ο.Ε.', '094123456', 'info@papadopoulos.gr', 'Ερμού 12', '10563 Αθήνα', 'Greece', 'EUR', 'Pays late in August.', 'Client created.']) {
      expect(html).toContain(text);
    }
    expect(html).toContain(`href="/clients/${id}/edit"`);
    expect(html).toContain(`action="/clients/${id}/archive"`);
  });

  it('re-renders the form with messages and 422 on bad input, keeping what was typed, writing nothing', async () => {
    const before = await countClients();
    const res = await t.postForm('/clients', { ...valid, name: '', email: 'not-an-email', currency: 'XYZ', country: 'Narnia', vat_number: '9'.repeat(31) }, cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('There are 5 problems with this form.');
    expect(html).toContain('This field is required.');
    expect(html).toContain('Enter an email address like name@example.com.');
    expect(html).toContain('Enter a three-letter currency code like EUR.');
    expect(html).toContain('Choose a country from the list');
    expect(html).toContain('This is too long.');
    expect(html).toContain('value="not-an-email"');
    expect(html).toContain('aria-invalid="true"');
    expect(await countClients()).toBe(before);
  });

  it('never answers 500 to an empty or odd body', async () => {
    const res = await t.postForm('/clients', {}, cookie);
    expect(res.status).toBe(422);
    const odd = await t.postForm('/clients', { name: ['A', 'B'], language: 'xx', currency: '' }, cookie);
    expect(odd.status).toBe(422);
  });

  it('escapes markup in names everywhere it is shown', async () => {
    const id = await createViaForm({ ...valid, name: '<script>alert(1)</script>', email: '' });
    const details = await (await t.get(`/clients/${id}`, cookie)).text();
    expect(details).not.toContain('<script>alert(1)</script>');
    expect(details).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const list = await (await t.get('/clients?q=script', cookie)).text();
    expect(list).not.toContain('<script>alert(1)</script>');
  });

  it('refuses a form posted from another site', async () => {
    const res = await t.postForm('/clients', valid, cookie, { Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('speaks Greek to a Greek browser', async () => {
    const res = await t.get('/clients/new', cookie, { 'Accept-Language': 'el-GR,el;q=0.9' });
    const html = await res.text();
    expect(html).toContain('Νέος πελάτης');
    expect(html).toContain('Επωνυμία');
    expect(html).toContain('Ελλάδα');
  });
});

describe('editing, archiving and restoring', () => {
  it('prefills the edit form and saves changes', async () => {
    const id = await createViaForm({ ...valid, name: 'Editable Ltd', language: 'en' });
    const form = await (await t.get(`/clients/${id}/edit`, cookie)).text();
    expect(form).toContain('value="Editable Ltd"');
    expect(form).toContain(`action="/clients/${id}"`);
    const res = await t.postForm(`/clients/${id}`, { ...valid, name: 'Edited Ltd', city: 'Θεσσαλονίκη', language: 'en' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/clients/${id}?done=saved`);
    const html = await (await t.get(`/clients/${id}?done=saved`, cookie)).text();
    expect(html).toContain('Edited Ltd');
    expect(html).toContain('Θεσσαλονίκη');
    expect(html).toContain('Changes saved.');
  });

  it('shows errors on the edit form with 422 and leaves the client unchanged', async () => {
    const id = await createViaForm({ ...valid, name: 'Unchanged Ltd' });
    const res = await t.postForm(`/clients/${id}`, { ...valid, name: '', language: 'de' }, cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Choose English or Greek.');
    const row = await t.db.selectFrom('clients').select(['name', 'language']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Unchanged Ltd', language: 'el' });
  });

  it('refuses to change the currency of a client with documents, with a clear message', async () => {
    const id = await createViaForm({ ...valid, name: 'Invoiced Ltd' });
    await t.db.insertInto('documents').values({ kind: 'invoice', client_id: id, status: 'issued', issue_date: '2025-02-01', currency: 'EUR', subtotal: 1000, tax: 240, total: 1240 }).execute();
    const form = await (await t.get(`/clients/${id}/edit`, cookie)).text();
    expect(form).toContain('it cannot change because this client already has documents or payments in it');
    expect(form).not.toContain('name="currency"');
    const res = await t.postForm(`/clients/${id}`, { ...valid, name: 'Invoiced Ltd', currency: 'USD' }, cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This client already has documents or payments in its currency, so the currency cannot change.');
    const row = await t.db.selectFrom('clients').select('currency').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.currency).toBe('EUR');
    // The form without a currency field (as rendered) still saves other changes.
    const { currency: _omit, ...withoutCurrency } = valid;
    const ok = await t.postForm(`/clients/${id}`, { ...withoutCurrency, name: 'Invoiced Ltd', city: 'Χανιά' }, cookie);
    expect(ok.status).toBe(303);
  });

  it('archives a client (hidden from the list by default) and restores it', async () => {
    const id = await createViaForm({ ...valid, name: 'Zephyr Archivable' });
    const archived = await t.postForm(`/clients/${id}/archive`, {}, cookie);
    expect(archived.status).toBe(303);
    expect(archived.headers.get('location')).toBe(`/clients/${id}?done=archived`);
    const details = await (await t.get(`/clients/${id}`, cookie)).text();
    expect(details).toContain('Archived');
    expect(details).toContain(`action="/clients/${id}/restore"`);
    expect(await (await t.get('/clients?q=zephyr', cookie)).text()).not.toContain('Zephyr Archivable');
    expect(await (await t.get('/clients?q=zephyr&archived=1', cookie)).text()).toContain('Zephyr Archivable');
    expect((await t.postForm(`/clients/${id}/restore`, {}, cookie)).status).toBe(303);
    expect(await (await t.get('/clients?q=zephyr', cookie)).text()).toContain('Zephyr Archivable');
  });
});

describe('unknown clients', () => {
  it('answers 404 for unknown, non-numeric and oversized ids on every client page and action', async () => {
    for (const url of ['/clients/999999', '/clients/abc', '/clients/99999999999999999999', '/clients/0', '/clients/999999/edit', '/clients/999999/events', '/clients/999999/contacts', '/clients/999999/projects']) {
      expect((await t.get(url, cookie)).status, url).toBe(404);
    }
    for (const url of ['/clients/999999', '/clients/999999/archive', '/clients/999999/restore', '/clients/999999/contacts', '/clients/999999/projects']) {
      expect((await t.postForm(url, { ...valid }, cookie)).status, url).toBe(404);
    }
  });
});

describe('history tab', () => {
  it('lists what happened to the client, newest first, with older pages by id', async () => {
    const id = await createViaForm({ ...valid, name: 'Busy Client' });
    for (let i = 0; i < 55; i++) await t.postForm(`/clients/${id}`, { ...valid, name: 'Busy Client', city: `City ${i}` }, cookie);
    const first = await (await t.get(`/clients/${id}/events`, cookie)).text();
    expect(first).toContain('Anna Admin');
    expect(first).toContain('updated client Busy Client');
    expect(first).not.toContain('created client Busy Client');
    const older = /href="(\/clients\/\d+\/events\?before=\d+)"/.exec(first)?.[1];
    expect(older).toBeDefined();
    const second = await (await t.get(older!.replace(/&amp;/g, '&'), cookie)).text();
    expect(second).toContain('created client Busy Client');
    expect(second).toContain(`href="/clients/${id}/events"`);
  });
});
