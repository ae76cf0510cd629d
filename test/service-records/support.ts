// Builds a client's service records and shared files straight through the services, for tests
// that need them to exist (portal pages, isolation between clients).

import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { storeUpload } from '../../src/files/service.js';
import { createContract, createEquipment, createReport, createSite } from '../../src/service-records/service.js';
import type { VisibilityKey } from '../../src/portal-access/visibility.js';
import type { TestApp } from '../helpers/app.js';

/** Ids of one client's service records. */
export interface ServiceRecordIds { siteId: number; contractId: number; equipmentId: number; reportId: number; fileId: number; reportFileId: number }

function ok<R extends { ok: boolean }>(r: R): Extract<R, { ok: true }> {
  if (!r.ok) throw new Error('setup failed: ' + JSON.stringify(r));
  return r as Extract<R, { ok: true }>;
}

/** A minimal PDF body. */
export function pdfFile(name: string): File {
  return new File([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], name, { type: 'application/pdf' });
}

/**
 * A site, a contract covering it (and the equipment) for this year, a piece of equipment, a
 * service report with a shared attachment, and a shared document, all of `clientId`.
 */
export async function makeServiceRecords(t: TestApp, clientId: number, opts: { label?: string; year?: number } = {}): Promise<ServiceRecordIds> {
  const label = opts.label ?? 'Main';
  const year = opts.year ?? new Date().getFullYear();
  const { site } = ok(await createSite(t.db, SYSTEM_ACTOR, clientId, { name: `${label} plant`, city: 'Athens', country: 'GR' }));
  const { equipment } = ok(await createEquipment(t.db, SYSTEM_ACTOR, clientId, { name: `${label} boiler`, site_id: String(site.id), serial_number: `SN-${label}`, warranty_until: `${year + 1}-12-31` }));
  const { contract } = ok(await createContract(t.db, SYSTEM_ACTOR, clientId, {
    title: `${label} maintenance ${year}`, period_start: `${year}-01-01`, period_end: `${year}-12-31`, value: '1200.00', currency: 'EUR',
    site_ids: [String(site.id)], equipment_ids: [String(equipment.id)],
  }));
  const { report } = ok(await createReport(t.db, SYSTEM_ACTOR, clientId, {
    site_id: String(site.id), visit_date: `${year}-01-15`, technician_name: 'Nikos Tech', work_done: `Serviced the ${label} boiler`, equipment_ids: [String(equipment.id)],
  }));
  const dataDir = t.dataDir;
  const { file } = ok(await storeUpload(t.db, { dataDir, clientId, file: pdfFile(`${label} price list.pdf`), shared: true, actor: SYSTEM_ACTOR }));
  const { file: reportFile } = ok(await storeUpload(t.db, { dataDir, clientId, file: pdfFile(`${label} visit sheet.pdf`), shared: true, serviceReportId: report.id, actor: SYSTEM_ACTOR }));
  return { siteId: site.id, contractId: contract.id, equipmentId: equipment.id, reportId: report.id, fileId: file.id, reportFileId: reportFile.id };
}

/** Sets firm-wide visibility keys (a fresh install shows nothing). */
export async function showInPortal(t: TestApp, keys: readonly VisibilityKey[], value = true): Promise<void> {
  for (const key of keys) {
    await t.db.insertInto('portal_defaults').values({ key, value: value ? 1 : 0 }).onConflict((oc) => oc.column('key').doUpdateSet({ value: value ? 1 : 0 })).execute();
  }
}
