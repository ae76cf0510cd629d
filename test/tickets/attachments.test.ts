import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/db/schema.js';
import { MAX_UPLOAD_BYTES } from '../../src/files/limits.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { filesUnder, HTML_TEXT, PDF_BYTES, postUpload } from '../files/support.js';
import { counts, get, idFrom, post, showInPortal } from './support.js';

// Service-record firms: a complaint about a site or a piece of equipment, with a photo or PDF attached.

let t: TestApp;
let staffCookie: string;
let client: Client;
let other: Client;
let maria: PortalMember;
let siteId: number;
let boilerId: number;
let foreignEquipmentId: number;

async function site(clientId: number, name: string): Promise<number> {
  return (await t.db.insertInto('sites').values({ client_id: clientId, name }).returning('id').executeTakeFirstOrThrow()).id;
}

async function equipment(clientId: number, name: string, siteOf: number | null, serial: string | null = null): Promise<number> {
  return (await t.db.insertInto('equipment').values({ client_id: clientId, site_id: siteOf, name, serial_number: serial }).returning('id').executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  t = await makeTestApp();
  staffCookie = await t.staffCookie();
  client = await makeClient(t.db, { name: 'Alpha Hotels' });
  other = await makeClient(t.db, { name: 'Beta Bakery' });
  await showInPortal(t.db, client.id, ['tickets', 'equipment']);
  maria = await makePortalMember(t, client.id, { role: 'accounts', name: 'Maria' });
  siteId = await site(client.id, 'Athens office');
  boilerId = await equipment(client.id, 'Boiler', siteId, 'VX-100-778');
  foreignEquipmentId = await equipment(other.id, 'Beta oven', await site(other.id, 'Beta shop'));
});
afterAll(() => t.close());

const uploads = () => path.join(t.dataDir, 'uploads');

describe('a complaint about a piece of equipment', () => {
  it('names the equipment (and its site) on the portal and staff pages', async () => {
    const form = await (await get(t, '/portal/tickets/new?type=complaint', maria.cookie)).text();
    expect(form).toContain('Boiler · SN VX-100-778 · Athens office');
    expect(form).toContain('Athens office');
    expect(form).not.toContain('Beta oven');
    const res = await post(t, '/portal/tickets', { type: 'complaint', subject: 'Boiler noise', description: 'Loud knocking.', equipment_id: String(boilerId) }, maria.cookie);
    expect(res.status).toBe(303);
    const id = idFrom(res.headers.get('location'));
    const row = await t.db.selectFrom('tickets').select(['site_id', 'equipment_id']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ site_id: siteId, equipment_id: boilerId });
    for (const [url, cookie] of [[`/portal/tickets/${id}`, maria.cookie], [`/tickets/${id}`, staffCookie]] as const) {
      const html = await (await get(t, url, cookie)).text();
      expect(html, url).toContain('Boiler · SN VX-100-778');
      expect(html, url).toContain('Athens office');
    }
  });

  it("refuses another client's equipment or site, or equipment of another site, writing nothing", async () => {
    const otherSite = await site(client.id, 'Thessaloniki office');
    const before = await counts(t.db);
    const cases: Array<Record<string, string>> = [{ equipment_id: String(foreignEquipmentId) }, { site_id: '999999' }, { site_id: String(otherSite), equipment_id: String(boilerId) }, { equipment_id: 'abc' }];
    for (const fields of cases) {
      const res = await post(t, '/portal/tickets', { type: 'complaint', subject: 'x', description: 'y', ...fields }, maria.cookie);
      expect(res.status, JSON.stringify(fields)).toBe(422);
      expect(await res.text()).not.toContain('Beta oven');
    }
    expect(await counts(t.db)).toEqual(before);
  });

  it('offers no equipment, and ignores one sent anyway, when the firm hides equipment', async () => {
    const hidden = await makeClient(t.db, { name: 'Gamma Gyms' });
    await showInPortal(t.db, hidden.id, ['tickets']);
    const member = await makePortalMember(t, hidden.id, { role: 'owner' });
    const gear = await equipment(hidden.id, 'Treadmill', null);
    const form = await (await get(t, '/portal/tickets/new?type=complaint', member.cookie)).text();
    expect(form).not.toContain('Treadmill');
    expect(form).not.toContain('name="equipment_id"');
    const res = await post(t, '/portal/tickets', { type: 'complaint', subject: 'x', description: 'y', equipment_id: String(gear) }, member.cookie);
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('tickets').select('equipment_id').where('id', '=', idFrom(res.headers.get('location'))).executeTakeFirstOrThrow();
    expect(row.equipment_id).toBeNull();
  });
});

