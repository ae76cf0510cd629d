import { Hono, type Context } from 'hono';
import { PortalNewThreadPage, PortalThreadPage, PortalThreadsPage, portalSides } from '../../views/portal/messages/pages.js';
import { NewMessages } from '../../views/messages/message-list.js';
import type { FieldErrors } from '../../views/components/form.js';
import { parseId, parsePage } from '../clients/params.js';
import { afterParam } from '../messages/routes.js';
import { aboutValue, mayMessage, parseAbout, portalAboutTypes } from '../messages/rules.js';
import {
  conversationChoices,
  existingThread,
  pollPortalThread,
  portalThread,
  portalThreadExists,
  portalThreads,
  replyInThread,
  startConversation,
  type PortalScope,
  type ThreadView,
} from '../messages/service.js';
import { mayView } from '../portal-access/visibility.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { fragment, page, seeOther } from '../web/html.js';
import type { PortalView } from './context.js';
import { PortalNotAllowedPage } from '../../views/portal/tickets/pages.js';

// Conversations in the portal. Every read is scoped to the active client and to the kinds of
// record this member may see; writing needs the "message" permission (403 otherwise) and a
// real member (a staff preview is read-only and records nothing, not even reads).

function scope(p: PortalView): PortalScope {
  return { clientId: p.client.id, types: portalAboutTypes(p.access, p.settings) };
}

function readerId(p: PortalView): number | null {
  return p.preview ? null : p.user.id;
}

function mayWrite(p: PortalView): boolean {
  return mayMessage(p.access, p.settings);
}

function forbidden(c: Context<AppEnv>) {
  const p = c.var.portal;
  return page(c, <PortalNotAllowedPage ui={c.var.ui} portal={p} section="messages" message="messages:portal.no_permission" back={`${p.base}/messages`} />, 403);
}

function readOnly(c: Context<AppEnv>) {
  return c.text(c.var.ui.t('portal:preview.read_only'), 403);
}

// The record a thread is about, in the portal (only when the member may see that kind).
function recordHref(p: PortalView, view: ThreadView): string | null {
  const th = view.thread;
  switch (th.about_type) {
    case 'invoice':
      return mayView(p.access, p.settings, 'invoices') ? `${p.base}/invoices/${th.about_id}` : null;
    case 'estimate':
      return mayView(p.access, p.settings, 'estimates') ? `${p.base}/estimates/${th.about_id}` : null;
    case 'project':
      return mayView(p.access, p.settings, 'projects') ? `${p.base}/projects/${th.about_id}` : null;
    case 'ticket':
      return mayView(p.access, p.settings, 'tickets') ? `${p.base}/tickets/${th.about_id}` : null;
    case 'general':
      return null;
  }
}

async function newThreadForm(c: Context<AppEnv>, values: { about: string; body: string }, errors?: FieldErrors) {
  const p = c.var.portal;
  const s = scope(p);
  const choices = await conversationChoices(c.var.db, p.client.id, s.types);
  return page(c, <PortalNewThreadPage ui={c.var.ui} portal={p} choices={choices} types={s.types} values={values} errors={errors} />, errors ? 422 : 200);
}

async function threadPage(c: Context<AppEnv>, id: number, form: { body: string; errors?: FieldErrors }, status: 200 | 422 = 200) {
  const p = c.var.portal;
  const view = await portalThread(c.var.db, scope(p), readerId(p), id);
  if (!view) return c.notFound();
  const flash = status === 200 && c.req.query('done') === 'sent' ? { kind: 'success' as const, key: 'messages:flash.sent' } : null;
  return page(c, <PortalThreadPage ui={c.var.ui} portal={p} view={view} mayWrite={mayWrite(p)} recordHref={recordHref(p, view)} body={form.body} errors={form.errors} flash={flash} />, status);
}

/** <base>/messages…: the member's conversations, starting one, a thread, its live updates and replies. */
export const portalMessageRoutes = new Hono<AppEnv>()
  .get('/messages', async (c) => {
    const p = c.var.portal;
    const pageNo = parsePage(c.req.query('page'));
    const { rows, hasNext } = await portalThreads(c.var.db, scope(p), readerId(p), pageNo);
    return page(c, <PortalThreadsPage ui={c.var.ui} portal={p} rows={rows} page={pageNo} hasNext={hasNext} mayWrite={mayWrite(p)} />);
  })
  .get('/messages/new', async (c) => {
    const p = c.var.portal;
    if (!mayWrite(p)) return forbidden(c);
    const about = parseAbout(c.req.query('about'));
    const s = scope(p);
    // A record that has its thread already: continue there (only if this member may see it).
    if (about && s.types.includes(about.type)) {
      const id = await existingThread(c.var.db, p.client.id, about);
      if (id !== null && (await portalThreadExists(c.var.db, s, id))) return seeOther(c, `${p.base}/messages/${id}`);
    }
    return newThreadForm(c, { about: about && s.types.includes(about.type) ? aboutValue(about) : 'general', body: '' });
  })
  .post('/messages', async (c) => {
    const p = c.var.portal;
    if (!mayWrite(p)) return forbidden(c);
    if (p.preview || p.user.id === null) return readOnly(c);
    const form = await c.req.parseBody();
    const values = { about: formString(form, 'about'), body: formString(form, 'body') };
    const result = await startConversation(c.var.db, p.client.id, { type: 'portal', id: p.user.id, name: p.user.name }, values, { publicUrl: c.var.config.publicUrl }, scope(p));
    if (result.ok) return seeOther(c, `${p.base}/messages/${result.threadId}?done=sent`);
    if (result.error === 'NotFound') return c.notFound();
    return newThreadForm(c, values, result.errors);
  })
  .get('/messages/:id{[0-9]+}', (c) => threadPage(c, parseId(c.req.param('id')) ?? 0, { body: '' }))
  .get('/messages/:id{[0-9]+}/messages', async (c) => {
    const p = c.var.portal;
    const id = parseId(c.req.param('id')) ?? 0;
    const result = await pollPortalThread(c.var.db, scope(p), readerId(p), id, afterParam(c.req.query('after')));
    if (!result) return c.notFound();
    // Nothing new: no body, no swap; htmx keeps polling.
    if (result.messages.length === 0) return c.body(null, 204);
    return fragment(c, <NewMessages ui={c.var.ui} messages={result.messages} lastId={result.lastId} pollUrl={`${p.base}/messages/${id}/messages`} sides={portalSides(p)} viewer="portal" />);
  })
  .post('/messages/:id{[0-9]+}/reply', async (c) => {
    const p = c.var.portal;
    const id = parseId(c.req.param('id')) ?? 0;
    const s = scope(p);
    if (!(await portalThreadExists(c.var.db, s, id))) return c.notFound();
    if (!mayWrite(p)) return forbidden(c);
    if (p.preview || p.user.id === null) return readOnly(c);
    const body = formString(await c.req.parseBody(), 'body');
    const result = await replyInThread(c.var.db, id, { type: 'portal', id: p.user.id, name: p.user.name }, body, { publicUrl: c.var.config.publicUrl }, s);
    if (result.ok) return seeOther(c, `${p.base}/messages/${id}?done=sent#message-${result.messageId}`);
    if (result.error === 'NotFound') return c.notFound();
    return threadPage(c, id, { body, errors: result.errors }, 422);
  });
