import { Hono, type Context } from 'hono';
import { KIND_LIST, PortalDocumentPage, type PortalDocumentData } from '../../views/portal/document.js';
import { EstimateResponse } from '../../views/portal/estimate-response.js';
import { PortalListPage, PortalListRegion, type PortalListRows, type PortalListView } from '../../views/portal/lists/list-page.js';
import { PortalPaymentPage } from '../../views/portal/payment.js';
import type { Db } from '../db/index.js';
import type { DocumentKind } from '../db/schema.js';
import { getDocument } from '../documents/service.js';
import { documentTotals } from '../money/money.js';
import { mayView } from '../portal-access/visibility.js';
import { log } from '../util/log.js';
import { today as currentDate } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import { formString, formStrings } from '../web/forms.js';
import { fragment, isHtmx, page, seeOther } from '../web/html.js';
import type { PortalView } from './context.js';
import {
  countPortalDocuments, countPortalPayments, findPortalPayment, isPortalVisibleStatus, listPortalDocuments, listPortalPayments,
  portalAllocations, portalCreditApplications, portalInvoiceCredits, portalInvoiceNumber, portalInvoicePayments, portalProjectName,
  portalProjectOptions, type PortalAllocation,
} from './list-queries.js';
import {
  allowedColumns, allowedSorts, LIST_SPECS, listHref, PAGE_SIZE, pageCount, parseColumns, parseListState, portalStatus, resolveColumns,
  type PortalListName,
} from './lists.js';
import { getPreference, setPreference } from './preferences.js';
import { invoicePayAction } from './pay-routes.js';
import { recordDocumentView } from './views-tracking.js';

const LIST_KIND: Record<Exclude<PortalListName, 'payments'>, DocumentKind> = { invoices: 'invoice', estimates: 'estimate', credit_notes: 'credit_note' };

/** The preference key of a list's remembered columns. */
function columnsKey(list: PortalListName): string {
  return `cols:${list}`;
}

