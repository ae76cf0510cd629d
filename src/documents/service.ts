// Invoices, estimates and credit notes: drafts, numbering, snapshots, voiding, conversion and
// credit. One set of rules for what the kinds share; kind-specific rules on top. No HTTP here:
// expected failures come back as values, every change records an event in its transaction.

import { findClient } from '../clients/queries.js';
import type { Db, Trx } from '../db/index.js';
import type { Client, DocumentKind, DocumentLine, DocumentRow, EventRow } from '../db/schema.js';
import { listSubjectEvents, recordEvent, type Actor } from '../events/service.js';
import { addDays, invoiceBalance, type OpenInvoice } from '../ledger/ledger.js';
import { invoiceSettlements, openInvoices } from '../ledger/queries.js';
import { documentTotals, isMinor, parseMoneyInput, type Minor, type TaxBreakdownEntry } from '../money/money.js';
import { findProject } from '../projects/queries.js';
import { projectOptions } from '../projects/service.js';
import { getFirmSettings } from '../settings/service.js';
import { nowIso, today as currentDate } from '../util/time.js';
import { releaseWorkBilledOn } from '../work/queries.js';
import { validateDraft, type DraftErrors, type DraftFields, type ValidDraft } from './draft.js';
import { displayStatus, documentLabel, documentNumber, KIND_INFO, type DisplayStatus } from './kinds.js';
import {
  applicationsOfCreditNote,
  applicationsOfCreditNotes,
  availableCreditNotes,
  creditAppliedToInvoice,
  creditNoteRemaining,
  findDocument,
  findLines,
  findLinesOf,
  findConvertedFrom,
  findDocumentRef,
  hasRefunds,
  insertCreditApplication,
  insertDocument,
  issuedInvoiceOptions,
  invoicePayments,
  listDocumentsAfter,
  listDocumentsPage,
  nextSeq,
  replaceLines,
  updateDocument,
  type DocumentFilter,
  type DocumentListRow,
} from './queries.js';

/** Why an action on a document was refused. */
export type DocumentError =
  | 'NotFound'
  | 'Invalid'
  | 'NotDraft'
  | 'InvalidTotal'
  | 'AlreadyVoid'
  | 'HasPayments'
  | 'HasCredit'
  | 'CreditApplied'
  | 'NotVoidable'
  | 'AlreadyConverted'
  | 'NotConvertible'
  | 'NotSent'
  | 'EstimateExpired'
  | 'NotIssued';

/** Outcome of a document action: the value, or why not (with field errors for 'Invalid'). */
export type DocumentResult<T> = { ok: true; value: T } | { ok: false; error: DocumentError; fields?: DraftErrors };

/** The client's details frozen on a document when it is numbered. */
export interface ClientSnapshot {
  name: string;
  email: string | null;
  vat_number: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
}

/** Runs inside the transaction that numbers a document, once it is numbered (automatic invoice emails). */
export type OnIssued = (trx: Trx, issued: { kind: DocumentKind; id: number; clientId: number }) => Promise<void>;

/** A new draft: its client and its editable fields. */
export interface NewDocumentInput extends DraftFields {
  clientId: number;
}

/** Longest void reason or estimate response comment. */
export const MAX_REASON = 1000;

const fail = <T>(error: DocumentError, fields?: DraftErrors): DocumentResult<T> => (fields ? { ok: false, error, fields } : { ok: false, error });

/** The snapshot stored on a document, or null for drafts. */
export function parseSnapshot(text: string | null): ClientSnapshot | null {
  if (!text) return null;
  return JSON.parse(text) as ClientSnapshot;
}

function snapshotOf(client: Client): ClientSnapshot {
  return {
    name: client.name,
    email: client.email,
    vat_number: client.vat_number,
    address_line1: client.address_line1,
    address_line2: client.address_line2,
    city: client.city,
    postcode: client.postcode,
    country: client.country,
  };
}

