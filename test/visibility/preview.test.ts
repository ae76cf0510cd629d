import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';

let t: TestApp;
let cookie: string;
let clientId: number;
let otherClientId: number;
let contactId: number;
let otherContactId: number;

beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
  clientId = (await makeClient(t.db, { name: 'Προεπισκόπηση ΑΕ' })).id;
  otherClientId = (await makeClient(t.db, { name: 'Other Ltd' })).id;
  contactId = (await t.db.insertInto('contacts').values({ client_id: clientId, name: 'Μαρία Κ.', email: 'maria@example.gr', phone: null, archived_at: null }).returning('id').executeTakeFirstOrThrow()).id;
  otherContactId = (await t.db.insertInto('contacts').values({ client_id: otherClientId, name: 'Tom', email: 'tom@example.com', phone: null, archived_at: null }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

describe('staff preview of a client portal', () => {
  it('renders the portal as the contact sees it, with a banner, and shows nothing on a fresh install', async () => {
    const res = await t.get(`/preview/${clientId}/${contactId}`, cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('preview-banner');
    expect(html).toContain('Μαρία Κ.');
    expect(html).toContain('Προεπισκόπηση ΑΕ');
    expect(html).toMatch(/has not shared anything|δεν έχει μοιραστεί/);
  });

  it('lists only the sections the client may see', async () => {
    await t.api('PATCH', `/api/v1/clients/${clientId}/portal-settings`, { invoices: true, documents: true });
    const html = await (await t.get(`/preview/${clientId}/0`, cookie)).text();
    expect(html).toMatch(/Invoices|Τιμολόγια/);
    expect(html).toMatch(/Documents|Έγγραφα/);
    expect(html).not.toMatch(/Equipment|Εξοπλισμός/);
  });

  it('is read-only: a POST is refused and records nothing', async () => {
    const before = await t.db.selectFrom('events').select('id').execute();
    const res = await t.postForm(`/preview/${clientId}/${contactId}/language`, { language: 'en' }, cookie);
    expect(res.status).toBe(403);
    expect(await t.db.selectFrom('events').select('id').execute()).toHaveLength(before.length);
  });

  it('answers 404 for an unknown client or another client’s contact', async () => {
    expect((await t.get(`/preview/999999/0`, cookie)).status).toBe(404);
    expect((await t.get(`/preview/${clientId}/${otherContactId}`, cookie)).status).toBe(404);
    expect((await t.get(`/preview/abc/0`, cookie)).status).toBe(404);
  });

  it('needs a staff session', async () => {
    const res = await t.get(`/preview/${clientId}/0`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/login');
  });

  it('offers a chooser from the staff menu', async () => {
    const html = await (await t.get(`/preview?client_id=${clientId}`, cookie)).text();
    expect(html).toContain(`/preview/${clientId}/${contactId}`);
    expect(html).toContain('Client portal preview');
  });
});
