// Rules of sites, contracts, equipment and service reports: validation, ownership of the
// records they point at (always the same client's), one transaction per change with its event.

import { findClient } from '../clients/queries.js';
import type { Db, Trx } from '../db/index.js';
import type { Contract, Equipment, ServiceReport, Site } from '../db/schema-service.js';
import { recordEvent, type Actor } from '../events/service.js';
import { nowIso } from '../util/time.js';
import {
  activeEquipmentIds, activeSiteIds, contractCoverage, contractOptions, equipmentOptions, findClientReport, findContract, findEquipment, findListedReport, findReport, findSite,
  insertContract, insertEquipment, insertReport, insertSite, isActiveStaff, listContracts, listEquipment, listReports, listSites, recentReportOptions, reportEquipment,
  setContractCoverage, setReportEquipment, siteOptions, technicianOptions, updateContractRow, updateEquipmentRow, updateReportRow, updateSiteRow,
  type ListedEquipment, type ListedReport, type ListedSite, type NamedRef,
} from './queries.js';
import {
  validateContract, validateEquipment, validateReport, validateSite,
  type ContractField, type ContractInput, type EquipmentField, type Errors, type Raw, type ReportField, type ReportInput, type SiteField,
} from './validation.js';

export type { ListedEquipment, ListedReport, ListedSite, NamedRef } from './queries.js';

/** Why a record could not be saved: field errors (translation keys), or an unknown id. */
export type Failure<F extends string> = { ok: false; error: 'Invalid'; errors: Errors<F> } | { ok: false; error: 'NotFound' };

const notFound = { ok: false, error: 'NotFound' } as const;

function positive(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0;
}

/** Fields whose stored value differs (for the "updated" event). */
function changedFields<T extends Record<string, unknown>>(before: T, after: T, fields: readonly (keyof T & string)[]): string[] {
  return fields.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

// ---------------------------------------------------------------------------- sites

/** One site by id (archived included), or null. */
export async function getSite(db: Db, id: number): Promise<Site | null> {
  return positive(id) ? ((await findSite(db, id)) ?? null) : null;
}

/** A client's sites with today's contract coverage. */
export function clientSites(db: Db, clientId: number, opts: { includeArchived: boolean; today: string }): Promise<ListedSite[]> {
  return listSites(db, clientId, opts);
}

/** A client's active sites for selects. */
export function clientSiteOptions(db: Db, clientId: number): Promise<NamedRef[]> {
  return siteOptions(db, clientId);
}

const SITE_COLUMNS = ['name', 'address_line1', 'address_line2', 'city', 'postcode', 'country', 'notes'] as const;

/** Adds a site to a client. */
export async function createSite(db: Db, actor: Actor, clientId: number, raw: Raw<SiteField>): Promise<{ ok: true; site: Site } | Failure<SiteField>> {
  const checked = validateSite(raw);
  return db.transaction().execute(async (trx) => {
    if (!(await findClient(trx, clientId))) return notFound;
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    const site = await insertSite(trx, { client_id: clientId, ...checked.value });
    await recordEvent(trx, actor, { clientId, subjectType: 'site', subjectId: site.id, action: 'created', detail: { label: site.name } });
    return { ok: true, site } as const;
  });
}

/** Saves a site's fields; an archived site is not edited. */
export async function updateSite(db: Db, actor: Actor, id: number, raw: Raw<SiteField>): Promise<{ ok: true; site: Site } | Failure<SiteField>> {
  const checked = validateSite(raw);
  return db.transaction().execute(async (trx) => {
    const existing = await findSite(trx, id);
    if (!existing || existing.archived_at) return notFound;
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    const changed = changedFields(existing, { ...existing, ...checked.value }, SITE_COLUMNS);
    if (changed.length === 0) return { ok: true, site: existing } as const;
    const site = await updateSiteRow(trx, id, { ...checked.value, updated_at: nowIso() });
    await recordEvent(trx, actor, { clientId: site.client_id, subjectType: 'site', subjectId: id, action: 'updated', detail: { label: site.name, fields: changed } });
    return { ok: true, site } as const;
  });
}

/** Archives a site: gone from lists and selects; reports and contracts that name it keep it. */
export async function archiveSite(db: Db, actor: Actor, id: number): Promise<{ ok: true; site: Site } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findSite(trx, id);
    if (!existing) return notFound;
    if (existing.archived_at) return { ok: true, site: existing } as const;
    const now = nowIso();
    const site = await updateSiteRow(trx, id, { archived_at: now, updated_at: now });
    await recordEvent(trx, actor, { clientId: site.client_id, subjectType: 'site', subjectId: id, action: 'archived', detail: { label: site.name } });
    return { ok: true, site } as const;
  });
}

