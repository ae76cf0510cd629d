// Shared tools of the requests and messages tests: what the portal shows, what went to the
// outbox, who was notified, and how many rows a refused request left behind.

import type { Db } from '../../src/db/index.js';
import type { VisibilityKey } from '../../src/portal-access/visibility.js';
import { ORIGIN, type TestApp } from '../helpers/app.js';

/** Shows (or hides) entry types in one client's portal. */
export async function showInPortal(db: Db, clientId: number, keys: VisibilityKey[], value: 0 | 1 = 1): Promise<void> {
  for (const key of keys) {
    await db
      .insertInto('client_portal_settings')
      .values({ client_id: clientId, key, value })
      .onConflict((oc) => oc.columns(['client_id', 'key']).doUpdateSet({ value }))
      .execute();
  }
}

/** POSTs a form with a cookie (portal or staff) and our Origin. */
export async function post(t: TestApp, url: string, fields: Record<string, string>, cookie: string): Promise<Response> {
  return t.app.request(url, {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams(fields),
  });
}

/** GETs a page with a cookie (and optional htmx headers). */
export async function get(t: TestApp, url: string, cookie: string, headers: Record<string, string> = {}): Promise<Response> {
  return t.app.request(url, { headers: { Cookie: cookie, ...headers } });
}

/** Emails queued since the outbox row `afterId`. */
export async function mailSince(db: Db, afterId: number) {
  return db.selectFrom('mail_outbox').select(['id', 'to_addresses', 'subject', 'text_body', 'html_body', 'subject_type', 'subject_id']).where('id', '>', afterId).orderBy('id').execute();
}

/** The newest outbox id (0 when empty): take it before an action, read `mailSince` after. */
export async function lastMailId(db: Db): Promise<number> {
  const row = await db.selectFrom('mail_outbox').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** In-app notifications of a staff member or a portal user, newest first. */
export async function notificationsOf(db: Db, who: { staffId?: number; portalUserId?: number }) {
  let q = db.selectFrom('notifications').select(['id', 'kind', 'data', 'link', 'read_at', 'client_id']);
  if (who.staffId !== undefined) q = q.where('staff_user_id', '=', who.staffId);
  if (who.portalUserId !== undefined) q = q.where('portal_user_id', '=', who.portalUserId);
  return q.orderBy('id', 'desc').execute();
}

/** Row counts of the tables a request or a message writes, to prove a refused one wrote nothing. */
export async function counts(db: Db): Promise<Record<'tickets' | 'ticket_updates' | 'message_threads' | 'messages' | 'events' | 'notifications' | 'mail_outbox' | 'documents' | 'files', number>> {
  const tables = ['tickets', 'ticket_updates', 'message_threads', 'messages', 'events', 'notifications', 'mail_outbox', 'documents', 'files'] as const;
  const out = { tickets: 0, ticket_updates: 0, message_threads: 0, messages: 0, events: 0, notifications: 0, mail_outbox: 0, documents: 0, files: 0 };
  for (const table of tables) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

/** The id at the end of a Location like /portal/tickets/12?done=raised. */
export function idFrom(location: string | null): number {
  const m = /\/(\d+)(?:[?#]|$)/.exec(location ?? '');
  if (!m) throw new Error(`no id in ${location}`);
  return Number(m[1]);
}

/** The staff admin's user id (created by staffCookie()). */
export async function staffId(db: Db, email = 'admin@firm.test'): Promise<number> {
  const row = await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}
