// Pure: what the portal dashboard offers a member. Every item asks the visibility rules, so a
// hidden entry type or a missing permission never shows a button that would answer 403/404.

import type { DocumentKind } from '../db/schema.js';
import { mayAct, mayView, type MemberAccess, type PortalDefaults } from '../portal-access/visibility.js';

/** Portal sections that may not have pages yet; their quick actions appear once they do. */
export type PendingSection = 'tickets' | 'messages';

/**
 * Sections among PendingSection whose portal pages exist. The tickets and messages issues add
 * theirs here when their routes land (until then "raise a request", "request a quote" and
 * "message us" stay hidden rather than lead to a 404).
 */
export const LIVE_SECTIONS: ReadonlySet<PendingSection> = new Set<PendingSection>(['tickets', 'messages']);

/** One quick action: where it leads (below the portal's base) and its label's key. */
export interface QuickAction { id: 'view_invoices' | 'view_statement' | 'raise_request' | 'request_quote' | 'message_us'; path: string; key: string }

/** The quick actions this member may use, in display order. */
export function quickActions(access: MemberAccess, settings: PortalDefaults, live: ReadonlySet<PendingSection> = LIVE_SECTIONS): QuickAction[] {
  const out: QuickAction[] = [];
  if (mayView(access, settings, 'invoices')) out.push({ id: 'view_invoices', path: '/invoices', key: 'portal_home:quick.view_invoices' });
  if (mayView(access, settings, 'statement')) out.push({ id: 'view_statement', path: '/statement', key: 'portal_home:quick.view_statement' });
  if (live.has('tickets') && mayView(access, settings, 'tickets') && mayAct(access, settings, 'raise_tickets')) {
    out.push({ id: 'raise_request', path: '/tickets/new?type=general', key: 'portal_home:quick.raise_request' });
    out.push({ id: 'request_quote', path: '/tickets/new?type=quote', key: 'portal_home:quick.request_quote' });
  }
  if (live.has('messages') && mayAct(access, settings, 'message')) out.push({ id: 'message_us', path: '/messages', key: 'portal_home:quick.message_us' });
  return out;
}

/** The document kinds whose latest documents the dashboard lists (only visible ones). */
export function recentDocumentKinds(access: MemberAccess, settings: PortalDefaults): DocumentKind[] {
  const kinds: DocumentKind[] = [];
  if (mayView(access, settings, 'invoices')) kinds.push('invoice');
  if (mayView(access, settings, 'estimates')) kinds.push('estimate');
  if (mayView(access, settings, 'credit_notes')) kinds.push('credit_note');
  return kinds;
}

/** Amount due, overdue and credit are shown when invoices are visible to a member who may view finances. */
export function showsFigures(access: MemberAccess, settings: PortalDefaults): boolean {
  return mayView(access, settings, 'invoices');
}

/** Path of a document's portal page (below the portal's base). */
export function portalDocumentPath(kind: DocumentKind, id: number): string {
  return `/${kind === 'credit_note' ? 'credit-notes' : kind === 'estimate' ? 'estimates' : 'invoices'}/${id}`;
}