// ---------------------------------------------------------------------------- contracts

/** A contract with the sites and equipment it covers. */
export interface ContractWithCoverage extends Contract { sites: NamedRef[]; equipment: NamedRef[] }

/** One contract by id (archived included), or null. */
export async function getContract(db: Db, id: number): Promise<Contract | null> {
  return positive(id) ? ((await findContract(db, id)) ?? null) : null;
}

/** A client's contracts with their coverage, latest period first. */
export async function clientContracts(db: Db, clientId: number, opts: { includeArchived: boolean }): Promise<ContractWithCoverage[]> {
  const contracts = await listContracts(db, clientId, opts);
  const coverage = await contractCoverage(db, contracts.map((k) => k.id));
  return contracts.map((k) => ({ ...k, ...(coverage.get(k.id) ?? { sites: [], equipment: [] }) }));
}

/** One contract with its coverage, or null. */
export async function contractWithCoverage(db: Db, id: number): Promise<ContractWithCoverage | null> {
  const contract = await getContract(db, id);
  if (!contract) return null;
  const coverage = await contractCoverage(db, [id]);
  return { ...contract, ...(coverage.get(id) ?? { sites: [], equipment: [] }) };
}

/** What the contract form offers: the client's active sites and equipment. */
export async function contractFormOptions(db: Db, clientId: number): Promise<{ sites: NamedRef[]; equipment: Array<NamedRef & { serial_number: string | null; site_name: string | null }> }> {
  const [sites, equipment] = await Promise.all([siteOptions(db, clientId), equipmentOptions(db, clientId)]);
  return { sites, equipment };
}

/** Checks that ticked sites and equipment are the client's active ones. */
async function coverageErrors(trx: Trx, clientId: number, siteIds: readonly number[], equipmentIds: readonly number[]): Promise<Errors<ContractField>> {
  const errors: Errors<ContractField> = {};
  const sites = await activeSiteIds(trx, clientId, siteIds);
  if (siteIds.some((id) => !sites.has(id))) errors.site_ids = 'service:errors.unknown_site';
  const equipment = await activeEquipmentIds(trx, clientId, equipmentIds);
  if (equipmentIds.some((id) => !equipment.has(id))) errors.equipment_ids = 'service:errors.unknown_equipment';
  return errors;
}

function contractLabel(k: Pick<Contract, 'title' | 'number'>): string {
  return k.number ? `${k.number} ${k.title}` : k.title;
}

/** Records a contract for a client with the sites and equipment it covers. */
export async function createContract(db: Db, actor: Actor, clientId: number, input: ContractInput): Promise<{ ok: true; contract: Contract } | Failure<ContractField>> {
  const checked = validateContract(input);
  return db.transaction().execute(async (trx) => {
    if (!(await findClient(trx, clientId))) return notFound;
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    const { site_ids, equipment_ids, ...fields } = checked.value;
    const errors = await coverageErrors(trx, clientId, site_ids, equipment_ids);
    if (Object.keys(errors).length) return { ok: false, error: 'Invalid', errors } as const;
    const contract = await insertContract(trx, { client_id: clientId, ...fields });
    await setContractCoverage(trx, contract.id, site_ids, equipment_ids);
    await recordEvent(trx, actor, { clientId, subjectType: 'contract', subjectId: contract.id, action: 'created', detail: { label: contractLabel(contract) } });
    return { ok: true, contract } as const;
  });
}

const CONTRACT_COLUMNS = ['title', 'number', 'period_start', 'period_end', 'renewal_date', 'currency', 'value', 'notes'] as const;

