import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PortalNewTicketPage, PortalNotAllowedPage, PortalTicketPage, PortalTicketsPage, type NewTicketValues } from '../../views/portal/tickets/pages.js';
import type { FieldErrors } from '../../views/components/form.js';
import { parseId, parsePage } from '../clients/params.js';
import { mayAct, mayView } from '../portal-access/visibility.js';
import { isTicketType, type TicketType } from '../tickets/rules.js';
import { clientHasTicket, clientTickets, disputeInvoiceChoices, placeChoices, portalTicketFile, portalTicketPage, raiseTicket, replyAsClient } from '../tickets/service.js';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_MB } from '../files/limits.js';
import { multipartBoundary, receiveUploadForm, UPLOAD_FORM_LIMITS } from '../files/multipart.js';
import { serveFile } from '../files/serve.js';
import { removeQuietly, sweepStaleUploads, type StagedFile } from '../files/storage.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import type { PortalView } from './context.js';

// Requests in the portal. Hidden `tickets` → 404 on every URL; no "raise tickets" permission →
// 403 on the actions (and no forms); a staff preview sees the pages with every control disabled.

function visible(p: PortalView): boolean {
  return mayView(p.access, p.settings, 'tickets');
}

function mayRaise(p: PortalView): boolean {
  return mayAct(p.access, p.settings, 'raise_tickets');
}

/** The signed-in member behind a request; null in a staff preview (read-only). */
function member(p: PortalView): { portalUserId: number; name: string } | null {
  return p.preview || p.user.id === null ? null : { portalUserId: p.user.id, name: p.user.name };
}

function forbidden(c: Context<AppEnv>, message: string) {
  const p = c.var.portal;
  return page(c, <PortalNotAllowedPage ui={c.var.ui} portal={p} section="tickets" message={message} back={`${p.base}/tickets`} />, 403);
}

async function newTicketForm(c: Context<AppEnv>, type: TicketType, values: NewTicketValues, errors?: FieldErrors, status: 200 | 413 | 422 = errors ? 422 : 200) {
  const p = c.var.portal;
  const invoices = type === 'dispute' && mayView(p.access, p.settings, 'invoices') ? await disputeInvoiceChoices(c.var.db, p.client.id) : null;
  const places = await placeChoices(c.var.db, p.client.id, placesVisible(p));
  return page(c, <PortalNewTicketPage ui={c.var.ui} portal={p} type={type} invoices={invoices} places={places} values={values} errors={errors} maxUploadMb={MAX_UPLOAD_MB} />, status);
}

// Sites show wherever the client sees its service records; equipment with the equipment list.
function placesVisible(p: PortalView): { sites: boolean; equipment: boolean } {
  const equipment = mayView(p.access, p.settings, 'equipment');
  return { equipment, sites: equipment || mayView(p.access, p.settings, 'contracts') || mayView(p.access, p.settings, 'service_reports') };
}

const EMPTY: NewTicketValues = { subject: '', description: '', invoice_id: '', site_id: '', equipment_id: '' };
// Room for the text fields around a file at its size limit.
const FORM_OVERHEAD = 64 * 1024;
const formLimit = bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.text(c.var.ui.t('common:errors.too_large'), 413) });

/**
 * The raise form is an upload route (src/files/limits.ts): the app's body limit and form parsing
 * skip it. A multipart body is streamed by receiveUploadForm (file limit); any other body gets
 * the usual 1 MB limit here.
 */
function limitUnlessMultipart(): MiddlewareHandler<AppEnv> {
  return async function limitUnlessMultipartMiddleware(c, next) {
    if (multipartBoundary(c.req.header('Content-Type'))) return next();
    return formLimit(c, next);
  };
}

/** The raise form's fields and file, from a multipart body (with a file) or a plain form. */
async function readRaiseForm(c: Context<AppEnv>): Promise<{ ok: true; fields: Record<string, string>; file: StagedFile | null } | { ok: false; status: 400 | 413 }> {
  const names = ['type', 'subject', 'description', 'invoice_id', 'site_id', 'equipment_id'] as const;
  if (multipartBoundary(c.req.header('Content-Type'))) {
    const dataDir = c.var.config.dataDir;
    await sweepStaleUploads(dataDir);
    const declared = Number(c.req.header('Content-Length') ?? NaN);
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES + FORM_OVERHEAD) return { ok: false, status: 413 };
    const received = await receiveUploadForm(c.req.raw.body, c.req.header('Content-Type'), { dataDir, fileField: 'file', limits: { ...UPLOAD_FORM_LIMITS, maxFileBytes: MAX_UPLOAD_BYTES } });
    if (!received.ok) return { ok: false, status: received.error === 'TooLarge' ? 413 : 400 };
    const fields = Object.fromEntries(names.map((n) => [n, received.form.fields[n]?.[0] ?? '']));
    // A file input left empty still sends an empty part: no bytes and no name is no file.
    const file = received.form.file && (received.form.file.size > 0 || received.form.file.name !== '') ? received.form.file : null;
    if (received.form.file && !file) await removeQuietly(received.form.file.path);
    return { ok: true, fields, file };
  }
  try {
    const body = await c.req.parseBody();
    return { ok: true, fields: Object.fromEntries(names.map((n) => [n, formString(body, n)])), file: null };
  } catch {
    return { ok: false, status: 400 };
  }
}