/** Reads a list's state, then its count and one page of rows (plus a page's allocations): a fixed number of queries. */
async function loadPortalList(
  db: Db,
  p: PortalView,
  list: PortalListName,
  get: (name: string) => string | undefined,
  getAll: (name: string) => string[],
): Promise<Omit<PortalListView, 'ui' | 'portal'>> {
  const balances = mayView(p.access, p.settings, 'balances');
  const today = currentDate();
  const clientId = p.client.id;
  const projects = LIST_SPECS[list].projects ? await portalProjectOptions(db, clientId) : [];
  const { state, errors } = parseListState(list, get, getAll, { today, currency: p.client.currency, balances, projectIds: projects.map((x) => x.id) });
  const stored = state.cols === null && p.user.id !== null ? await getPreference(db, p.user.id, columnsKey(list)) : null;
  const base = { list, errors, projects, columns: resolveColumns(list, state.cols, stored, balances), available: allowedColumns(list, balances), sorts: allowedSorts(list, balances), invoiceLinks: mayView(p.access, p.settings, 'invoices') };
  const range = { from: state.from, to: state.to, min: state.min, max: state.max, q: state.q, sort: state.sort };
  let total: number;
  let data: PortalListRows;
  if (list === 'payments') {
    const filter = { clientId, ...range };
    total = await countPortalPayments(db, filter);
    state.page = Math.min(state.page, pageCount(total));
    const rows = await listPortalPayments(db, filter, { offset: (state.page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const allocations = new Map<number, PortalAllocation[]>();
    for (const a of await portalAllocations(db, clientId, rows.map((r) => r.id))) allocations.set(a.payment_id, [...(allocations.get(a.payment_id) ?? []), a]);
    data = { list, rows, allocations };
  } else {
    const kind = LIST_KIND[list];
    const filter = { clientId, kind, status: state.status, projectId: state.project, today, ...range };
    total = await countPortalDocuments(db, filter);
    state.page = Math.min(state.page, pageCount(total));
    const rows = await listPortalDocuments(db, filter, { offset: (state.page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    data = {
      list,
      rows: rows.map((r) => {
        const balance = r.total - r.settled;
        const shown = portalStatus(kind, r, balance, today);
        return { ...r, balance, shown: shown.status, overdue: shown.overdue };
      }),
    };
  }
  return { ...base, state, total, data };
}

/** A list page, or (htmx) just its region, rendered by the same component. */
async function listPage(c: Context<AppEnv>, list: PortalListName): Promise<Response> {
  const p = c.var.portal;
  if (!mayView(p.access, p.settings, LIST_SPECS[list].visibility)) return c.notFound();
  const loaded = await loadPortalList(c.var.db, p, list, (n) => c.req.query(n), (n) => c.req.queries(n) ?? []);
  const view: PortalListView = { ui: c.var.ui, portal: p, ...loaded };
  const invalid = Object.keys(loaded.errors).length > 0;
  // htmx 2 does not swap 4xx answers: the partial says what is wrong with a 200; the full page with 422.
  if (isHtmx(c)) return fragment(c, <PortalListRegion {...view} />);
  return page(c, <PortalListPage {...view} />, invalid ? 422 : 200);
}

/** Remembers a member's columns for a list, then back to the list in the same state (POST → 303 → GET). */
async function saveColumns(c: Context<AppEnv>, list: PortalListName): Promise<Response> {
  const p = c.var.portal;
  if (!mayView(p.access, p.settings, LIST_SPECS[list].visibility)) return c.notFound();
  if (p.preview || p.user.id === null) return c.text(c.var.ui.t('portal:preview.read_only'), 403);
  const body = await c.req.parseBody({ all: true });
  const balances = mayView(p.access, p.settings, 'balances');
  const projects = LIST_SPECS[list].projects ? await portalProjectOptions(c.var.db, p.client.id) : [];
  const { state } = parseListState(list, (n) => formString(body, n), () => [], { today: currentDate(), currency: p.client.currency, balances, projectIds: projects.map((x) => x.id) });
  await setPreference(c.var.db, p.user.id, columnsKey(list), parseColumns(list, formStrings(body, 'cols'), balances));
  return seeOther(c, listHref(p.base, list, { ...state, page: 1, cols: null }));
}

/**
 * One document of the active client as the portal shows it, or null: another client's, a
 * draft, a withdrawn estimate and a missing id all look the same. Sections the member may not
 * see are not read at all.
 */
export async function loadPortalDocument(db: Db, p: PortalView, kind: DocumentKind, id: number): Promise<PortalDocumentData | null> {
  const clientId = p.client.id;
  const detail = await getDocument(db, kind, id, { clientId });
  if (!detail || !isPortalVisibleStatus(kind, detail.doc.status)) return null;
  const { doc } = detail;
  const show = {
    balances: mayView(p.access, p.settings, 'balances'),
    invoiceLinks: mayView(p.access, p.settings, 'invoices'),
    paymentLinks: mayView(p.access, p.settings, 'payments'),
    creditNoteLinks: mayView(p.access, p.settings, 'credit_notes'),
  };
  const [payments, credits, applications, projectName, relatedNumber] = await Promise.all([
    kind === 'invoice' && show.paymentLinks ? portalInvoicePayments(db, clientId, doc.id) : null,
    kind === 'invoice' && show.creditNoteLinks ? portalInvoiceCredits(db, clientId, doc.id) : null,
    kind === 'credit_note' ? portalCreditApplications(db, clientId, doc.id) : null,
    doc.project_id !== null ? portalProjectName(db, clientId, doc.project_id) : null,
    kind === 'credit_note' && doc.related_invoice_id !== null ? portalInvoiceNumber(db, clientId, doc.related_invoice_id) : null,
  ]);
  const shown = portalStatus(kind, doc, detail.balance, currentDate());
  return {
    kind,
    doc,
    lines: detail.lines,
    snapshot: detail.snapshot,
    status: shown.status,
    overdue: shown.overdue,
    taxBreakdown: documentTotals(detail.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unit_price, taxRate: l.tax_rate }))).taxBreakdown,
    amountPaid: detail.amountPaid,
    balance: detail.balance,
    remaining: detail.remaining,
    projectName,
    relatedInvoice: doc.related_invoice_id !== null && relatedNumber !== null ? { id: doc.related_invoice_id, number: relatedNumber } : null,
    payments,
    credits,
    applications,
    show,
  };
}

/** Records the view; a failure to record must not keep the client from their document. */
async function noteView(c: Context<AppEnv>, data: PortalDocumentData): Promise<void> {
  if (c.req.method !== 'GET') return;
  try {
    await recordDocumentView(c.var.db, c.var.portal, { kind: data.kind, id: data.doc.id, number: data.doc.number, clientId: data.doc.client_id }, 'page');
  } catch (err) {
    log.error('recording a document view failed', { kind: data.kind, id: data.doc.id, error: err instanceof Error ? err.message : String(err) });
  }
}

/** The page of one invoice, estimate or credit note. */
async function documentPage(c: Context<AppEnv>, kind: DocumentKind): Promise<Response> {
  const p = c.var.portal;
  if (!mayView(p.access, p.settings, LIST_SPECS[KIND_LIST[kind]].visibility)) return c.notFound();
  const data = await loadPortalDocument(c.var.db, p, kind, Number(c.req.param('id')));
  if (!data) return c.notFound();
  await noteView(c, data);
  const actions = kind === 'estimate'
    ? <EstimateResponse ui={c.var.ui} portal={p} estimate={{ id: data.doc.id, status: data.status }} done={c.req.query('done')} />
    : await invoicePayAction(c, data);
  return page(c, <PortalDocumentPage ui={c.var.ui} portal={p} data={data} actions={actions} />);
}

/** A payment as a receipt, with the invoices it settled. */
async function paymentPage(c: Context<AppEnv>): Promise<Response> {
  const p = c.var.portal;
  if (!mayView(p.access, p.settings, 'payments')) return c.notFound();
  const id = Number(c.req.param('id'));
  const payment = Number.isSafeInteger(id) ? await findPortalPayment(c.var.db, p.client.id, id) : undefined;
  if (!payment) return c.notFound();
  const allocations = await portalAllocations(c.var.db, p.client.id, [payment.id]);
  return page(c, <PortalPaymentPage ui={c.var.ui} portal={p} payment={payment} allocations={allocations} invoiceLinks={mayView(p.access, p.settings, 'invoices')} />);
}

/**
 * The portal's lists (invoices, estimates, credit notes, payments) and the pages of single
 * documents and payments; chained onto portalPages, so they serve /portal and the staff preview.
 */
export const portalDocumentRoutes = new Hono<AppEnv>()
  .get('/invoices', (c) => listPage(c, 'invoices'))
  .get('/estimates', (c) => listPage(c, 'estimates'))
  .get('/credit-notes', (c) => listPage(c, 'credit_notes'))
  .get('/payments', (c) => listPage(c, 'payments'))
  .post('/invoices/columns', (c) => saveColumns(c, 'invoices'))
  .post('/estimates/columns', (c) => saveColumns(c, 'estimates'))
  .post('/credit-notes/columns', (c) => saveColumns(c, 'credit_notes'))
  .post('/payments/columns', (c) => saveColumns(c, 'payments'))
  .get('/invoices/:id{[0-9]+}', (c) => documentPage(c, 'invoice'))
  .get('/estimates/:id{[0-9]+}', (c) => documentPage(c, 'estimate'))
  .get('/credit-notes/:id{[0-9]+}', (c) => documentPage(c, 'credit_note'))
  .get('/payments/:id{[0-9]+}', (c) => paymentPage(c));