/** Saves a contract and what it covers; archived contracts are not edited. */
export async function updateContract(db: Db, actor: Actor, id: number, input: ContractInput): Promise<{ ok: true; contract: Contract } | Failure<ContractField>> {
  const checked = validateContract(input);
  return db.transaction().execute(async (trx) => {
    const existing = await findContract(trx, id);
    if (!existing || existing.archived_at) return notFound;
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    const { site_ids, equipment_ids, ...fields } = checked.value;
    const errors = await coverageErrors(trx, existing.client_id, site_ids, equipment_ids);
    if (Object.keys(errors).length) return { ok: false, error: 'Invalid', errors } as const;
    const contract = await updateContractRow(trx, id, { ...fields, updated_at: nowIso() });
    await setContractCoverage(trx, id, site_ids, equipment_ids);
    const changed = changedFields(existing, contract, CONTRACT_COLUMNS);
    await recordEvent(trx, actor, { clientId: contract.client_id, subjectType: 'contract', subjectId: id, action: 'updated', detail: { label: contractLabel(contract), fields: changed } });
    return { ok: true, contract } as const;
  });
}

/** Cancels a contract: it stops covering its sites and equipment; its record stays. */
export async function cancelContract(db: Db, actor: Actor, id: number): Promise<{ ok: true; contract: Contract } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findContract(trx, id);
    if (!existing || existing.archived_at) return notFound;
    if (existing.status === 'cancelled') return { ok: true, contract: existing } as const;
    const now = nowIso();
    const contract = await updateContractRow(trx, id, { status: 'cancelled', cancelled_at: now, updated_at: now });
    await recordEvent(trx, actor, { clientId: contract.client_id, subjectType: 'contract', subjectId: id, action: 'cancelled', detail: { label: contractLabel(contract) } });
    return { ok: true, contract } as const;
  });
}

/** Archives a contract: gone from lists and the portal. */
export async function archiveContract(db: Db, actor: Actor, id: number): Promise<{ ok: true; contract: Contract } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findContract(trx, id);
    if (!existing) return notFound;
    if (existing.archived_at) return { ok: true, contract: existing } as const;
    const now = nowIso();
    const contract = await updateContractRow(trx, id, { archived_at: now, updated_at: now });
    await recordEvent(trx, actor, { clientId: contract.client_id, subjectType: 'contract', subjectId: id, action: 'archived', detail: { label: contractLabel(contract) } });
    return { ok: true, contract } as const;
  });
}

// ---------------------------------------------------------------------------- equipment

/** One piece of equipment by id (archived included), or null. */
export async function getEquipment(db: Db, id: number): Promise<Equipment | null> {
  return positive(id) ? ((await findEquipment(db, id)) ?? null) : null;
}

/** A client's equipment with site names and today's contract coverage. */
export function clientEquipment(db: Db, clientId: number, opts: { includeArchived: boolean; today: string }): Promise<ListedEquipment[]> {
  return listEquipment(db, clientId, opts);
}

/** A client's active equipment for checkboxes (other features: a ticket about a piece of equipment). */
export function clientEquipmentOptions(db: Db, clientId: number): Promise<Array<NamedRef & { serial_number: string | null; site_name: string | null }>> {
  return equipmentOptions(db, clientId);
}

const EQUIPMENT_COLUMNS = ['name', 'site_id', 'model', 'serial_number', 'installed_on', 'warranty_until', 'notes'] as const;

async function siteError(trx: Trx, clientId: number, siteId: number | null): Promise<string | null> {
  if (siteId === null) return null;
  return (await activeSiteIds(trx, clientId, [siteId])).has(siteId) ? null : 'service:errors.unknown_site';
}

/** Adds a piece of equipment to a client (at one of its sites, if given). */
export async function createEquipment(db: Db, actor: Actor, clientId: number, raw: Raw<EquipmentField>): Promise<{ ok: true; equipment: Equipment } | Failure<EquipmentField>> {
  const checked = validateEquipment(raw);
  return db.transaction().execute(async (trx) => {
    if (!(await findClient(trx, clientId))) return notFound;
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    const bad = await siteError(trx, clientId, checked.value.site_id);
    if (bad) return { ok: false, error: 'Invalid', errors: { site_id: bad } } as const;
    const equipment = await insertEquipment(trx, { client_id: clientId, ...checked.value });
    await recordEvent(trx, actor, { clientId, subjectType: 'equipment', subjectId: equipment.id, action: 'created', detail: { label: equipment.name } });
    return { ok: true, equipment } as const;
  });
}

