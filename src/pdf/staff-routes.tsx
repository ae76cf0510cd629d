import { Hono, type Context } from 'hono';
import { findClient } from '../clients/queries.js';
import { parseId } from '../clients/params.js';
import type { DocumentKind } from '../db/schema.js';
import { getDocument } from '../documents/service.js';
import { isLanguage } from '../i18n/index.js';
import { getFirmSettings } from '../settings/service.js';
import type { AppEnv } from '../web/env.js';
import { uiFor } from '../web/ui.js';
import { renderDocumentPdf } from './document.js';
import { documentPdfFilename, download } from './response.js';
import { pdfFirm } from '../brand/service.js';

/**
 * Staff PDF of any document, drafts included (stamped DRAFT, addressed with the client's current
 * details). Written in the client's language, as it is meant for the client; `?lang=en|el` overrides.
 */
async function staffDocumentPdf(c: Context<AppEnv>, kind: DocumentKind): Promise<Response> {
  const id = parseId(c.req.param('id'));
  const detail = id === null ? null : await getDocument(c.var.db, kind, id);
  if (!detail) return c.notFound();
  const [client, firm] = await Promise.all([findClient(c.var.db, detail.doc.client_id), getFirmSettings(c.var.db)]);
  const asked = c.req.query('lang');
  const ui = uiFor(isLanguage(asked) ? asked : (client?.language ?? c.var.ui.lang));
  const bytes = await renderDocumentPdf(detail, ui, await pdfFirm(c.var.db, c.var.config.dataDir, firm.firm_name, ui.t), { balances: true, billTo: detail.snapshot ? null : client ?? null });
  return download(c, bytes, 'application/pdf', documentPdfFilename(detail.doc));
}

/** GET /invoices/:id/pdf, /estimates/:id/pdf, /credit-notes/:id/pdf for signed-in staff. */
export const staffPdfRoutes = new Hono<AppEnv>()
  .get('/invoices/:id{[0-9]+}/pdf', (c) => staffDocumentPdf(c, 'invoice'))
  .get('/estimates/:id{[0-9]+}/pdf', (c) => staffDocumentPdf(c, 'estimate'))
  .get('/credit-notes/:id{[0-9]+}/pdf', (c) => staffDocumentPdf(c, 'credit_note'));
