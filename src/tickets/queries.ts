import type { Insertable, Updateable } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { Ticket, TicketsTable, TicketUpdate, TicketUpdatesTable } from '../db/schema-requests.js';
import type { QueueFilter } from './rules.js';

// Kysely only: requests and their updates. Portal reads always name the client in the WHERE.

/** A request with the names a page shows next to it. */
export type TicketRow = Ticket & {
  client_name: string;
  assignee_name: string | null;
  invoice_number: string | null;
  estimate_number: string | null;
  site_name: string | null;
  equipment_name: string | null;
  equipment_serial: string | null;
};

function withNames(db: Db | Trx) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('clients as c', 'c.id', 't.client_id')
    .leftJoin('staff_users as a', 'a.id', 't.assignee_id')
    .leftJoin('documents as inv', 'inv.id', 't.invoice_id')
    .leftJoin('documents as est', 'est.id', 't.estimate_id')
    .leftJoin('sites as s', 's.id', 't.site_id')
    .leftJoin('equipment as e', 'e.id', 't.equipment_id')
    .selectAll('t')
    .select([
      'c.name as client_name', 'a.name as assignee_name', 'inv.number as invoice_number', 'est.number as estimate_number',
      's.name as site_name', 'e.name as equipment_name', 'e.serial_number as equipment_serial',
    ]);
}

/** One request by id (staff: any client). */
export async function findTicket(db: Db | Trx, id: number): Promise<TicketRow | undefined> {
  return withNames(db).where('t.id', '=', id).executeTakeFirst();
}

/** One request of one client: another client's id is not found. */
export async function findClientTicket(db: Db | Trx, clientId: number, id: number): Promise<TicketRow | undefined> {
  return withNames(db).where('t.id', '=', id).where('t.client_id', '=', clientId).executeTakeFirst();
}

