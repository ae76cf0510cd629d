import { Hono, type Context } from 'hono';
import { FilesTab, type UploadTargets } from '../../views/files/files.js';
import { loadClientFrame } from '../clients/frame.js';
import { parseId, parsePage } from '../clients/params.js';
import type { FileRow } from '../db/schema-service.js';
import { staffActor } from '../events/service.js';
import { projectOptions } from '../projects/service.js';
import { serviceFlash } from '../service-records/flash.js';
import { attachmentTargets } from '../service-records/service.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { MAX_UPLOAD_BYTES } from './limits.js';
import { receiveUploadForm, UPLOAD_FORM_LIMITS } from './multipart.js';
import { serveFile } from './serve.js';
import { archiveFile, clientFilesPage, getFile, setFileShared, uploadFromForm, type UploadField, type UploadValues } from './service.js';
import { sweepStaleUploads } from './storage.js';

type C = Context<AppEnv>;

/** Room for the form's other fields and multipart headers around the file. */
const FORM_OVERHEAD = 64 * 1024;

/** What the upload form's selects offer for a client. */
async function uploadTargets(c: C, clientId: number): Promise<UploadTargets> {
  const [projects, other] = await Promise.all([projectOptions(c.var.db, clientId), attachmentTargets(c.var.db, clientId)]);
  return {
    projects,
    contracts: other.contracts,
    sites: other.sites,
    reports: other.reports.map((r) => ({ id: r.id, name: `${c.var.ui.date(r.visit_date)} · ${r.site_name}` })),
  };
}

/** The Documents tab, with the upload form's errors when there are some (422, or 413 for a file over the limit). */
async function renderFiles(
  c: C,
  clientId: number,
  form?: { values: UploadValues; errors: Partial<Record<UploadField, string>>; message?: string; status: 413 | 422 },
): Promise<Response> {
  const frame = await loadClientFrame(c.var.db, clientId);
  if (!frame) return c.notFound();
  const archived = !form && c.req.query('archived') === '1';
  const pageNo = form ? 1 : parsePage(c.req.query('page'));
  const [{ files, hasNext }, targets] = await Promise.all([clientFilesPage(c.var.db, clientId, { archived, page: pageNo }), uploadTargets(c, clientId)]);
  const flash = form ? null : serviceFlash(c.req.query('done'));
  return page(
    c,
    <FilesTab ui={c.var.ui} staff={c.var.staff} {...frame} files={files} page={pageNo} hasNext={hasNext} archived={archived} targets={targets}
      values={form?.values} errors={form?.errors} message={form?.message} flash={flash} />,
    form?.status ?? 200,
  );
}

function tooLarge(c: C, clientId: number): Promise<Response> {
  return renderFiles(c, clientId, { values: {}, errors: { file: 'files:errors.too_large' }, message: 'files:errors.too_large_summary', status: 413 });
}

/** Where to go back to after an action on a file: the record page it came from, or the Documents tab. */
function backTo(file: FileRow, returnTo: string, done: string): string {
  if (returnTo === 'contract' && file.contract_id) return `/contracts/${file.contract_id}?done=${done}`;
  if (returnTo === 'report' && file.service_report_id) return `/service-reports/${file.service_report_id}?done=${done}`;
  return `/clients/${file.client_id}/files?done=${done}`;
}

/** Staff pages of a client's documents (uploaded files): the tab, upload, download, share, archive. */
export const filesRoutes = new Hono<AppEnv>()
  .get('/clients/:id{[0-9]+}/files', (c) => renderFiles(c, parseId(c.req.param('id')) ?? 0))
  // Exempt from the app's body limit and form parsing (isUploadRequest): the body streams to disk here.
  .post('/clients/:id{[0-9]+}/files', async (c) => {
    const clientId = parseId(c.req.param('id')) ?? 0;
    if (!(await loadClientFrame(c.var.db, clientId))) return c.notFound();
    const dataDir = c.var.config.dataDir;
    await sweepStaleUploads(dataDir);
    const declared = Number(c.req.header('Content-Length') ?? NaN);
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES + FORM_OVERHEAD) return tooLarge(c, clientId);
    const received = await receiveUploadForm(c.req.raw.body, c.req.header('Content-Type'), {
      dataDir,
      fileField: 'file',
      limits: { ...UPLOAD_FORM_LIMITS, maxFileBytes: MAX_UPLOAD_BYTES },
    });
    if (!received.ok) return received.error === 'TooLarge' ? tooLarge(c, clientId) : c.text(c.var.ui.t('common:errors.bad_form'), 400);
    const result = await uploadFromForm(c.var.db, staffActor(c.var.staff), { dataDir, clientId, form: received.form });
    if (result.ok) return seeOther(c, backTo(result.file, (received.form.fields.return_to ?? []).at(-1) ?? '', 'file_uploaded'));
    if (result.error === 'NotFound') return c.notFound();
    const status = result.errors.file === 'files:errors.too_large' ? 413 : 422;
    return renderFiles(c, clientId, { values: result.values, errors: result.errors, status });
  })
  .get('/files/:id{[0-9]+}', async (c) => {
    const file = await getFile(c.var.db, parseId(c.req.param('id')) ?? 0);
    return file ? serveFile(c, file) : c.notFound();
  })
  .post('/files/:id{[0-9]+}/share', async (c) => {
    const body = await c.req.parseBody();
    const shared = formString(body, 'shared');
    if (shared !== '0' && shared !== '1') return c.text(c.var.ui.t('common:errors.bad_form'), 400);
    const result = await setFileShared(c.var.db, staffActor(c.var.staff), parseId(c.req.param('id')) ?? 0, shared === '1');
    if (!result.ok) return c.notFound();
    return seeOther(c, backTo(result.file, formString(body, 'return_to'), shared === '1' ? 'file_shared' : 'file_unshared'));
  })
  .post('/files/:id{[0-9]+}/archive', async (c) => {
    const body = await c.req.parseBody();
    const result = await archiveFile(c.var.db, staffActor(c.var.staff), parseId(c.req.param('id')) ?? 0);
    if (!result.ok) return c.notFound();
    return seeOther(c, backTo(result.file, formString(body, 'return_to'), 'file_archived'));
  });
