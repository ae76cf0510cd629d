// The portal dashboard's data. Every query is scoped to the active client's id and asks the
// visibility rules first; the figures come from the same ledger functions as the staff pages.

import { sql } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { DocumentKind, DocumentLifecycle } from '../db/schema.js';
import { displayStatus, type DisplayStatus } from '../documents/kinds.js';
import type { ClientPosition } from '../ledger/ledger.js';
import { balanceSql, clientBalances } from '../ledger/queries.js';
import { mayAct } from '../portal-access/visibility.js';
import type { PortalView } from './context.js';
import { dashboardHealth } from '../service-records/health.js';
import { quickActions, recentDocumentKinds, showsFigures, type QuickAction } from './dashboard-rules.js';

/** How many recent documents the dashboard lists. */
export const RECENT_DOCUMENTS = 5;

// What the portal shows of each kind: never drafts; voided estimates are not part of the portal's estimate statuses.
const PORTAL_STATUSES: Record<DocumentKind, DocumentLifecycle[]> = {
  invoice: ['issued', 'void'],
  estimate: ['sent', 'accepted', 'rejected', 'converted'],
  credit_note: ['issued', 'void'],
};

/** A document in the dashboard's "latest documents". */
export interface RecentDocumentRow {
  id: number;
  kind: DocumentKind;
  number: string | null;
  issue_date: string;
  due_date: string | null;
  valid_until: string | null;
  status: DocumentLifecycle;
  currency: string;
  total: number;
  /** Invoices: what is still owed; 0 for other kinds. */
  balance: number;
}

/**
 * The client's newest documents of the given kinds (issue date, then id, newest first), drafts
 * never. One statement: a newest-`limit` branch per kind on the (client_id, kind, issue_date, id)
 * index, merged.
 */
export async function latestDocuments(db: Db | Trx, clientId: number, kinds: readonly DocumentKind[], limit = RECENT_DOCUMENTS): Promise<RecentDocumentRow[]> {
  const query = latestDocumentsQuery(db, clientId, kinds, limit);
  return query ? query.execute() : [];
}

/** The statement behind latestDocuments (null when no kind is visible); tests read its query plan. */
export function latestDocumentsQuery(db: Db | Trx, clientId: number, kinds: readonly DocumentKind[], limit = RECENT_DOCUMENTS) {
  const branch = (kind: DocumentKind) =>
    db
      .selectFrom((eb) =>
        eb
          .selectFrom('documents as d')
          .select(['d.id', 'd.kind', 'd.number', 'd.issue_date', 'd.due_date', 'd.valid_until', 'd.status', 'd.currency', 'd.total'])
          .select(kind === 'invoice' ? balanceSql('d').as('balance') : sql<number>`0`.as('balance'))
          .where('d.client_id', '=', clientId)
          .where('d.kind', '=', kind)
          .where('d.status', 'in', PORTAL_STATUSES[kind])
          .orderBy('d.issue_date', 'desc')
          .orderBy('d.id', 'desc')
          .limit(limit)
          .as(`recent_${kind}`),
      )
      .selectAll();
  const [first, ...rest] = kinds;
  if (first === undefined) return null;
  let union = branch(first);
  for (const kind of rest) union = union.unionAll(branch(kind));
  return db.selectFrom(union.as('recent')).selectAll().orderBy('issue_date', 'desc').orderBy('id', 'desc').limit(limit);
}

/** A recent document with its status as the portal shows it. */
export type RecentDocument = RecentDocumentRow & { shownStatus: DisplayStatus; overdue: boolean };

/** Account health tiles (contracts, sites covered, open tickets, last service) — filled once service records exist. */
export interface AccountHealth { tiles: Array<{ key: string; value: string | number; date?: boolean }> }

/** Everything the dashboard shows. */
export interface DashboardData {
  /** Amount due, overdue and credit; null when invoices are not visible to this member. */
  figures: ClientPosition | null;
  payAll: boolean;
  quickActions: QuickAction[];
  recent: RecentDocument[];
  health: AccountHealth | null;
}

/** How the portal names a document's status: a converted estimate was accepted. */
export function portalStatus(kind: DocumentKind, doc: RecentDocumentRow, today: string): { status: DisplayStatus; overdue: boolean } {
  const shown = displayStatus(kind, doc, doc.balance, today);
  return shown.status === 'converted' ? { status: 'accepted', overdue: false } : shown;
}

/** The dashboard of the active client as this member may see it (two or three queries, whatever the number of documents). */
export async function dashboardData(db: Db, portal: PortalView, today: string): Promise<DashboardData> {
  const clientId = portal.client.id;
  const figuresShown = showsFigures(portal.access, portal.settings);
  const [figures, rows] = await Promise.all([
    figuresShown ? clientBalances(db, clientId, today) : Promise.resolve(null),
    latestDocuments(db, clientId, recentDocumentKinds(portal.access, portal.settings)),
  ]);
  return {
    figures,
    payAll: figuresShown && mayAct(portal.access, portal.settings, 'pay_all'),
    quickActions: quickActions(portal.access, portal.settings),
    recent: rows.map((r) => {
      const s = portalStatus(r.kind, r, today);
      return { ...r, shownStatus: s.status, overdue: s.overdue };
    }),
    // Only when the firm keeps service records and the member may see a tile (src/service-records/health.ts).
    health: await dashboardHealth(db, portal, today),
  };
}

