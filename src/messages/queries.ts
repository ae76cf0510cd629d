import { sql, type ExpressionBuilder, type Insertable, type SelectQueryBuilder } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { Database } from '../db/schema.js';
import type { Message, MessagesTable, ThreadAbout } from '../db/schema-requests.js';
import type { About } from './rules.js';

// Kysely only: conversations. Portal reads name the client and the kinds of thread the member
// may see in their WHERE; a thread about a draft document or a hidden project is not found.

/** Who reads or writes: a staff member or a portal user. */
export interface Reader { type: 'staff' | 'portal'; id: number }

/** A thread with what its title needs: the document's number, the project's name, the request's subject. */
export interface ThreadRow {
  id: number;
  client_id: number;
  client_name: string;
  about_type: ThreadAbout;
  about_id: number;
  last_message_at: string;
  created_at: string;
  doc_number: string | null;
  project_name: string | null;
  ticket_subject: string | null;
}

/** A thread in a list: its title parts, how many messages this reader has not read, the latest message. */
export type ThreadListRow = ThreadRow & { unread: number; message_count: number; last_author: string | null; last_body: string | null };

type From = Database & { t: Database['message_threads']; c: Database['clients']; d: Database['documents']; p: Database['projects']; tk: Database['tickets'] };

function threadsWithTitles(db: Db | Trx) {
  return db
    .selectFrom('message_threads as t')
    .innerJoin('clients as c', 'c.id', 't.client_id')
    .leftJoin('documents as d', (j) => j.onRef('d.id', '=', 't.about_id').on('t.about_type', 'in', ['invoice', 'estimate']))
    .leftJoin('projects as p', (j) => j.onRef('p.id', '=', 't.about_id').on('t.about_type', '=', 'project'))
    .leftJoin('tickets as tk', (j) => j.onRef('tk.id', '=', 't.about_id').on('t.about_type', '=', 'ticket'))
    .select([
      't.id', 't.client_id', 'c.name as client_name', 't.about_type', 't.about_id', 't.last_message_at', 't.created_at',
      'd.number as doc_number', 'p.name as project_name', 'tk.subject as ticket_subject',
    ]);
}

type ThreadQuery = ReturnType<typeof threadsWithTitles>;

// The portal's rule in SQL: the member's client, the kinds they may see, no drafts, only projects shown in the portal.
function portalScope<Q extends SelectQueryBuilder<From, 't' | 'c' | 'd' | 'p' | 'tk', ThreadRow>>(q: Q, clientId: number, types: readonly ThreadAbout[]): Q {
  if (types.length === 0) return q.where(sql<boolean>`0`) as Q;
  return q
    .where('t.client_id', '=', clientId)
    .where('t.about_type', 'in', [...types])
    .where((eb: ExpressionBuilder<From, 't' | 'd' | 'p' | 'tk'>) =>
      eb.or([
        eb('t.about_type', '=', 'general'),
        eb.and([eb('t.about_type', 'in', ['invoice', 'estimate']), eb('d.client_id', '=', clientId), eb('d.status', '!=', 'draft')]),
        eb.and([eb('t.about_type', '=', 'project'), eb('p.client_id', '=', clientId), eb('p.portal_visible', '=', 1)]),
        eb.and([eb('t.about_type', '=', 'ticket'), eb('tk.client_id', '=', clientId)]),
      ]),
    ) as Q;
}

/** One thread by id (staff: any client). */
export async function findThread(db: Db | Trx, id: number): Promise<ThreadRow | undefined> {
  return threadsWithTitles(db).where('t.id', '=', id).executeTakeFirst();
}

/** One thread as a portal member may see it; another client's, a hidden kind or a draft's thread is not found. */
export async function findPortalThread(db: Db | Trx, clientId: number, types: readonly ThreadAbout[], id: number): Promise<ThreadRow | undefined> {
  return portalScope(threadsWithTitles(db), clientId, types).where('t.id', '=', id).executeTakeFirst();
}

/** The thread about a record, if one was started. */
export async function findThreadAbout(db: Db | Trx, clientId: number, about: About): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('message_threads')
    .select('id')
    .where('client_id', '=', clientId)
    .where('about_type', '=', about.type)
    .where('about_id', '=', about.id)
    .executeTakeFirst();
}

