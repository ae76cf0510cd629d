import { Hono, type Context } from 'hono';
import { ClientDocumentsTab, DOCUMENT_RESULTS_ID, DocumentResults, DocumentsPage } from '../../views/documents/document-list.js';
import { ChooseClientPage, DocumentFormPage } from '../../views/documents/document-form.js';
import { DocumentPage } from '../../views/documents/document-page.js';
import type { FlashMessage } from '../../views/components/flash.js';
import type { FieldErrors } from '../../views/components/form.js';
import { loadClientFrame } from '../clients/frame.js';
import { autoSendInvoices, documentMailPanel } from '../document-mail/service.js';
import { parseId } from '../clients/params.js';
import { clientOptions, getClient } from '../clients/service.js';
import type { Client, DocumentKind } from '../db/schema.js';
import { staffActor } from '../events/service.js';
import { today } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import { formString, type FormBody } from '../web/forms.js';
import { fragment, isHtmx, page, seeOther } from '../web/html.js';
import { doneFlash, refusalFlash, refusalStatus, type DoneCode } from './flash.js';
import { blankRow, documentFormValues, formToFields, newFormValues, readDocumentForm, type DocumentFormValues } from './form.js';
import { KIND_INFO } from './kinds.js';
import { listRange, parseListQuery } from './list-query.js';
import {
  applyCreditNote,
  convertEstimate,
  createDocument,
  documentFormOptions,
  getDocument,
  issueDocument,
  listDocumentsForStaff,
  loadDocumentPage,
  respondToEstimate,
  updateDraft,
  voidDocument,
  type DocumentResult,
} from './service.js';

/** Rows per page on document lists. */
const PAGE_SIZE = 25;

type C = Context<AppEnv>;

const idOf = (c: C): number => parseId(c.req.param('id')) ?? 0;

/** Renders a document's page (also after a refused action, with its message and 4xx status). */
async function showDocument(c: C, kind: DocumentKind, id: number, flash: FlashMessage | null, status: 200 | 409 | 422 = 200) {
  const data = await loadDocumentPage(c.var.db, kind, id);
  if (!data) return c.notFound();
  const mail = await documentMailPanel(c.var.db, kind, id, data.detail.doc.status);
  return page(c, <DocumentPage ui={c.var.ui} staff={c.var.staff} kind={kind} data={data} flash={flash} mail={mail} />, status);
}

/** POST → 303 → GET on success; the document page with the reason (409/422) or 404 when refused. */
async function afterAction(c: C, kind: DocumentKind, id: number, result: DocumentResult<unknown>, done: DoneCode, to?: string) {
  if (result.ok) return seeOther(c, `${to ?? `${KIND_INFO[kind].path}/${id}`}?done=${done}`);
  const status = refusalStatus(result);
  return status === 404 ? c.notFound() : showDocument(c, kind, id, refusalFlash(result), status);
}

/** Renders the draft form for a client (new or edit): as stored, as typed (+ one row for "Add line"), or with errors (422). */
async function showForm(c: C, kind: DocumentKind, client: Client, docId: number | null, typed: DocumentFormValues | null, opts: { errors?: FieldErrors; addRow?: boolean } = {}) {
  const options = await documentFormOptions(c.var.db, kind, client.id);
  let values = typed;
  if (!values && docId) {
    const detail = await getDocument(c.var.db, kind, docId);
    if (!detail) return c.notFound();
    values = documentFormValues(detail.doc, detail.lines, options.defaultTaxRate);
  }
  values ??= newFormValues(client.id, today(), options.defaultTaxRate, parseId(c.req.query('invoice_id')));
  if (opts.addRow) values = { ...values, lines: [...values.lines, blankRow(options.defaultTaxRate)] };
  const form = <DocumentFormPage ui={c.var.ui} staff={c.var.staff} kind={kind} client={client} docId={docId} values={values} options={options} errors={opts.errors} />;
  return page(c, form, opts.errors ? 422 : 200);
}

