// Permalinks: one unguessable link per recipient of an emailed document (or statement), so a
// person who is not a portal member can see, download and pay that one thing. Tokens are 160
// random bits, stored as SHA-256 only, bound to one document (or one client's statement for one
// period) and one address; they expire and can be revoked (SECURITY.md rows 8 and 15).

import { findClient } from '../clients/queries.js';
import type { Db, Trx } from '../db/index.js';
import type { Client, DocumentKind } from '../db/schema.js';
import { findDocument, findDocumentRef } from '../documents/queries.js';
import { KIND_INFO, documentLabel } from '../documents/kinds.js';
import { getDocument, type DocumentDetail } from '../documents/service.js';
import { recordEvent, type Actor } from '../events/service.js';
import { randomToken, sha256Hex } from '../auth/tokens.js';
import type { Statement } from '../ledger/ledger.js';
import { clientStatement } from '../ledger/queries.js';
import { notifyStaff } from '../notifications/service.js';
import { isPortalVisibleStatus } from '../portal/list-queries.js';
import { VIEW_NOTIFICATION_WINDOW_MS } from '../portal/views-tracking.js';
import { loadEffectiveSettings } from '../portal-access/queries.js';
import { mayView, type PortalDefaults } from '../portal-access/visibility.js';
import { getFirmSettings } from '../settings/service.js';
import {
  activeMembershipByEmail, documentLinkSummary, findPermalinkByHash, insertPermalink, renewPermalinks, revokeDocumentPermalinks,
  viewedThroughLinkSince, type PermalinkRow, type PermalinkTarget,
} from './queries.js';
import { isTokenShape, LINK_TOKEN_LENGTH, linkState, permalinkExpiry } from './rules.js';

export type { PermalinkRow, PermalinkTarget } from './queries.js';

/** The event actions a link writes (events.json: `<subject>.viewed_via_link`, `client.statement_viewed_via_link`). */
export const LINK_VIEW_ACTION = 'viewed_via_link';
export const STATEMENT_VIEW_ACTION = 'statement_viewed_via_link';

/**
 * Issues a permalink to `target` for `email`, inside the caller's transaction (the one that
 * enqueues the email carrying it). The recipient's earlier links to the same target are renewed
 * to the same expiry. Returns the token: it goes into the email and is never stored.
 */
export async function issuePermalink(trx: Trx, target: PermalinkTarget, email: string, opts: { createdBy: number | null; now: Date }): Promise<{ id: number; token: string; expiresAt: string }> {
  const token = randomToken(LINK_TOKEN_LENGTH);
  const expiresAt = permalinkExpiry(opts.now);
  const address = email.toLowerCase();
  await renewPermalinks(trx, target, address, expiresAt);
  const id = await insertPermalink(trx, {
    token_hash: sha256Hex(token),
    kind: target.kind,
    client_id: target.clientId,
    document_id: target.kind === 'document' ? target.documentId : null,
    period_from: target.kind === 'statement' ? target.from : null,
    period_to: target.kind === 'statement' ? target.to : null,
    email: address,
    created_by: opts.createdBy,
    created_at: opts.now.toISOString(),
    expires_at: expiresAt,
    revoked_at: null,
  });
  return { id, token, expiresAt };
}

/** A token looked up: the link, or why it does not open (unknown → 404; expired or withdrawn → 410). */
export type OpenedLink = { ok: true; link: PermalinkRow } | { ok: false; error: 'NotFound' | 'Gone' };

/** Finds the permalink of a token (only permalink tokens: any other kind of token is unknown here). */
export async function openPermalink(db: Db, token: string | undefined, now: Date = new Date()): Promise<OpenedLink> {
  if (!isTokenShape(token)) return { ok: false, error: 'NotFound' };
  const link = await findPermalinkByHash(db, sha256Hex(token));
  if (!link) return { ok: false, error: 'NotFound' };
  return linkState(link, now) === 'active' ? { ok: true, link } : { ok: false, error: 'Gone' };
}

/** What a link to a document shows. */
export interface LinkedDocument {
  kind: 'document';
  link: PermalinkRow;
  detail: DocumentDetail;
  client: Client;
  firmName: string;
  /** The client's `balances` setting: amount paid and still owed shown or not. */
  balances: boolean;
  settings: PortalDefaults;
}

/** What a link to a statement shows. */
export interface LinkedStatement {
  kind: 'statement';
  link: PermalinkRow;
  statement: Statement;
  client: Client;
  firmName: string;
  settings: PortalDefaults;
}

/**
 * The document (or statement) behind an open link, scoped to the link's client; 'Gone' when the
 * document has since been voided (its links stop working) or the client no longer exists.
 */
