import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PortalReceiptPage, StaffReceiptPage } from '../../views/receipts/receipt.js';
import { parseId } from '../clients/params.js';
import { staffActor } from '../events/service.js';
import { isLanguage } from '../i18n/index.js';
import { download } from '../pdf/response.js';
import { mayView } from '../portal-access/visibility.js';
import { getFirmSettings } from '../settings/service.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { uiFor } from '../web/ui.js';
import { receiptFilename } from './number.js';
import { renderReceiptPdf } from './pdf.js';
import { emailReceipt, getReceipt, type ReceiptView } from './service.js';
import { pdfFirm } from '../brand/service.js';

/**
 * The receipt of a payment of the active client as the portal may show it: any payment when
 * payments are visible; with only invoices visible, the payments made online from the portal.
 */
async function portalReceipt(c: Context<AppEnv>): Promise<ReceiptView | null> {
  const p = c.var.portal;
  const payments = mayView(p.access, p.settings, 'payments');
  if (!payments && !mayView(p.access, p.settings, 'invoices')) return null;
  const id = parseId(c.req.param('id'));
  const receipt = id === null ? null : await getReceipt(c.var.db, id, p.client.id);
  if (!receipt || (!payments && receipt.payment.gateway === null)) return null;
  return receipt;
}

/** Portal: <base>/payments/:id/receipt and its PDF (in the member's language); chained onto portalPages. */
export const portalReceiptRoutes = new Hono<AppEnv>()
  .get('/payments/:id{[0-9]+}/receipt', async (c) => {
    const receipt = await portalReceipt(c);
    if (!receipt) return c.notFound();
    const p = c.var.portal;
    return page(c, <PortalReceiptPage ui={c.var.ui} portal={p} receipt={receipt} invoiceLinks={mayView(p.access, p.settings, 'invoices')} />);
  })
  .get('/payments/:id{[0-9]+}/receipt/pdf', async (c) => {
    const receipt = await portalReceipt(c);
    if (!receipt) return c.notFound();
    const bytes = await renderReceiptPdf(receipt, c.var.ui, await pdfFirm(c.var.db, c.var.config.dataDir, c.var.portal.firmName, c.var.ui.t));
    return download(c, bytes, 'application/pdf', receiptFilename(receipt.payment));
  });

async function staffReceiptPage(c: Context<AppEnv>, form: { to?: string; errors?: Record<string, string>; message?: string | null } = {}, status: ContentfulStatusCode = 200): Promise<Response> {
  const id = parseId(c.req.param('id'));
  const receipt = id === null ? null : await getReceipt(c.var.db, id, null);
  if (!receipt) return c.notFound();
  const firm = await getFirmSettings(c.var.db);
  const flash = status === 200 && c.req.query('done') === 'sent' ? { kind: 'success' as const, key: 'receipts:staff.sent' } : null;
  return page(c, <StaffReceiptPage ui={c.var.ui} staff={c.var.staff} firmName={firm.firm_name} receipt={receipt} to={form.to ?? receipt.payment.client_email ?? ''} errors={form.errors} message={form.message ?? null} flash={flash} />, status);
}

/** Staff: /payments/:id/receipt (page, PDF in the client's language, email form). */
export const staffReceiptRoutes = new Hono<AppEnv>()
  .get('/payments/:id{[0-9]+}/receipt', (c) => staffReceiptPage(c))
  .get('/payments/:id{[0-9]+}/receipt/pdf', async (c) => {
    const id = parseId(c.req.param('id'));
    const receipt = id === null ? null : await getReceipt(c.var.db, id, null);
    if (!receipt) return c.notFound();
    const asked = c.req.query('lang');
    const ui = uiFor(isLanguage(asked) ? asked : receipt.payment.client_language);
    const firm = await getFirmSettings(c.var.db);
    return download(c, await renderReceiptPdf(receipt, ui, await pdfFirm(c.var.db, c.var.config.dataDir, firm.firm_name, ui.t)), 'application/pdf', receiptFilename(receipt.payment));
  })
  .post('/payments/:id{[0-9]+}/receipt/email', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) return c.notFound();
    const to = formString(await c.req.parseBody(), 'to');
    const result = await emailReceipt(c.var.db, staffActor(c.var.staff), id, to, { publicUrl: c.var.config.publicUrl });
    if (result.ok) return seeOther(c, `/payments/${id}/receipt?done=sent`);
    if (result.error === 'NotFound') return c.notFound();
    if (result.error === 'PaymentVoid') return staffReceiptPage(c, { to, message: 'receipts:staff.void' }, 409);
    return staffReceiptPage(c, { to, errors: { to: result.field ?? 'validation:invalid' } }, 422);
  });