// Checks a draft against the rules and the database: client, project, related invoice, lines, dates.
async function checkDraft(
  trx: Trx,
  kind: DocumentKind,
  clientId: number,
  fields: DraftFields,
  existing: DocumentRow | null,
): Promise<{ ok: true; draft: ValidDraft; currency: string } | { ok: false; errors: DraftErrors }> {
  const errors: DraftErrors = {};
  const client = Number.isSafeInteger(clientId) && clientId > 0 ? await findClient(trx, clientId) : undefined;
  if (!client) errors.client_id = 'validation:unknown_client';
  else if (!existing && client.archived_at) errors.client_id = 'documents:errors.client_archived';
  const settings = await getFirmSettings(trx);
  const currency = existing?.currency ?? client?.currency ?? settings.default_currency;
  const checked = validateDraft(kind, fields, {
    currency,
    today: currentDate(),
    paymentTermsDays: settings.payment_terms_days,
    estimateValidityDays: settings.estimate_validity_days,
    defaultTaxRate: settings.default_tax_rate,
  });
  if (!checked.ok) Object.assign(errors, checked.errors);
  if (fields.projectId !== null) {
    const project = await findProject(trx, fields.projectId);
    if (!project || project.client_id !== clientId) errors.project_id = 'validation:unknown_project';
  }
  if (kind === 'credit_note' && fields.relatedInvoiceId !== null) {
    const invoice = await findDocument(trx, 'invoice', fields.relatedInvoiceId);
    if (!invoice || invoice.status !== 'issued' || invoice.client_id !== clientId || invoice.currency !== currency) {
      errors.invoice_id = 'validation:unknown_invoice';
    }
  }
  if (Object.keys(errors).length > 0 || !checked.ok) return { ok: false, errors };
  return { ok: true, draft: checked.value, currency };
}

// Thrown to roll a transaction back when a later step refuses; turned back into a value outside.
class RefusedInTransaction extends Error {
  constructor(readonly error: DocumentError) {
    super(error);
  }
}

/**
 * Creates a draft of any kind (one transaction: document, lines, event). With `issue`, also
 * numbers it in the same transaction (invoices and credit notes finalized, estimates sent).
 */
export async function createDocument(db: Db, actor: Actor, kind: DocumentKind, input: NewDocumentInput, opts: { issue?: boolean; onIssued?: OnIssued } = {}): Promise<DocumentResult<{ id: number }>> {
  return db.transaction().execute(async (trx): Promise<DocumentResult<{ id: number }>> => {
    const checked = await checkDraft(trx, kind, input.clientId, input, null);
    if (!checked.ok) return fail<{ id: number }>('Invalid', checked.errors);
    const { draft } = checked;
    const id = await insertDocument(trx, {
      kind,
      client_id: input.clientId,
      project_id: input.projectId,
      status: 'draft',
      issue_date: draft.issueDate,
      due_date: draft.dueDate,
      valid_until: draft.validUntil,
      related_invoice_id: kind === 'credit_note' ? input.relatedInvoiceId : null,
      currency: checked.currency,
      subtotal: draft.subtotal,
      tax: draft.tax,
      total: draft.total,
      notes: draft.notes,
    });
    await replaceLines(trx, id, draft.lines);
    await recordEvent(trx, actor, { clientId: input.clientId, subjectType: KIND_INFO[kind].subject, subjectId: id, action: 'created', detail: { label: documentLabel({ id, number: null }) } });
    if (opts.issue) {
      const doc = await findDocument(trx, kind, id);
      const issued = doc ? await issueTx(trx, actor, kind, doc) : fail<{ id: number; number: string }>('NotFound');
      // Only a refused total can stop a fresh valid draft here; undo the draft with it.
      if (!issued.ok) throw new RefusedInTransaction(issued.error);
      await opts.onIssued?.(trx, { kind, id, clientId: input.clientId });
    }
    return { ok: true, value: { id } };
  }).catch((err: unknown) => {
    if (err instanceof RefusedInTransaction) return fail<{ id: number }>(err.error);
    throw err;
  });
}

/** Fields a draft edit may change; absent ones keep their value, null dates take their defaults again. */
export type DraftPatch = Partial<DraftFields>;

