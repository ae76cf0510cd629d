// Requests: raised by a client's member (or logged by staff), answered in public replies, noted
// internally, assigned, moved open → in progress → resolved → closed (and reopened), and a quote
// request turned into a draft estimate. Every change records an event in its transaction; the
// client hears of public replies and status changes, staff of new requests and client replies.

import type { Db, Trx } from '../db/index.js';
import type { Ticket, TicketStatus, TicketUpdate } from '../db/schema-requests.js';
import { createDocument } from '../documents/service.js';
import { recordEvent, type Actor } from '../events/service.js';
import { storeUpload } from '../files/service.js';
import { removeQuietly, type StagedFile } from '../files/storage.js';
import { checkBody, excerpt } from '../messages/text.js';
import { tellMembers, tellStaff, type NotifyContext } from '../messages/notify.js';
import { loadEffectiveSettings } from '../portal-access/queries.js';
import { nowIso } from '../util/time.js';
import {
  assignableStaff,
  countActiveTickets,
  disputableInvoices,
  equipmentChoices,
  findClientEquipment,
  findClientSite,
  findClientTicket,
  findIssuedInvoice,
  findTicket,
  findTicketFile,
  findTicketRow,
  insertTicket,
  insertTicketFiles,
  insertTicketUpdate,
  linkEstimate,
  listClientTickets,
  listQueue,
  listTicketUpdates,
  siteChoices,
  ticketAttachments,
  updateTicket,
  type TicketAttachment,
  type TicketListRow,
  type TicketRow,
} from './queries.js';
import { checkTicket, mayMove, statusAfterClientReply, type CheckedTicket, type QueueFilter, type RawTicket, type TicketErrors } from './rules.js';

export type { TicketAttachment, TicketListRow, TicketRow } from './queries.js';

/** Who raises or answers a request from the portal: a signed-in member (never a staff preview). */
export interface PortalAuthor { portalUserId: number; name: string }

/** Why a request action was refused. */
export type TicketFailure =
  | { ok: false; error: 'NotFound' }
  | { ok: false; error: 'Invalid'; errors: TicketErrors & { body?: string; status?: string; assignee_id?: string } }
  | { ok: false; error: 'Closed' }
  | { ok: false; error: 'NotAllowed' }
  | { ok: false; error: 'NotQuote' }
  | { ok: false; error: 'AlreadyLinked' };

// Events name a request by its number and subject; the words around it come from events.json.
function ticketLabel(t: Pick<Ticket, 'id' | 'subject'>): string {
  return `#${t.id} ${t.subject}`;
}

const EXCERPT = 600;

/** A file received with the raise form (staged by the uploads feature), and where uploads live. */
export interface TicketUpload { file: StagedFile; dataDir: string }

const UPLOAD_ERRORS: Record<'TooLarge' | 'Empty' | 'UnsupportedType' | 'NameMismatch', string> = {
  TooLarge: 'files:errors.too_large',
  Empty: 'files:errors.empty',
  UnsupportedType: 'files:errors.type',
  NameMismatch: 'files:errors.mismatch',
};

// The records a request names must be the client's: an issued invoice, a current site or piece of equipment.
async function checkReferences(db: Db | Trx, clientId: number, t: CheckedTicket): Promise<TicketErrors> {
  const errors: TicketErrors = {};
  const [invoice, site, equipment] = await Promise.all([
    t.invoiceId === null ? null : findIssuedInvoice(db, clientId, t.invoiceId),
    t.siteId === null ? null : findClientSite(db, clientId, t.siteId),
    t.equipmentId === null ? null : findClientEquipment(db, clientId, t.equipmentId),
  ]);
  if (invoice === undefined) errors.invoice_id = 'tickets:errors.invoice';
  if (site === undefined) errors.site_id = 'tickets:errors.site';
  if (equipment === undefined) errors.equipment_id = 'tickets:errors.equipment';
  else if (equipment && site && equipment.site_id !== null && equipment.site_id !== site.id) errors.equipment_id = 'tickets:errors.equipment_site';
  return errors;
}

/**
 * Raises a request for the member's active client (checked by the caller: visible and permitted).
 * A dispute may name one of the client's issued invoices; any request a site and a piece of
 * equipment (its site is taken from the equipment when none is chosen); one attached file is
 * stored first, unshared, and linked. Staff are told in-app and by email.
 */
