// Conversations between a client's members and staff: one thread per record (and one general
// thread per client), plain-text messages, read marks per reader, notifications to the other
// side (and to the client's other members), live updates by polling. No HTTP here.

import type { Db, Trx } from '../db/index.js';
import type { TFunction } from '../i18n/index.js';
import type { Message } from '../db/schema-requests.js';
import { recordEvent, type Actor } from '../events/service.js';
import { loadEffectiveSettings } from '../portal-access/queries.js';
import { nowIso } from '../util/time.js';
import { tellMembers, tellStaff, type NotifyContext } from './notify.js';
import {
  findPortalThread,
  findThread,
  findThreadAbout,
  insertMessage,
  insertThread,
  latestMessages,
  listPortalThreads,
  listStaffThreads,
  markNotificationsAtLinkRead,
  markThreadRead,
  messagesAfter,
  subjectChoices,
  subjectExists,
  type Reader,
  type SubjectChoices,
  type ThreadListRow,
  type ThreadRow,
} from './queries.js';
import { ABOUT_TYPES, aboutLabel, parseAbout, visibilityOf, type About, type ThreadAbout } from './rules.js';
import { checkBody, excerpt } from './text.js';

export type { SubjectChoices, ThreadListRow, ThreadRow } from './queries.js';

/** Who writes: a staff member, or a signed-in portal member (never a staff preview). */
export type MessageAuthor = { type: 'staff'; id: number; name: string } | { type: 'portal'; id: number; name: string };

/** Field errors of the message forms. */
export type MessageErrors = Partial<Record<'about' | 'body', string>>;

/** Why writing was refused. */
export type MessageFailure = { ok: false; error: 'NotFound' } | { ok: false; error: 'Invalid'; errors: MessageErrors };

/** Where the portal may look: the member's client and the kinds of thread they may see. */
export interface PortalScope { clientId: number; types: readonly ThreadAbout[] }

const EXCERPT = 600;

function actorOf(author: MessageAuthor): Actor {
  return { type: author.type, id: author.id, name: author.name };
}

function readerOf(author: MessageAuthor): Reader {
  return { type: author.type, id: author.id };
}

function threadLabel(thread: ThreadRow): string {
  const label = aboutLabel(thread);
  return label ? `#${thread.id} ${label}` : `#${thread.id}`;
}

// Inserts a message in an open transaction, records it, and tells the other side.
async function writeMessage(trx: Trx, thread: ThreadRow, author: MessageAuthor, body: string, ctx: NotifyContext): Promise<number> {
  const at = nowIso();
  const messageId = await insertMessage(trx, {
    thread_id: thread.id,
    client_id: thread.client_id,
    author_type: author.type,
    author_staff_id: author.type === 'staff' ? author.id : null,
    author_portal_user_id: author.type === 'portal' ? author.id : null,
    author_name: author.name,
    body,
    created_at: at,
  });
  await markThreadRead(trx, thread.id, readerOf(author), messageId);
  await recordEvent(trx, actorOf(author), { clientId: thread.client_id, subjectType: 'message_thread', subjectId: thread.id, action: 'posted', detail: { label: threadLabel(thread) } });

  const about = aboutLabel(thread);
  const data = { name: author.name, about, client: thread.client_name, comment: excerpt(body, 200) };
  const heading = (t: TFunction): string =>
    about ? t('messages:email.heading_about', { name: author.name, about }) : t('messages:email.heading', { name: author.name });
  if (author.type === 'portal') {
    await tellStaff(trx, {
      kind: 'message_received', clientId: thread.client_id, data, path: `/messages/${thread.id}`, subjectType: 'message_thread', subjectId: thread.id,
      email: (t) => ({ heading: heading(t), paragraphs: [t('messages:email.from_client', { client: thread.client_name }), excerpt(body, EXCERPT)], actionLabel: t('messages:email.open') }),
    }, ctx);
  }
  // Members hear of it only when the thread is one the portal shows at all (no drafts, no hidden projects).
  if (await findPortalThread(trx, thread.client_id, ABOUT_TYPES, thread.id)) {
    const settings = await loadEffectiveSettings(trx, thread.client_id);
    await tellMembers(trx, {
      kind: 'message_received', clientId: thread.client_id, data, path: `/messages/${thread.id}`, subjectType: 'message_thread', subjectId: thread.id,
      email: (t) => ({ heading: heading(t), paragraphs: [excerpt(body, EXCERPT)], actionLabel: t('messages:email.open') }),
    }, ctx, { settings, key: visibilityOf(thread.about_type), event: 'message_received', authorPortalUserId: author.type === 'portal' ? author.id : null });
  }
  return messageId;
}