/** Edits a draft (drafts only: anything numbered answers NotDraft). */
export async function updateDraft(db: Db, actor: Actor, kind: DocumentKind, id: number, patch: DraftPatch): Promise<DocumentResult<{ id: number }>> {
  return db.transaction().execute(async (trx) => {
    const doc = await findDocument(trx, kind, id);
    if (!doc) return fail<{ id: number }>('NotFound');
    if (doc.status !== 'draft') return fail<{ id: number }>('NotDraft');
    const lines = patch.lines ?? (await findLines(trx, id)).map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unit_price, taxRate: l.tax_rate }));
    const fields: DraftFields = {
      projectId: patch.projectId !== undefined ? patch.projectId : doc.project_id,
      issueDate: patch.issueDate !== undefined ? patch.issueDate : doc.issue_date,
      dueDate: patch.dueDate !== undefined ? patch.dueDate : doc.due_date,
      validUntil: patch.validUntil !== undefined ? patch.validUntil : doc.valid_until,
      relatedInvoiceId: patch.relatedInvoiceId !== undefined ? patch.relatedInvoiceId : doc.related_invoice_id,
      notes: patch.notes !== undefined ? patch.notes : doc.notes,
      lines,
    };
    const checked = await checkDraft(trx, kind, doc.client_id, fields, doc);
    if (!checked.ok) return fail<{ id: number }>('Invalid', checked.errors);
    const { draft } = checked;
    await updateDocument(trx, id, {
      project_id: fields.projectId,
      issue_date: draft.issueDate,
      due_date: draft.dueDate,
      valid_until: draft.validUntil,
      related_invoice_id: kind === 'credit_note' ? fields.relatedInvoiceId : null,
      subtotal: draft.subtotal,
      tax: draft.tax,
      total: draft.total,
      notes: draft.notes,
      updated_at: nowIso(),
    });
    await replaceLines(trx, id, draft.lines);
    await recordEvent(trx, actor, { clientId: doc.client_id, subjectType: KIND_INFO[kind].subject, subjectId: id, action: 'updated', detail: { label: documentLabel(doc) } });
    return { ok: true, value: { id } };
  });
}

// Numbers a draft (gapless per kind and year: max + 1 inside this BEGIN IMMEDIATE transaction,
// backed by UNIQUE(kind, series_year, seq)), freezes the client's details and records the event.
async function issueTx(trx: Trx, actor: Actor, kind: DocumentKind, doc: DocumentRow): Promise<DocumentResult<{ id: number; number: string }>> {
  if (doc.status !== 'draft') return fail('NotDraft');
  if (doc.total < 0 || (kind === 'credit_note' && doc.total === 0)) return fail('InvalidTotal');
  const client = await findClient(trx, doc.client_id);
  if (!client) throw new Error(`document ${doc.id} has no client`);
  const year = Number(doc.issue_date.slice(0, 4));
  const seq = await nextSeq(trx, kind, year);
  const number = documentNumber(kind, year, seq);
  const now = nowIso();
  await updateDocument(trx, doc.id, { status: KIND_INFO[kind].issuedStatus, number, series_year: year, seq, client_snapshot: JSON.stringify(snapshotOf(client)), finalized_at: now, updated_at: now });
  await recordEvent(trx, actor, {
    clientId: doc.client_id,
    subjectType: KIND_INFO[kind].subject,
    subjectId: doc.id,
    action: kind === 'estimate' ? 'sent' : 'finalized',
    detail: { label: number },
  });
  if (kind === 'credit_note' && doc.related_invoice_id !== null) {
    // What a person expects from "credit note for invoice X": it pays down X as far as it can.
    const invoice = await findDocument(trx, 'invoice', doc.related_invoice_id);
    if (invoice && invoice.status === 'issued' && invoice.client_id === doc.client_id && invoice.currency === doc.currency) {
      const balance = await balanceOf(trx, invoice);
      const amount = Math.min(balance, doc.total);
      if (amount > 0) await applyTx(trx, actor, { ...doc, number }, invoice, amount);
    }
  }
  return { ok: true, value: { id: doc.id, number } };
}

/** Numbers a draft: finalizes an invoice or credit note, sends an estimate. */
export async function issueDocument(db: Db, actor: Actor, kind: DocumentKind, id: number, opts: { onIssued?: OnIssued } = {}): Promise<DocumentResult<{ id: number; number: string }>> {
  return db.transaction().execute(async (trx) => {
    const doc = await findDocument(trx, kind, id);
    if (!doc) return fail<{ id: number; number: string }>('NotFound');
    const issued = await issueTx(trx, actor, kind, doc);
    if (issued.ok) await opts.onIssued?.(trx, { kind, id: doc.id, clientId: doc.client_id });
    return issued;
  });
}

async function balanceOf(trx: Trx, invoice: DocumentRow): Promise<Minor> {
  const s = (await invoiceSettlements(trx, [invoice.id])).get(invoice.id) ?? { paid: 0, credited: 0 };
  return invoiceBalance(invoice.total, s.paid, s.credited);
}