export async function raiseTicket(
  db: Db,
  clientId: number,
  author: PortalAuthor,
  raw: RawTicket,
  ctx: NotifyContext,
  upload: TicketUpload | null = null,
): Promise<{ ok: true; id: number } | TicketFailure | { ok: false; error: 'TooLarge'; errors: TicketErrors }> {
  const checked = checkTicket(raw);
  const refErrors = checked.ok ? await checkReferences(db, clientId, checked.value) : {};
  if (!checked.ok || Object.keys(refErrors).length > 0) {
    if (upload) await removeQuietly(upload.file.path);
    return { ok: false, error: 'Invalid', errors: checked.ok ? refErrors : checked.errors };
  }
  const input = checked.value;
  const actor: Actor = { type: 'portal', id: author.portalUserId, name: author.name };
  // The file is stored before the request (storeUpload has its own transaction and moves bytes on disk).
  let fileId: number | null = null;
  if (upload) {
    const stored = await storeUpload(db, { dataDir: upload.dataDir, clientId, file: upload.file, shared: false, actor });
    if (!stored.ok) {
      const key = stored.error === 'ClientNotFound' || stored.error === 'LinkNotFound' ? 'files:errors.link' : UPLOAD_ERRORS[stored.error];
      return { ok: false, error: stored.error === 'TooLarge' ? 'TooLarge' : 'Invalid', errors: { file: key } };
    }
    fileId = stored.file.id;
  }
  return db.transaction().execute(async (trx) => {
    // Checked again inside the transaction: an invoice voided or a site archived meanwhile is refused.
    const again = await checkReferences(trx, clientId, input);
    if (Object.keys(again).length > 0) return { ok: false, error: 'Invalid', errors: again } as const;
    const siteId = input.siteId ?? (input.equipmentId === null ? null : (await findClientEquipment(trx, clientId, input.equipmentId))?.site_id ?? null);
    const at = nowIso();
    const id = await insertTicket(trx, {
      client_id: clientId,
      type: input.type,
      subject: input.subject,
      description: input.description,
      status: 'open',
      invoice_id: input.invoiceId,
      estimate_id: null,
      site_id: siteId,
      equipment_id: input.equipmentId,
      assignee_id: null,
      raised_by_portal_user_id: author.portalUserId,
      raised_by_staff_id: null,
      raised_by_name: author.name,
      last_activity_at: at,
      resolved_at: null,
      closed_at: null,
      created_at: at,
      updated_at: at,
    });
    if (fileId !== null) await insertTicketFiles(trx, id, [fileId]);
    await recordEvent(trx, actor, { clientId, subjectType: 'ticket', subjectId: id, action: 'created', detail: { label: ticketLabel({ id, subject: input.subject }), type: input.type } });
    const client = await trx.selectFrom('clients').select('name').where('id', '=', clientId).executeTakeFirstOrThrow();
    await tellStaff(trx, {
      kind: 'ticket_raised',
      clientId,
      data: { name: author.name, subject: input.subject, type: input.type, comment: excerpt(input.description, 200) },
      path: `/tickets/${id}`,
      subjectType: 'ticket',
      subjectId: id,
      email: (t) => ({
        heading: t('tickets:email.raised_heading', { client: client.name, subject: input.subject }),
        paragraphs: [t('tickets:email.raised_intro', { name: author.name, type: t(`tickets:type.${input.type}`) }), excerpt(input.description, EXCERPT)],
        actionLabel: t('tickets:email.open_staff'),
      }),
    }, ctx);
    return { ok: true, id } as const;
  });
}

/**
 * A member's public reply on a request of their client. A reply to a resolved request reopens
 * it; a closed one takes none. The assignee (or every staff member) is told.
 */
