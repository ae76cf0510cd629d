import { Hono, type Context } from 'hono';
import { ClientMessagesTab, InboxPage, StaffThreadPage, staffSides } from '../../views/messages/staff-pages.js';
import { NewMessages } from '../../views/messages/message-list.js';
import type { FieldErrors } from '../../views/components/form.js';
import { loadClientFrame } from '../clients/frame.js';
import { parseId, parsePage } from '../clients/params.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { fragment, page, seeOther } from '../web/html.js';
import { ABOUT_TYPES } from './rules.js';
import { conversationChoices, pollStaffThread, replyInThread, staffThread, staffThreads, startConversation, type MessageAuthor } from './service.js';

function author(c: Context<AppEnv>): MessageAuthor {
  return { type: 'staff', id: c.var.staff.id, name: c.var.staff.name };
}

/** The `after` cursor of a live update: a message id, 0 when absent or odd. */
export function afterParam(raw: string | undefined): number {
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
}

async function clientTab(c: Context<AppEnv>, clientId: number, form: { values: { about: string; body: string }; errors?: FieldErrors }, status: 200 | 422 = 200) {
  const frame = await loadClientFrame(c.var.db, clientId);
  if (!frame) return c.notFound();
  const pageNo = parsePage(c.req.query('page'));
  const [{ rows, hasNext }, choices] = await Promise.all([
    staffThreads(c.var.db, c.var.staff.id, { clientId: frame.client.id, unreadOnly: false, page: pageNo }),
    conversationChoices(c.var.db, frame.client.id, ABOUT_TYPES),
  ]);
  return page(c, <ClientMessagesTab ui={c.var.ui} staff={c.var.staff} {...frame} rows={rows} page={pageNo} hasNext={hasNext} choices={choices} values={form.values} errors={form.errors} />, status);
}

async function threadPage(c: Context<AppEnv>, id: number, form: { body: string; errors?: FieldErrors }, status: 200 | 422 = 200) {
  const view = await staffThread(c.var.db, c.var.staff.id, id);
  if (!view) return c.notFound();
  const flash = c.req.query('done') === 'sent' && status === 200 ? { kind: 'success' as const, key: 'messages:flash.sent' } : null;
  return page(c, <StaffThreadPage ui={c.var.ui} staff={c.var.staff} view={view} body={form.body} errors={form.errors} flash={flash} />, status);
}

/** Staff side of conversations: the firm's inbox, a client's tab, a thread, its live updates and replies. */
export const messagesRoutes = new Hono<AppEnv>()
  .get('/messages', async (c) => {
    const pageNo = parsePage(c.req.query('page'));
    const unreadOnly = c.req.query('unread') === '1';
    const { rows, hasNext } = await staffThreads(c.var.db, c.var.staff.id, { clientId: null, unreadOnly, page: pageNo });
    return page(c, <InboxPage ui={c.var.ui} staff={c.var.staff} rows={rows} page={pageNo} hasNext={hasNext} unreadOnly={unreadOnly} />);
  })
  .get('/clients/:id{[0-9]+}/messages', (c) => {
    const about = c.req.query('about');
    return clientTab(c, parseId(c.req.param('id')) ?? 0, { values: { about: about && about.length < 40 ? about : 'general', body: '' } });
  })
  .post('/clients/:id{[0-9]+}/messages', async (c) => {
    const clientId = parseId(c.req.param('id')) ?? 0;
    const form = await c.req.parseBody();
    const values = { about: formString(form, 'about'), body: formString(form, 'body') };
    const result = await startConversation(c.var.db, clientId, author(c), values, { publicUrl: c.var.config.publicUrl });
    if (result.ok) return seeOther(c, `/messages/${result.threadId}?done=sent`);
    if (result.error === 'NotFound') return c.notFound();
    return clientTab(c, clientId, { values, errors: result.errors }, 422);
  })
  .get('/messages/:id{[0-9]+}', (c) => threadPage(c, parseId(c.req.param('id')) ?? 0, { body: '' }))
  .get('/messages/:id{[0-9]+}/messages', async (c) => {
    const id = parseId(c.req.param('id')) ?? 0;
    const result = await pollStaffThread(c.var.db, c.var.staff.id, id, afterParam(c.req.query('after')));
    if (!result) return c.notFound();
    // Nothing new: no body, no swap; htmx keeps polling.
    if (result.messages.length === 0) return c.body(null, 204);
    return fragment(c, <NewMessages ui={c.var.ui} messages={result.messages} lastId={result.lastId} pollUrl={`/messages/${id}/messages`} sides={staffSides(c.var.ui)} viewer="staff" />);
  })
  .post('/messages/:id{[0-9]+}/reply', async (c) => {
    const id = parseId(c.req.param('id')) ?? 0;
    const body = formString(await c.req.parseBody(), 'body');
    const result = await replyInThread(c.var.db, id, author(c), body, { publicUrl: c.var.config.publicUrl });
    if (result.ok) return seeOther(c, `/messages/${id}?done=sent#message-${result.messageId}`);
    if (result.error === 'NotFound') return c.notFound();
    return threadPage(c, id, { body, errors: result.errors }, 422);
  });