export async function loadLinked(db: Db, link: PermalinkRow): Promise<LinkedDocument | LinkedStatement | 'Gone'> {
  const [client, firm, settings] = await Promise.all([findClient(db, link.client_id), getFirmSettings(db), loadEffectiveSettings(db, link.client_id)]);
  if (!client) return 'Gone';
  if (link.kind === 'statement') {
    const statement = await clientStatement(db, client.id, link.period_from, link.period_to);
    return { kind: 'statement', link, statement, client, firmName: firm.firm_name, settings };
  }
  const ref = link.document_id === null ? undefined : await findDocumentRef(db, link.document_id);
  const detail = ref ? await getDocument(db, ref.kind, ref.id, { clientId: link.client_id }) : null;
  if (!detail || detail.doc.status === 'void' || !isPortalVisibleStatus(detail.doc.kind, detail.doc.status)) return 'Gone';
  return { kind: 'document', link, detail, client, firmName: firm.firm_name, balances: settings.balances, settings };
}

/** The portal page of what a link shows. */
export function portalPathOf(linked: LinkedDocument | LinkedStatement): string {
  if (linked.kind === 'statement') {
    const q = new URLSearchParams({ period: 'custom' });
    if (linked.link.period_from) q.set('from', linked.link.period_from);
    if (linked.link.period_to) q.set('to', linked.link.period_to);
    return `/portal/statement?${q.toString()}`;
  }
  return `/portal${KIND_INFO[linked.detail.doc.kind].path}/${linked.detail.doc.id}`;
}

/**
 * Where a portal member who opens their link is sent instead: the portal page of the document,
 * when the recipient is an active member of the client who may see it there; else null (the
 * link shows it, as to anyone it was sent to).
 */
export async function memberPortalPath(db: Db, linked: LinkedDocument | LinkedStatement): Promise<string | null> {
  const member = await activeMembershipByEmail(db, linked.client.id, linked.link.email);
  if (!member) return null;
  const key = linked.kind === 'statement' ? 'statement' : KIND_INFO[linked.detail.doc.kind].section;
  return mayView({ status: 'active', permissions: member.permissions }, linked.settings, key) ? portalPathOf(linked) : null;
}

/**
 * Records that a link was used ("viewed by <email> via link"), like a portal view: an event on
 * the document every time, and one staff notification per person and document per half hour.
 */
export async function recordLinkView(db: Db, linked: LinkedDocument | LinkedStatement, via: 'page' | 'pdf', now: Date = new Date()): Promise<void> {
  const actor: Actor = { type: 'portal', id: null, name: linked.link.email };
  const since = new Date(now.getTime() - VIEW_NOTIFICATION_WINDOW_MS).toISOString();
  await db.transaction().execute(async (trx) => {
    if (linked.kind === 'statement') {
      await recordEvent(trx, actor, { clientId: linked.client.id, subjectType: 'client', subjectId: linked.client.id, action: STATEMENT_VIEW_ACTION, detail: { label: linked.client.name, via } });
      return;
    }
    const doc = linked.detail.doc;
    const subject = KIND_INFO[doc.kind].subject;
    const recent = await viewedThroughLinkSince(trx, subject, doc.id, LINK_VIEW_ACTION, linked.link.email, since);
    await recordEvent(trx, actor, { clientId: doc.client_id, subjectType: subject, subjectId: doc.id, action: LINK_VIEW_ACTION, detail: { label: documentLabel(doc), via } });
    if (!recent) {
      await notifyStaff(trx, { kind: 'document_viewed', clientId: doc.client_id, data: { name: linked.link.email, number: documentLabel(doc), kind: doc.kind }, link: `${KIND_INFO[doc.kind].path}/${doc.id}` });
    }
  });
}

/** What staff see about the links of a document: how many still work, until when. */
export async function documentLinks(db: Db, documentId: number, now: Date = new Date()): Promise<{ active: number; expiresAt: string | null }> {
  return documentLinkSummary(db, documentId, now.toISOString());
}

/** Withdraws every emailed link of a document at once (e.g. sent to the wrong person, or the document was voided). */
export async function revokeDocumentLinks(db: Db, actor: Actor, kind: DocumentKind, id: number, now: Date = new Date()): Promise<{ ok: true; revoked: number } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const doc = await findDocument(trx, kind, id);
    if (!doc) return { ok: false, error: 'NotFound' } as const;
    const revoked = await revokeDocumentPermalinks(trx, doc.id, now.toISOString());
    if (revoked > 0) {
      await recordEvent(trx, actor, { clientId: doc.client_id, subjectType: KIND_INFO[kind].subject, subjectId: doc.id, action: 'links_revoked', detail: { label: documentLabel(doc), count: revoked } });
    }
    return { ok: true, revoked } as const;
  });
}
