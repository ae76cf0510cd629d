// Open tracking: every document email carries a 1×1 image whose address holds a token bound to
// that one outbox row (stored hashed). Its first load marks the mail opened and records an
// "email opened" event on the document: with views, the only GETs that record anything
// (DESIGN.md rule 2). Later loads, and unknown tokens, change nothing.

import { randomToken, sha256Hex } from '../auth/tokens.js';
import { findClient } from '../clients/queries.js';
import type { Db, Trx } from '../db/index.js';
import { DOCUMENT_KINDS, KIND_INFO } from '../documents/kinds.js';
import { recordEvent } from '../events/service.js';
import { splitAddresses } from '../mail/headers.js';
import { isTokenShape, LINK_TOKEN_LENGTH } from '../permalinks/rules.js';
import { documentNumberOf, findMailByOpenToken, insertOpenToken, markMailOpened } from './queries.js';

/** The subject type of statement emails in mail_outbox (their subject id is the client's). */
export const STATEMENT_MAIL_SUBJECT = 'statement';

/** A 1×1 transparent GIF. */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** A new open-tracking token (160 bits); store it with bindOpenToken once the mail has its outbox id. */
export function newOpenToken(): string {
  return randomToken(LINK_TOKEN_LENGTH);
}

/** Binds a token to the outbox row that carries it (same transaction as the enqueue). */
export async function bindOpenToken(trx: Trx, token: string, mailId: number): Promise<void> {
  await insertOpenToken(trx, sha256Hex(token), mailId);
}

/** What loading a pixel did. */
export type OpenResult = 'opened' | 'already_opened' | 'unknown';

/** Records the first load of a mail's pixel: opened_at and one event on what the mail was about. */
export async function recordMailOpen(db: Db, token: string | undefined, now: Date = new Date()): Promise<OpenResult> {
  if (!isTokenShape(token)) return 'unknown';
  const hash = sha256Hex(token);
  const found = await findMailByOpenToken(db, hash);
  if (!found) return 'unknown';
  if (found.opened_at !== null) return 'already_opened';
  return db.transaction().execute(async (trx): Promise<OpenResult> => {
    if (!(await markMailOpened(trx, found.id, now.toISOString()))) return 'already_opened';
    const to = splitAddresses(found.to_addresses);
    const actor = { type: 'portal' as const, id: null, name: to.join(', ') };
    const kind = DOCUMENT_KINDS.find((k) => KIND_INFO[k].subject === found.subject_type);
    if (kind && found.subject_id !== null) {
      const doc = await documentNumberOf(trx, found.subject_id);
      await recordEvent(trx, actor, {
        clientId: found.client_id,
        subjectType: KIND_INFO[kind].subject,
        subjectId: found.subject_id,
        action: 'email_opened',
        detail: { label: doc?.number ?? `#${found.subject_id}`, mail_id: found.id },
      });
    } else if (found.subject_type === STATEMENT_MAIL_SUBJECT && found.client_id !== null) {
      const client = await findClient(trx, found.client_id);
      await recordEvent(trx, actor, {
        clientId: found.client_id,
        subjectType: 'client',
        subjectId: found.client_id,
        action: 'statement_email_opened',
        detail: { label: client?.name ?? `#${found.client_id}`, mail_id: found.id },
      });
    }
    return 'opened';
  });
}
