import { Hono, type Context } from 'hono';
import { parseId } from '../clients/params.js';
import type { DocumentKind } from '../db/schema.js';
import { KIND_INFO } from '../documents/kinds.js';
import { getDocument } from '../documents/service.js';
import { isPortalVisibleStatus } from './list-queries.js';
import { renderDocumentPdf } from '../pdf/document.js';
import { documentPdfFilename, download } from '../pdf/response.js';
import { mayView } from '../portal-access/visibility.js';
import type { AppEnv } from '../web/env.js';
import { recordDocumentView } from './views-tracking.js';
import { pdfFirm } from '../brand/service.js';

/**
 * A document's PDF as the client sees it: the same gating as its page (type visible, the
 * active client's, never a draft: anything else is the same 404), paid and balance printed
 * only when balances are shown. Each download is recorded as a view, except in a staff preview.
 */
async function documentPdf(c: Context<AppEnv>, kind: DocumentKind): Promise<Response> {
  const portal = c.var.portal;
  if (!mayView(portal.access, portal.settings, KIND_INFO[kind].section)) return c.notFound();
  const id = parseId(c.req.param('id'));
  const detail = id === null ? null : await getDocument(c.var.db, kind, id, { clientId: portal.client.id });
  // The same statuses as the portal's pages: never drafts, never withdrawn estimates.
  if (!detail || !isPortalVisibleStatus(kind, detail.doc.status)) return c.notFound();
  const balances = mayView(portal.access, portal.settings, 'balances');
  const bytes = await renderDocumentPdf(detail, c.var.ui, await pdfFirm(c.var.db, c.var.config.dataDir, portal.firmName, c.var.ui.t), { balances });
  await recordDocumentView(c.var.db, portal, { kind, id: detail.doc.id, number: detail.doc.number, clientId: portal.client.id }, 'pdf');
  return download(c, bytes, 'application/pdf', documentPdfFilename(detail.doc));
}

/** GET <base>/invoices/:id/pdf, /estimates/:id/pdf, /credit-notes/:id/pdf on the portal's pages. */
export const portalPdfRoutes = new Hono<AppEnv>()
  .get('/invoices/:id/pdf', (c) => documentPdf(c, 'invoice'))
  .get('/estimates/:id/pdf', (c) => documentPdf(c, 'estimate'))
  .get('/credit-notes/:id/pdf', (c) => documentPdf(c, 'credit_note'));
