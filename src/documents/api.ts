import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { api, apiError, notFound, pageParams, pageResult, readJson } from '../api/http.js';
import { parseId } from '../clients/params.js';
import { autoSendInvoices } from '../document-mail/service.js';
import type { DocumentKind } from '../db/schema.js';
import { staffActor } from '../events/service.js';
import type { AppEnv } from '../web/env.js';
import { apiRefusal, creditNoteJson, estimateJson, invoiceJson, readOptionalJson } from './api-json.js';
import { isStatusFilter, KIND_INFO, STATUS_FILTERS } from './kinds.js';
import {
  applyCreditNote,
  convertEstimate,
  createDocument,
  getDocument,
  issueDocument,
  listDocumentDetails,
  respondToEstimate,
  updateDraft,
  voidDocument,
  type DocumentDetail,
  type DraftPatch,
} from './service.js';

// Types only here: required fields, lengths, dates, quantities and rates are checked by the
// service, with the same rules and messages as the forms.
const optionalText = z.string({ error: 'must be a string or null' }).nullish();
const lineSchema = z.object({
  description: z.string({ error: 'must be a string' }),
  quantity: z.union([z.string(), z.number()], { error: 'must be a decimal number like 1 or 2.5' }),
  unit_price: api.money,
  tax_rate: z.union([z.string(), z.number()], { error: 'must be a percent like 24' }).nullish(),
});
/** Every editable field of any kind; a field that does not apply to a kind is ignored. */
const draftFields = {
  project_id: api.id.nullish(),
  issue_date: optionalText,
  due_date: optionalText,
  valid_until: optionalText,
  invoice_id: api.id.nullish(),
  notes: optionalText,
  lines: z.array(lineSchema, { error: 'must be a list of lines' }).optional(),
};
const flag = z.boolean({ error: 'must be true or false' }).optional();
const createSchema = z.object({ client_id: api.id, ...draftFields, lines: z.array(lineSchema, { error: 'must be a list of lines' }), finalize: flag, send: flag });
const patchSchema = z.object(draftFields);
const reasonSchema = z.object({ reason: optionalText });
const commentSchema = z.object({ comment: optionalText });
const applySchema = z.object({ invoice_id: api.id, amount: api.positiveMoney });

type PatchBody = z.output<typeof patchSchema>;

// Absent fields stay undefined (unchanged on PATCH); only these fields are ever written.
function draftPatch(b: PatchBody): DraftPatch {
  return {
    projectId: b.project_id,
    issueDate: b.issue_date,
    dueDate: b.due_date,
    validUntil: b.valid_until,
    relatedInvoiceId: b.invoice_id,
    notes: b.notes,
    lines: b.lines?.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unit_price, taxRate: l.tax_rate ?? null })),
  };
}

const JSON_OF: Record<DocumentKind, (d: DocumentDetail) => object> = { invoice: invoiceJson, estimate: estimateJson, credit_note: creditNoteJson };

