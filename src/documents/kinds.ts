// What differs between invoices, estimates and credit notes, in one table, plus the
// statuses people see. Pure: no I/O.

import type { DocumentKind, DocumentLifecycle } from '../db/schema.js';
import { invoicePaymentStatus, isOverdue, type InvoiceStatus } from '../ledger/ledger.js';
import type { Minor } from '../money/money.js';

export type { DocumentKind } from '../db/schema.js';

/** Every document kind, in menu order. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['invoice', 'estimate', 'credit_note'];

/** The fixed facts of one kind: number prefix, URLs, event subject, menu section, client tab. */
export interface KindInfo {
  kind: DocumentKind;
  /** Number prefix: INV-2026-0001. */
  prefix: 'INV' | 'EST' | 'CN';
  /** Staff URL base, e.g. /credit-notes. */
  path: '/invoices' | '/estimates' | '/credit-notes';
  /** Subject type of its events (events.json keys). */
  subject: DocumentKind;
  section: 'invoices' | 'estimates' | 'credit_notes';
  tab: 'invoices' | 'estimates' | 'credit_notes';
  /** The action that numbers a draft: invoices and credit notes are finalized, estimates sent. */
  issueAction: 'finalize' | 'send';
  /** The stored status a draft moves to when numbered. */
  issuedStatus: 'issued' | 'sent';
}

/** The facts of each kind. */
export const KIND_INFO: Record<DocumentKind, KindInfo> = {
  invoice: { kind: 'invoice', prefix: 'INV', path: '/invoices', subject: 'invoice', section: 'invoices', tab: 'invoices', issueAction: 'finalize', issuedStatus: 'issued' },
  estimate: { kind: 'estimate', prefix: 'EST', path: '/estimates', subject: 'estimate', section: 'estimates', tab: 'estimates', issueAction: 'send', issuedStatus: 'sent' },
  credit_note: { kind: 'credit_note', prefix: 'CN', path: '/credit-notes', subject: 'credit_note', section: 'credit_notes', tab: 'credit_notes', issueAction: 'finalize', issuedStatus: 'issued' },
};

/** The number of the seq-th document of a kind in a year: INV-2026-0001 (wider past 9999). */
export function documentNumber(kind: DocumentKind, year: number, seq: number): string {
  return `${KIND_INFO[kind].prefix}-${year}-${String(seq).padStart(4, '0')}`;
}

/**
 * How events and messages name a document: its number, or "#id" before it has one. Stored in
 * events, so no words: the translated action around it already says "drafted invoice".
 */
export function documentLabel(doc: { id: number; number: string | null }): string {
  return doc.number ?? `#${doc.id}`;
}

/** Statuses of estimates as people see them: a sent estimate past its validity is expired. */
export type EstimateStatus = 'draft' | 'sent' | 'accepted' | 'rejected' | 'expired' | 'converted' | 'void';

/** Statuses of credit notes. */
export type CreditNoteStatus = 'draft' | 'issued' | 'void';

/** Any status shown on a document. */
export type DisplayStatus = InvoiceStatus | EstimateStatus | CreditNoteStatus;

/** Status filters offered on lists, per kind ('overdue' is a filter, not a status). */
export const STATUS_FILTERS: Record<DocumentKind, readonly string[]> = {
  invoice: ['draft', 'issued', 'partially_paid', 'paid', 'overdue', 'void'],
  estimate: ['draft', 'sent', 'accepted', 'rejected', 'expired', 'converted', 'void'],
  credit_note: ['draft', 'issued', 'void'],
};

/** True when `status` is a list filter of that kind. */
export function isStatusFilter(kind: DocumentKind, status: string): boolean {
  return STATUS_FILTERS[kind].includes(status);
}

/** The status of an estimate as of today: sent and past valid_until → expired (valid on its last day). */
export function estimateStatus(status: DocumentLifecycle, validUntil: string | null, today: string): EstimateStatus {
  if (status === 'sent' && validUntil !== null && validUntil < today) return 'expired';
  if (status === 'issued') return 'sent'; // never stored for estimates; kept total for the type
  return status;
}

/** The status shown for any document, and whether an invoice is overdue; `balance` matters for invoices only. */
export function displayStatus(
  kind: DocumentKind,
  doc: { status: DocumentLifecycle; total: Minor; due_date: string | null; valid_until: string | null; issue_date: string },
  balance: Minor,
  today: string,
): { status: DisplayStatus; overdue: boolean } {
  if (kind === 'invoice') {
    const lifecycle = doc.status === 'draft' || doc.status === 'void' ? doc.status : 'issued';
    const status = invoicePaymentStatus(lifecycle, doc.total, balance);
    return { status, overdue: isOverdue({ status, dueDate: doc.due_date ?? doc.issue_date, balance }, today) };
  }
  if (kind === 'estimate') return { status: estimateStatus(doc.status, doc.valid_until, today), overdue: false };
  return { status: doc.status === 'draft' || doc.status === 'void' ? doc.status : 'issued', overdue: false };
}