// Records credit applied from a credit note to an invoice, with an event on each.
async function applyTx(trx: Trx, actor: Actor, creditNote: DocumentRow, invoice: DocumentRow, amount: Minor): Promise<void> {
  await insertCreditApplication(trx, { creditNoteId: creditNote.id, invoiceId: invoice.id, amount, date: currentDate() });
  await recordEvent(trx, actor, {
    clientId: creditNote.client_id,
    subjectType: 'credit_note',
    subjectId: creditNote.id,
    action: 'applied',
    detail: { label: documentLabel(creditNote), invoice_id: invoice.id, invoice: invoice.number, amount },
  });
  await recordEvent(trx, actor, {
    clientId: invoice.client_id,
    subjectType: 'invoice',
    subjectId: invoice.id,
    action: 'credited',
    detail: { label: documentLabel(invoice), credit_note_id: creditNote.id, credit_note: creditNote.number, amount },
  });
}

/**
 * Voids a document; nothing is deleted. Drafts are simply discarded (they never had a number).
 * An invoice with payments or credit on it, a credit note already applied or refunded, and a
 * converted estimate are refused: the money has to be moved first.
 */
export async function voidDocument(db: Db, actor: Actor, kind: DocumentKind, id: number, reason: string | null): Promise<DocumentResult<{ id: number }>> {
  const why = (reason ?? '').trim() || null;
  if (why !== null && why.length > MAX_REASON) return fail('Invalid', { reason: 'validation:too_long' });
  return db.transaction().execute(async (trx) => {
    const doc = await findDocument(trx, kind, id);
    if (!doc) return fail<{ id: number }>('NotFound');
    if (doc.status === 'void') return fail<{ id: number }>('AlreadyVoid');
    if (kind === 'invoice' && doc.status === 'issued') {
      const s = (await invoiceSettlements(trx, [doc.id])).get(doc.id);
      if (s && s.paid > 0) return fail<{ id: number }>('HasPayments');
      if (s && s.credited > 0) return fail<{ id: number }>('HasCredit');
    }
    if (kind === 'estimate' && doc.status === 'converted') return fail<{ id: number }>('NotVoidable');
    if (kind === 'credit_note' && doc.status === 'issued') {
      const applied = (await applicationsOfCreditNote(trx, doc.id)).length > 0;
      if (applied || (await hasRefunds(trx, doc.id))) return fail<{ id: number }>('CreditApplied');
    }
    const now = nowIso();
    await updateDocument(trx, id, { status: 'void', voided_at: now, void_reason: why, updated_at: now });
    // Time and expenses billed on a voided invoice can be billed again.
    if (kind === 'invoice') await releaseWorkBilledOn(trx, id);
    await recordEvent(trx, actor, { clientId: doc.client_id, subjectType: KIND_INFO[kind].subject, subjectId: id, action: 'voided', detail: { label: documentLabel(doc), reason: why } });
    return { ok: true, value: { id } };
  });
}

/** Turns a sent or accepted estimate into a new draft invoice (same client, project, lines, notes), once. */
export async function convertEstimate(db: Db, actor: Actor, id: number): Promise<DocumentResult<{ invoiceId: number }>> {
  return db.transaction().execute(async (trx) => {
    const estimate = await findDocument(trx, 'estimate', id);
    if (!estimate) return fail<{ invoiceId: number }>('NotFound');
    if (estimate.status === 'converted' || estimate.converted_invoice_id !== null) return fail<{ invoiceId: number }>('AlreadyConverted');
    if (estimate.status !== 'sent' && estimate.status !== 'accepted') return fail<{ invoiceId: number }>('NotConvertible');
    const settings = await getFirmSettings(trx);
    const issueDate = currentDate();
    const invoiceId = await insertDocument(trx, {
      kind: 'invoice',
      client_id: estimate.client_id,
      project_id: estimate.project_id,
      status: 'draft',
      issue_date: issueDate,
      due_date: addDays(issueDate, settings.payment_terms_days),
      currency: estimate.currency,
      subtotal: estimate.subtotal,
      tax: estimate.tax,
      total: estimate.total,
      notes: estimate.notes,
    });
    const lines = await findLines(trx, estimate.id);
    await replaceLines(trx, invoiceId, lines.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unit_price, taxRate: l.tax_rate, net: l.net, tax: l.tax })));
    await updateDocument(trx, id, { status: 'converted', converted_invoice_id: invoiceId, updated_at: nowIso() });
    await recordEvent(trx, actor, { clientId: estimate.client_id, subjectType: 'estimate', subjectId: id, action: 'converted', detail: { label: documentLabel(estimate), invoice_id: invoiceId } });
    await recordEvent(trx, actor, { clientId: estimate.client_id, subjectType: 'invoice', subjectId: invoiceId, action: 'created', detail: { label: documentLabel({ id: invoiceId, number: null }), estimate: estimate.number } });
    return { ok: true, value: { invoiceId } };
  });
}

