import { Hono, type Context } from 'hono';
import { ClientTicketsTab, StaffTicketPage, TicketQueuePage, type StaffTicketFormState } from '../../views/tickets/staff-pages.js';
import type { FlashMessage } from '../../views/components/flash.js';
import { clientOptions } from '../clients/service.js';
import { loadClientFrame } from '../clients/frame.js';
import { parseId, parsePage } from '../clients/params.js';
import { staffActor } from '../events/service.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { parseQueueFilter } from './rules.js';
import { addStaffUpdate, assignTicket, changeStatus, clientTickets, quoteToEstimate, staffChoices, staffTicketPage, ticketQueue } from './service.js';

// After POST → 303 → GET the request page says what happened; only these codes are shown.
const DONE = new Map<string, string>([
  ['replied', 'tickets:flash.replied'],
  ['noted', 'tickets:flash.noted'],
  ['assigned', 'tickets:flash.assigned'],
  ['status', 'tickets:flash.status'],
  ['estimate', 'tickets:flash.estimate'],
]);

function flashOf(code: string | undefined): FlashMessage | null {
  const key = DONE.get(code ?? '');
  return key ? { kind: 'success', key } : null;
}

async function showTicket(c: Context<AppEnv>, id: number, opts: { flash?: FlashMessage | null; state?: StaffTicketFormState; status?: 200 | 409 | 422 } = {}) {
  const data = await staffTicketPage(c.var.db, id);
  if (!data) return c.notFound();
  return page(c, <StaffTicketPage ui={c.var.ui} staff={c.var.staff} ticket={data.ticket} updates={data.updates} files={data.files} staffChoices={data.staff} flash={opts.flash ?? null} state={opts.state} />, opts.status ?? 200);
}

function ctx(c: Context<AppEnv>) {
  return { publicUrl: c.var.config.publicUrl };
}

/** Staff side of requests: the queue, a client's tab, a request's page and its actions. */
export const ticketsRoutes = new Hono<AppEnv>()
  .get('/tickets', async (c) => {
    const filter = parseQueueFilter((name) => c.req.query(name));
    const [{ rows, hasNext }, clients, staff] = await Promise.all([ticketQueue(c.var.db, filter), clientOptions(c.var.db), staffChoices(c.var.db)]);
    return page(c, <TicketQueuePage ui={c.var.ui} staff={c.var.staff} filter={filter} rows={rows} hasNext={hasNext} clients={clients} staffChoices={staff} />);
  })
  .get('/clients/:id{[0-9]+}/tickets', async (c) => {
    const frame = await loadClientFrame(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!frame) return c.notFound();
    const pageNo = parsePage(c.req.query('page'));
    const { rows, hasNext } = await clientTickets(c.var.db, frame.client.id, pageNo);
    return page(c, <ClientTicketsTab ui={c.var.ui} staff={c.var.staff} {...frame} rows={rows} page={pageNo} hasNext={hasNext} />);
  })
  .get('/tickets/:id{[0-9]+}', (c) => showTicket(c, parseId(c.req.param('id')) ?? 0, { flash: flashOf(c.req.query('done')) }))
  .post('/tickets/:id{[0-9]+}/:kind{reply|note}', async (c) => {
    const id = parseId(c.req.param('id')) ?? 0;
    const kind = c.req.param('kind') === 'note' ? 'note' : 'reply';
    const body = formString(await c.req.parseBody(), 'body');
    const result = await addStaffUpdate(c.var.db, staffActor(c.var.staff), id, kind, body, ctx(c));
    if (result.ok) return seeOther(c, `/tickets/${id}?done=${kind === 'note' ? 'noted' : 'replied'}`);
    if (result.error !== 'Invalid') return c.notFound();
    return showTicket(c, id, { state: { form: kind, body, errors: result.errors }, status: 422 });
  })
  .post('/tickets/:id{[0-9]+}/status', async (c) => {
    const id = parseId(c.req.param('id')) ?? 0;
    const result = await changeStatus(c.var.db, staffActor(c.var.staff), id, formString(await c.req.parseBody(), 'status'), ctx(c));
    if (result.ok) return seeOther(c, `/tickets/${id}?done=status`);
    if (result.error === 'NotFound') return c.notFound();
    if (result.error === 'NotAllowed') return showTicket(c, id, { state: { form: 'status', message: 'tickets:errors.move' }, status: 409 });
    return showTicket(c, id, { state: { form: 'status', message: 'tickets:errors.status' }, status: 422 });
  })
  .post('/tickets/:id{[0-9]+}/assign', async (c) => {
    const id = parseId(c.req.param('id')) ?? 0;
    const result = await assignTicket(c.var.db, staffActor(c.var.staff), id, formString(await c.req.parseBody(), 'assignee_id'));
    if (result.ok) return seeOther(c, `/tickets/${id}?done=assigned`);
    if (result.error !== 'Invalid') return c.notFound();
    return showTicket(c, id, { state: { form: 'assign', errors: result.errors }, status: 422 });
  })
  .post('/tickets/:id{[0-9]+}/estimate', async (c) => {
    const id = parseId(c.req.param('id')) ?? 0;
    const result = await quoteToEstimate(c.var.db, staffActor(c.var.staff), id);
    if (result.ok) return seeOther(c, `/tickets/${id}?done=estimate`);
    if (result.error === 'NotFound') return c.notFound();
    return showTicket(c, id, { state: { form: 'estimate', message: result.error === 'NotQuote' ? 'tickets:errors.not_quote' : result.error === 'AlreadyLinked' ? 'tickets:errors.already_linked' : 'tickets:errors.estimate_failed' }, status: 409 });
  });
