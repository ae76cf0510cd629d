import { Hono, type Context } from 'hono';
import { ContractFormPage, ContractPage, ContractsPage, type ContractFormValues } from '../../views/service-records/contracts.js';
import { EditEquipmentPage, EquipmentPage } from '../../views/service-records/equipment.js';
import { ReportFormPage, ReportPage, ReportsPage, type ReportFormValues } from '../../views/service-records/reports.js';
import { EditSitePage, SitesPage } from '../../views/service-records/sites.js';
import { formFields } from '../clients/form-input.js';
import { loadClientFrame } from '../clients/frame.js';
import { parseId, parsePage } from '../clients/params.js';
import type { Contract, Equipment, ServiceReport, Site } from '../db/schema-service.js';
import { listSubjectEvents, staffActor } from '../events/service.js';
import { attachedFiles } from '../files/service.js';
import { toMajorString } from '../money/money.js';
import { today } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import type { FormBody } from '../web/forms.js';
import { formStrings } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { serviceFlash } from './flash.js';
import { oneYearEnd } from './status.js';
import {
  archiveContract, archiveEquipment, archiveReport, archiveSite, cancelContract, clientContracts, clientEquipment, clientReportsPage, clientSiteOptions,
  clientSites, contractFormOptions, contractWithCoverage, createContract, createEquipment, createReport, createSite, getEquipment, getReport,
  getSite, reportDetail, reportFormOptions, updateContract, updateEquipment, updateReport, updateSite, type NamedRef,
} from './service.js';
import {
  CONTRACT_TEXT_FIELDS, EQUIPMENT_FIELDS, REPORT_TEXT_FIELDS, SITE_FIELDS,
  type ContractField, type ContractInput, type EquipmentField, type Errors, type Raw, type ReportField, type ReportInput, type SiteField,
} from './validation.js';

type C = Context<AppEnv>;

/** The client frame of `clientId`, or null (answer 404). */
function frameOf(c: C, clientId: number) {
  return loadClientFrame(c.var.db, clientId);
}

function clientIdParam(c: C): number {
  return parseId(c.req.param('id')) ?? 0;
}

// ---------------------------------------------------------------------------- sites

function siteValues(s: Site): Raw<SiteField> {
  return { name: s.name, address_line1: s.address_line1, address_line2: s.address_line2, city: s.city, postcode: s.postcode, country: s.country, notes: s.notes };
}

async function renderSites(c: C, clientId: number, values: Raw<SiteField>, errors?: Errors<SiteField>): Promise<Response> {
  const frame = await frameOf(c, clientId);
  if (!frame) return c.notFound();
  const sites = await clientSites(c.var.db, clientId, { includeArchived: true, today: today() });
  const flash = errors ? null : serviceFlash(c.req.query('done'));
  return page(c, <SitesPage ui={c.var.ui} staff={c.var.staff} {...frame} sites={sites} values={values} errors={errors} flash={flash} />, errors ? 422 : 200);
}

// ---------------------------------------------------------------------------- contracts

function contractInput(body: FormBody): ContractInput {
  return { ...formFields(body, CONTRACT_TEXT_FIELDS), site_ids: formStrings(body, 'site_ids'), equipment_ids: formStrings(body, 'equipment_ids') };
}

function contractFormValues(k: Contract & { sites: NamedRef[]; equipment: NamedRef[] }): ContractFormValues {
  return {
    title: k.title, number: k.number, period_start: k.period_start, period_end: k.period_end, renewal_date: k.renewal_date,
    currency: k.currency, value: toMajorString(k.value, k.currency), notes: k.notes,
    site_ids: k.sites.map((s) => String(s.id)), equipment_ids: k.equipment.map((e) => String(e.id)),
  };
}

async function renderContractForm(c: C, clientId: number, contractId: number | null, values: ContractFormValues, errors?: Errors<ContractField>): Promise<Response> {
  const frame = await frameOf(c, clientId);
  if (!frame) return c.notFound();
  const options = await contractFormOptions(c.var.db, clientId);
  return page(c, <ContractFormPage ui={c.var.ui} staff={c.var.staff} {...frame} contractId={contractId} values={values} options={options} errors={errors} />, errors ? 422 : 200);
}

// ---------------------------------------------------------------------------- equipment

function equipmentValues(e: Equipment): Raw<EquipmentField> {
  return { name: e.name, site_id: e.site_id === null ? '' : String(e.site_id), model: e.model, serial_number: e.serial_number, installed_on: e.installed_on, warranty_until: e.warranty_until, notes: e.notes };
}