/** The API routes every kind shares: create, list, get, patch, finalize/send, void. */
function kindRoutes(kind: DocumentKind): Hono<AppEnv> {
  const base = KIND_INFO[kind].path;
  const toJson = JSON_OF[kind];
  const actor = (c: Context<AppEnv>) => staffActor(c.var.apiUser, 'api');
  const show = async (c: Context<AppEnv>, id: number, status: 200 | 201 = 200) => {
    const detail = await getDocument(c.var.db, kind, id);
    return detail ? c.json(toJson(detail), status) : notFound(c);
  };
  const app = new Hono<AppEnv>();

  app.post(base, async (c) => {
    const body = await readJson(c, createSchema);
    if (!body.ok) return body.response;
    const b = body.data;
    const patch = draftPatch(b);
    const issue = kind === 'estimate' ? b.send === true : b.finalize === true;
    const result = await createDocument(
      c.var.db,
      actor(c),
      kind,
      {
        clientId: b.client_id,
        projectId: patch.projectId ?? null,
        issueDate: patch.issueDate ?? null,
        dueDate: patch.dueDate ?? null,
        validUntil: patch.validUntil ?? null,
        relatedInvoiceId: patch.relatedInvoiceId ?? null,
        notes: patch.notes ?? null,
        lines: patch.lines ?? [],
      },
      { issue, onIssued: autoSendInvoices({ publicUrl: c.var.config.publicUrl }) },
    );
    return result.ok ? show(c, result.value.id, 201) : apiRefusal(c, result);
  });

  app.get(base, async (c) => {
    const p = pageParams(c);
    if (!p.ok) return p.response;
    const clientRaw = c.req.query('client_id');
    const clientId = clientRaw ? parseId(clientRaw) : null;
    if (clientRaw && clientId === null) return apiError(c, 400, 'invalid_filter', 'client_id is not a valid id', { client_id: 'must be an id' });
    const status = c.req.query('status') || null;
    if (status !== null && !isStatusFilter(kind, status)) {
      return apiError(c, 400, 'invalid_filter', 'status is not a valid status', { status: `must be one of ${STATUS_FILTERS[kind].join(', ')}` });
    }
    const rows = await listDocumentDetails(c.var.db, { kind, clientId, status }, { afterId: p.afterId, limit: p.limit });
    return c.json(pageResult(rows, p.limit, toJson));
  });

  app.get(`${base}/:id`, async (c) => {
    const id = parseId(c.req.param('id'));
    return id === null ? notFound(c) : show(c, id);
  });

  app.patch(`${base}/:id`, async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null || !(await getDocument(c.var.db, kind, id))) return notFound(c);
    const body = await readJson(c, patchSchema);
    if (!body.ok) return body.response;
    const result = await updateDraft(c.var.db, actor(c), kind, id, draftPatch(body.data));
    return result.ok ? show(c, id) : apiRefusal(c, result);
  });

  app.post(`${base}/:id/${KIND_INFO[kind].issueAction}`, async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const result = await issueDocument(c.var.db, actor(c), kind, id, { onIssued: autoSendInvoices({ publicUrl: c.var.config.publicUrl }) });
    return result.ok ? show(c, id) : apiRefusal(c, result);
  });

  app.post(`${base}/:id/void`, async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const body = await readOptionalJson(c, reasonSchema);
    if (!body.ok) return body.response;
    const result = await voidDocument(c.var.db, actor(c), kind, id, body.data.reason ?? null);
    return result.ok ? show(c, id) : apiRefusal(c, result);
  });

  return app;
}

const estimateActions = new Hono<AppEnv>()
  .post('/estimates/:id/convert', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const result = await convertEstimate(c.var.db, staffActor(c.var.apiUser, 'api'), id);
    if (!result.ok) return apiRefusal(c, result);
    const invoice = await getDocument(c.var.db, 'invoice', result.value.invoiceId);
    return invoice ? c.json(invoiceJson(invoice), 201) : notFound(c);
  })
  .post('/estimates/:id/:response{accept|reject}', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return notFound(c);
    const body = await readOptionalJson(c, commentSchema);
    if (!body.ok) return body.response;
    const response = c.req.param('response') === 'accept' ? 'accepted' : 'rejected';
    const result = await respondToEstimate(c.var.db, staffActor(c.var.apiUser, 'api'), id, response, { comment: body.data.comment ?? null });
    if (!result.ok) return apiRefusal(c, result);
    const estimate = await getDocument(c.var.db, 'estimate', id);
    return estimate ? c.json(estimateJson(estimate)) : notFound(c);
  });

const creditNoteActions = new Hono<AppEnv>().post('/credit-notes/:id/apply', async (c) => {
  const id = parseId(c.req.param('id'));
  if (id === null) return notFound(c);
  const body = await readJson(c, applySchema);
  if (!body.ok) return body.response;
  const result = await applyCreditNote(c.var.db, staffActor(c.var.apiUser, 'api'), id, { invoiceId: body.data.invoice_id, amount: body.data.amount });
  if (!result.ok) return apiRefusal(c, result);
  const creditNote = await getDocument(c.var.db, 'credit_note', id);
  return creditNote ? c.json(creditNoteJson(creditNote)) : notFound(c);
});

/** JSON API v1 for invoices, estimates and credit notes (API.md). */
export const documentsApi = new Hono<AppEnv>()
  .route('/', kindRoutes('invoice'))
  .route('/', kindRoutes('estimate'))
  .route('/', kindRoutes('credit_note'))
  .route('/', estimateActions)
  .route('/', creditNoteActions);
