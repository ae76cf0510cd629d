import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { storeUpload } from '../../src/files/service.js';
import { accountHealth } from '../../src/service-records/health.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { makeServiceRecords, pdfFile, showInPortal, type ServiceRecordIds } from './support.js';

let t: TestApp;
let clientId: number;
let otherId: number;
let mine: ServiceRecordIds;
let theirs: ServiceRecordIds;
let member: PortalMember;
let hiddenFileId: number;

const YEAR = new Date().getFullYear();

beforeAll(async () => {
  t = await makeTestApp();
  clientId = (await makeClient(t.db, { name: 'Portal Service SA' })).id;
  otherId = (await makeClient(t.db, { name: 'Neighbour Ltd' })).id;
  mine = await makeServiceRecords(t, clientId, { label: 'Ours' });
  theirs = await makeServiceRecords(t, otherId, { label: 'Theirs' });
  const hidden = await storeUpload(t.db, { dataDir: t.dataDir, clientId, file: pdfFile('Internal costing.pdf'), shared: false, serviceReportId: mine.reportId, actor: SYSTEM_ACTOR });
  if (!hidden.ok) throw new Error(hidden.error);
  hiddenFileId = hidden.file.id;
  member = await makePortalMember(t, clientId, { role: 'accounts' });
});
afterAll(() => t.close());

const SECTIONS = ['/contracts', '/equipment', '/service-reports', '/documents'] as const;

async function get(url: string, cookie = member.cookie) {
  return t.get(url, cookie);
}