/**
 * Writes about a record of the client (or in its general thread): the thread about it is reused
 * when one exists, started otherwise. For a portal author `portal` limits the kinds of record to
 * those the member may see; records must belong to the client and be shown in the portal.
 */
export async function startConversation(
  db: Db,
  clientId: number,
  author: MessageAuthor,
  raw: { about: string; body: string },
  ctx: NotifyContext,
  portal?: PortalScope,
): Promise<{ ok: true; threadId: number; messageId: number } | MessageFailure> {
  const errors: MessageErrors = {};
  const about: About | null = parseAbout(raw.about);
  // The record must be the client's (and one the portal shows): a draft or another client's is "not a choice".
  if (!about || (portal && !portal.types.includes(about.type)) || !(await subjectExists(db, clientId, about, { portalOnly: true }))) errors.about = 'messages:errors.about';
  const body = checkBody(raw.body);
  if (!body.ok) errors.body = body.error;
  if (!about || !body.ok || errors.about) {
    const client = await db.selectFrom('clients').select('id').where('id', '=', clientId).executeTakeFirst();
    return client ? { ok: false, error: 'Invalid', errors } : { ok: false, error: 'NotFound' };
  }
  return db.transaction().execute(async (trx): Promise<{ ok: true; threadId: number; messageId: number } | MessageFailure> => {
    const client = await trx.selectFrom('clients').select('id').where('id', '=', clientId).executeTakeFirst();
    if (!client) return { ok: false, error: 'NotFound' };
    if (!(await subjectExists(trx, clientId, about, { portalOnly: true }))) return { ok: false, error: 'Invalid', errors: { about: 'messages:errors.about' } };
    let threadId = (await findThreadAbout(trx, clientId, about))?.id;
    if (threadId === undefined) {
      const at = nowIso();
      threadId = await insertThread(trx, { client_id: clientId, about_type: about.type, about_id: about.id, last_message_at: at, created_at: at });
      const created = await findThread(trx, threadId);
      if (created) await recordEvent(trx, actorOf(author), { clientId, subjectType: 'message_thread', subjectId: threadId, action: 'started', detail: { label: threadLabel(created) } });
    }
    const thread = await findThread(trx, threadId);
    if (!thread) return { ok: false, error: 'NotFound' };
    const messageId = await writeMessage(trx, thread, author, body.value, ctx);
    return { ok: true, threadId, messageId };
  });
}

/** A reply in a thread. A portal author only reaches threads within `portal` (another client's → NotFound). */
export async function replyInThread(db: Db, threadId: number, author: MessageAuthor, rawBody: string, ctx: NotifyContext, portal?: PortalScope): Promise<{ ok: true; messageId: number } | MessageFailure> {
  return db.transaction().execute(async (trx): Promise<{ ok: true; messageId: number } | MessageFailure> => {
    const thread = portal ? await findPortalThread(trx, portal.clientId, portal.types, threadId) : await findThread(trx, threadId);
    if (!thread) return { ok: false, error: 'NotFound' };
    const body = checkBody(rawBody);
    if (!body.ok) return { ok: false, error: 'Invalid', errors: { body: body.error } };
    return { ok: true, messageId: await writeMessage(trx, thread, author, body.value, ctx) };
  });
}

/** A thread as one page shows it: the thread, its latest messages, and the id the live updates continue from. */
export interface ThreadView { thread: ThreadRow; messages: Message[]; olderHidden: boolean; lastId: number }

async function viewThread(db: Db, thread: ThreadRow, reader: Reader | null, link: string): Promise<ThreadView> {
  const { messages, olderHidden } = await latestMessages(db, thread.id);
  const lastId = messages[messages.length - 1]?.id ?? 0;
  // Opening a thread reads it (like a view event): its unread count and notifications clear.
  if (reader && lastId > 0) {
    await markThreadRead(db, thread.id, reader, lastId);
    await markNotificationsAtLinkRead(db, reader, link, nowIso());
  }
  return { thread, messages, olderHidden, lastId };
}