export async function replyAsClient(db: Db, clientId: number, ticketId: number, author: PortalAuthor, rawBody: string, ctx: NotifyContext): Promise<{ ok: true } | TicketFailure> {
  return db.transaction().execute(async (trx): Promise<{ ok: true } | TicketFailure> => {
    const ticket = await findTicketRow(trx, ticketId);
    if (!ticket || ticket.client_id !== clientId) return { ok: false, error: 'NotFound' };
    const next = statusAfterClientReply(ticket.status);
    if (next === null) return { ok: false, error: 'Closed' };
    const body = checkBody(rawBody);
    if (!body.ok) return { ok: false, error: 'Invalid', errors: { body: body.error } };
    const at = nowIso();
    const actor: Actor = { type: 'portal', id: author.portalUserId, name: author.name };
    const common = { ticket_id: ticket.id, client_id: clientId, author_type: 'portal' as const, author_staff_id: null, author_portal_user_id: author.portalUserId, author_name: author.name };
    await insertTicketUpdate(trx, { ...common, kind: 'reply', body: body.value, status_from: null, status_to: null, created_at: at });
    await recordEvent(trx, actor, { clientId, subjectType: 'ticket', subjectId: ticket.id, action: 'replied', detail: { label: ticketLabel(ticket) } });
    if (next !== ticket.status) {
      await insertTicketUpdate(trx, { ...common, kind: 'status', body: '', status_from: ticket.status, status_to: next, created_at: at });
      await recordEvent(trx, actor, { clientId, subjectType: 'ticket', subjectId: ticket.id, action: 'reopened', detail: { label: ticketLabel(ticket), from: ticket.status, to: next } });
    }
    await updateTicket(trx, ticket.id, { status: next, last_activity_at: at, updated_at: at, ...(next === 'open' && ticket.status !== 'open' ? { resolved_at: null, closed_at: null } : {}) });
    await tellStaff(trx, {
      kind: 'ticket_replied',
      clientId,
      data: { name: author.name, subject: ticket.subject, comment: excerpt(body.value, 200) },
      path: `/tickets/${ticket.id}`,
      subjectType: 'ticket',
      subjectId: ticket.id,
      email: (t) => ({
        heading: t('tickets:email.client_reply_heading', { name: author.name, subject: ticket.subject }),
        paragraphs: [excerpt(body.value, EXCERPT)],
        actionLabel: t('tickets:email.open_staff'),
      }),
    }, ctx, { only: ticket.assignee_id });
    return { ok: true };
  });
}

/** Staff answer a request: a public reply (the client sees it and is told) or an internal note (staff only, nobody told). */
export async function addStaffUpdate(db: Db, actor: Actor, ticketId: number, kind: 'reply' | 'note', rawBody: string, ctx: NotifyContext): Promise<{ ok: true } | TicketFailure> {
  return db.transaction().execute(async (trx): Promise<{ ok: true } | TicketFailure> => {
    const ticket = await findTicketRow(trx, ticketId);
    if (!ticket) return { ok: false, error: 'NotFound' };
    const body = checkBody(rawBody);
    if (!body.ok) return { ok: false, error: 'Invalid', errors: { body: body.error } };
    const at = nowIso();
    await insertTicketUpdate(trx, {
      ticket_id: ticket.id, client_id: ticket.client_id, kind, body: body.value, status_from: null, status_to: null,
      author_type: 'staff', author_staff_id: actor.id, author_portal_user_id: null, author_name: actor.name, created_at: at,
    });
    // A note leaves no trace the client could see: only its event (no text) and the updated time.
    await updateTicket(trx, ticket.id, { updated_at: at, ...(kind === 'reply' ? { last_activity_at: at } : {}) });
    await recordEvent(trx, actor, { clientId: ticket.client_id, subjectType: 'ticket', subjectId: ticket.id, action: kind === 'reply' ? 'replied' : 'noted', detail: { label: ticketLabel(ticket) } });
    if (kind === 'reply') await tellRaiser(trx, ticket, 'ticket_answered', body.value, ctx);
    return { ok: true };
  });
}

// The member who raised the request hears of a public reply or a status change (if they may still see requests).
async function tellRaiser(trx: Trx, ticket: Ticket, kind: 'ticket_answered' | 'ticket_status', text: string, ctx: NotifyContext, status?: TicketStatus): Promise<void> {
  if (ticket.raised_by_portal_user_id === null) return;
  const settings = await loadEffectiveSettings(trx, ticket.client_id);
  await tellMembers(trx, {
    kind,
    clientId: ticket.client_id,
    data: { subject: ticket.subject, status: status ?? null, comment: kind === 'ticket_answered' ? excerpt(text, 200) : null },
    path: `/tickets/${ticket.id}`,
    subjectType: 'ticket',
    subjectId: ticket.id,
    email: (t) =>
      kind === 'ticket_answered'
        ? { heading: t('tickets:email.answered_heading', { subject: ticket.subject }), paragraphs: [excerpt(text, EXCERPT)], actionLabel: t('tickets:email.open_portal') }
        : {
            heading: t('tickets:email.status_heading', { subject: ticket.subject }),
            paragraphs: [t('tickets:email.status_now', { status: t(`tickets:status.${status ?? ticket.status}`) })],
            actionLabel: t('tickets:email.open_portal'),
          },
  }, ctx, { settings, key: 'tickets', event: 'ticket_updated', authorPortalUserId: null, only: ticket.raised_by_portal_user_id });
}

