// "Viewed by NAME at TIME": every time a portal user opens a document page or its PDF an
// event is recorded on the document; staff get one in-app notification per person and
// document per half hour (a client paging back and forth should not flood the bell).

import type { Db } from '../db/index.js';
import type { DocumentKind } from '../db/schema.js';
import { KIND_INFO } from '../documents/kinds.js';
import { recordEvent } from '../events/service.js';
import type { PortalView } from './context.js';

/** Repeated views by the same person of the same document within this window share one notification. */
export const VIEW_NOTIFICATION_WINDOW_MS = 30 * 60_000;

/** The document that was looked at (already checked to belong to the active client). */
export interface ViewedDocument { kind: DocumentKind; id: number; number: string | null; clientId: number }

/** What recording a view did: nothing in a staff preview; otherwise an event, and perhaps notifications. */
export type ViewRecord = { recorded: false } | { recorded: true; notified: boolean };

/**
 * Records that a portal user opened a document (`via` its page or its PDF): an event `viewed`
 * on the document every time, and a `document_viewed` notification for every active staff
 * member unless this person viewed this document in the last 30 minutes. A staff preview
 * records nothing. Call after the document was found for `portal.client`, outside any transaction.
 */
export async function recordDocumentView(
  db: Db,
  portal: Pick<PortalView, 'preview' | 'user'>,
  doc: ViewedDocument,
  via: 'page' | 'pdf',
  now: Date = new Date(),
): Promise<ViewRecord> {
  const userId = portal.user.id;
  if (portal.preview || userId === null) return { recorded: false };
  const subject = KIND_INFO[doc.kind].subject;
  const label = doc.number ?? `#${doc.id}`;
  const since = new Date(now.getTime() - VIEW_NOTIFICATION_WINDOW_MS).toISOString();
  return db.transaction().execute(async (trx) => {
    const recent = await trx
      .selectFrom('events')
      .select('id')
      .where('subject_type', '=', subject)
      .where('subject_id', '=', doc.id)
      .where('action', '=', 'viewed')
      .where('actor_type', '=', 'portal')
      .where('actor_id', '=', userId)
      .where('at', '>', since)
      .limit(1)
      .executeTakeFirst();
    await recordEvent(trx, { type: 'portal', id: userId, name: portal.user.name }, {
      clientId: doc.clientId,
      subjectType: subject,
      subjectId: doc.id,
      action: 'viewed',
      detail: { label, via },
    });
    if (recent) return { recorded: true, notified: false };
    const data = JSON.stringify({ name: portal.user.name, number: label, kind: doc.kind });
    const link = `${KIND_INFO[doc.kind].path}/${doc.id}`;
    // One statement for every recipient: active staff members.
    await trx
      .insertInto('notifications')
      .columns(['staff_user_id', 'portal_user_id', 'client_id', 'kind', 'data', 'link'])
      .expression((eb) =>
        eb
          .selectFrom('staff_users')
          .select((s) => [
            'id',
            s.lit(null).as('portal_user_id'),
            s.val(doc.clientId).as('client_id'),
            s.val('document_viewed').as('kind'),
            s.val(data).as('data'),
            s.val(link).as('link'),
          ])
          .where('disabled_at', 'is', null),
      )
      .execute();
    return { recorded: true, notified: true };
  });
}