async function ticketPage(c: Context<AppEnv>, id: number, form: { body: string; errors?: FieldErrors; message?: string }, status: 200 | 409 | 422 = 200) {
  const p = c.var.portal;
  const data = await portalTicketPage(c.var.db, p.client.id, id);
  if (!data) return c.notFound();
  const flash = status === 200 && c.req.query('done') === 'sent' ? { kind: 'success' as const, key: 'tickets:flash.sent' } : status === 200 && c.req.query('done') === 'raised' ? { kind: 'success' as const, key: 'tickets:flash.raised' } : null;
  return page(c, (
    <PortalTicketPage ui={c.var.ui} portal={p} ticket={data.ticket} updates={data.updates} files={data.files} mayReply={mayRaise(p)} showInvoiceLink={mayView(p.access, p.settings, 'invoices')}
      body={form.body} errors={form.errors} message={form.message ?? null} flash={flash} />
  ), status);
}

/** <base>/tickets…: the client's requests, raising one, a request's page and the member's reply. */
export const portalTicketRoutes = new Hono<AppEnv>()
  .get('/tickets', async (c) => {
    const p = c.var.portal;
    if (!visible(p)) return c.notFound();
    const pageNo = parsePage(c.req.query('page'));
    const { rows, hasNext } = await clientTickets(c.var.db, p.client.id, pageNo);
    return page(c, <PortalTicketsPage ui={c.var.ui} portal={p} rows={rows} page={pageNo} hasNext={hasNext} mayRaise={mayRaise(p)} />);
  })
  .get('/tickets/new', (c) => {
    const p = c.var.portal;
    if (!visible(p)) return c.notFound();
    if (!mayRaise(p)) return forbidden(c, 'tickets:portal.no_permission');
    const raw = c.req.query('type') ?? '';
    return newTicketForm(c, isTicketType(raw) ? raw : 'general', EMPTY);
  })
  .post('/tickets', limitUnlessMultipart(), async (c) => {
    const p = c.var.portal;
    if (!visible(p)) return c.notFound();
    if (!mayRaise(p)) return forbidden(c, 'tickets:portal.no_permission');
    const who = member(p);
    if (!who) return c.text(c.var.ui.t('portal:preview.read_only'), 403);
    const form = await readRaiseForm(c);
    if (!form.ok) {
      if (form.status === 400) return c.text(c.var.ui.t('common:errors.bad_form'), 400);
      return newTicketForm(c, 'general', EMPTY, { file: 'files:errors.too_large' }, 413);
    }
    const f = form.fields;
    // Only what this member may see can be named: other values are dropped, never trusted.
    const places = placesVisible(p);
    const raw = {
      type: f.type ?? '',
      subject: f.subject ?? '',
      description: f.description ?? '',
      invoice_id: mayView(p.access, p.settings, 'invoices') ? f.invoice_id ?? '' : '',
      site_id: places.sites ? f.site_id ?? '' : '',
      equipment_id: places.equipment ? f.equipment_id ?? '' : '',
    };
    const upload = form.file ? { file: form.file, dataDir: c.var.config.dataDir } : null;
    const result = await raiseTicket(c.var.db, p.client.id, who, raw, { publicUrl: c.var.config.publicUrl }, upload);
    if (result.ok) return seeOther(c, `${p.base}/tickets/${result.id}?done=raised`);
    const errors = 'errors' in result ? result.errors : {};
    return newTicketForm(c, isTicketType(raw.type) ? raw.type : 'general', raw, { ...errors }, result.error === 'TooLarge' ? 413 : 422);
  })
  .get('/tickets/:id{[0-9]+}/files/:fileId{[0-9]+}', async (c) => {
    const p = c.var.portal;
    if (!visible(p)) return c.notFound();
    const file = await portalTicketFile(c.var.db, p.client.id, parseId(c.req.param('id')) ?? 0, parseId(c.req.param('fileId')) ?? 0);
    return file ? serveFile(c, file) : c.notFound();
  })
  .get('/tickets/:id{[0-9]+}', (c) => {
    if (!visible(c.var.portal)) return c.notFound();
    return ticketPage(c, parseId(c.req.param('id')) ?? 0, { body: '' });
  })
  .post('/tickets/:id{[0-9]+}/reply', async (c) => {
    const p = c.var.portal;
    if (!visible(p)) return c.notFound();
    const id = parseId(c.req.param('id')) ?? 0;
    if (!(await clientHasTicket(c.var.db, p.client.id, id))) return c.notFound();
    if (!mayRaise(p)) return forbidden(c, 'tickets:portal.no_permission');
    const who = member(p);
    if (!who) return c.text(c.var.ui.t('portal:preview.read_only'), 403);
    const body = formString(await c.req.parseBody(), 'body');
    const result = await replyAsClient(c.var.db, p.client.id, id, who, body, { publicUrl: c.var.config.publicUrl });
    if (result.ok) return seeOther(c, `${p.base}/tickets/${id}?done=sent`);
    if (result.error === 'NotFound') return c.notFound();
    if (result.error === 'Closed') return ticketPage(c, id, { body, message: 'tickets:errors.closed' }, 409);
    return ticketPage(c, id, { body, errors: result.error === 'Invalid' ? result.errors : {} }, 422);
  });