/** Starts a thread; returns its id. */
export async function insertThread(trx: Trx, values: { client_id: number; about_type: ThreadAbout; about_id: number; last_message_at: string; created_at: string }): Promise<number> {
  const row = await trx.insertInto('message_threads').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Appends a message and moves its thread to the top of the lists; returns the message id. */
export async function insertMessage(trx: Trx, values: Insertable<MessagesTable> & { created_at: string }): Promise<number> {
  const row = await trx.insertInto('messages').values(values).returning('id').executeTakeFirstOrThrow();
  await trx.updateTable('message_threads').set({ last_message_at: values.created_at }).where('id', '=', values.thread_id).execute();
  return row.id;
}

/** Most messages a thread page shows (the latest ones). */
export const THREAD_PAGE_MESSAGES = 200;

/** The latest messages of a thread, oldest first (at most THREAD_PAGE_MESSAGES); `olderHidden` says whether earlier ones exist. */
export async function latestMessages(db: Db, threadId: number): Promise<{ messages: Message[]; olderHidden: boolean }> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('thread_id', '=', threadId)
    .orderBy('id', 'desc')
    .limit(THREAD_PAGE_MESSAGES + 1)
    .execute();
  return { messages: rows.slice(0, THREAD_PAGE_MESSAGES).reverse(), olderHidden: rows.length > THREAD_PAGE_MESSAGES };
}

/** Messages of a thread written after message `afterId`, oldest first (what a poll brings). */
export async function messagesAfter(db: Db, threadId: number, afterId: number): Promise<Message[]> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('thread_id', '=', threadId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(THREAD_PAGE_MESSAGES)
    .execute();
}

/** Records that `reader` has read a thread up to message `lastId` (never moves backwards). */
export async function markThreadRead(db: Db | Trx, threadId: number, reader: Reader, lastId: number): Promise<void> {
  await db
    .insertInto('message_reads')
    .values({ thread_id: threadId, reader_type: reader.type, reader_id: reader.id, last_read_id: lastId })
    .onConflict((oc) =>
      oc.columns(['thread_id', 'reader_type', 'reader_id']).doUpdateSet({ last_read_id: sql<number>`max(message_reads.last_read_id, excluded.last_read_id)` }),
    )
    .execute();
}

// Counts and the latest message of each listed thread, for one reader: their own messages are never unread.
function withListColumns(q: ThreadQuery, reader: Reader) {
  const authorColumn = reader.type === 'staff' ? sql.ref('m.author_staff_id') : sql.ref('m.author_portal_user_id');
  return q.select([
    sql<number>`(select count(*) from messages m where m.thread_id = t.id
      and m.id > coalesce((select r.last_read_id from message_reads r where r.thread_id = t.id and r.reader_type = ${reader.type} and r.reader_id = ${reader.id}), 0)
      and not (m.author_type = ${reader.type} and coalesce(${authorColumn}, 0) = ${reader.id}))`.as('unread'),
    sql<number>`(select count(*) from messages m where m.thread_id = t.id)`.as('message_count'),
    sql<string | null>`(select m.author_name from messages m where m.thread_id = t.id order by m.id desc limit 1)`.as('last_author'),
    sql<string | null>`(select substr(m.body, 1, 300) from messages m where m.thread_id = t.id order by m.id desc limit 1)`.as('last_body'),
  ]);
}

/** The staff threads query (exported for its query-plan test). */
export function staffThreadsSelect(db: Db, staffId: number, opts: { clientId: number | null; unreadOnly: boolean; offset: number; limit: number }) {
  let q = withListColumns(threadsWithTitles(db), { type: 'staff', id: staffId });
  if (opts.clientId !== null) q = q.where('t.client_id', '=', opts.clientId);
  if (opts.unreadOnly) {
    q = q.where(sql<boolean>`exists (select 1 from messages m where m.thread_id = t.id
      and m.id > coalesce((select r.last_read_id from message_reads r where r.thread_id = t.id and r.reader_type = 'staff' and r.reader_id = ${staffId}), 0)
      and not (m.author_type = 'staff' and coalesce(m.author_staff_id, 0) = ${staffId}))`);
  }
  return q.orderBy('t.last_message_at', 'desc').orderBy('t.id', 'desc').limit(opts.limit + 1).offset(opts.offset);
}

/** One page of threads for staff (one client's, or the firm's inbox), latest message first; limit + 1 rows. */
export async function listStaffThreads(db: Db, staffId: number, opts: { clientId: number | null; unreadOnly: boolean; offset: number; limit: number }): Promise<ThreadListRow[]> {
  return staffThreadsSelect(db, staffId, opts).execute();
}