async function renderEquipment(c: C, clientId: number, values: Raw<EquipmentField>, errors?: Errors<EquipmentField>): Promise<Response> {
  const frame = await frameOf(c, clientId);
  if (!frame) return c.notFound();
  const [equipment, sites] = await Promise.all([clientEquipment(c.var.db, clientId, { includeArchived: true, today: today() }), clientSiteOptions(c.var.db, clientId)]);
  const flash = errors ? null : serviceFlash(c.req.query('done'));
  return page(c, <EquipmentPage ui={c.var.ui} staff={c.var.staff} {...frame} equipment={equipment} sites={sites} today={today()} values={values} errors={errors} flash={flash} />, errors ? 422 : 200);
}

async function renderEditEquipment(c: C, equipment: Equipment, values: Raw<EquipmentField>, errors?: Errors<EquipmentField>): Promise<Response> {
  const frame = await frameOf(c, equipment.client_id);
  if (!frame) return c.notFound();
  const sites = await clientSiteOptions(c.var.db, equipment.client_id);
  // An archived site the equipment still stands at stays choosable.
  const current = equipment.site_id !== null && !sites.some((s) => s.id === equipment.site_id) ? await getSite(c.var.db, equipment.site_id) : null;
  const options = current ? [...sites, { id: current.id, name: current.name }] : sites;
  return page(c, <EditEquipmentPage ui={c.var.ui} staff={c.var.staff} {...frame} equipment={equipment} sites={options} values={values} errors={errors} />, errors ? 422 : 200);
}

// ---------------------------------------------------------------------------- service reports

function reportInput(body: FormBody): ReportInput {
  return { ...formFields(body, REPORT_TEXT_FIELDS), equipment_ids: formStrings(body, 'equipment_ids') };
}

function reportFormValues(r: ServiceReport, equipment: NamedRef[]): ReportFormValues {
  return {
    site_id: String(r.site_id), visit_date: r.visit_date, technician: r.technician_staff_id === null ? '' : String(r.technician_staff_id),
    technician_name: r.technician_name, work_done: r.work_done, findings: r.findings, equipment_ids: equipment.map((e) => String(e.id)),
  };
}

async function renderReportForm(c: C, clientId: number, report: ServiceReport | null, values: ReportFormValues, errors?: Errors<ReportField>): Promise<Response> {
  const frame = await frameOf(c, clientId);
  if (!frame) return c.notFound();
  const options = await reportFormOptions(c.var.db, clientId);
  // Editing keeps the report's own site even if it was archived since.
  if (report && !options.sites.some((s) => s.id === report.site_id)) {
    const site = await getSite(c.var.db, report.site_id);
    if (site) options.sites.push({ id: site.id, name: site.name });
  }
  return page(c, <ReportFormPage ui={c.var.ui} staff={c.var.staff} {...frame} reportId={report?.id ?? null} values={values} options={options} errors={errors} />, errors ? 422 : 200);
}