/** A thread's page for staff (any client); opening it marks it read for this staff member. */
export async function staffThread(db: Db, staffId: number, threadId: number): Promise<ThreadView | null> {
  const thread = await findThread(db, threadId);
  return thread ? viewThread(db, thread, { type: 'staff', id: staffId }, `/messages/${thread.id}`) : null;
}

/** A thread's page for a member (null reader: a staff preview, which records nothing). */
export async function portalThread(db: Db, scope: PortalScope, portalUserId: number | null, threadId: number): Promise<ThreadView | null> {
  const thread = await findPortalThread(db, scope.clientId, scope.types, threadId);
  return thread ? viewThread(db, thread, portalUserId === null ? null : { type: 'portal', id: portalUserId }, `/portal/messages/${thread.id}`) : null;
}

/** What a live update brings: the messages after `afterId` (none: nothing to swap) and the new cursor. */
export interface ThreadPoll { messages: Message[]; lastId: number }

async function poll(db: Db, thread: ThreadRow, afterId: number, reader: Reader | null): Promise<ThreadPoll> {
  const messages = await messagesAfter(db, thread.id, afterId);
  const lastId = messages[messages.length - 1]?.id ?? afterId;
  if (reader && messages.length > 0) await markThreadRead(db, thread.id, reader, lastId);
  return { messages, lastId };
}

/** Staff live update of a thread. */
export async function pollStaffThread(db: Db, staffId: number, threadId: number, afterId: number): Promise<ThreadPoll | null> {
  const thread = await findThread(db, threadId);
  return thread ? poll(db, thread, afterId, { type: 'staff', id: staffId }) : null;
}

/** Portal live update of a thread (scoped like its page). */
export async function pollPortalThread(db: Db, scope: PortalScope, portalUserId: number | null, threadId: number, afterId: number): Promise<ThreadPoll | null> {
  const thread = await findPortalThread(db, scope.clientId, scope.types, threadId);
  return thread ? poll(db, thread, afterId, portalUserId === null ? null : { type: 'portal', id: portalUserId }) : null;
}

/** Threads on one page of a list. */
export const THREADS_PAGE_SIZE = 50;

/** One page of staff threads: the firm's inbox (clientId null) or one client's tab. */
export async function staffThreads(db: Db, staffId: number, opts: { clientId: number | null; unreadOnly: boolean; page: number }): Promise<{ rows: ThreadListRow[]; hasNext: boolean }> {
  const rows = await listStaffThreads(db, staffId, { clientId: opts.clientId, unreadOnly: opts.unreadOnly, offset: (opts.page - 1) * THREADS_PAGE_SIZE, limit: THREADS_PAGE_SIZE });
  return { rows: rows.slice(0, THREADS_PAGE_SIZE), hasNext: rows.length > THREADS_PAGE_SIZE };
}

/** One page of the threads a member may see, with their unread counts. */
export async function portalThreads(db: Db, scope: PortalScope, portalUserId: number | null, page: number): Promise<{ rows: ThreadListRow[]; hasNext: boolean }> {
  const rows = await listPortalThreads(db, scope.clientId, portalUserId ?? 0, scope.types, { offset: (page - 1) * THREADS_PAGE_SIZE, limit: THREADS_PAGE_SIZE });
  return { rows: rows.slice(0, THREADS_PAGE_SIZE), hasNext: rows.length > THREADS_PAGE_SIZE };
}

/** What a new conversation of this client may be about (only the kinds in `types`; projects shown in the portal). */
export function conversationChoices(db: Db, clientId: number, types: readonly ThreadAbout[]): Promise<SubjectChoices> {
  return subjectChoices(db, clientId, types, { portalOnly: true });
}

/** The thread already started about a record, if any (to continue it instead of asking again). */
export async function existingThread(db: Db, clientId: number, about: About): Promise<number | null> {
  return (await findThreadAbout(db, clientId, about))?.id ?? null;
}

/** Does this thread exist within the member's scope? (Cheap check before an action on it.) */
export async function portalThreadExists(db: Db, scope: PortalScope, threadId: number): Promise<boolean> {
  return (await findPortalThread(db, scope.clientId, scope.types, threadId)) !== undefined;
}