const STATUS_ACTIONS: Record<TicketStatus, string> = { open: 'reopened', in_progress: 'started', resolved: 'resolved', closed: 'closed' };

/** Moves a request to another status (staff); the client sees the change and its raiser is told. */
export async function changeStatus(db: Db, actor: Actor, ticketId: number, rawStatus: string, ctx: NotifyContext): Promise<{ ok: true; status: TicketStatus } | TicketFailure> {
  return db.transaction().execute(async (trx): Promise<{ ok: true; status: TicketStatus } | TicketFailure> => {
    const ticket = await findTicketRow(trx, ticketId);
    if (!ticket) return { ok: false, error: 'NotFound' };
    const to = (['open', 'in_progress', 'resolved', 'closed'] as const).find((s) => s === rawStatus.trim());
    if (!to) return { ok: false, error: 'Invalid', errors: { status: 'tickets:errors.status' } };
    if (!mayMove(ticket.status, to)) return { ok: false, error: 'NotAllowed' };
    const at = nowIso();
    await insertTicketUpdate(trx, {
      ticket_id: ticket.id, client_id: ticket.client_id, kind: 'status', body: '', status_from: ticket.status, status_to: to,
      author_type: 'staff', author_staff_id: actor.id, author_portal_user_id: null, author_name: actor.name, created_at: at,
    });
    await updateTicket(trx, ticket.id, {
      status: to,
      last_activity_at: at,
      updated_at: at,
      resolved_at: to === 'resolved' ? at : to === 'open' ? null : ticket.resolved_at,
      closed_at: to === 'closed' ? at : null,
    });
    await recordEvent(trx, actor, { clientId: ticket.client_id, subjectType: 'ticket', subjectId: ticket.id, action: STATUS_ACTIONS[to], detail: { label: ticketLabel(ticket), from: ticket.status, to } });
    await tellRaiser(trx, ticket, 'ticket_status', '', ctx, to);
    return { ok: true, status: to };
  });
}

/** Assigns a request to an active staff member, or to nobody (empty value). The new assignee is told in-app. */
export async function assignTicket(db: Db, actor: Actor, ticketId: number, rawAssignee: string): Promise<{ ok: true } | TicketFailure> {
  return db.transaction().execute(async (trx): Promise<{ ok: true } | TicketFailure> => {
    const ticket = await findTicketRow(trx, ticketId);
    if (!ticket) return { ok: false, error: 'NotFound' };
    const raw = rawAssignee.trim();
    let assignee: { id: number; name: string } | null = null;
    if (raw !== '') {
      const id = /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : 0;
      assignee = (await assignableStaff(trx)).find((s) => s.id === id) ?? null;
      if (!assignee) return { ok: false, error: 'Invalid', errors: { assignee_id: 'tickets:errors.assignee' } };
    }
    if ((assignee?.id ?? null) === ticket.assignee_id) return { ok: true };
    const at = nowIso();
    await updateTicket(trx, ticket.id, { assignee_id: assignee?.id ?? null, updated_at: at });
    await recordEvent(trx, actor, {
      clientId: ticket.client_id, subjectType: 'ticket', subjectId: ticket.id, action: assignee ? 'assigned' : 'unassigned',
      detail: { label: ticketLabel(ticket), assignee: assignee?.name ?? null },
    });
    if (assignee && assignee.id !== actor.id) {
      await trx.insertInto('notifications').values({
        staff_user_id: assignee.id, portal_user_id: null, client_id: ticket.client_id, kind: 'ticket_assigned',
        data: JSON.stringify({ name: actor.name, subject: ticket.subject }), link: `/tickets/${ticket.id}`, read_at: null,
      }).execute();
    }
    return { ok: true };
  });
}

/**
 * Turns a quote request into a draft estimate with one line named after the request (priced by
 * staff afterwards), links it and records both events. Refused for other types or when linked already.
 */