/**
 * Records the client's answer to a sent estimate (staff "mark accepted/rejected" now, the portal
 * later). The portal passes allowExpired: false so an expired estimate cannot be accepted there.
 */
export async function respondToEstimate(
  db: Db,
  actor: Actor,
  id: number,
  response: 'accepted' | 'rejected',
  opts: { comment?: string | null; allowExpired?: boolean; onResponded?: (trx: Trx, estimate: DocumentRow) => Promise<void> } = {},
): Promise<DocumentResult<{ id: number }>> {
  const comment = (opts.comment ?? '').trim() || null;
  if (comment !== null && comment.length > MAX_REASON) return fail('Invalid', { comment: 'validation:too_long' });
  return db.transaction().execute(async (trx) => {
    const estimate = await findDocument(trx, 'estimate', id);
    if (!estimate) return fail<{ id: number }>('NotFound');
    if (estimate.status !== 'sent') return fail<{ id: number }>('NotSent');
    if (opts.allowExpired === false && estimate.valid_until !== null && estimate.valid_until < currentDate()) return fail<{ id: number }>('EstimateExpired');
    const now = nowIso();
    await updateDocument(trx, id, { status: response, responded_at: now, response_comment: comment, updated_at: now });
    await recordEvent(trx, actor, { clientId: estimate.client_id, subjectType: 'estimate', subjectId: id, action: response, detail: { label: documentLabel(estimate), comment } });
    // Callers add what must commit with the answer (the portal notifies staff and enqueues mail).
    await opts.onResponded?.(trx, estimate);
    return { ok: true, value: { id } };
  });
}

/**
 * Applies part of an issued credit note to an issued invoice of the same client and currency:
 * no more than the credit note has left, nor than the invoice still owes. `amount` is minor
 * units, text a person typed (in the credit note's currency), or null for as much as possible.
 */
export async function applyCreditNote(
  db: Db,
  actor: Actor,
  creditNoteId: number,
  input: { invoiceId: number | null; amount: Minor | string | null },
): Promise<DocumentResult<{ amount: Minor; invoiceId: number }>> {
  type R = DocumentResult<{ amount: Minor; invoiceId: number }>;
  return db.transaction().execute(async (trx): Promise<R> => {
    const creditNote = await findDocument(trx, 'credit_note', creditNoteId);
    if (!creditNote) return fail('NotFound');
    if (creditNote.status !== 'issued') return fail('NotIssued');
    const invoice = input.invoiceId !== null && Number.isSafeInteger(input.invoiceId) ? await findDocument(trx, 'invoice', input.invoiceId) : undefined;
    if (!invoice || invoice.client_id !== creditNote.client_id || invoice.currency !== creditNote.currency || invoice.status !== 'issued') {
      return fail('Invalid', { invoice_id: 'validation:unknown_invoice' });
    }
    const [remaining, balance] = await Promise.all([creditNoteRemaining(trx, creditNote.id), balanceOf(trx, invoice)]);
    if (balance <= 0) return fail('Invalid', { invoice_id: 'validation:unknown_invoice' });
    let amount: Minor | null;
    if (input.amount === null || (typeof input.amount === 'string' && input.amount.trim() === '')) amount = Math.min(remaining, balance);
    else if (typeof input.amount === 'string') amount = parseMoneyInput(input.amount, creditNote.currency);
    else amount = isMinor(input.amount) ? input.amount : null;
    if (amount === null) return fail('Invalid', { amount: 'validation:money' });
    if (amount <= 0) return fail('Invalid', { amount: remaining <= 0 ? 'validation:exceeds_credit' : 'validation:positive' });
    if (amount > remaining) return fail('Invalid', { amount: 'validation:exceeds_credit' });
    if (amount > balance) return fail('Invalid', { amount: 'validation:allocation_exceeds_balance' });
    await applyTx(trx, actor, creditNote, invoice, amount);
    return { ok: true, value: { amount, invoiceId: invoice.id } };
  });
}

