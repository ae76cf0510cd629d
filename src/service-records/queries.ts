// Kysely only: sites, contracts, equipment and service reports. Lists fetch their rows and
// their extras (covered sites, equipment names) in a fixed number of statements.

import type { Db, Trx } from '../db/index.js';
import type { Contract, Equipment, ServiceReport, Site } from '../db/schema-service.js';

/** Most rows a client's sites, contracts or equipment list shows (a firm's client has dozens). */
export const LIST_CAP = 500;

/** An id and a name, for selects and short lists. */
export interface NamedRef { id: number; name: string }

// ---------------------------------------------------------------------------- sites

/** One site by id (archived included). */
export async function findSite(db: Db | Trx, id: number): Promise<Site | undefined> {
  return db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A site with whether an active contract covers it today. */
export interface ListedSite extends Site { covered: number }

/** A client's sites by name; archived ones only when asked. */
export async function listSites(db: Db, clientId: number, opts: { includeArchived: boolean; today: string }): Promise<ListedSite[]> {
  let q = db
    .selectFrom('sites as s')
    .selectAll('s')
    .select((eb) =>
      eb.exists(
        eb.selectFrom('contract_sites as cs')
          .innerJoin('contracts as k', 'k.id', 'cs.contract_id')
          .select('k.id')
          .whereRef('cs.site_id', '=', 's.id')
          .where('k.status', '=', 'active')
          .where('k.archived_at', 'is', null)
          .where('k.period_end', '>=', opts.today),
      ).$castTo<number>().as('covered'),
    )
    .where('s.client_id', '=', clientId);
  if (!opts.includeArchived) q = q.where('s.archived_at', 'is', null);
  return q.orderBy('s.name').orderBy('s.id').limit(LIST_CAP).execute();
}

/** A client's active sites for selects and checkboxes, by name. */
export async function siteOptions(db: Db | Trx, clientId: number): Promise<NamedRef[]> {
  return db.selectFrom('sites').select(['id', 'name']).where('client_id', '=', clientId).where('archived_at', 'is', null).orderBy('name').orderBy('id').limit(LIST_CAP).execute();
}

/** Inserts a site. */
export async function insertSite(trx: Trx, values: Omit<Site, 'id' | 'created_at' | 'updated_at' | 'archived_at'>): Promise<Site> {
  return trx.insertInto('sites').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a site. */
export async function updateSiteRow(trx: Trx, id: number, values: Partial<Omit<Site, 'id' | 'client_id' | 'created_at'>>): Promise<Site> {
  return trx.updateTable('sites').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Which of `ids` are active sites of the client. */
export async function activeSiteIds(trx: Db | Trx, clientId: number, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await trx.selectFrom('sites').select('id').where('client_id', '=', clientId).where('archived_at', 'is', null).where('id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => r.id));
}

// ---------------------------------------------------------------------------- contracts

/** One contract by id (archived included). */
export async function findContract(db: Db | Trx, id: number): Promise<Contract | undefined> {
  return db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A client's contracts, latest period first; archived ones only when asked. */
export async function listContracts(db: Db, clientId: number, opts: { includeArchived: boolean }): Promise<Contract[]> {
  let q = db.selectFrom('contracts').selectAll().where('client_id', '=', clientId);
  if (!opts.includeArchived) q = q.where('archived_at', 'is', null);
  return q.orderBy('period_start', 'desc').orderBy('id', 'desc').limit(LIST_CAP).execute();
}

/** The sites and equipment each contract covers (two statements for any number of contracts). */
export async function contractCoverage(db: Db, contractIds: readonly number[]): Promise<Map<number, { sites: NamedRef[]; equipment: NamedRef[] }>> {
  const out = new Map<number, { sites: NamedRef[]; equipment: NamedRef[] }>();
  if (contractIds.length === 0) return out;
  for (const id of contractIds) out.set(id, { sites: [], equipment: [] });
  const ids = [...contractIds];
  const [sites, equipment] = await Promise.all([
    db.selectFrom('contract_sites as cs').innerJoin('sites as s', 's.id', 'cs.site_id')
      .select(['cs.contract_id', 's.id', 's.name']).where('cs.contract_id', 'in', ids).orderBy('s.name').orderBy('s.id').execute(),
    db.selectFrom('contract_equipment as ce').innerJoin('equipment as e', 'e.id', 'ce.equipment_id')
      .select(['ce.contract_id', 'e.id', 'e.name']).where('ce.contract_id', 'in', ids).orderBy('e.name').orderBy('e.id').execute(),
  ]);
  for (const s of sites) out.get(s.contract_id)?.sites.push({ id: s.id, name: s.name });
  for (const e of equipment) out.get(e.contract_id)?.equipment.push({ id: e.id, name: e.name });
  return out;
}

/** Inserts a contract. */
export async function insertContract(trx: Trx, values: Omit<Contract, 'id' | 'created_at' | 'updated_at' | 'archived_at' | 'cancelled_at' | 'status'>): Promise<Contract> {
  return trx.insertInto('contracts').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a contract. */
export async function updateContractRow(trx: Trx, id: number, values: Partial<Omit<Contract, 'id' | 'client_id' | 'created_at'>>): Promise<Contract> {
  return trx.updateTable('contracts').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Replaces the sites and equipment a contract covers. */
export async function setContractCoverage(trx: Trx, contractId: number, siteIds: readonly number[], equipmentIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('contract_sites').where('contract_id', '=', contractId).execute();
  await trx.deleteFrom('contract_equipment').where('contract_id', '=', contractId).execute();
  if (siteIds.length) await trx.insertInto('contract_sites').values(siteIds.map((site_id) => ({ contract_id: contractId, site_id }))).execute();
  if (equipmentIds.length) await trx.insertInto('contract_equipment').values(equipmentIds.map((equipment_id) => ({ contract_id: contractId, equipment_id }))).execute();
}

// ---------------------------------------------------------------------------- equipment

/** One piece of equipment by id (archived included). */
export async function findEquipment(db: Db | Trx, id: number): Promise<Equipment | undefined> {
  return db.selectFrom('equipment').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Equipment with its site's name and the contract covering it today (the one ending last), if any. */
export interface ListedEquipment extends Equipment {
  site_name: string | null;
  contract_id: number | null;
  contract_title: string | null;
}

/** A client's equipment by name, with coverage derived from active contracts; archived only when asked. */
export async function listEquipment(db: Db, clientId: number, opts: { includeArchived: boolean; today: string }): Promise<ListedEquipment[]> {
  const covering = (db: Db) =>
    db.selectFrom('contract_equipment as ce')
      .innerJoin('contracts as k', 'k.id', 'ce.contract_id')
      .where('k.status', '=', 'active')
      .where('k.archived_at', 'is', null)
      .where('k.period_end', '>=', opts.today)
      .orderBy('k.period_end', 'desc')
      .orderBy('k.id', 'desc')
      .limit(1);
  let q = db
    .selectFrom('equipment as e')
    .leftJoin('sites as s', 's.id', 'e.site_id')
    .selectAll('e')
    .select('s.name as site_name')
    .select((eb) => [
      covering(db).select('k.id').whereRef('ce.equipment_id', '=', eb.ref('e.id')).$asScalar().as('contract_id'),
      covering(db).select('k.title').whereRef('ce.equipment_id', '=', eb.ref('e.id')).$asScalar().as('contract_title'),
    ])
    .where('e.client_id', '=', clientId);
  if (!opts.includeArchived) q = q.where('e.archived_at', 'is', null);
  const rows = await q.orderBy('e.name').orderBy('e.id').limit(LIST_CAP).execute();
  return rows.map((r) => ({ ...r, contract_id: r.contract_id ?? null, contract_title: r.contract_title ?? null }));
}

/** A client's active equipment for checkboxes, by name (with serial and site for telling them apart). */
export async function equipmentOptions(db: Db | Trx, clientId: number): Promise<Array<NamedRef & { serial_number: string | null; site_name: string | null }>> {
  return db
    .selectFrom('equipment as e')
    .leftJoin('sites as s', 's.id', 'e.site_id')
    .select(['e.id', 'e.name', 'e.serial_number', 's.name as site_name'])
    .where('e.client_id', '=', clientId)
    .where('e.archived_at', 'is', null)
    .orderBy('e.name')
    .orderBy('e.id')
    .limit(LIST_CAP)
    .execute();
}

/** Inserts a piece of equipment. */
export async function insertEquipment(trx: Trx, values: Omit<Equipment, 'id' | 'created_at' | 'updated_at' | 'archived_at'>): Promise<Equipment> {
  return trx.insertInto('equipment').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a piece of equipment. */
export async function updateEquipmentRow(trx: Trx, id: number, values: Partial<Omit<Equipment, 'id' | 'client_id' | 'created_at'>>): Promise<Equipment> {
  return trx.updateTable('equipment').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Which of `ids` are active equipment of the client. */
export async function activeEquipmentIds(trx: Db | Trx, clientId: number, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await trx.selectFrom('equipment').select('id').where('client_id', '=', clientId).where('archived_at', 'is', null).where('id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => r.id));
}

// ---------------------------------------------------------------------------- service reports

/** One service report by id (archived included). */
export async function findReport(db: Db | Trx, id: number): Promise<ServiceReport | undefined> {
  return db.selectFrom('service_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A report with its site's name and the technician's name (staff member or typed). */
export interface ListedReport extends ServiceReport { site_name: string; technician: string }

function listedReports(db: Db) {
  return db
    .selectFrom('service_reports as r')
    .innerJoin('sites as s', 's.id', 'r.site_id')
    .leftJoin('staff_users as u', 'u.id', 'r.technician_staff_id')
    .selectAll('r')
    .select(['s.name as site_name', 'u.name as staff_name']);
}

type RawListedReport = ServiceReport & { site_name: string; staff_name: string | null };

function withTechnician(r: RawListedReport): ListedReport {
  const { staff_name, ...rest } = r;
  return { ...rest, technician: staff_name ?? r.technician_name ?? '' };
}

/** The statement behind listReports (tests read its query plan). */
export function reportsQuery(db: Db, clientId: number, opts: { archived: boolean; offset: number; limit: number }) {
  let q = listedReports(db).where('r.client_id', '=', clientId);
  q = opts.archived ? q.where('r.archived_at', 'is not', null) : q.where('r.archived_at', 'is', null);
  return q.orderBy('r.visit_date', 'desc').orderBy('r.id', 'desc').limit(opts.limit).offset(opts.offset);
}

/** A page of a client's service reports, latest visit first: the active ones, or the archived ones. */
export async function listReports(db: Db, clientId: number, opts: { archived: boolean; offset: number; limit: number }): Promise<ListedReport[]> {
  const rows = await reportsQuery(db, clientId, opts).execute();
  return rows.map(withTechnician);
}

/** One report with its site and technician names. */
export async function findListedReport(db: Db, id: number): Promise<ListedReport | undefined> {
  const row = await listedReports(db).where('r.id', '=', id).executeTakeFirst();
  return row ? withTechnician(row) : undefined;
}

/** One active report of a client (the portal's view), with its site and technician names. */
export async function findClientReport(db: Db, clientId: number, id: number): Promise<ListedReport | undefined> {
  const row = await listedReports(db).where('r.id', '=', id).where('r.client_id', '=', clientId).where('r.archived_at', 'is', null).executeTakeFirst();
  return row ? withTechnician(row) : undefined;
}

/** The equipment each report is about (one statement for a page of reports). */
export async function reportEquipment(db: Db, reportIds: readonly number[]): Promise<Map<number, Array<NamedRef & { serial_number: string | null }>>> {
  const out = new Map<number, Array<NamedRef & { serial_number: string | null }>>();
  if (reportIds.length === 0) return out;
  const rows = await db
    .selectFrom('service_report_equipment as re')
    .innerJoin('equipment as e', 'e.id', 're.equipment_id')
    .select(['re.service_report_id', 'e.id', 'e.name', 'e.serial_number'])
    .where('re.service_report_id', 'in', [...reportIds])
    .orderBy('e.name')
    .orderBy('e.id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.service_report_id) ?? [];
    list.push({ id: r.id, name: r.name, serial_number: r.serial_number });
    out.set(r.service_report_id, list);
  }
  return out;
}

/** Inserts a service report. */
export async function insertReport(trx: Trx, values: Omit<ServiceReport, 'id' | 'created_at' | 'updated_at' | 'archived_at'>): Promise<ServiceReport> {
  return trx.insertInto('service_reports').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a service report. */
export async function updateReportRow(trx: Trx, id: number, values: Partial<Omit<ServiceReport, 'id' | 'client_id' | 'created_at'>>): Promise<ServiceReport> {
  return trx.updateTable('service_reports').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Replaces the equipment a report is about. */
export async function setReportEquipment(trx: Trx, reportId: number, equipmentIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('service_report_equipment').where('service_report_id', '=', reportId).execute();
  if (equipmentIds.length) await trx.insertInto('service_report_equipment').values(equipmentIds.map((equipment_id) => ({ service_report_id: reportId, equipment_id }))).execute();
}

/** Active staff members who can be named as technicians, by name. */
export async function technicianOptions(db: Db | Trx): Promise<NamedRef[]> {
  return db.selectFrom('staff_users').select(['id', 'name']).where('disabled_at', 'is', null).orderBy('name').orderBy('id').execute();
}

/** True when `id` is an active staff member. */
export async function isActiveStaff(trx: Db | Trx, id: number): Promise<boolean> {
  return (await trx.selectFrom('staff_users').select('id').where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst()) !== undefined;
}

// ---------------------------------------------------------------------------- account health

/** True when any client has an active service record (site, contract, equipment or report). */
export async function firmUsesServiceRecords(db: Db): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom('sites').select('id').where('archived_at', 'is', null)).as('sites'),
      eb.exists(eb.selectFrom('contracts').select('id').where('archived_at', 'is', null)).as('contracts'),
      eb.exists(eb.selectFrom('equipment').select('id').where('archived_at', 'is', null)).as('equipment'),
      eb.exists(eb.selectFrom('service_reports').select('id').where('archived_at', 'is', null)).as('reports'),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(row.sites) || Boolean(row.contracts) || Boolean(row.equipment) || Boolean(row.reports);
}

/** A client's active contracts today, the distinct active sites they cover, and the latest visit. */
export async function clientServiceFigures(db: Db, clientId: number, today: string): Promise<{ activeContracts: number; sitesCovered: number; lastService: string | null }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('contracts')
        .select((x) => x.fn.countAll<number>().as('n'))
        .where('client_id', '=', clientId).where('status', '=', 'active').where('archived_at', 'is', null).where('period_end', '>=', today)
        .as('active_contracts'),
      eb.selectFrom('contract_sites as cs')
        .innerJoin('contracts as k', 'k.id', 'cs.contract_id')
        .innerJoin('sites as s', 's.id', 'cs.site_id')
        .select((x) => x.fn.count<number>('cs.site_id').distinct().as('n'))
        .where('k.client_id', '=', clientId).where('k.status', '=', 'active').where('k.archived_at', 'is', null).where('k.period_end', '>=', today)
        .where('s.archived_at', 'is', null)
        .as('sites_covered'),
      eb.selectFrom('service_reports')
        .select((x) => x.fn.max('visit_date').as('d'))
        .where('client_id', '=', clientId).where('archived_at', 'is', null)
        .as('last_service'),
    ])
    .executeTakeFirstOrThrow();
  return {
    activeContracts: Number(row.active_contracts ?? 0),
    sitesCovered: Number(row.sites_covered ?? 0),
    lastService: row.last_service ?? null,
  };
}

/** A client's latest active reports for a select (visit date and site). */
export async function recentReportOptions(db: Db, clientId: number, limit: number): Promise<Array<{ id: number; visit_date: string; site_name: string }>> {
  return db
    .selectFrom('service_reports as r')
    .innerJoin('sites as s', 's.id', 'r.site_id')
    .select(['r.id', 'r.visit_date', 's.name as site_name'])
    .where('r.client_id', '=', clientId)
    .where('r.archived_at', 'is', null)
    .orderBy('r.visit_date', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}

/** A client's active contracts for a select, latest period first. */
export async function contractOptions(db: Db, clientId: number): Promise<NamedRef[]> {
  return db.selectFrom('contracts').select(['id', 'title as name']).where('client_id', '=', clientId).where('archived_at', 'is', null)
    .orderBy('period_start', 'desc').orderBy('id', 'desc').limit(LIST_CAP).execute();
}