describe('attachments', () => {
  it('attaches a PDF: unshared in Documents, downloadable as an attachment from the request only', async () => {
    const res = await postUpload(t, '/portal/tickets', { name: 'photo report.pdf', bytes: PDF_BYTES, type: 'application/pdf' }, { type: 'complaint', subject: 'With a file', description: 'See the PDF.' }, maria.cookie);
    expect(res.status).toBe(303);
    const id = idFrom(res.headers.get('location'));
    const [file] = await t.db.selectFrom('ticket_files as tf').innerJoin('files as f', 'f.id', 'tf.file_id').select(['f.id', 'f.name', 'f.shared', 'f.uploaded_by_portal_user_id']).where('tf.ticket_id', '=', id).execute();
    expect(file).toMatchObject({ name: 'photo report.pdf', shared: 0, uploaded_by_portal_user_id: maria.userId });
    const page = await (await get(t, `/portal/tickets/${id}`, maria.cookie)).text();
    expect(page).toContain(`href="/portal/tickets/${id}/files/${file!.id}"`);
    const download = await get(t, `/portal/tickets/${id}/files/${file!.id}`, maria.cookie);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from(PDF_BYTES));
    // Staff reach it from the request page.
    expect(await (await get(t, `/tickets/${id}`, staffCookie)).text()).toContain(`href="/files/${file!.id}"`);
    // Another client's member, or the file through another request, gets 404.
    const outsider = await makePortalMember(t, other.id, { role: 'owner' });
    await showInPortal(t.db, other.id, ['tickets']);
    expect((await get(t, `/portal/tickets/${id}/files/${file!.id}`, outsider.cookie)).status).toBe(404);
    const second = await post(t, '/portal/tickets', { type: 'general', subject: 'No file', description: 'd' }, maria.cookie);
    expect((await get(t, `/portal/tickets/${idFrom(second.headers.get('location'))}/files/${file!.id}`, maria.cookie)).status).toBe(404);
  });

  it('refuses an HTML file with a clear message, writing no request and leaving no file', async () => {
    const before = await counts(t.db);
    const stored = filesUnder(uploads());
    const res = await postUpload(t, '/portal/tickets', { name: 'invoice.html', bytes: HTML_TEXT, type: 'text/html' }, { type: 'complaint', subject: 'Kept subject', description: 'Kept text' }, maria.cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('This kind of file is not accepted.');
    expect(html).toContain('Kept subject');
    expect(await counts(t.db)).toEqual(before);
    expect(filesUnder(uploads())).toEqual(stored);
  });

  it('answers 413 to a file over the limit and leaves nothing behind', async () => {
    const before = await counts(t.db);
    const stored = filesUnder(uploads());
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set(PDF_BYTES);
    const res = await postUpload(t, '/portal/tickets', { name: 'scan.pdf', bytes: big, type: 'application/pdf' }, { type: 'complaint', subject: 'Big', description: 'Big file' }, maria.cookie);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('larger than 10 MB');
    expect(await counts(t.db)).toEqual(before);
    expect(filesUnder(uploads())).toEqual(stored);
  });

  it('drops a file when the rest of the form is wrong, and keeps no file', async () => {
    const before = await counts(t.db);
    const stored = filesUnder(uploads());
    const res = await postUpload(t, '/portal/tickets', { name: 'a.pdf', bytes: PDF_BYTES, type: 'application/pdf' }, { type: 'complaint', subject: '', description: '' }, maria.cookie);
    expect(res.status).toBe(422);
    expect(await counts(t.db)).toEqual(before);
    expect(filesUnder(uploads())).toEqual(stored);
  });

  it('treats an empty file input as no file', async () => {
    const res = await postUpload(t, '/portal/tickets', { name: '', bytes: new Uint8Array(0) }, { type: 'general', subject: 'No attachment', description: 'd' }, maria.cookie);
    expect(res.status).toBe(303);
  });
});