/** Handles a submitted draft form: "Add line" re-renders with one more row; otherwise save, or show the errors. */
async function submitForm(c: C, kind: DocumentKind, client: Client, docId: number | null, body: FormBody) {
  const values = readDocumentForm(body);
  if (formString(body, 'add_line')) return showForm(c, kind, client, docId, values, { addRow: true });
  const actor = staffActor(c.var.staff);
  const result = docId
    ? await updateDraft(c.var.db, actor, kind, docId, formToFields(values))
    : await createDocument(c.var.db, actor, kind, { clientId: client.id, ...formToFields(values) });
  if (result.ok) return seeOther(c, `${KIND_INFO[kind].path}/${result.value.id}?done=${docId ? 'saved' : 'created'}`);
  if (result.error === 'Invalid') return showForm(c, kind, client, docId, values, { errors: result.fields ?? {} });
  return afterAction(c, kind, docId ?? 0, result, 'saved');
}

/** The staff pages every kind shares: list, new, create, show, edit, update, finalize/send, void. */
function kindPages(kind: DocumentKind): Hono<AppEnv> {
  const info = KIND_INFO[kind];
  const base = info.path;
  return new Hono<AppEnv>()
    .get(base, async (c) => {
      const query = parseListQuery(kind, (n) => c.req.query(n));
      const { rows, hasNext } = await listDocumentsForStaff(c.var.db, { kind, status: query.status || null, q: query.q, ...listRange(query, today()) }, query.page, PAGE_SIZE);
      const props = { ui: c.var.ui, kind, rows, query, hasNext, base, showClient: true };
      if (isHtmx(c) && c.req.header('HX-Target') === DOCUMENT_RESULTS_ID) return fragment(c, <DocumentResults {...props} />);
      return page(c, <DocumentsPage {...props} staff={c.var.staff} />);
    })
    .get(`${base}/new`, async (c) => {
      const clientId = parseId(c.req.query('client_id'));
      const client = clientId ? await getClient(c.var.db, clientId) : null;
      if (client) return showForm(c, kind, client, null, null);
      const error = c.req.query('client_id') ? 'validation:unknown_client' : null;
      return page(c, <ChooseClientPage ui={c.var.ui} staff={c.var.staff} kind={kind} clients={await clientOptions(c.var.db)} error={error} />, error ? 422 : 200);
    })
    .post(base, async (c) => {
      const body = await c.req.parseBody();
      const clientId = parseId(formString(body, 'client_id'));
      const client = clientId ? await getClient(c.var.db, clientId) : null;
      if (!client) return page(c, <ChooseClientPage ui={c.var.ui} staff={c.var.staff} kind={kind} clients={await clientOptions(c.var.db)} error="validation:unknown_client" />, 422);
      return submitForm(c, kind, client, null, body);
    })
    .get(`${base}/:id{[0-9]+}`, async (c) => showDocument(c, kind, idOf(c), doneFlash(c.req.query('done'))))
    .get(`${base}/:id{[0-9]+}/edit`, async (c) => {
      const detail = await getDocument(c.var.db, kind, idOf(c));
      const client = detail ? await getClient(c.var.db, detail.doc.client_id) : null;
      if (!detail || !client) return c.notFound();
      if (detail.doc.status !== 'draft') return showDocument(c, kind, detail.doc.id, refusalFlash({ error: 'NotDraft' }), 409);
      return showForm(c, kind, client, detail.doc.id, null);
    })
    .post(`${base}/:id{[0-9]+}`, async (c) => {
      const detail = await getDocument(c.var.db, kind, idOf(c));
      const client = detail ? await getClient(c.var.db, detail.doc.client_id) : null;
      if (!detail || !client) return c.notFound();
      return submitForm(c, kind, client, detail.doc.id, await c.req.parseBody());
    })
    .post(`${base}/:id{[0-9]+}/${info.issueAction}`, async (c) => {
      const result = await issueDocument(c.var.db, staffActor(c.var.staff), kind, idOf(c), { onIssued: autoSendInvoices({ publicUrl: c.var.config.publicUrl }) });
      return afterAction(c, kind, idOf(c), result, info.issueAction === 'send' ? 'sent' : 'finalized');
    })
    .post(`${base}/:id{[0-9]+}/void`, async (c) => {
      const reason = formString(await c.req.parseBody(), 'reason');
      const result = await voidDocument(c.var.db, staffActor(c.var.staff), kind, idOf(c), reason);
      return afterAction(c, kind, idOf(c), result, 'voided');
    })
    .get(`/clients/:id{[0-9]+}${base}`, async (c) => {
      const frame = await loadClientFrame(c.var.db, idOf(c));
      if (!frame) return c.notFound();
      const query = parseListQuery(kind, (n) => c.req.query(n));
      const tabBase = `/clients/${frame.client.id}${base}`;
      const filter = { kind, clientId: frame.client.id, status: query.status || null, ...listRange(query, today()) };
      const { rows, hasNext } = await listDocumentsForStaff(c.var.db, filter, query.page, PAGE_SIZE);
      const props = { ui: c.var.ui, kind, rows, query: { ...query, q: '' }, hasNext, base: tabBase, showClient: false };
      if (isHtmx(c) && c.req.header('HX-Target') === DOCUMENT_RESULTS_ID) return fragment(c, <DocumentResults {...props} />);
      return page(c, <ClientDocumentsTab {...props} staff={c.var.staff} {...frame} />);
    });
}