/** A document as pages and the API show it: row, lines, status as of today, money figures. */
export interface DocumentDetail {
  doc: DocumentRow;
  lines: DocumentLine[];
  clientName: string;
  status: DisplayStatus;
  overdue: boolean;
  /** Invoices: payments plus credit applied (total − balance); 0 for other kinds. */
  amountPaid: Minor;
  /** Invoices: what is still owed; 0 for other kinds. */
  balance: Minor;
  /** Credit notes: what is left to apply or refund; 0 for other kinds. */
  remaining: Minor;
  snapshot: ClientSnapshot | null;
  /** Credit notes: where they were applied. */
  applications: Array<{ invoice_id: number; amount: Minor; date: string }>;
}

function toDetail(
  kind: DocumentKind,
  doc: DocumentRow,
  extra: { clientName: string; lines: DocumentLine[]; balance: Minor; remaining: Minor; applications: DocumentDetail['applications'] },
  today: string,
): DocumentDetail {
  const isInvoice = kind === 'invoice';
  const balance = isInvoice ? extra.balance : 0;
  const shown = displayStatus(kind, doc, balance, today);
  const counts = doc.status !== 'draft' && doc.status !== 'void';
  return {
    doc,
    lines: extra.lines,
    clientName: extra.clientName,
    status: shown.status,
    overdue: shown.overdue,
    amountPaid: isInvoice ? doc.total - balance : 0,
    balance: isInvoice && counts ? balance : isInvoice && doc.status === 'draft' ? doc.total : 0,
    remaining: kind === 'credit_note' && doc.status === 'issued' ? extra.remaining : 0,
    snapshot: parseSnapshot(doc.client_snapshot),
    applications: extra.applications,
  };
}

/** One document of a kind with its lines and figures, or null (wrong kind or client → null too). */
export async function getDocument(db: Db, kind: DocumentKind, id: number, opts: { clientId?: number } = {}): Promise<DocumentDetail | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const doc = await findDocument(db, kind, id);
  if (!doc || (opts.clientId !== undefined && doc.client_id !== opts.clientId)) return null;
  const [lines, client, settlements, remaining, applications] = await Promise.all([
    findLines(db, id),
    findClient(db, doc.client_id),
    kind === 'invoice' ? invoiceSettlements(db, [id]) : Promise.resolve(null),
    kind === 'credit_note' ? creditNoteRemaining(db, id) : Promise.resolve(0),
    kind === 'credit_note' ? applicationsOfCreditNotes(db, [id]) : Promise.resolve(null),
  ]);
  const s = settlements?.get(id) ?? { paid: 0, credited: 0 };
  return toDetail(kind, doc, {
    clientName: client?.name ?? '',
    lines,
    balance: invoiceBalance(doc.total, s.paid, s.credited),
    remaining,
    applications: applications?.get(id) ?? [],
  }, currentDate());
}

/** A keyset page of documents for the API (ids ascending), with lines, in a fixed number of queries. */
export async function listDocumentDetails(db: Db, filter: Omit<DocumentFilter, 'today'>, page: { afterId: number; limit: number }): Promise<Array<DocumentDetail & { id: number }>> {
  const today = currentDate();
  const rows = await listDocumentsAfter(db, { ...filter, today }, page);
  const ids = rows.map((r) => r.id);
  const [lines, applications] = await Promise.all([
    findLinesOf(db, ids),
    filter.kind === 'credit_note' ? applicationsOfCreditNotes(db, ids) : Promise.resolve(new Map<number, DocumentDetail['applications']>()),
  ]);
  return rows.map((row) => {
    const { client_name, balance, remaining, ...doc } = row;
    return {
      id: row.id,
      ...toDetail(filter.kind, doc, { clientName: client_name, lines: lines.get(row.id) ?? [], balance, remaining, applications: applications.get(row.id) ?? [] }, today),
    };
  });
}

/** A row of a staff list with its status as of today. */
export type DocumentListItem = DocumentListRow & { shownStatus: DisplayStatus; overdue: boolean };