/** The bare row, for a transaction that changes it. */
export async function findTicketRow(trx: Db | Trx, id: number): Promise<Ticket | undefined> {
  return trx.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a request and returns its id. */
export async function insertTicket(trx: Trx, values: Insertable<TicketsTable>): Promise<number> {
  const row = await trx.insertInto('tickets').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Changes a request's columns. */
export async function updateTicket(trx: Trx, id: number, values: Updateable<TicketsTable>): Promise<void> {
  await trx.updateTable('tickets').set(values).where('id', '=', id).execute();
}

/** Links a draft estimate to a quote request that has none yet; false when one was linked meanwhile. */
export async function linkEstimate(trx: Trx, id: number, estimateId: number, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('tickets')
    .set({ estimate_id: estimateId, updated_at: at, last_activity_at: at })
    .where('id', '=', id)
    .where('estimate_id', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Appends a reply, note or status change. */
export async function insertTicketUpdate(trx: Trx, values: Insertable<TicketUpdatesTable>): Promise<void> {
  await trx.insertInto('ticket_updates').values(values).execute();
}

/**
 * A request's updates in order. `publicOnly` (every portal read) keeps replies and status
 * changes: internal notes never leave this query for a client.
 */
export async function listTicketUpdates(db: Db | Trx, ticketId: number, opts: { publicOnly: boolean }): Promise<TicketUpdate[]> {
  let q = db.selectFrom('ticket_updates').selectAll().where('ticket_id', '=', ticketId);
  if (opts.publicOnly) q = q.where('kind', 'in', ['reply', 'status']);
  return q.orderBy('id').execute();
}

/** A request as lists show it. */
export type TicketListRow = Pick<Ticket, 'id' | 'client_id' | 'type' | 'subject' | 'status' | 'last_activity_at' | 'created_at' | 'raised_by_name' | 'assignee_id'> & {
  client_name: string;
  assignee_name: string | null;
};

function listColumns(db: Db) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('clients as c', 'c.id', 't.client_id')
    .leftJoin('staff_users as a', 'a.id', 't.assignee_id')
    .select(['t.id', 't.client_id', 't.type', 't.subject', 't.status', 't.last_activity_at', 't.created_at', 't.raised_by_name', 't.assignee_id', 'c.name as client_name', 'a.name as assignee_name']);
}

/** The staff queue's query (exported for its query-plan test). */
export function queueSelect(db: Db, f: Omit<QueueFilter, 'page'>, page: { offset: number; limit: number }) {
  let q = listColumns(db);
  if (f.status === 'active') q = q.where('t.status', 'in', ['open', 'in_progress']);
  else if (f.status !== 'all') q = q.where('t.status', '=', f.status);
  if (f.type) q = q.where('t.type', '=', f.type);
  if (f.clientId !== null) q = q.where('t.client_id', '=', f.clientId);
  if (f.assignee === 'none') q = q.where('t.assignee_id', 'is', null);
  else if (f.assignee !== 'any') q = q.where('t.assignee_id', '=', f.assignee);
  return q.orderBy('t.last_activity_at', 'desc').orderBy('t.id', 'desc').limit(page.limit + 1).offset(page.offset);
}

/** One page of the staff queue, latest activity first; fetches limit + 1 rows so callers know if there is more. */
export async function listQueue(db: Db, f: Omit<QueueFilter, 'page'>, page: { offset: number; limit: number }): Promise<TicketListRow[]> {
  return queueSelect(db, f, page).execute();
}

/** One page of one client's requests, latest activity first (limit + 1 rows). */
export async function listClientTickets(db: Db, clientId: number, page: { offset: number; limit: number }): Promise<TicketListRow[]> {
  return listColumns(db).where('t.client_id', '=', clientId).orderBy('t.last_activity_at', 'desc').orderBy('t.id', 'desc').limit(page.limit + 1).offset(page.offset).execute();
}

/** How many of a client's requests are open or in progress (the dashboard's tile). */
export async function countActiveTickets(db: Db | Trx, clientId: number): Promise<number> {
  const row = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId)
    .where('status', 'in', ['open', 'in_progress'])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A client's issued invoice (the only kind a dispute may name), or undefined. */
export async function findIssuedInvoice(db: Db | Trx, clientId: number, invoiceId: number): Promise<{ id: number; number: string | null } | undefined> {
  return db
    .selectFrom('documents')
    .select(['id', 'number'])
    .where('id', '=', invoiceId)
    .where('client_id', '=', clientId)
    .where('kind', '=', 'invoice')
    .where('status', '=', 'issued')
    .executeTakeFirst();
}

/** Most invoices a dispute form offers (newest first). */
export const INVOICE_CHOICES = 200;

/** A client's issued invoices, newest first: what a dispute may be about. */
export async function disputableInvoices(db: Db, clientId: number): Promise<Array<{ id: number; number: string | null; issue_date: string; total: number; currency: string }>> {
  return db
    .selectFrom('documents')
    .select(['id', 'number', 'issue_date', 'total', 'currency'])
    .where('client_id', '=', clientId)
    .where('kind', '=', 'invoice')
    .where('status', '=', 'issued')
    .orderBy('issue_date', 'desc')
    .orderBy('id', 'desc')
    .limit(INVOICE_CHOICES)
    .execute();
}

/** Staff members who can be assigned a request (not disabled), by name. */
export async function assignableStaff(db: Db | Trx): Promise<Array<{ id: number; name: string }>> {
  return db.selectFrom('staff_users').select(['id', 'name']).where('disabled_at', 'is', null).orderBy('name').orderBy('id').execute();
}

/** Most sites or pieces of equipment a request form offers. */
export const PLACE_CHOICES = 200;

/** A client's current sites, by name: what a request may be about. */
export async function siteChoices(db: Db, clientId: number): Promise<Array<{ id: number; name: string }>> {
  return db.selectFrom('sites').select(['id', 'name']).where('client_id', '=', clientId).where('archived_at', 'is', null).orderBy('name').orderBy('id').limit(PLACE_CHOICES).execute();
}

/** A client's current equipment, by name, with its site: what a request may be about. */
export async function equipmentChoices(db: Db, clientId: number): Promise<Array<{ id: number; name: string; model: string | null; serial_number: string | null; site_name: string | null }>> {
  return db
    .selectFrom('equipment as e')
    .leftJoin('sites as s', 's.id', 'e.site_id')
    .select(['e.id', 'e.name', 'e.model', 'e.serial_number', 's.name as site_name'])
    .where('e.client_id', '=', clientId)
    .where('e.archived_at', 'is', null)
    .orderBy('e.name')
    .orderBy('e.id')
    .limit(PLACE_CHOICES)
    .execute();
}

/** A current site of the client, or undefined. */
export async function findClientSite(db: Db | Trx, clientId: number, id: number): Promise<{ id: number } | undefined> {
  return db.selectFrom('sites').select('id').where('id', '=', id).where('client_id', '=', clientId).where('archived_at', 'is', null).executeTakeFirst();
}

/** A current piece of equipment of the client (with its site), or undefined. */
export async function findClientEquipment(db: Db | Trx, clientId: number, id: number): Promise<{ id: number; site_id: number | null } | undefined> {
  return db.selectFrom('equipment').select(['id', 'site_id']).where('id', '=', id).where('client_id', '=', clientId).where('archived_at', 'is', null).executeTakeFirst();
}

/** Links stored files to a request. */
export async function insertTicketFiles(trx: Trx, ticketId: number, fileIds: readonly number[]): Promise<void> {
  if (fileIds.length === 0) return;
  await trx.insertInto('ticket_files').values(fileIds.map((file_id) => ({ ticket_id: ticketId, file_id }))).execute();
}

/** A file attached to a request, as its page lists it. */
export interface TicketAttachment { id: number; name: string; kind: string; size_bytes: number; archived_at: string | null }

/** The files attached to a request (archived ones only when `includeArchived`: staff). */
export async function ticketAttachments(db: Db, ticketId: number, opts: { includeArchived: boolean }): Promise<TicketAttachment[]> {
  let q = db
    .selectFrom('ticket_files as tf')
    .innerJoin('files as f', 'f.id', 'tf.file_id')
    .select(['f.id', 'f.name', 'f.kind', 'f.size_bytes', 'f.archived_at'])
    .where('tf.ticket_id', '=', ticketId);
  if (!opts.includeArchived) q = q.where('f.archived_at', 'is', null);
  return q.orderBy('f.id').execute();
}

/** One file attached to a request of the client (not archived): what the portal may download. */
export async function findTicketFile(db: Db, clientId: number, ticketId: number, fileId: number) {
  return db
    .selectFrom('ticket_files as tf')
    .innerJoin('tickets as t', 't.id', 'tf.ticket_id')
    .innerJoin('files as f', 'f.id', 'tf.file_id')
    .select(['f.id', 'f.storage_key', 'f.name', 'f.content_type'])
    .where('tf.ticket_id', '=', ticketId)
    .where('tf.file_id', '=', fileId)
    .where('t.client_id', '=', clientId)
    .where('f.client_id', '=', clientId)
    .where('f.archived_at', 'is', null)
    .executeTakeFirst();
}