/** The portal threads query (exported for its query-plan test). */
export function portalThreadsSelect(db: Db, clientId: number, portalUserId: number, types: readonly ThreadAbout[], page: { offset: number; limit: number }) {
  return portalScope(withListColumns(threadsWithTitles(db), { type: 'portal', id: portalUserId }), clientId, types)
    .orderBy('t.last_message_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(page.limit + 1)
    .offset(page.offset);
}

/** One page of the threads a portal member may see, latest message first; limit + 1 rows. */
export async function listPortalThreads(db: Db, clientId: number, portalUserId: number, types: readonly ThreadAbout[], page: { offset: number; limit: number }): Promise<ThreadListRow[]> {
  return portalThreadsSelect(db, clientId, portalUserId, types, page).execute();
}

/** Most records of each kind offered when starting a conversation (newest first). */
export const SUBJECT_CHOICES = 100;

/** Records a conversation may be about, with their labels. */
export interface SubjectChoices {
  invoices: Array<{ id: number; number: string | null }>;
  estimates: Array<{ id: number; number: string | null }>;
  projects: Array<{ id: number; name: string }>;
  tickets: Array<{ id: number; subject: string }>;
}

/**
 * What a conversation of this client may be about: numbered invoices and estimates, projects
 * (only those shown in the portal when `portalOnly`), requests. Only the kinds in `types` are read.
 */
export async function subjectChoices(db: Db, clientId: number, types: readonly ThreadAbout[], opts: { portalOnly: boolean }): Promise<SubjectChoices> {
  const docs = (kind: 'invoice' | 'estimate') =>
    types.includes(kind)
      ? db
          .selectFrom('documents')
          .select(['id', 'number'])
          .where('client_id', '=', clientId)
          .where('kind', '=', kind)
          .where('status', '!=', 'draft')
          .orderBy('issue_date', 'desc')
          .orderBy('id', 'desc')
          .limit(SUBJECT_CHOICES)
          .execute()
      : Promise.resolve([]);
  let projects = db.selectFrom('projects').select(['id', 'name']).where('client_id', '=', clientId).where('archived_at', 'is', null);
  if (opts.portalOnly) projects = projects.where('portal_visible', '=', 1);
  const [invoices, estimates, projectRows, tickets] = await Promise.all([
    docs('invoice'),
    docs('estimate'),
    types.includes('project') ? projects.orderBy('name').limit(SUBJECT_CHOICES).execute() : Promise.resolve([]),
    types.includes('ticket')
      ? db.selectFrom('tickets').select(['id', 'subject']).where('client_id', '=', clientId).orderBy('id', 'desc').limit(SUBJECT_CHOICES).execute()
      : Promise.resolve([]),
  ]);
  return { invoices, estimates, projects: projectRows, tickets };
}

/** Does the record a new conversation names belong to the client (and, for the portal, may it be shown)? */
export async function subjectExists(db: Db | Trx, clientId: number, about: About, opts: { portalOnly: boolean }): Promise<boolean> {
  switch (about.type) {
    case 'general':
      return true;
    case 'invoice':
    case 'estimate': {
      const row = await db
        .selectFrom('documents')
        .select('id')
        .where('id', '=', about.id)
        .where('client_id', '=', clientId)
        .where('kind', '=', about.type)
        .where('status', '!=', 'draft')
        .executeTakeFirst();
      return row !== undefined;
    }
    case 'project': {
      let q = db.selectFrom('projects').select('id').where('id', '=', about.id).where('client_id', '=', clientId);
      if (opts.portalOnly) q = q.where('portal_visible', '=', 1);
      return (await q.executeTakeFirst()) !== undefined;
    }
    case 'ticket':
      return (await db.selectFrom('tickets').select('id').where('id', '=', about.id).where('client_id', '=', clientId).executeTakeFirst()) !== undefined;
  }
}

/** A client's active portal members with what notifying them needs: permissions, language, email choices. */
export async function memberRecipientRows(db: Db | Trx, clientId: number) {
  return db
    .selectFrom('portal_memberships as pm')
    .innerJoin('portal_users as u', 'u.id', 'pm.portal_user_id')
    .leftJoin('portal_user_preferences as pref', (j) => j.onRef('pref.portal_user_id', '=', 'u.id').on('pref.key', '=', 'notify'))
    .select([
      'u.id as portal_user_id', 'u.email', 'u.name', 'u.language', 'pm.status',
      'pm.can_view_finances', 'pm.can_pay', 'pm.can_approve', 'pm.can_raise_tickets', 'pm.can_message', 'pm.can_edit_company',
      'pref.value as notify',
    ])
    .where('pm.client_id', '=', clientId)
    .where('pm.status', '=', 'active')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.id')
    .execute();
}

/** Marks a reader's in-app notifications that point at `link` read (they opened what it announced). */
export async function markNotificationsAtLinkRead(db: Db | Trx, reader: Reader, link: string, at: string): Promise<void> {
  const column = reader.type === 'staff' ? 'staff_user_id' : 'portal_user_id';
  await db.updateTable('notifications').set({ read_at: at }).where(column, '=', reader.id).where('link', '=', link).where('read_at', 'is', null).execute();
}
