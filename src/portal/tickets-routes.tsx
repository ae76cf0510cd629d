import { Hono, type Context } from 'hono';
import { PortalNewTicketPage, PortalNotAllowedPage, PortalTicketPage, PortalTicketsPage, type NewTicketValues } from '../../views/portal/tickets/pages.js';
import type { FieldErrors } from '../../views/components/form.js';
import { parseId, parsePage } from '../clients/params.js';
import { mayAct, mayView } from '../portal-access/visibility.js';
import { isTicketType, type TicketType } from '../tickets/rules.js';
import { clientTickets, disputeInvoiceChoices, portalTicketPage, raiseTicket, replyAsClient } from '../tickets/service.js';
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

async function newTicketForm(c: Context<AppEnv>, type: TicketType, values: NewTicketValues, errors?: FieldErrors) {
  const p = c.var.portal;
  const invoices = type === 'dispute' && mayView(p.access, p.settings, 'invoices') ? await disputeInvoiceChoices(c.var.db, p.client.id) : null;
  return page(c, <PortalNewTicketPage ui={c.var.ui} portal={p} type={type} invoices={invoices} values={values} errors={errors} />, errors ? 422 : 200);
}

async function ticketPage(c: Context<AppEnv>, id: number, form: { body: string; errors?: FieldErrors; message?: string }, status: 200 | 409 | 422 = 200) {
  const p = c.var.portal;
  const data = await portalTicketPage(c.var.db, p.client.id, id);
  if (!data) return c.notFound();
  const flash = status === 200 && c.req.query('done') === 'sent' ? { kind: 'success' as const, key: 'tickets:flash.sent' } : status === 200 && c.req.query('done') === 'raised' ? { kind: 'success' as const, key: 'tickets:flash.raised' } : null;
  return page(c, (
    <PortalTicketPage ui={c.var.ui} portal={p} ticket={data.ticket} updates={data.updates} mayReply={mayRaise(p)} showInvoiceLink={mayView(p.access, p.settings, 'invoices')}
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
    return newTicketForm(c, isTicketType(raw) ? raw : 'general', { subject: '', description: '', invoice_id: '' });
  })
  .post('/tickets', async (c) => {
    const p = c.var.portal;
    if (!visible(p)) return c.notFound();
    if (!mayRaise(p)) return forbidden(c, 'tickets:portal.no_permission');
    const who = member(p);
    if (!who) return c.text(c.var.ui.t('portal:preview.read_only'), 403);
    const body = await c.req.parseBody();
    const raw = { type: formString(body, 'type'), subject: formString(body, 'subject'), description: formString(body, 'description'), invoice_id: formString(body, 'invoice_id') };
    // An invoice may only be named by a member who may see invoices.
    if (!mayView(p.access, p.settings, 'invoices')) raw.invoice_id = '';
    const result = await raiseTicket(c.var.db, p.client.id, who, raw, { publicUrl: c.var.config.publicUrl });
    if (result.ok) return seeOther(c, `${p.base}/tickets/${result.id}?done=raised`);
    const errors = result.error === 'Invalid' ? result.errors : {};
    return newTicketForm(c, isTicketType(raw.type) ? raw.type : 'general', raw, { ...errors });
  })
  .get('/tickets/:id{[0-9]+}', (c) => {
    if (!visible(c.var.portal)) return c.notFound();
    return ticketPage(c, parseId(c.req.param('id')) ?? 0, { body: '' });
  })
  .post('/tickets/:id{[0-9]+}/reply', async (c) => {
    const p = c.var.portal;
    if (!visible(p)) return c.notFound();
    const id = parseId(c.req.param('id')) ?? 0;
    if (!(await portalTicketPage(c.var.db, p.client.id, id))) return c.notFound();
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
