// Helpers of the document email tests: outbox rows, the links inside them, portal settings.

import type { Db } from '../../src/db/index.js';
import type { MailRow } from '../../src/db/schema.js';

/** Outbox rows, oldest first (optionally of one template). */
export async function outbox(db: Db, template?: string): Promise<MailRow[]> {
  let q = db.selectFrom('mail_outbox').selectAll().orderBy('id');
  if (template) q = q.where('template', '=', template);
  return q.execute();
}

/** The permalink token of a document email (from its text body). */
export function linkTokenOf(mail: Pick<MailRow, 'text_body'>): string {
  const m = /\/d\/([a-z0-9]{32})/.exec(mail.text_body);
  if (!m) throw new Error('no permalink in the email');
  return m[1]!;
}

/** The open-tracking token of a document email (from its HTML body). */
export function pixelTokenOf(mail: Pick<MailRow, 'html_body'>): string {
  const m = /\/o\/([a-z0-9]{32})\.gif/.exec(mail.html_body);
  if (!m) throw new Error('no pixel in the email');
  return m[1]!;
}

/** Sets a client's portal overrides (visibility keys and auto_send_invoices). */
export async function setClientPortal(db: Db, clientId: number, values: Record<string, boolean>): Promise<void> {
  for (const [key, on] of Object.entries(values)) {
    await db.deleteFrom('client_portal_settings').where('client_id', '=', clientId).where('key', '=', key).execute();
    await db.insertInto('client_portal_settings').values({ client_id: clientId, key, value: on ? 1 : 0 }).execute();
  }
}

/** Events of one record with an action, oldest first. */
export async function eventsOf(db: Db, subjectType: string, subjectId: number, action?: string) {
  let q = db.selectFrom('events').selectAll().where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).orderBy('id');
  if (action) q = q.where('action', '=', action);
  return q.execute();
}

/** Decodes the HTML entities hono/jsx writes, so page text can be compared with plain strings. */
export function text(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