/** Staff pages of sites, contracts, equipment and service reports (the client's "Service" tab). */
export const serviceRecordsRoutes = new Hono<AppEnv>()
  // Sites
  .get('/clients/:id{[0-9]+}/sites', (c) => renderSites(c, clientIdParam(c), {}))
  .post('/clients/:id{[0-9]+}/sites', async (c) => {
    const clientId = clientIdParam(c);
    const raw = formFields(await c.req.parseBody(), SITE_FIELDS);
    const result = await createSite(c.var.db, staffActor(c.var.staff), clientId, raw);
    if (result.ok) return seeOther(c, `/clients/${clientId}/sites?done=site_created`);
    return result.error === 'NotFound' ? c.notFound() : renderSites(c, clientId, raw, result.errors);
  })
  .get('/sites/:id{[0-9]+}/edit', async (c) => {
    const site = await getSite(c.var.db, parseId(c.req.param('id')) ?? 0);
    const frame = site && !site.archived_at ? await frameOf(c, site.client_id) : null;
    if (!site || !frame) return c.notFound();
    return page(c, <EditSitePage ui={c.var.ui} staff={c.var.staff} {...frame} site={site} values={siteValues(site)} />);
  })
  .post('/sites/:id{[0-9]+}', async (c) => {
    const site = await getSite(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!site || site.archived_at) return c.notFound();
    const raw = formFields(await c.req.parseBody(), SITE_FIELDS);
    const result = await updateSite(c.var.db, staffActor(c.var.staff), site.id, raw);
    if (result.ok) return seeOther(c, `/clients/${site.client_id}/sites?done=site_saved`);
    const frame = result.error === 'Invalid' ? await frameOf(c, site.client_id) : null;
    if (!frame || result.error === 'NotFound') return c.notFound();
    return page(c, <EditSitePage ui={c.var.ui} staff={c.var.staff} {...frame} site={site} values={{ ...siteValues(site), ...raw }} errors={result.errors} />, 422);
  })
  .post('/sites/:id{[0-9]+}/archive', async (c) => {
    const result = await archiveSite(c.var.db, staffActor(c.var.staff), parseId(c.req.param('id')) ?? 0);
    return result.ok ? seeOther(c, `/clients/${result.site.client_id}/sites?done=site_archived`) : c.notFound();
  })

  // Contracts
  .get('/clients/:id{[0-9]+}/contracts', async (c) => {
    const frame = await frameOf(c, clientIdParam(c));
    if (!frame) return c.notFound();
    const contracts = await clientContracts(c.var.db, frame.client.id, { includeArchived: true });
    return page(c, <ContractsPage ui={c.var.ui} staff={c.var.staff} {...frame} contracts={contracts} today={today()} flash={serviceFlash(c.req.query('done'))} />);
  })
  .get('/clients/:id{[0-9]+}/contracts/new', async (c) => {
    const frame = await frameOf(c, clientIdParam(c));
    if (!frame) return c.notFound();
    const start = today();
    return renderContractForm(c, frame.client.id, null, { currency: frame.client.currency, period_start: start, period_end: oneYearEnd(start), value: '' });
  })
  .post('/clients/:id{[0-9]+}/contracts', async (c) => {
    const clientId = clientIdParam(c);
    const input = contractInput(await c.req.parseBody({ all: true }));
    const result = await createContract(c.var.db, staffActor(c.var.staff), clientId, input);
    if (result.ok) return seeOther(c, `/contracts/${result.contract.id}?done=contract_created`);
    return result.error === 'NotFound' ? c.notFound() : renderContractForm(c, clientId, null, input, result.errors);
  })
  .get('/contracts/:id{[0-9]+}', async (c) => {
    const contract = await contractWithCoverage(c.var.db, parseId(c.req.param('id')) ?? 0);
    const frame = contract ? await frameOf(c, contract.client_id) : null;
    if (!contract || !frame) return c.notFound();
    const [files, events] = await Promise.all([
      attachedFiles(c.var.db, contract.client_id, { column: 'contract_id', id: contract.id }, { sharedOnly: false }),
      listSubjectEvents(c.var.db, 'contract', contract.id),
    ]);
    return page(c, <ContractPage ui={c.var.ui} staff={c.var.staff} {...frame} contract={contract} files={files} events={events} today={today()} flash={serviceFlash(c.req.query('done'))} />);
  })
  .get('/contracts/:id{[0-9]+}/edit', async (c) => {
    const contract = await contractWithCoverage(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!contract || contract.archived_at) return c.notFound();
    return renderContractForm(c, contract.client_id, contract.id, contractFormValues(contract));
  })
  .post('/contracts/:id{[0-9]+}', async (c) => {
    const contract = await contractWithCoverage(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!contract || contract.archived_at) return c.notFound();
    const input = contractInput(await c.req.parseBody({ all: true }));
    const result = await updateContract(c.var.db, staffActor(c.var.staff), contract.id, input);
    if (result.ok) return seeOther(c, `/contracts/${contract.id}?done=contract_saved`);
    return result.error === 'NotFound' ? c.notFound() : renderContractForm(c, contract.client_id, contract.id, input, result.errors);
  })
  .post('/contracts/:id{[0-9]+}/cancel', async (c) => {
    const result = await cancelContract(c.var.db, staffActor(c.var.staff), parseId(c.req.param('id')) ?? 0);
    return result.ok ? seeOther(c, `/contracts/${result.contract.id}?done=contract_cancelled`) : c.notFound();
  })
  .post('/contracts/:id{[0-9]+}/archive', async (c) => {
    const result = await archiveContract(c.var.db, staffActor(c.var.staff), parseId(c.req.param('id')) ?? 0);
    return result.ok ? seeOther(c, `/clients/${result.contract.client_id}/contracts?done=contract_archived`) : c.notFound();
  })

  // Equipment
  .get('/clients/:id{[0-9]+}/equipment', (c) => renderEquipment(c, clientIdParam(c), {}))
  .post('/clients/:id{[0-9]+}/equipment', async (c) => {
    const clientId = clientIdParam(c);
    const raw = formFields(await c.req.parseBody(), EQUIPMENT_FIELDS);
    const result = await createEquipment(c.var.db, staffActor(c.var.staff), clientId, raw);
    if (result.ok) return seeOther(c, `/clients/${clientId}/equipment?done=equipment_created`);
    return result.error === 'NotFound' ? c.notFound() : renderEquipment(c, clientId, raw, result.errors);
  })
  .get('/equipment/:id{[0-9]+}/edit', async (c) => {
    const equipment = await getEquipment(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!equipment || equipment.archived_at) return c.notFound();
    return renderEditEquipment(c, equipment, equipmentValues(equipment));
  })
  .post('/equipment/:id{[0-9]+}', async (c) => {
    const equipment = await getEquipment(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!equipment || equipment.archived_at) return c.notFound();
    const raw = formFields(await c.req.parseBody(), EQUIPMENT_FIELDS);
    const result = await updateEquipment(c.var.db, staffActor(c.var.staff), equipment.id, raw);
    if (result.ok) return seeOther(c, `/clients/${equipment.client_id}/equipment?done=equipment_saved`);
    return result.error === 'NotFound' ? c.notFound() : renderEditEquipment(c, equipment, { ...equipmentValues(equipment), ...raw }, result.errors);
  })
  .post('/equipment/:id{[0-9]+}/archive', async (c) => {
    const result = await archiveEquipment(c.var.db, staffActor(c.var.staff), parseId(c.req.param('id')) ?? 0);
    return result.ok ? seeOther(c, `/clients/${result.equipment.client_id}/equipment?done=equipment_archived`) : c.notFound();
  })

  // Service reports
  .get('/clients/:id{[0-9]+}/service-reports', async (c) => {
    const frame = await frameOf(c, clientIdParam(c));
    if (!frame) return c.notFound();
    const archived = c.req.query('archived') === '1';
    const pageNo = parsePage(c.req.query('page'));
    const { reports, hasNext } = await clientReportsPage(c.var.db, frame.client.id, { archived, page: pageNo });
    return page(c, <ReportsPage ui={c.var.ui} staff={c.var.staff} {...frame} reports={reports} page={pageNo} hasNext={hasNext} archived={archived} flash={serviceFlash(c.req.query('done'))} />);
  })
  .get('/clients/:id{[0-9]+}/service-reports/new', (c) => renderReportForm(c, clientIdParam(c), null, { visit_date: today() }))
  .post('/clients/:id{[0-9]+}/service-reports', async (c) => {
    const clientId = clientIdParam(c);
    const input = reportInput(await c.req.parseBody({ all: true }));
    const result = await createReport(c.var.db, staffActor(c.var.staff), clientId, input);
    if (result.ok) return seeOther(c, `/service-reports/${result.report.id}?done=report_created`);
    return result.error === 'NotFound' ? c.notFound() : renderReportForm(c, clientId, null, input, result.errors);
  })
  .get('/service-reports/:id{[0-9]+}', async (c) => {
    const report = await reportDetail(c.var.db, parseId(c.req.param('id')) ?? 0);
    const frame = report ? await frameOf(c, report.client_id) : null;
    if (!report || !frame) return c.notFound();
    const [files, events] = await Promise.all([
      attachedFiles(c.var.db, report.client_id, { column: 'service_report_id', id: report.id }, { sharedOnly: false }),
      listSubjectEvents(c.var.db, 'service_report', report.id),
    ]);
    return page(c, <ReportPage ui={c.var.ui} staff={c.var.staff} {...frame} report={report} files={files} events={events} flash={serviceFlash(c.req.query('done'))} />);
  })
  .get('/service-reports/:id{[0-9]+}/edit', async (c) => {
    const report = await reportDetail(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!report || report.archived_at) return c.notFound();
    return renderReportForm(c, report.client_id, report, reportFormValues(report, report.equipment));
  })
  .post('/service-reports/:id{[0-9]+}', async (c) => {
    const report = await getReport(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!report || report.archived_at) return c.notFound();
    const input = reportInput(await c.req.parseBody({ all: true }));
    const result = await updateReport(c.var.db, staffActor(c.var.staff), report.id, input);
    if (result.ok) return seeOther(c, `/service-reports/${report.id}?done=report_saved`);
    return result.error === 'NotFound' ? c.notFound() : renderReportForm(c, report.client_id, report, input, result.errors);
  })
  .post('/service-reports/:id{[0-9]+}/archive', async (c) => {
    const result = await archiveReport(c.var.db, staffActor(c.var.staff), parseId(c.req.param('id')) ?? 0);
    return result.ok ? seeOther(c, `/clients/${result.report.client_id}/service-reports?done=report_archived`) : c.notFound();
  });