/** Saves a piece of equipment; archived equipment is not edited. */
export async function updateEquipment(db: Db, actor: Actor, id: number, raw: Raw<EquipmentField>): Promise<{ ok: true; equipment: Equipment } | Failure<EquipmentField>> {
  const checked = validateEquipment(raw);
  return db.transaction().execute(async (trx) => {
    const existing = await findEquipment(trx, id);
    if (!existing || existing.archived_at) return notFound;
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    // Keeping an archived site the equipment already had is allowed; moving it to another must be to an active one.
    const bad = checked.value.site_id === existing.site_id ? null : await siteError(trx, existing.client_id, checked.value.site_id);
    if (bad) return { ok: false, error: 'Invalid', errors: { site_id: bad } } as const;
    const changed = changedFields(existing, { ...existing, ...checked.value }, EQUIPMENT_COLUMNS);
    if (changed.length === 0) return { ok: true, equipment: existing } as const;
    const equipment = await updateEquipmentRow(trx, id, { ...checked.value, updated_at: nowIso() });
    await recordEvent(trx, actor, { clientId: equipment.client_id, subjectType: 'equipment', subjectId: id, action: 'updated', detail: { label: equipment.name, fields: changed } });
    return { ok: true, equipment } as const;
  });
}

/** Archives a piece of equipment (removed, replaced): gone from lists; reports that name it keep it. */
export async function archiveEquipment(db: Db, actor: Actor, id: number): Promise<{ ok: true; equipment: Equipment } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findEquipment(trx, id);
    if (!existing) return notFound;
    if (existing.archived_at) return { ok: true, equipment: existing } as const;
    const now = nowIso();
    const equipment = await updateEquipmentRow(trx, id, { archived_at: now, updated_at: now });
    await recordEvent(trx, actor, { clientId: equipment.client_id, subjectType: 'equipment', subjectId: id, action: 'archived', detail: { label: equipment.name } });
    return { ok: true, equipment } as const;
  });
}

// ---------------------------------------------------------------------------- service reports

/** A report with the equipment it is about. */
export interface ReportWithEquipment extends ListedReport { equipment: Array<NamedRef & { serial_number: string | null }> }

/** Reports per page (staff tab and portal list). */
export const REPORTS_PAGE_SIZE = 25;

/** One service report by id (archived included), or null. */
export async function getReport(db: Db, id: number): Promise<ServiceReport | null> {
  return positive(id) ? ((await findReport(db, id)) ?? null) : null;
}

/** One report with site, technician and equipment, or null. */
export async function reportDetail(db: Db, id: number): Promise<ReportWithEquipment | null> {
  if (!positive(id)) return null;
  const report = await findListedReport(db, id);
  if (!report) return null;
  const equipment = await reportEquipment(db, [id]);
  return { ...report, equipment: equipment.get(id) ?? [] };
}

/** One active report of a client with its equipment (portal: scoped to the active client), or null. */
export async function clientReportDetail(db: Db, clientId: number, id: number): Promise<ReportWithEquipment | null> {
  if (!positive(id)) return null;
  const report = await findClientReport(db, clientId, id);
  if (!report) return null;
  const equipment = await reportEquipment(db, [id]);
  return { ...report, equipment: equipment.get(id) ?? [] };
}

/** A page of a client's reports (latest visit first) with their equipment: active ones, or archived ones. */
export async function clientReportsPage(db: Db, clientId: number, opts: { archived: boolean; page: number }): Promise<{ reports: ReportWithEquipment[]; hasNext: boolean }> {
  const rows = await listReports(db, clientId, { archived: opts.archived, offset: (opts.page - 1) * REPORTS_PAGE_SIZE, limit: REPORTS_PAGE_SIZE + 1 });
  const shown = rows.slice(0, REPORTS_PAGE_SIZE);
  const equipment = await reportEquipment(db, shown.map((r) => r.id));
  return { reports: shown.map((r) => ({ ...r, equipment: equipment.get(r.id) ?? [] })), hasNext: rows.length > REPORTS_PAGE_SIZE };
}

/** What the report form offers: the client's sites and equipment, and the firm's technicians. */
export async function reportFormOptions(db: Db, clientId: number): Promise<{ sites: NamedRef[]; equipment: Array<NamedRef & { serial_number: string | null; site_name: string | null }>; technicians: NamedRef[] }> {
  const [sites, equipment, technicians] = await Promise.all([siteOptions(db, clientId), equipmentOptions(db, clientId), technicianOptions(db)]);
  return { sites, equipment, technicians };
}

