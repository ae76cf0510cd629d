import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { MAX_UPLOAD_BYTES } from '../../src/files/limits.js';
import { storeUpload } from '../../src/files/service.js';
import { storedPath } from '../../src/files/storage.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { makeServiceRecords, showInPortal } from '../service-records/support.js';
import { filesUnder, HTML_TEXT, makeZip, PDF_BYTES, PNG_BYTES, postUpload, SVG_TEXT } from './support.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
});
afterAll(() => t.close());

const uploads = () => path.join(t.dataDir, 'uploads');

async function fileCount(): Promise<number> {
  const r = await t.db.selectFrom('files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function lastFile() {
  return t.db.selectFrom('files').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
}

describe('uploading a document for a client', () => {
  it('stores a PDF under a random name, lists it and says the limit on the form', async () => {
    const client = await makeClient(t.db, { name: 'Upload Ltd' });
    const form = await (await t.get(`/clients/${client.id}/files`, cookie)).text();
    expect(form).toContain('enctype="multipart/form-data"');
    expect(form).toContain('Up to 10 MB');
    const res = await postUpload(t, `/clients/${client.id}/files`, { name: 'Annual report 2026.pdf', bytes: PDF_BYTES, type: 'application/pdf' }, { shared: ['0', '1'] }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/clients/${client.id}/files?done=file_uploaded`);
    const row = await lastFile();
    expect([row.client_id, row.name, row.kind, row.content_type, row.size_bytes, row.shared]).toEqual([client.id, 'Annual report 2026.pdf', 'pdf', 'application/pdf', PDF_BYTES.length, 1]);
    const stored = storedPath(t.dataDir, row.storage_key);
    expect(stored.startsWith(uploads() + path.sep)).toBe(true);
    expect(stored).not.toContain('Annual');
    expect(readFileSync(stored)).toEqual(Buffer.from(PDF_BYTES));
    const html = await (await t.get(`/clients/${client.id}/files?done=file_uploaded`, cookie)).text();
    expect(html).toContain('Document uploaded.');
    expect(html).toContain('Annual report 2026.pdf');
    const events = await t.db.selectFrom('events').selectAll().where('subject_type', '=', 'file').where('subject_id', '=', row.id).execute();
    expect(events.map((e) => e.action)).toEqual(['uploaded']);
  });

  it('accepts images, text, Word and Excel files, recognised by content', async () => {
    const client = await makeClient(t.db);
    const cases = [
      { name: 'boiler.png', bytes: PNG_BYTES, kind: 'png' },
      { name: 'readings.csv', bytes: 'date,bar\n2026-01-01,1.5\n', kind: 'text' },
      { name: 'offer.docx', bytes: makeZip(['[Content_Types].xml', 'word/document.xml']), kind: 'docx' },
      { name: 'prices.xlsx', bytes: makeZip(['[Content_Types].xml', 'xl/workbook.xml']), kind: 'xlsx' },
    ];
    for (const c of cases) {
      const res = await postUpload(t, `/clients/${client.id}/files`, { name: c.name, bytes: c.bytes }, {}, cookie);
      expect(res.status, c.name).toBe(303);
      expect((await lastFile()).kind).toBe(c.kind);
    }
  });

  it('refuses an HTML page, even renamed to .pdf, and keeps no file', async () => {
    const client = await makeClient(t.db);
    const before = await fileCount();
    for (const name of ['page.html', 'invoice.pdf', 'notes.txt']) {
      const res = await postUpload(t, `/clients/${client.id}/files`, { name, bytes: HTML_TEXT, type: 'application/pdf' }, {}, cookie);
      expect(res.status, name).toBe(422);
      expect(await res.text()).toContain('This kind of file is not accepted.');
    }
    expect(await fileCount()).toBe(before);
    expect(filesUnder(path.join(uploads(), 'tmp'))).toEqual([]);
  });

  it('refuses an SVG with a script, as .svg and renamed to .pdf', async () => {
    const client = await makeClient(t.db);
    const before = await fileCount();
    for (const name of ['logo.svg', 'logo.pdf']) {
      const res = await postUpload(t, `/clients/${client.id}/files`, { name, bytes: SVG_TEXT, type: 'image/svg+xml' }, {}, cookie);
      expect(res.status, name).toBe(422);
      const html = await res.text();
      expect(html).toContain('This kind of file is not accepted.');
      expect(html).not.toContain('<script>alert');
    }
    expect(await fileCount()).toBe(before);
  });

  it('refuses a file whose content is another kind than its name says (a PNG named .pdf)', async () => {
    const client = await makeClient(t.db);
    const res = await postUpload(t, `/clients/${client.id}/files`, { name: 'scan.pdf', bytes: PNG_BYTES }, {}, cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('does not match its name');
  });

  it('answers 413 with a clear message to a file over 10 MB and leaves no file in DATA_DIR/uploads', async () => {
    const client = await makeClient(t.db);
    const beforeFiles = filesUnder(uploads());
    const before = await fileCount();
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set(PDF_BYTES);
    const res = await postUpload(t, `/clients/${client.id}/files`, { name: 'scan.pdf', bytes: big }, { shared: '1' }, cookie);
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('The file is larger than 10 MB and was not uploaded.');
    expect(await fileCount()).toBe(before);
    expect(filesUnder(uploads())).toEqual(beforeFiles);
    expect(filesUnder(path.join(uploads(), 'tmp'))).toEqual([]);
  });

  it('answers 413 at once when the declared length is over the limit, before reading the body', async () => {
    const client = await makeClient(t.db);
    const res = await t.app.request(`/clients/${client.id}/files`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(50 * 1024 * 1024) },
      body: '--x--\r\n',
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('larger than 10 MB');
  });

  it('keeps a file exactly at the limit', async () => {
    const client = await makeClient(t.db);
    const exact = new Uint8Array(MAX_UPLOAD_BYTES);
    exact.set(PDF_BYTES);
    const res = await postUpload(t, `/clients/${client.id}/files`, { name: 'exact.pdf', bytes: exact }, {}, cookie);
    expect(res.status).toBe(303);
    expect((await lastFile()).size_bytes).toBe(MAX_UPLOAD_BYTES);
  });

  it('treats ../../etc/passwd as a harmless name: stored under a random key, shown as "passwd.txt"', async () => {
    const client = await makeClient(t.db);
    const res = await postUpload(t, `/clients/${client.id}/files`, { name: '../../etc/passwd', bytes: 'root:x:0:0:root:/root:/bin/bash\n' }, {}, cookie);
    expect(res.status).toBe(303);
    const row = await lastFile();
    expect(row.name).toBe('passwd.txt');
    expect(row.storage_key).toMatch(/^[a-z2-7]{26}$/);
    expect(existsSync(path.join(t.dataDir, '..', 'etc', 'passwd'))).toBe(false);
    expect(filesUnder(uploads())).toContain(path.join(row.storage_key.slice(0, 2), row.storage_key));
    const dl = await t.get(`/files/${row.id}`, cookie);
    expect(dl.headers.get('content-disposition')).toBe('attachment; filename="passwd.txt"; filename*=UTF-8\'\'passwd.txt');
  });

  it('shows field errors with 422 for a missing file, a bad flag or another client\'s contract, and stores nothing', async () => {
    const client = await makeClient(t.db);
    const other = await makeClient(t.db);
    const ids = await makeServiceRecords(t, other.id, { label: 'Other' });
    const before = await fileCount();
    const none = await postUpload(t, `/clients/${client.id}/files`, null, { shared: '1' }, cookie);
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Choose a file to upload.');
    const foreign = await postUpload(t, `/clients/${client.id}/files`, { name: 'a.pdf', bytes: PDF_BYTES }, { contract_id: String(ids.contractId) }, cookie);
    expect(foreign.status).toBe(422);
    expect(await foreign.text()).toContain('Choose one of this client&#39;s current records.');
    const bad = await postUpload(t, `/clients/${client.id}/files`, { name: 'a.pdf', bytes: PDF_BYTES }, { site_id: 'abc', shared: 'maybe' }, cookie);
    expect(bad.status).toBe(422);
    expect(await fileCount()).toBe(before);
    expect(filesUnder(path.join(uploads(), 'tmp'))).toEqual([]);
  });

  it('answers 400 to a body that is not a well-formed form, and 404 for an unknown client', async () => {
    const client = await makeClient(t.db);
    const broken = await t.app.request(`/clients/${client.id}/files`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=abc' },
      body: '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4',
    });
    expect(broken.status).toBe(400);
    const missing = await postUpload(t, '/clients/999999/files', { name: 'a.pdf', bytes: PDF_BYTES }, {}, cookie);
    expect(missing.status).toBe(404);
  });

  it('sends nobody\'s upload to disk before sign-in and the Origin check', async () => {
    const client = await makeClient(t.db);
    const before = filesUnder(uploads());
    const form = new FormData();
    form.append('file', new File([PDF_BYTES], 'a.pdf'));
    const anonymous = await t.app.request(`/clients/${client.id}/files`, { method: 'POST', headers: { Origin: ORIGIN }, body: form });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/login/);
    const crossSite = await t.app.request(`/clients/${client.id}/files`, { method: 'POST', headers: { Origin: 'https://evil.test', Cookie: cookie }, body: form });
    expect(crossSite.status).toBe(403);
    expect(filesUnder(uploads())).toEqual(before);
  });
});

describe('downloading a stored file', () => {
  it('is always an attachment, never sniffed, sandboxed', async () => {
    const client = await makeClient(t.db);
    const stored = await storeUpload(t.db, { dataDir: t.dataDir, clientId: client.id, file: new File(['plain words\n'], 'Σημειώσεις.txt'), shared: false, actor: SYSTEM_ACTOR });
    if (!stored.ok) throw new Error(stored.error);
    const res = await t.get(`/files/${stored.file.id}`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="__________.txt"; filename\*=UTF-8''/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('plain words\n');
  });

  it('answers 404 to an unknown file id', async () => {
    expect((await t.get('/files/987654', cookie)).status).toBe(404);
  });
});

describe('sharing and archiving', () => {
  it('shares, stops sharing and archives, with events, and the portal follows', async () => {
    const client = await makeClient(t.db);
    await showInPortal(t, ['documents']);
    const member = await makePortalMember(t, client.id);
    const stored = await storeUpload(t.db, { dataDir: t.dataDir, clientId: client.id, file: new File([PDF_BYTES], 'Offer.pdf'), shared: false, actor: SYSTEM_ACTOR });
    if (!stored.ok) throw new Error(stored.error);
    const id = stored.file.id;
    expect(await (await t.get('/portal/documents', member.cookie)).text()).not.toContain('Offer.pdf');
    expect((await t.get(`/portal/documents/${id}`, member.cookie)).status).toBe(404);

    const share = await t.postForm(`/files/${id}/share`, { shared: '1', return_to: 'files' }, cookie);
    expect(share.status).toBe(303);
    expect(share.headers.get('location')).toBe(`/clients/${client.id}/files?done=file_shared`);
    expect(await (await t.get('/portal/documents', member.cookie)).text()).toContain('Offer.pdf');
    const dl = await t.get(`/portal/documents/${id}`, member.cookie);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toContain('attachment');
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.headers.get('content-security-policy')).toContain('sandbox');

    await t.postForm(`/files/${id}/share`, { shared: '0' }, cookie);
    expect((await t.get(`/portal/documents/${id}`, member.cookie)).status).toBe(404);
    await t.postForm(`/files/${id}/share`, { shared: '1' }, cookie);
    const archived = await t.postForm(`/files/${id}/archive`, {}, cookie);
    expect(archived.status).toBe(303);
    expect((await t.get(`/portal/documents/${id}`, member.cookie)).status).toBe(404);
    const tab = await (await t.get(`/clients/${client.id}/files?archived=1`, cookie)).text();
    expect(tab).toContain('Offer.pdf');
    const actions = (await t.db.selectFrom('events').select('action').where('subject_type', '=', 'file').where('subject_id', '=', id).orderBy('id').execute()).map((e) => e.action);
    expect(actions).toEqual(['uploaded', 'shared', 'downloaded', 'unshared', 'shared', 'archived']);
    await showInPortal(t, ['documents'], false);
  });

  it('answers 400 to a share without a clear flag and 404 for an unknown file', async () => {
    expect((await t.postForm('/files/1/share', { shared: 'yes' }, cookie)).status).toBe(400);
    expect((await t.postForm('/files/987654/share', { shared: '1' }, cookie)).status).toBe(404);
    expect((await t.postForm('/files/987654/archive', {}, cookie)).status).toBe(404);
  });
});