export async function quoteToEstimate(db: Db, actor: Actor, ticketId: number): Promise<{ ok: true; estimateId: number } | TicketFailure> {
  const ticket = await findTicketRow(db, ticketId);
  if (!ticket) return { ok: false, error: 'NotFound' };
  if (ticket.type !== 'quote') return { ok: false, error: 'NotQuote' };
  if (ticket.estimate_id !== null) return { ok: false, error: 'AlreadyLinked' };
  const created = await createDocument(db, actor, 'estimate', {
    clientId: ticket.client_id,
    projectId: null,
    issueDate: null,
    dueDate: null,
    validUntil: null,
    relatedInvoiceId: null,
    notes: null,
    lines: [{ description: ticket.subject, quantity: '1', unitPrice: 0, taxRate: null }],
  });
  if (!created.ok) return { ok: false, error: 'NotAllowed' };
  const estimateId = created.value.id;
  const linked = await db.transaction().execute(async (trx) => {
    const at = nowIso();
    if (!(await linkEstimate(trx, ticket.id, estimateId, at))) return false;
    await recordEvent(trx, actor, { clientId: ticket.client_id, subjectType: 'ticket', subjectId: ticket.id, action: 'estimate_created', detail: { label: ticketLabel(ticket), estimate_id: estimateId } });
    return true;
  });
  // Another click linked an estimate first: this draft stays a plain draft (staff may void it).
  return linked ? { ok: true, estimateId } : { ok: false, error: 'AlreadyLinked' };
}

/** Requests shown on one page of a list. */
export const TICKETS_PAGE_SIZE = 50;

/** One page of the staff queue. */
export async function ticketQueue(db: Db, f: QueueFilter): Promise<{ rows: TicketListRow[]; hasNext: boolean }> {
  const rows = await listQueue(db, f, { offset: (f.page - 1) * TICKETS_PAGE_SIZE, limit: TICKETS_PAGE_SIZE });
  return { rows: rows.slice(0, TICKETS_PAGE_SIZE), hasNext: rows.length > TICKETS_PAGE_SIZE };
}

/** One page of a client's requests (staff tab and portal list alike). */
export async function clientTickets(db: Db, clientId: number, page: number): Promise<{ rows: TicketListRow[]; hasNext: boolean }> {
  const rows = await listClientTickets(db, clientId, { offset: (page - 1) * TICKETS_PAGE_SIZE, limit: TICKETS_PAGE_SIZE });
  return { rows: rows.slice(0, TICKETS_PAGE_SIZE), hasNext: rows.length > TICKETS_PAGE_SIZE };
}

/** A request's page for staff: the request, every update (notes included), the staff to assign. */
export async function staffTicketPage(db: Db, ticketId: number): Promise<{ ticket: TicketRow; updates: TicketUpdate[]; staff: Array<{ id: number; name: string }>; files: TicketAttachment[] } | null> {
  const ticket = await findTicket(db, ticketId);
  if (!ticket) return null;
  const [updates, staff, files] = await Promise.all([listTicketUpdates(db, ticket.id, { publicOnly: false }), assignableStaff(db), ticketAttachments(db, ticket.id, { includeArchived: true })]);
  return { ticket, updates, staff, files };
}

/** A request's page for a member of its client: the request and its public updates only (never internal notes). */
export async function portalTicketPage(db: Db, clientId: number, ticketId: number): Promise<{ ticket: TicketRow; updates: TicketUpdate[]; files: TicketAttachment[] } | null> {
  const ticket = await findClientTicket(db, clientId, ticketId);
  if (!ticket) return null;
  const [updates, files] = await Promise.all([listTicketUpdates(db, ticket.id, { publicOnly: true }), ticketAttachments(db, ticket.id, { includeArchived: false })]);
  return { ticket, updates, files };
}

/** Does the client have this request? (A cheap check before an action on it.) */
export async function clientHasTicket(db: Db, clientId: number, ticketId: number): Promise<boolean> {
  return (await findClientTicket(db, clientId, ticketId)) !== undefined;
}

/** A file attached to one of the client's requests (not archived), for download; null otherwise. */
export async function portalTicketFile(db: Db, clientId: number, ticketId: number, fileId: number) {
  return (await findTicketFile(db, clientId, ticketId, fileId)) ?? null;
}

/** The client's current sites and equipment: what a request may be about (only the kinds asked for). */
export async function placeChoices(db: Db, clientId: number, want: { sites: boolean; equipment: boolean }) {
  const [sites, equipment] = await Promise.all([want.sites ? siteChoices(db, clientId) : null, want.equipment ? equipmentChoices(db, clientId) : null]);
  return { sites, equipment };
}

/** The invoices a dispute may name (the client's issued ones). */
export function disputeInvoiceChoices(db: Db, clientId: number) {
  return disputableInvoices(db, clientId);
}

/** Open and in-progress requests of a client (for the dashboard's account-health tile). */
export function openTicketCount(db: Db, clientId: number): Promise<number> {
  return countActiveTickets(db, clientId);
}

/** Staff who can be assigned requests (for the queue's filter). */
export function staffChoices(db: Db): Promise<Array<{ id: number; name: string }>> {
  return assignableStaff(db);
}
