// Kysely only: what the portal's lists and document pages read. Every query names the active
// client in its WHERE, leaves drafts out, and fetches a page's rows, its count and its extras in
// a fixed number of statements (no query per row).

import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/index.js';
import type { DocumentKind, DocumentLifecycle, PaymentMethod } from '../db/schema.js';
import { creditRemainingSql } from '../documents/queries.js';
import { balanceSql, creditedSql, paidSql } from '../ledger/queries.js';
import type { Minor } from '../money/money.js';
import type { ListSort } from './lists.js';

/** Stored statuses a portal member may ever see, per kind (drafts never; withdrawn estimates neither). */
export const PORTAL_LIFECYCLES: Record<DocumentKind, readonly DocumentLifecycle[]> = {
  invoice: ['issued', 'void'],
  estimate: ['sent', 'accepted', 'rejected', 'converted'],
  credit_note: ['issued', 'void'],
};

/** True when a stored document may be shown in the portal (not a draft, not a withdrawn estimate). */
export function isPortalVisibleStatus(kind: DocumentKind, status: DocumentLifecycle): boolean {
  return PORTAL_LIFECYCLES[kind].includes(status);
}

/** Filters of a portal document list; the client is always the active one. */
export interface PortalDocumentFilter {
  clientId: number;
  kind: DocumentKind;
  /** A status filter of LIST_SPECS (already allow-listed), or ''. */
  status: string;
  from: string | null;
  to: string | null;
  projectId: number | null;
  min: Minor | null;
  max: Minor | null;
  /** Part of the document number. */
  q: string;
  sort: ListSort;
  /** Today, for overdue and expired. */
  today: string;
}

/** A row of a portal document list. */
export interface PortalDocumentRow {
  id: number;
  number: string | null;
  status: DocumentLifecycle;
  issue_date: string;
  due_date: string | null;
  valid_until: string | null;
  currency: string;
  total: Minor;
  project_name: string | null;
  /** Invoices: paid plus credited; 0 for other kinds. */
  settled: Minor;
  /** Credit notes: what is left to apply; 0 for other kinds. */
  remaining: Minor;
  /** Credit notes: the invoice they were issued for. */
  invoice_id: number | null;
  invoice_number: string | null;
}

