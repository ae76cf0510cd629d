// Small factories for conversations: rows written straight into a test database.

import type { Db } from '../../src/db/index.js';
import type { ThreadAbout } from '../../src/db/schema-requests.js';

/** Inserts a thread of `clientId` about a record (general by default) with one message from staff; returns both ids. */
export async function makeThread(db: Db, clientId: number, opts: { aboutType?: ThreadAbout; aboutId?: number; body?: string } = {}): Promise<{ threadId: number; messageId: number }> {
  const thread = await db
    .insertInto('message_threads')
    .values({ client_id: clientId, about_type: opts.aboutType ?? 'general', about_id: opts.aboutId ?? 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const message = await db
    .insertInto('messages')
    .values({ thread_id: thread.id, client_id: clientId, author_type: 'staff', author_staff_id: null, author_portal_user_id: null, author_name: 'Anna', body: opts.body ?? 'Hello from the firm.' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { threadId: thread.id, messageId: message.id };
}
