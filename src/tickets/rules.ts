// Pure: what a request is and how it moves. Types, statuses and their transitions, the raise
// form's own checks, and the staff queue's query string (allow-listed). No I/O.

import type { TicketStatus, TicketType } from '../db/schema-requests.js';
import { checkBody, checkLine } from '../messages/text.js';

export type { TicketStatus, TicketType } from '../db/schema-requests.js';

/** Request types, in the order the portal offers them. */
export const TICKET_TYPES: readonly TicketType[] = ['general', 'complaint', 'quote', 'dispute'];
/** Statuses in lifecycle order. */
export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'in_progress', 'resolved', 'closed'];

/** Narrows a string to a request type. */
export function isTicketType(v: string): v is TicketType {
  return (TICKET_TYPES as readonly string[]).includes(v);
}

/** Narrows a string to a request status. */
export function isTicketStatus(v: string): v is TicketStatus {
  return (TICKET_STATUSES as readonly string[]).includes(v);
}

// Where each status may go: forward through the lifecycle, back to open from resolved/closed (reopen).
const MOVES: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ['in_progress', 'resolved', 'closed'],
  in_progress: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

/** The statuses staff may move a request to from `status`, in button order. */
export function nextStatuses(status: TicketStatus): readonly TicketStatus[] {
  return MOVES[status];
}

/** May a request move from `from` to `to`? */
export function mayMove(from: TicketStatus, to: TicketStatus): boolean {
  return MOVES[from].includes(to);
}

/** Open and in-progress requests still need the firm's attention. */
export function isActive(status: TicketStatus): boolean {
  return status === 'open' || status === 'in_progress';
}

/**
 * What a client's reply does to the status: a reply to a resolved request reopens it; a closed
 * request takes no more replies (null: refuse); otherwise the status stays.
 */
export function statusAfterClientReply(status: TicketStatus): TicketStatus | null {
  if (status === 'closed') return null;
  return status === 'resolved' ? 'open' : status;
}

/** The raise-a-request form as received (every value a string from the form). */
export interface RawTicket { type: string; subject: string; description: string; invoice_id: string; site_id: string; equipment_id: string }

/** A request's own fields once checked; the invoice still has to be checked against the client's. */
export interface CheckedTicket { type: TicketType; subject: string; description: string; invoiceId: number | null; siteId: number | null; equipmentId: number | null }

/** Field name → translation key. */
export type TicketErrors = Partial<Record<keyof RawTicket | 'file', string>>;

/** Checks the raise form's own fields. Only disputes carry an invoice; other types drop it. */
export function checkTicket(raw: RawTicket): { ok: true; value: CheckedTicket } | { ok: false; errors: TicketErrors } {
  const errors: TicketErrors = {};
  const type = raw.type.trim();
  if (!isTicketType(type)) errors.type = 'tickets:errors.type';
  const subject = checkLine(raw.subject);
  if (!subject.ok) errors.subject = subject.error;
  const description = checkBody(raw.description);
  if (!description.ok) errors.description = description.error;
  let invoiceId: number | null = null;
  const invoice = raw.invoice_id.trim();
  if (type === 'dispute' && invoice !== '') {
    if (/^[1-9]\d{0,14}$/.test(invoice)) invoiceId = Number(invoice);
    else errors.invoice_id = 'tickets:errors.invoice';
  }
  const siteId = optionalId(raw.site_id);
  if (siteId === undefined) errors.site_id = 'tickets:errors.site';
  const equipmentId = optionalId(raw.equipment_id);
  if (equipmentId === undefined) errors.equipment_id = 'tickets:errors.equipment';
  if (!isTicketType(type) || !subject.ok || !description.ok || errors.invoice_id || siteId === undefined || equipmentId === undefined) return { ok: false, errors };
  return { ok: true, value: { type, subject: subject.value, description: description.value, invoiceId, siteId, equipmentId } };
}

// An optional id field: null when empty, undefined when not a positive integer.
function optionalId(raw: string): number | null | undefined {
  const v = raw.trim();
  if (v === '') return null;
  return /^[1-9]\d{0,14}$/.test(v) ? Number(v) : undefined;
}

/** The staff queue's status filter: one status, the active ones (default), or all. */
export type QueueStatus = TicketStatus | 'active' | 'all';
/** The queue's assignee filter: anyone, nobody yet, or one staff member. */
export type QueueAssignee = 'any' | 'none' | number;

/** The staff queue's state, as it lives in the query string. */
export interface QueueFilter {
  status: QueueStatus;
  type: TicketType | null;
  clientId: number | null;
  assignee: QueueAssignee;
  page: number;
}

function positiveId(v: string | undefined): number | null {
  return v && /^[1-9]\d{0,14}$/.test(v) ? Number(v) : null;
}

/** Reads the queue's query string; anything unknown falls back to its default. */
export function parseQueueFilter(q: (name: string) => string | undefined): QueueFilter {
  const status = q('status') ?? '';
  const type = q('type') ?? '';
  const assignee = q('assignee') ?? '';
  const page = q('page') ?? '';
  return {
    status: status === 'all' || isTicketStatus(status) ? status : 'active',
    type: isTicketType(type) ? type : null,
    clientId: positiveId(q('client_id')),
    assignee: assignee === 'none' ? 'none' : positiveId(assignee) ?? 'any',
    page: /^[1-9]\d{0,5}$/.test(page) ? Number(page) : 1,
  };
}

/** The query string of a queue state, without defaults (for links and the pager). */
export function queueQuery(f: QueueFilter, page: number = f.page): string {
  const params = new URLSearchParams();
  if (f.status !== 'active') params.set('status', f.status);
  if (f.type) params.set('type', f.type);
  if (f.clientId !== null) params.set('client_id', String(f.clientId));
  if (f.assignee !== 'any') params.set('assignee', String(f.assignee));
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `?${s}` : '';
}
