import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makeServiceRecords } from './support.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
});
afterAll(() => t.close());

const YEAR = new Date().getFullYear();

async function count(table: 'sites' | 'contracts' | 'equipment' | 'service_reports' | 'contract_sites' | 'events'): Promise<number> {
  const r = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function html(url: string): Promise<string> {
  const res = await t.get(url, cookie);
  expect(res.status, url).toBe(200);
  return res.text();
}

describe('sites', () => {
  it('adds a site from the Service tab and lists it with its address', async () => {
    const client = await makeClient(t.db, { name: 'Sites Ltd' });
    expect(await html(`/clients/${client.id}/sites`)).toContain('No sites yet.');
    const res = await t.postForm(`/clients/${client.id}/sites`, { name: 'Κεντρικό κατάστημα', address_line1: 'Ερμού 10', city: 'Αθήνα', postcode: '10563', country: 'GR', notes: 'Gate code 12' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/clients/${client.id}/sites?done=site_created`);
    const page = await html(`/clients/${client.id}/sites?done=site_created`);
    expect(page).toContain('Site added.');
    expect(page).toContain('Κεντρικό κατάστημα');
    expect(page).toContain('Ερμού 10, 10563 Αθήνα, Greece');
    expect(page).toContain('Not under contract');
  });

  it('shows field errors with 422 and adds nothing', async () => {
    const client = await makeClient(t.db);
    const before = await count('sites');
    const res = await t.postForm(`/clients/${client.id}/sites`, { name: '', country: 'ZZ', postcode: '1'.repeat(30) }, cookie);
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('There are 3 problems with this form.');
    expect(page).toContain('Choose a country from the list.');
    expect(await count('sites')).toBe(before);
  });

  it('edits and archives a site; an archived site is not edited', async () => {
    const client = await makeClient(t.db);
    await t.postForm(`/clients/${client.id}/sites`, { name: 'Depot' }, cookie);
    const site = await t.db.selectFrom('sites').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect(await html(`/sites/${site.id}/edit`)).toContain('value="Depot"');
    expect((await t.postForm(`/sites/${site.id}`, { name: '' }, cookie)).status).toBe(422);
    const saved = await t.postForm(`/sites/${site.id}`, { name: 'North depot', city: 'Larisa', client_id: '999' }, cookie);
    expect(saved.status).toBe(303);
    const row = await t.db.selectFrom('sites').selectAll().where('id', '=', site.id).executeTakeFirstOrThrow();
    expect([row.name, row.city, row.client_id]).toEqual(['North depot', 'Larisa', client.id]);
    expect((await t.postForm(`/sites/${site.id}/archive`, {}, cookie)).status).toBe(303);
    expect((await t.get(`/sites/${site.id}/edit`, cookie)).status).toBe(404);
    expect((await t.postForm(`/sites/${site.id}`, { name: 'Again' }, cookie)).status).toBe(404);
    expect(await html(`/clients/${client.id}/sites`)).toContain('1 archived');
    const actions = (await t.db.selectFrom('events').select('action').where('subject_type', '=', 'site').where('subject_id', '=', site.id).orderBy('id').execute()).map((e) => e.action);
    expect(actions).toEqual(['created', 'updated', 'archived']);
  });

  it('answers 404 for unknown clients and sites', async () => {
    expect((await t.get('/clients/999999/sites', cookie)).status).toBe(404);
    expect((await t.postForm('/clients/999999/sites', { name: 'X' }, cookie)).status).toBe(404);
    expect((await t.get('/sites/999999/edit', cookie)).status).toBe(404);
    expect((await t.postForm('/sites/999999/archive', {}, cookie)).status).toBe(404);
  });
});

describe('contracts', () => {
  it('records a contract covering sites and equipment, shows its value, status and coverage', async () => {
    const client = await makeClient(t.db, { name: 'Contracts Ltd' });
    await t.postForm(`/clients/${client.id}/sites`, { name: 'Plant A' }, cookie);
    const site = await t.db.selectFrom('sites').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    await t.postForm(`/clients/${client.id}/equipment`, { name: 'Chiller', site_id: String(site.id) }, cookie);
    const unit = await t.db.selectFrom('equipment').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    const form = await html(`/clients/${client.id}/contracts/new`);
    expect(form).toContain('Plant A');
    expect(form).toContain('value="EUR"');
    const res = await t.postForm(`/clients/${client.id}/contracts`, {
      title: 'Annual maintenance', number: 'AMC-7', period_start: `${YEAR}-01-01`, period_end: `${YEAR}-12-31`, renewal_date: `${YEAR}-12-01`,
      value: '2.400,00', currency: 'EUR', site_ids: [String(site.id)], equipment_ids: [String(unit.id)], status: 'cancelled', client_id: '1',
    }, cookie);
    expect(res.status).toBe(303);
    const contract = await t.db.selectFrom('contracts').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect(res.headers.get('location')).toBe(`/contracts/${contract.id}?done=contract_created`);
    expect([contract.value, contract.status, contract.number]).toEqual([240000, 'active', 'AMC-7']);
    const page = await html(`/contracts/${contract.id}`);
    expect(page).toContain('€2,400.00');
    expect(page).toContain('Active');
    expect(page).toContain('Plant A');
    expect(page).toContain('Chiller');
    expect(await html(`/clients/${client.id}/sites`)).toContain('Under contract');
    expect(await html(`/clients/${client.id}/equipment`)).toContain(`href="/contracts/${contract.id}"`);
  });

  it('shows field errors with 422 and writes nothing (including another client\'s site)', async () => {
    const client = await makeClient(t.db);
    const other = await makeClient(t.db);
    const ids = await makeServiceRecords(t, other.id, { label: 'Foreign' });
    const before = [await count('contracts'), await count('contract_sites'), await count('events')];
    const bad = await t.postForm(`/clients/${client.id}/contracts`, { title: '', period_start: '2026-13-01', period_end: '', value: 'lots', currency: 'EUR' }, cookie);
    expect(bad.status).toBe(422);
    const page = await bad.text();
    expect(page).toContain('There are 4 problems with this form.');
    const foreign = await t.postForm(`/clients/${client.id}/contracts`, {
      title: 'AMC', period_start: `${YEAR}-01-01`, period_end: `${YEAR}-12-31`, value: '10', currency: 'EUR', site_ids: [String(ids.siteId)],
    }, cookie);
    expect(foreign.status).toBe(422);
    expect(await foreign.text()).toContain('Choose one of this client&#39;s sites.');
    expect([await count('contracts'), await count('contract_sites'), await count('events')]).toEqual(before);
  });

  it('edits, cancels and archives a contract; a cancelled one stops covering', async () => {
    const client = await makeClient(t.db);
    const ids = await makeServiceRecords(t, client.id, { label: 'Edit' });
    const form = await html(`/contracts/${ids.contractId}/edit`);
    expect(form).toContain('value="1200.00"');
    expect(form).toMatch(new RegExp(`name="site_ids" value="${ids.siteId}" checked`));
    const saved = await t.postForm(`/contracts/${ids.contractId}`, {
      title: 'Edit maintenance (renewed)', period_start: `${YEAR}-01-01`, period_end: `${YEAR}-12-31`, value: '1500', currency: 'EUR', site_ids: [],
    }, cookie);
    expect(saved.status).toBe(303);
    expect(await count('contract_sites')).toBeGreaterThanOrEqual(0);
    const coverage = await t.db.selectFrom('contract_sites').selectAll().where('contract_id', '=', ids.contractId).execute();
    expect(coverage).toEqual([]);
    expect((await t.postForm(`/contracts/${ids.contractId}/cancel`, {}, cookie)).status).toBe(303);
    expect(await html(`/contracts/${ids.contractId}`)).toContain('Cancelled');
    expect(await html(`/clients/${client.id}/equipment`)).toContain('Not under contract');
    expect((await t.postForm(`/contracts/${ids.contractId}/archive`, {}, cookie)).status).toBe(303);
    expect((await t.get(`/contracts/${ids.contractId}/edit`, cookie)).status).toBe(404);
    const actions = (await t.db.selectFrom('events').select('action').where('subject_type', '=', 'contract').where('subject_id', '=', ids.contractId).orderBy('id').execute()).map((e) => e.action);
    expect(actions).toEqual(['created', 'updated', 'cancelled', 'archived']);
  });

  it('shows an expired contract as expired', async () => {
    const client = await makeClient(t.db);
    await t.postForm(`/clients/${client.id}/contracts`, { title: 'Old AMC', period_start: '2020-01-01', period_end: '2020-12-31', value: '100', currency: 'EUR' }, cookie);
    expect(await html(`/clients/${client.id}/contracts`)).toContain('badge badge-expired');
  });

  it('answers 404 for unknown contracts', async () => {
    expect((await t.get('/contracts/999999', cookie)).status).toBe(404);
    expect((await t.postForm('/contracts/999999', { title: 'x' }, cookie)).status).toBe(404);
    expect((await t.postForm('/contracts/999999/cancel', {}, cookie)).status).toBe(404);
    expect((await t.get('/clients/999999/contracts/new', cookie)).status).toBe(404);
  });
});

describe('equipment', () => {
  it('adds equipment at a site with warranty, and edits it', async () => {
    const client = await makeClient(t.db);
    await t.postForm(`/clients/${client.id}/sites`, { name: 'Roof' }, cookie);
    const site = await t.db.selectFrom('sites').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    const res = await t.postForm(`/clients/${client.id}/equipment`, {
      name: 'Air handling unit', site_id: String(site.id), model: 'AHU-900', serial_number: 'X1', installed_on: '2024-05-01', warranty_until: `${YEAR + 2}-05-01`,
    }, cookie);
    expect(res.status).toBe(303);
    const page = await html(`/clients/${client.id}/equipment?done=equipment_created`);
    expect(page).toContain('Equipment added.');
    expect(page).toContain('AHU-900');
    expect(page).toContain('In warranty');
    const unit = await t.db.selectFrom('equipment').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect((await t.postForm(`/equipment/${unit.id}`, { name: 'AHU', warranty_until: '2020-01-01', installed_on: '2024-05-01' }, cookie)).status).toBe(422);
    expect((await t.postForm(`/equipment/${unit.id}`, { name: 'AHU', site_id: String(site.id) }, cookie)).status).toBe(303);
    expect((await t.db.selectFrom('equipment').select('name').where('id', '=', unit.id).executeTakeFirstOrThrow()).name).toBe('AHU');
  });

  it('refuses another client\'s site and bad dates with 422, and adds nothing', async () => {
    const client = await makeClient(t.db);
    const other = await makeClient(t.db);
    const ids = await makeServiceRecords(t, other.id, { label: 'Else' });
    const before = await count('equipment');
    const res = await t.postForm(`/clients/${client.id}/equipment`, { name: 'Pump', site_id: String(ids.siteId) }, cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Choose one of this client&#39;s sites.');
    const bad = await t.postForm(`/clients/${client.id}/equipment`, { name: '', installed_on: 'yesterday' }, cookie);
    expect(bad.status).toBe(422);
    expect(await count('equipment')).toBe(before);
  });

  it('archives equipment and answers 404 after', async () => {
    const client = await makeClient(t.db);
    await t.postForm(`/clients/${client.id}/equipment`, { name: 'Old fan' }, cookie);
    const unit = await t.db.selectFrom('equipment').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect((await t.postForm(`/equipment/${unit.id}/archive`, {}, cookie)).status).toBe(303);
    expect((await t.get(`/equipment/${unit.id}/edit`, cookie)).status).toBe(404);
    expect((await t.postForm('/equipment/999999/archive', {}, cookie)).status).toBe(404);
  });
});

describe('service reports', () => {
  it('writes a report with a staff technician and equipment, and shows it', async () => {
    const client = await makeClient(t.db);
    const ids = await makeServiceRecords(t, client.id, { label: 'Rep' });
    const staff = await t.db.selectFrom('staff_users').select(['id', 'name']).executeTakeFirstOrThrow();
    const form = await html(`/clients/${client.id}/service-reports/new`);
    expect(form).toContain('Rep plant');
    expect(form).toContain(staff.name);
    const res = await t.postForm(`/clients/${client.id}/service-reports`, {
      site_id: String(ids.siteId), visit_date: `${YEAR}-03-05`, technician: String(staff.id), work_done: 'Replaced the filters.\nChecked pressure.', findings: 'Pump bearing worn',
      equipment_ids: [String(ids.equipmentId)],
    }, cookie);
    expect(res.status).toBe(303);
    const report = await t.db.selectFrom('service_reports').selectAll().where('client_id', '=', client.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(res.headers.get('location')).toBe(`/service-reports/${report.id}?done=report_created`);
    const page = await html(`/service-reports/${report.id}`);
    expect(page).toContain('Replaced the filters.\nChecked pressure.');
    expect(page).toContain('Pump bearing worn');
    expect(page).toContain(staff.name);
    expect(page).toContain('Rep boiler');
    expect(page).toContain('enctype="multipart/form-data"');
    const list = await html(`/clients/${client.id}/service-reports`);
    expect(list).toContain(`href="/service-reports/${report.id}"`);
  });

  it('needs a technician and a site of this client; shows errors with 422 and writes nothing', async () => {
    const client = await makeClient(t.db);
    const other = await makeClient(t.db);
    const ids = await makeServiceRecords(t, other.id, { label: 'Theirs' });
    const before = await count('service_reports');
    const res = await t.postForm(`/clients/${client.id}/service-reports`, { site_id: '', visit_date: 'soon', work_done: '' }, cookie);
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('There are 4 problems with this form.');
    expect(page).toContain('Choose a technician or type the name of the person who visited.');
    const foreign = await t.postForm(`/clients/${client.id}/service-reports`, {
      site_id: String(ids.siteId), visit_date: `${YEAR}-01-02`, technician_name: 'Someone', work_done: 'x', equipment_ids: [String(ids.equipmentId)],
    }, cookie);
    expect(foreign.status).toBe(422);
    const text = await foreign.text();
    expect(text).toContain('Choose one of this client&#39;s sites.');
    expect(text).toContain('Choose equipment of this client only.');
    expect(await count('service_reports')).toBe(before);
  });

  it('edits and archives a report', async () => {
    const client = await makeClient(t.db);
    const ids = await makeServiceRecords(t, client.id, { label: 'Arch' });
    expect(await html(`/service-reports/${ids.reportId}/edit`)).toContain('Nikos Tech');
    const saved = await t.postForm(`/service-reports/${ids.reportId}`, { site_id: String(ids.siteId), visit_date: `${YEAR}-01-16`, technician_name: 'Nikos T.', work_done: 'Serviced' }, cookie);
    expect(saved.status).toBe(303);
    expect((await t.postForm(`/service-reports/${ids.reportId}/archive`, {}, cookie)).status).toBe(303);
    expect(await html(`/clients/${client.id}/service-reports`)).not.toContain(`/service-reports/${ids.reportId}"`);
    expect(await html(`/clients/${client.id}/service-reports?archived=1`)).toContain(`/service-reports/${ids.reportId}"`);
    expect((await t.get(`/service-reports/${ids.reportId}/edit`, cookie)).status).toBe(404);
  });

  it('attaches an upload to a report from its page and comes back to it', async () => {
    const client = await makeClient(t.db);
    const ids = await makeServiceRecords(t, client.id, { label: 'Att' });
    const form = new FormData();
    form.append('service_report_id', String(ids.reportId));
    form.append('return_to', 'report');
    form.append('shared', '0');
    form.append('shared', '1');
    form.append('file', new File([new TextEncoder().encode('%PDF-1.4\n%%EOF')], 'Job sheet.pdf'));
    const res = await t.app.request(`/clients/${client.id}/files`, { method: 'POST', headers: { Origin: 'http://stoa.test', Cookie: cookie }, body: form });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/service-reports/${ids.reportId}?done=file_uploaded`);
    expect(await html(`/service-reports/${ids.reportId}`)).toContain('Job sheet.pdf');
  });

  it('answers 404 for unknown reports', async () => {
    expect((await t.get('/service-reports/999999', cookie)).status).toBe(404);
    expect((await t.postForm('/service-reports/999999', { work_done: 'x' }, cookie)).status).toBe(404);
    expect((await t.get('/clients/999999/service-reports/new', cookie)).status).toBe(404);
  });
});

describe('the client page', () => {
  it('has Service and Documents tabs', async () => {
    const client = await makeClient(t.db);
    const page = await html(`/clients/${client.id}`);
    expect(page).toContain(`href="/clients/${client.id}/service-reports">Service</a>`);
    expect(page).toContain(`href="/clients/${client.id}/files">Documents</a>`);
  });
});
