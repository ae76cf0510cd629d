import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { expectNoInjection, PAYLOAD } from '../security/support.js';
import { postUpload, PDF_BYTES } from '../files/support.js';
import { showInPortal } from './support.js';

// SECURITY row 26: script typed into names, notes, reports and file names is shown as text on
// staff pages, portal pages and the staff preview.

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('typed script in service records and file names', () => {
  it('is escaped on every staff and portal page that shows it', async () => {
    const cookie = await t.staffCookie();
    const client = await makeClient(t.db, { name: 'Escape SA' });
    const year = new Date().getFullYear();
    const one = PAYLOAD.replace(/\r|\n/g, ' ');
    await t.postForm(`/clients/${client.id}/sites`, { name: one, notes: PAYLOAD, city: one }, cookie);
    const site = await t.db.selectFrom('sites').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    await t.postForm(`/clients/${client.id}/equipment`, { name: one, model: one, serial_number: one.slice(0, 50), site_id: String(site.id) }, cookie);
    const unit = await t.db.selectFrom('equipment').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    await t.postForm(`/clients/${client.id}/contracts`, {
      title: one, number: one.slice(0, 50), period_start: `${year}-01-01`, period_end: `${year}-12-31`, value: '10', currency: 'EUR', notes: PAYLOAD,
      site_ids: [String(site.id)], equipment_ids: [String(unit.id)],
    }, cookie);
    const contract = await t.db.selectFrom('contracts').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    await t.postForm(`/clients/${client.id}/service-reports`, {
      site_id: String(site.id), visit_date: `${year}-02-01`, technician_name: one, work_done: PAYLOAD, findings: PAYLOAD, equipment_ids: [String(unit.id)],
    }, cookie);
    const report = await t.db.selectFrom('service_reports').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
    await postUpload(t, `/clients/${client.id}/files`, { name: `${one}.pdf`, bytes: PDF_BYTES }, { shared: '1', service_report_id: String(report.id) }, cookie);

    const staffPages = [
      `/clients/${client.id}/sites`, `/sites/${site.id}/edit`, `/clients/${client.id}/equipment`, `/equipment/${unit.id}/edit`,
      `/clients/${client.id}/contracts`, `/contracts/${contract.id}`, `/contracts/${contract.id}/edit`, `/clients/${client.id}/service-reports`,
      `/service-reports/${report.id}`, `/service-reports/${report.id}/edit`, `/clients/${client.id}/files`, `/clients/${client.id}/events`,
    ];
    for (const url of staffPages) {
      const html = await (await t.get(url, cookie)).text();
      expectNoInjection(url, html);
      expect(html, url).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }

    await showInPortal(t, ['contracts', 'equipment', 'service_reports', 'documents']);
    const member = await makePortalMember(t, client.id);
    const portalPages = ['', '/contracts', '/equipment', '/service-reports', `/service-reports/${report.id}`, '/documents'];
    for (const p of portalPages) {
      const html = await (await t.get(`/portal${p}`, member.cookie)).text();
      expectNoInjection(`/portal${p}`, html);
      // A file name keeps only what follows its last slash, so the documents list shows no whole tag.
      if (p !== '' && p !== '/documents') expect(html, p).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expectNoInjection(`/preview${p}`, await (await t.get(`/preview/${client.id}/0${p}`, cookie)).text());
    }
    // Refused forms re-render what was typed, escaped.
    const refused = await t.postForm(`/clients/${client.id}/contracts`, { title: one, period_start: 'x', period_end: '', value: PAYLOAD, currency: 'EUR', notes: PAYLOAD }, cookie);
    expectNoInjection('refused contract', await refused.text());
  });
});