// Escapes LIKE wildcards so a search for "0_1" means that text.
function containsPattern(text: string): string {
  return `%${text.toUpperCase().replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;
}

// The filtered rows of one kind of one client, before ordering and paging.
function filteredDocuments(db: Db, f: PortalDocumentFilter) {
  let q = db
    .selectFrom('documents as d')
    .where('d.client_id', '=', f.clientId)
    .where('d.kind', '=', f.kind)
    .where('d.status', 'in', [...PORTAL_LIFECYCLES[f.kind]]);
  if (f.from) q = q.where('d.issue_date', '>=', f.from);
  if (f.to) q = q.where('d.issue_date', '<=', f.to);
  if (f.projectId !== null) q = q.where('d.project_id', '=', f.projectId);
  if (f.min !== null) q = q.where('d.total', '>=', f.min);
  if (f.max !== null) q = q.where('d.total', '<=', f.max);
  if (f.q) q = q.where(sql<SqlBool>`upper(${sql.ref('d.number')}) like ${containsPattern(f.q)} escape '\\'`);
  switch (f.status) {
    case 'issued':
      // Invoices: issued and nothing paid yet; credit notes: simply issued.
      q = q.where('d.status', '=', 'issued');
      if (f.kind === 'invoice') q = q.where(balanceSql('d'), '>', 0).where((eb) => eb(balanceSql('d'), '>=', eb.ref('d.total')));
      break;
    case 'partially_paid':
      q = q.where('d.status', '=', 'issued').where(balanceSql('d'), '>', 0).where((eb) => eb(balanceSql('d'), '<', eb.ref('d.total')));
      break;
    case 'paid':
      q = q.where('d.status', '=', 'issued').where(balanceSql('d'), '<=', 0);
      break;
    case 'overdue':
      q = q.where('d.status', '=', 'issued').where(balanceSql('d'), '>', 0).where('d.due_date', '<', f.today);
      break;
    case 'void':
      q = q.where('d.status', '=', 'void');
      break;
    case 'sent':
      q = q.where('d.status', '=', 'sent').where((eb) => eb.or([eb('d.valid_until', 'is', null), eb('d.valid_until', '>=', f.today)]));
      break;
    case 'expired':
      q = q.where('d.status', '=', 'sent').where('d.valid_until', '<', f.today);
      break;
    case 'accepted':
      // A converted estimate was accepted first: the client sees it as accepted.
      q = q.where('d.status', 'in', ['accepted', 'converted']);
      break;
    case 'rejected':
      q = q.where('d.status', '=', 'rejected');
      break;
    default:
      break;
  }
  return q;
}

/** The query of one page of a portal document list (exported so a test can EXPLAIN it). */
export function portalDocumentsQuery(db: Db, f: PortalDocumentFilter, page: { offset: number; limit: number }) {
  const isInvoice = f.kind === 'invoice';
  const isCreditNote = f.kind === 'credit_note';
  let q = filteredDocuments(db, f)
    .leftJoin('projects as p', (join) => join.onRef('p.id', '=', 'd.project_id').on('p.portal_visible', '=', 1))
    .leftJoin('documents as inv', (join) => join.onRef('inv.id', '=', 'd.related_invoice_id').onRef('inv.client_id', '=', 'd.client_id'))
    .select([
      'd.id', 'd.number', 'd.status', 'd.issue_date', 'd.due_date', 'd.valid_until', 'd.currency', 'd.total',
      'p.name as project_name', 'inv.id as invoice_id', 'inv.number as invoice_number',
      (isInvoice ? sql<number>`(${paidSql('d')} + ${creditedSql('d')})` : sql<number>`0`).as('settled'),
      (isCreditNote ? creditRemainingSql('d') : sql<number>`0`).as('remaining'),
    ]);
  const dir = f.sort.desc ? 'desc' : 'asc';
  switch (f.sort.key) {
    case 'due_date':
      q = q.orderBy('d.due_date', dir);
      break;
    case 'valid_until':
      q = q.orderBy('d.valid_until', dir);
      break;
    case 'number':
      q = q.orderBy('d.number', dir);
      break;
    case 'total':
      q = q.orderBy('d.total', dir);
      break;
    case 'balance':
      q = q.orderBy(balanceSql('d'), dir);
      break;
    default:
      q = q.orderBy('d.issue_date', dir);
      break;
  }
  return q.orderBy('d.id', dir).limit(page.limit).offset(page.offset);
}

/** One page of a portal document list. */
export async function listPortalDocuments(db: Db, f: PortalDocumentFilter, page: { offset: number; limit: number }): Promise<PortalDocumentRow[]> {
  return portalDocumentsQuery(db, f, page).execute();
}

/** How many documents match a portal list's filters. */
export async function countPortalDocuments(db: Db, f: PortalDocumentFilter): Promise<number> {
  const row = await filteredDocuments(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Filters of the portal payments list. */
export interface PortalPaymentFilter {
  clientId: number;
  from: string | null;
  to: string | null;
  min: Minor | null;
  max: Minor | null;
  /** Part of the payment's reference. */
  q: string;
  sort: ListSort;
}

/** A payment as the portal shows it (voided payments never are: they never counted). */
export interface PortalPaymentRow {
  id: number;
  date: string;
  method: PaymentMethod;
  reference: string | null;
  amount: Minor;
  currency: string;
  allocated: Minor;
}

function filteredPayments(db: Db, f: PortalPaymentFilter) {
  let q = db.selectFrom('payments as p').where('p.client_id', '=', f.clientId).where('p.voided_at', 'is', null);
  if (f.from) q = q.where('p.date', '>=', f.from);
  if (f.to) q = q.where('p.date', '<=', f.to);
  if (f.min !== null) q = q.where('p.amount', '>=', f.min);
  if (f.max !== null) q = q.where('p.amount', '<=', f.max);
  if (f.q) q = q.where(sql<SqlBool>`upper(${sql.ref('p.reference')}) like ${containsPattern(f.q)} escape '\\'`);
  return q;
}

const allocatedSql = sql<number>`(select coalesce(sum(pa.amount), 0) from payment_allocations pa where pa.payment_id = p.id)`;

/** The query of one page of the portal payments list (exported so a test can EXPLAIN it). */
export function portalPaymentsQuery(db: Db, f: PortalPaymentFilter, page: { offset: number; limit: number }) {
  const dir = f.sort.desc ? 'desc' : 'asc';
  const q = filteredPayments(db, f).select(['p.id', 'p.date', 'p.method', 'p.reference', 'p.amount', 'p.currency', allocatedSql.as('allocated')]);
  return (f.sort.key === 'amount' ? q.orderBy('p.amount', dir) : q.orderBy('p.date', dir)).orderBy('p.id', dir).limit(page.limit).offset(page.offset);
}

/** One page of the portal payments list. */
export async function listPortalPayments(db: Db, f: PortalPaymentFilter, page: { offset: number; limit: number }): Promise<PortalPaymentRow[]> {
  return portalPaymentsQuery(db, f, page).execute();
}

/** How many payments match the portal list's filters. */
export async function countPortalPayments(db: Db, f: PortalPaymentFilter): Promise<number> {
  const row = await filteredPayments(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** One allocation of a payment to an invoice the portal may show. */
export interface PortalAllocation { payment_id: number; invoice_id: number; invoice_number: string | null; amount: Minor }

/** Allocations of the given payments of a client, to its invoices (one query, whatever their number). */
export async function portalAllocations(db: Db, clientId: number, paymentIds: number[]): Promise<PortalAllocation[]> {
  if (paymentIds.length === 0) return [];
  return db
    .selectFrom('payment_allocations as pa')
    .innerJoin('documents as d', 'd.id', 'pa.invoice_id')
    .select(['pa.payment_id', 'pa.invoice_id', 'd.number as invoice_number', 'pa.amount'])
    .where('pa.payment_id', 'in', paymentIds)
    .where('d.client_id', '=', clientId)
    .orderBy('pa.id')
    .execute();
}

/** One payment of a client that the portal may show (not voided), or undefined. */
export async function findPortalPayment(db: Db, clientId: number, id: number): Promise<PortalPaymentRow | undefined> {
  return db
    .selectFrom('payments as p')
    .select(['p.id', 'p.date', 'p.method', 'p.reference', 'p.amount', 'p.currency', allocatedSql.as('allocated')])
    .where('p.id', '=', id)
    .where('p.client_id', '=', clientId)
    .where('p.voided_at', 'is', null)
    .executeTakeFirst();
}

/** Projects of a client that the firm shows in the portal (filter choices), by name. */
export async function portalProjectOptions(db: Db, clientId: number): Promise<Array<{ id: number; name: string }>> {
  return db
    .selectFrom('projects')
    .select(['id', 'name'])
    .where('client_id', '=', clientId)
    .where('portal_visible', '=', 1)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** The name of a document's project when the firm shows that project in the portal. */
export async function portalProjectName(db: Db, clientId: number, projectId: number): Promise<string | null> {
  const row = await db
    .selectFrom('projects')
    .select('name')
    .where('id', '=', projectId)
    .where('client_id', '=', clientId)
    .where('portal_visible', '=', 1)
    .executeTakeFirst();
  return row?.name ?? null;
}

/** Payments (not voided) allocated to one invoice of a client, oldest first. */
export async function portalInvoicePayments(db: Db, clientId: number, invoiceId: number) {
  return db
    .selectFrom('payment_allocations as pa')
    .innerJoin('payments as p', 'p.id', 'pa.payment_id')
    .select(['p.id as payment_id', 'p.date', 'p.method', 'p.reference', 'p.currency', 'pa.amount'])
    .where('pa.invoice_id', '=', invoiceId)
    .where('p.client_id', '=', clientId)
    .where('p.voided_at', 'is', null)
    .orderBy('p.date')
    .orderBy('pa.id')
    .execute();
}

/** Credit from the client's credit notes applied to one of its invoices, oldest first. */
export async function portalInvoiceCredits(db: Db, clientId: number, invoiceId: number) {
  return db
    .selectFrom('credit_applications as ca')
    .innerJoin('documents as cn', 'cn.id', 'ca.credit_note_id')
    .select(['ca.date', 'ca.amount', 'cn.id as credit_note_id', 'cn.number'])
    .where('ca.invoice_id', '=', invoiceId)
    .where('cn.client_id', '=', clientId)
    .orderBy('ca.date')
    .orderBy('ca.id')
    .execute();
}

/** Where one of the client's credit notes was applied, with the invoices' numbers. */
export async function portalCreditApplications(db: Db, clientId: number, creditNoteId: number) {
  return db
    .selectFrom('credit_applications as ca')
    .innerJoin('documents as inv', 'inv.id', 'ca.invoice_id')
    .select(['ca.date', 'ca.amount', 'inv.id as invoice_id', 'inv.number'])
    .where('ca.credit_note_id', '=', creditNoteId)
    .where('inv.client_id', '=', clientId)
    .orderBy('ca.date')
    .orderBy('ca.id')
    .execute();
}

/** Number of one of the client's issued invoices (a credit note's related invoice), or null. */
export async function portalInvoiceNumber(db: Db, clientId: number, invoiceId: number): Promise<string | null> {
  const row = await db
    .selectFrom('documents')
    .select('number')
    .where('id', '=', invoiceId)
    .where('client_id', '=', clientId)
    .where('kind', '=', 'invoice')
    .where('status', 'in', ['issued', 'void'])
    .executeTakeFirst();
  return row?.number ?? null;
}