async function reportErrors(trx: Trx, clientId: number, v: { site_id: number; technician_staff_id: number | null; equipment_ids: number[] }, keep: ServiceReport | null): Promise<Errors<ReportField>> {
  const errors: Errors<ReportField> = {};
  if (v.site_id !== keep?.site_id && !(await activeSiteIds(trx, clientId, [v.site_id])).has(v.site_id)) errors.site_id = 'service:errors.unknown_site';
  if (v.technician_staff_id !== null && v.technician_staff_id !== keep?.technician_staff_id && !(await isActiveStaff(trx, v.technician_staff_id))) {
    errors.technician = 'service:errors.unknown_technician';
  }
  const equipment = await activeEquipmentIds(trx, clientId, v.equipment_ids);
  if (v.equipment_ids.some((id) => !equipment.has(id))) errors.equipment_ids = 'service:errors.unknown_equipment';
  return errors;
}

function reportLabel(r: Pick<ServiceReport, 'visit_date'>): string {
  return r.visit_date;
}

/** Records a visit's report for a client. */
export async function createReport(db: Db, actor: Actor, clientId: number, input: ReportInput): Promise<{ ok: true; report: ServiceReport } | Failure<ReportField>> {
  const checked = validateReport(input);
  return db.transaction().execute(async (trx) => {
    if (!(await findClient(trx, clientId))) return notFound;
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    const { equipment_ids, ...fields } = checked.value;
    const errors = await reportErrors(trx, clientId, checked.value, null);
    if (Object.keys(errors).length) return { ok: false, error: 'Invalid', errors } as const;
    const report = await insertReport(trx, { client_id: clientId, ...fields });
    await setReportEquipment(trx, report.id, equipment_ids);
    await recordEvent(trx, actor, { clientId, subjectType: 'service_report', subjectId: report.id, action: 'created', detail: { label: reportLabel(report) } });
    return { ok: true, report } as const;
  });
}

const REPORT_COLUMNS = ['site_id', 'visit_date', 'technician_staff_id', 'technician_name', 'work_done', 'findings'] as const;

/** Saves a report; archived reports are not edited. */
export async function updateReport(db: Db, actor: Actor, id: number, input: ReportInput): Promise<{ ok: true; report: ServiceReport } | Failure<ReportField>> {
  const checked = validateReport(input);
  return db.transaction().execute(async (trx) => {
    const existing = await findReport(trx, id);
    if (!existing || existing.archived_at) return notFound;
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    const { equipment_ids, ...fields } = checked.value;
    const errors = await reportErrors(trx, existing.client_id, checked.value, existing);
    if (Object.keys(errors).length) return { ok: false, error: 'Invalid', errors } as const;
    const report = await updateReportRow(trx, id, { ...fields, updated_at: nowIso() });
    await setReportEquipment(trx, id, equipment_ids);
    const changed = changedFields(existing, report, REPORT_COLUMNS);
    await recordEvent(trx, actor, { clientId: report.client_id, subjectType: 'service_report', subjectId: id, action: 'updated', detail: { label: reportLabel(report), fields: changed } });
    return { ok: true, report } as const;
  });
}

/** Archives a report: gone from lists and the portal (with its attachments' links). */
export async function archiveReport(db: Db, actor: Actor, id: number): Promise<{ ok: true; report: ServiceReport } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findReport(trx, id);
    if (!existing) return notFound;
    if (existing.archived_at) return { ok: true, report: existing } as const;
    const now = nowIso();
    const report = await updateReportRow(trx, id, { archived_at: now, updated_at: now });
    await recordEvent(trx, actor, { clientId: report.client_id, subjectType: 'service_report', subjectId: id, action: 'archived', detail: { label: reportLabel(report) } });
    return { ok: true, report } as const;
  });
}

/** What an uploaded file can be attached to: the client's active sites, contracts and latest reports. */
export async function attachmentTargets(db: Db, clientId: number): Promise<{ sites: NamedRef[]; contracts: NamedRef[]; reports: Array<{ id: number; visit_date: string; site_name: string }> }> {
  const [sites, contracts, reports] = await Promise.all([siteOptions(db, clientId), contractOptions(db, clientId), recentReportOptions(db, clientId, 100)]);
  return { sites, contracts, reports };
}