/** One page (1-based) of a staff list, newest first, and whether a next page exists. */
export async function listDocumentsForStaff(db: Db, filter: Omit<DocumentFilter, 'today'>, page: number, pageSize: number): Promise<{ rows: DocumentListItem[]; hasNext: boolean }> {
  const today = currentDate();
  const rows = await listDocumentsPage(db, { ...filter, today }, { offset: (page - 1) * pageSize, limit: pageSize });
  const hasNext = rows.length > pageSize;
  return {
    hasNext,
    rows: rows.slice(0, pageSize).map((r) => {
      const shown = displayStatus(filter.kind, r, r.balance, today);
      return { ...r, shownStatus: shown.status, overdue: shown.overdue };
    }),
  };
}

/** Everything the staff page of one document shows. */
export interface DocumentPageData {
  detail: DocumentDetail;
  client: Client;
  /** Invoices: payments allocated to it. */
  payments: Awaited<ReturnType<typeof invoicePayments>>;
  /** Invoices: credit applied to it. */
  credits: Awaited<ReturnType<typeof creditAppliedToInvoice>>;
  /** Invoices that still owe: the client's credit notes with something left. */
  availableCredit: Awaited<ReturnType<typeof availableCreditNotes>>;
  /** Credit notes: where they were applied, with invoice numbers. */
  applications: Awaited<ReturnType<typeof applicationsOfCreditNote>>;
  /** Issued credit notes with something left: the client's open invoices in the same currency. */
  openInvoices: OpenInvoice[];
  /** Net and tax per rate, highest rate first. */
  taxBreakdown: TaxBreakdownEntry[];
  projectName: string | null;
  /** Credit note → its related invoice; estimate → the invoice it became; invoice → the estimate it came from. */
  linked: { id: number; number: string | null; kind: DocumentKind } | null;
  events: EventRow[];
}

/** Loads a document page, or null when there is no such document of that kind. */
export async function loadDocumentPage(db: Db, kind: DocumentKind, id: number): Promise<DocumentPageData | null> {
  const detail = await getDocument(db, kind, id);
  if (!detail) return null;
  const { doc } = detail;
  const owes = kind === 'invoice' && doc.status === 'issued' && detail.balance > 0;
  const hasCredit = kind === 'credit_note' && doc.status === 'issued' && detail.remaining > 0;
  const linkedId = kind === 'credit_note' ? doc.related_invoice_id : kind === 'estimate' ? doc.converted_invoice_id : null;
  const [client, payments, credits, availableCredit, applications, open, linkedRow, source, events, project] = await Promise.all([
    findClient(db, doc.client_id),
    kind === 'invoice' ? invoicePayments(db, id) : Promise.resolve([]),
    kind === 'invoice' ? creditAppliedToInvoice(db, id) : Promise.resolve([]),
    owes ? availableCreditNotes(db, doc.client_id) : Promise.resolve([]),
    kind === 'credit_note' ? applicationsOfCreditNote(db, id) : Promise.resolve([]),
    hasCredit ? openInvoices(db, doc.client_id) : Promise.resolve([]),
    linkedId !== null ? findDocumentRef(db, linkedId) : Promise.resolve(undefined),
    kind === 'invoice' ? findConvertedFrom(db, id) : Promise.resolve(undefined),
    listSubjectEvents(db, KIND_INFO[kind].subject, id),
    doc.project_id !== null ? findProject(db, doc.project_id) : Promise.resolve(undefined),
  ]);
  if (!client) return null;
  return {
    detail,
    client,
    payments,
    credits,
    // A client's documents share its currency; a credit note in an older currency is left out.
    availableCredit: availableCredit.filter((r) => r.currency === doc.currency),
    applications,
    openInvoices: open,
    taxBreakdown: documentTotals(detail.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unit_price, taxRate: l.tax_rate }))).taxBreakdown,
    projectName: project?.name ?? null,
    linked: linkedRow ?? source ?? null,
    events,
  };
}

/** What the document form offers for a client: its projects, its issued invoices (credit notes), the firm's defaults. */
export async function documentFormOptions(db: Db, kind: DocumentKind, clientId: number) {
  const [projects, invoices, settings] = await Promise.all([
    projectOptions(db, clientId),
    kind === 'credit_note' ? issuedInvoiceOptions(db, clientId) : Promise.resolve([]),
    getFirmSettings(db),
  ]);
  return {
    projects,
    invoices,
    defaultTaxRate: settings.default_tax_rate,
    paymentTermsDays: settings.payment_terms_days,
    estimateValidityDays: settings.estimate_validity_days,
  };
}

/** Options of the document form (see documentFormOptions). */
export type DocumentFormOptions = Awaited<ReturnType<typeof documentFormOptions>>;