/** Estimate actions: mark accepted or rejected (with a comment), convert to an invoice. */
const estimatePages = new Hono<AppEnv>()
  .post('/estimates/:id{[0-9]+}/:response{accept|reject}', async (c) => {
    const response = c.req.param('response') === 'accept' ? 'accepted' : 'rejected';
    const comment = formString(await c.req.parseBody(), 'comment');
    const result = await respondToEstimate(c.var.db, staffActor(c.var.staff), idOf(c), response, { comment });
    return afterAction(c, 'estimate', idOf(c), result, response);
  })
  .post('/estimates/:id{[0-9]+}/convert', async (c) => {
    const result = await convertEstimate(c.var.db, staffActor(c.var.staff), idOf(c));
    return afterAction(c, 'estimate', idOf(c), result, 'converted', result.ok ? `/invoices/${result.value.invoiceId}` : undefined);
  });

/** Applying a credit note, from its own page or from an invoice's page (back=invoice). */
const creditNotePages = new Hono<AppEnv>().post('/credit-notes/:id{[0-9]+}/apply', async (c) => {
  const body = await c.req.parseBody();
  const invoiceId = parseId(formString(body, 'invoice_id'));
  const result = await applyCreditNote(c.var.db, staffActor(c.var.staff), idOf(c), { invoiceId, amount: formString(body, 'amount') });
  const fromInvoice = formString(body, 'back') === 'invoice' && invoiceId !== null && (await getDocument(c.var.db, 'invoice', invoiceId)) !== null;
  if (fromInvoice && invoiceId !== null) {
    if (result.ok) return seeOther(c, `/invoices/${invoiceId}?done=applied`);
    if (result.error !== 'NotFound') return showDocument(c, 'invoice', invoiceId, refusalFlash(result), refusalStatus(result) === 422 ? 422 : 409);
  }
  return afterAction(c, 'credit_note', idOf(c), result, 'applied');
});

/** Staff pages of invoices, estimates and credit notes, and the clients' tabs of each. */
export const documentsRoutes = new Hono<AppEnv>()
  .route('/', kindPages('invoice'))
  .route('/', kindPages('estimate'))
  .route('/', kindPages('credit_note'))
  .route('/', estimatePages)
  .route('/', creditNotePages);
