import { Hono, type Context } from 'hono';
import { PortalContractsPage, PortalDocumentsPage, PortalEquipmentPage, PortalReportPage, PortalReportsPage } from '../../views/portal/service/service-pages.js';
import { parseId, parsePage } from '../clients/params.js';
import { serveFile } from '../files/serve.js';
import { attachedFiles, recordFileDownload, sharedFile, sharedFilesPage, sharedReportFileCounts } from '../files/service.js';
import { mayView, type VisibilityKey } from '../portal-access/visibility.js';
import { clientContracts, clientEquipment, clientReportDetail, clientReportsPage } from '../service-records/service.js';
import { today } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import { page } from '../web/html.js';
import type { FileRow } from '../db/schema-service.js';

type C = Context<AppEnv>;

/** May the member see this entry type? (Hidden types answer 404 on every URL.) */
const sees = (c: C, key: VisibilityKey) => mayView(c.var.portal.access, c.var.portal.settings, key);

/** Sends a shared file to the member, recording the download (not in a staff preview). */
async function download(c: C, file: FileRow): Promise<Response> {
  const p = c.var.portal;
  await recordFileDownload(c.var.db, { userId: p.user.id, name: p.user.name, preview: p.preview !== null }, file);
  return serveFile(c, file);
}

/**
 * Service records and shared documents in the portal, read-only: contracts, equipment,
 * service reports (with their shared attachments) and documents. Every query names the active
 * client; another client's id answers the same 404 as a missing one.
 */
export const portalServiceRoutes = new Hono<AppEnv>()
  .get('/contracts', async (c) => {
    if (!sees(c, 'contracts')) return c.notFound();
    const p = c.var.portal;
    const contracts = await clientContracts(c.var.db, p.client.id, { includeArchived: false });
    return page(c, <PortalContractsPage ui={c.var.ui} portal={p} contracts={contracts} showValue={p.access.permissions.view_finances} today={today()} />);
  })
  .get('/equipment', async (c) => {
    if (!sees(c, 'equipment')) return c.notFound();
    const equipment = await clientEquipment(c.var.db, c.var.portal.client.id, { includeArchived: false, today: today() });
    return page(c, <PortalEquipmentPage ui={c.var.ui} portal={c.var.portal} equipment={equipment} today={today()} />);
  })
  .get('/service-reports', async (c) => {
    if (!sees(c, 'service_reports')) return c.notFound();
    const clientId = c.var.portal.client.id;
    const pageNo = parsePage(c.req.query('page'));
    const { reports, hasNext } = await clientReportsPage(c.var.db, clientId, { archived: false, page: pageNo });
    const attachments = await sharedReportFileCounts(c.var.db, clientId, reports.map((r) => r.id));
    return page(c, <PortalReportsPage ui={c.var.ui} portal={c.var.portal} reports={reports} attachments={attachments} page={pageNo} hasNext={hasNext} />);
  })
  .get('/service-reports/:id{[0-9]+}', async (c) => {
    if (!sees(c, 'service_reports')) return c.notFound();
    const clientId = c.var.portal.client.id;
    const report = await clientReportDetail(c.var.db, clientId, parseId(c.req.param('id')) ?? 0);
    if (!report) return c.notFound();
    const files = await attachedFiles(c.var.db, clientId, { column: 'service_report_id', id: report.id }, { sharedOnly: true });
    return page(c, <PortalReportPage ui={c.var.ui} portal={c.var.portal} report={report} files={files} />);
  })
  .get('/service-reports/:id{[0-9]+}/files/:fileId{[0-9]+}', async (c) => {
    if (!sees(c, 'service_reports')) return c.notFound();
    const clientId = c.var.portal.client.id;
    const report = await clientReportDetail(c.var.db, clientId, parseId(c.req.param('id')) ?? 0);
    const file = report ? await sharedFile(c.var.db, clientId, parseId(c.req.param('fileId')) ?? 0) : null;
    if (!report || !file || file.service_report_id !== report.id) return c.notFound();
    return download(c, file);
  })
  .get('/documents', async (c) => {
    if (!sees(c, 'documents')) return c.notFound();
    const pageNo = parsePage(c.req.query('page'));
    const { files, hasNext } = await sharedFilesPage(c.var.db, c.var.portal.client.id, pageNo);
    return page(c, <PortalDocumentsPage ui={c.var.ui} portal={c.var.portal} files={files} page={pageNo} hasNext={hasNext} />);
  })
  .get('/documents/:id{[0-9]+}', async (c) => {
    if (!sees(c, 'documents')) return c.notFound();
    const file = await sharedFile(c.var.db, c.var.portal.client.id, parseId(c.req.param('id')) ?? 0);
    return file ? download(c, file) : c.notFound();
  });