describe('service records in the portal', () => {
  it('shows none of them on a fresh install: 404 and absent from the menu', async () => {
    for (const s of SECTIONS) expect((await get(`/portal${s}`)).status, s).toBe(404);
    expect((await get(`/portal/service-reports/${mine.reportId}`)).status).toBe(404);
    expect((await get(`/portal/documents/${mine.fileId}`)).status).toBe(404);
    const home = await (await get('/portal')).text();
    for (const s of SECTIONS) expect(home).not.toContain(`href="/portal${s}"`);
  });

  it('shows each section only when its own key is on', async () => {
    await showInPortal(t, ['equipment']);
    expect((await get('/portal/equipment')).status).toBe(200);
    expect((await get('/portal/contracts')).status).toBe(404);
    const menu = await (await get('/portal')).text();
    expect(menu).toContain('href="/portal/equipment"');
    expect(menu).not.toContain('href="/portal/contracts"');
    await showInPortal(t, ['equipment'], false);
  });

  describe('with every section visible', () => {
    beforeAll(() => showInPortal(t, ['contracts', 'equipment', 'service_reports', 'documents']));
    afterAll(() => showInPortal(t, ['contracts', 'equipment', 'service_reports', 'documents'], false));

    it('lists the client\'s own contracts with coverage and status, never another client\'s', async () => {
      const page = await (await get('/portal/contracts')).text();
      expect(page).toContain(`Ours maintenance ${YEAR}`);
      expect(page).toContain('Ours plant');
      expect(page).toContain('Active');
      expect(page).toContain('€1,200.00');
      expect(page).not.toContain('Theirs');
    });

    it('hides the contract value from a member without "view finances"', async () => {
      const noMoney = await makePortalMember(t, clientId, { role: 'viewer', permissions: { view_finances: false } });
      const page = await (await get('/portal/contracts', noMoney.cookie)).text();
      expect(page).toContain(`Ours maintenance ${YEAR}`);
      expect(page).not.toContain('€1,200.00');
    });

    it('lists the client\'s equipment with warranty and the covering contract', async () => {
      const page = await (await get('/portal/equipment')).text();
      expect(page).toContain('Ours boiler');
      expect(page).toContain('SN-Ours');
      expect(page).toContain('In warranty');
      expect(page).toContain(`Ours maintenance ${YEAR}`);
      expect(page).not.toContain('Theirs');
    });

    it('lists the client\'s reports and shows one with only its shared attachments', async () => {
      const list = await (await get('/portal/service-reports')).text();
      expect(list).toContain(`href="/portal/service-reports/${mine.reportId}"`);
      expect(list).not.toContain(`/portal/service-reports/${theirs.reportId}"`);
      const page = await (await get(`/portal/service-reports/${mine.reportId}`)).text();
      expect(page).toContain('Serviced the Ours boiler');
      expect(page).toContain('Nikos Tech');
      expect(page).toContain('Ours visit sheet.pdf');
      expect(page).not.toContain('Internal costing.pdf');
      const dl = await get(`/portal/service-reports/${mine.reportId}/files/${mine.reportFileId}`);
      expect(dl.status).toBe(200);
      expect(dl.headers.get('content-disposition')).toContain('attachment');
      expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
      expect(dl.headers.get('content-security-policy')).toContain('sandbox');
    });

    it('answers 404 to another client\'s report, an unshared attachment, or a file of another report', async () => {
      expect((await get(`/portal/service-reports/${theirs.reportId}`)).status).toBe(404);
      expect((await get(`/portal/service-reports/${theirs.reportId}/files/${theirs.reportFileId}`)).status).toBe(404);
      expect((await get(`/portal/service-reports/${mine.reportId}/files/${theirs.reportFileId}`)).status).toBe(404);
      expect((await get(`/portal/service-reports/${mine.reportId}/files/${hiddenFileId}`)).status).toBe(404);
      expect((await get(`/portal/service-reports/${mine.reportId}/files/${mine.fileId}`)).status).toBe(404);
      expect((await get('/portal/service-reports/999999')).status).toBe(404);
    });

    it('lists only the shared documents of the active client and serves them as attachments', async () => {
      const page = await (await get('/portal/documents')).text();
      expect(page).toContain('Ours price list.pdf');
      expect(page).toContain('Ours visit sheet.pdf');
      expect(page).not.toContain('Internal costing.pdf');
      expect(page).not.toContain('Theirs');
      expect((await get(`/portal/documents/${mine.fileId}`)).status).toBe(200);
      expect((await get(`/portal/documents/${hiddenFileId}`)).status).toBe(404);
      expect((await get(`/portal/documents/${theirs.fileId}`)).status).toBe(404);
    });

    it('records a download as the member\'s event, but nothing in a staff preview', async () => {
      const events = () => t.db.selectFrom('events').selectAll().where('subject_type', '=', 'file').where('action', '=', 'downloaded').execute();
      const before = (await events()).length;
      await get(`/portal/documents/${mine.fileId}`);
      const after = await events();
      expect(after.length).toBe(before + 1);
      expect(after[after.length - 1]?.actor_type).toBe('portal');
      const staff = await t.staffCookie();
      const preview = await t.get(`/preview/${clientId}/0/documents/${mine.fileId}`, staff);
      expect(preview.status).toBe(200);
      const page = await (await t.get(`/preview/${clientId}/0/service-reports/${mine.reportId}`, staff)).text();
      expect(page).toContain('Serviced the Ours boiler');
      expect((await events()).length).toBe(before + 1);
    });

    it('speaks Greek to a Greek member', async () => {
      const greek = await makePortalMember(t, clientId, { language: 'el' });
      expect(await (await get('/portal/contracts', greek.cookie)).text()).toContain('Τα συμβόλαιά σας');
      expect(await (await get('/portal/equipment', greek.cookie)).text()).toContain('Σε εγγύηση');
      expect(await (await get('/portal/documents', greek.cookie)).text()).toContain('Έγγραφα');
    });

    it('leaves archived records out', async () => {
      const extra = await makeServiceRecords(t, clientId, { label: 'Gone' });
      const staff = await t.staffCookie();
      await t.postForm(`/service-reports/${extra.reportId}/archive`, {}, staff);
      await t.postForm(`/contracts/${extra.contractId}/archive`, {}, staff);
      await t.postForm(`/equipment/${extra.equipmentId}/archive`, {}, staff);
      await t.postForm(`/files/${extra.fileId}/archive`, {}, staff);
      expect((await get(`/portal/service-reports/${extra.reportId}`)).status).toBe(404);
      expect(await (await get('/portal/contracts')).text()).not.toContain('Gone maintenance');
      expect(await (await get('/portal/equipment')).text()).not.toContain('Gone boiler');
      expect(await (await get('/portal/documents')).text()).not.toContain('Gone price list.pdf');
    });
  });
});

describe('account health for the dashboard', () => {
  it('is null while the firm keeps no service records at all', async () => {
    const fresh = await makeTestApp();
    try {
      const client = await makeClient(fresh.db);
      expect(await accountHealth(fresh.db, client.id)).toBeNull();
    } finally {
      await fresh.close();
    }
  });

  it('counts active contracts, distinct covered sites, open requests and the last visit', async () => {
    const health = await accountHealth(t.db, clientId, `${YEAR}-06-30`);
    expect(health).toMatchObject({ activeContracts: 1, sitesCovered: 1, openTickets: 0, lastService: `${YEAR}-01-15` });
    const after = await accountHealth(t.db, clientId, `${YEAR + 1}-01-01`);
    expect(after).toMatchObject({ activeContracts: 0, sitesCovered: 0 });
    const empty = await makeClient(t.db);
    expect(await accountHealth(t.db, empty.id)).toEqual({ activeContracts: 0, sitesCovered: 0, openTickets: 0, lastService: null });
  });
});
