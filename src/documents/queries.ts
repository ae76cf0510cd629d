import { sql, type Insertable, type RawBuilder, type Updateable } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { DocumentKind, DocumentLine, DocumentRow, DocumentsTable } from '../db/schema.js';
import { fold } from '../i18n/fold.js';
import { balanceSql } from '../ledger/queries.js';
import type { Minor } from '../money/money.js';

/** SQL: what credit note `<alias>` still has to give: total − Σ its applications − Σ its refunds. */
export function creditRemainingSql(alias: string): RawBuilder<number> {
  const id = sql.ref(alias + '.id');
  return sql<number>`(${sql.ref(alias + '.total')}
    - (select coalesce(sum(ca.amount), 0) from credit_applications ca where ca.credit_note_id = ${id})
    - (select coalesce(sum(r.amount), 0) from refunds r where r.credit_note_id = ${id}))`;
}

/** One document of a kind by id (an estimate's id asked as an invoice is not found). */
export async function findDocument(db: Db | Trx, kind: DocumentKind, id: number): Promise<DocumentRow | undefined> {
  return db.selectFrom('documents').selectAll().where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
}

/** Lines of one document in order. */
export async function findLines(db: Db | Trx, documentId: number): Promise<DocumentLine[]> {
  return db.selectFrom('document_lines').selectAll().where('document_id', '=', documentId).orderBy('position').execute();
}

/** Lines of several documents (one query), grouped by document id. */
export async function findLinesOf(db: Db | Trx, documentIds: number[]): Promise<Map<number, DocumentLine[]>> {
  const out = new Map<number, DocumentLine[]>();
  if (documentIds.length === 0) return out;
  const rows = await db
    .selectFrom('document_lines')
    .selectAll()
    .where('document_id', 'in', documentIds)
    .orderBy('document_id')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    const list = out.get(row.document_id) ?? [];
    list.push(row);
    out.set(row.document_id, list);
  }
  return out;
}

/** Inserts a document row and returns its id. */
export async function insertDocument(trx: Trx, values: Insertable<DocumentsTable>): Promise<number> {
  const row = await trx.insertInto('documents').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The stored figures of one line. */
export interface StoredLine { description: string; quantity: string; unitPrice: Minor; taxRate: string; net: Minor; tax: Minor }

/** Replaces a draft's lines (drafts only: issued lines are never touched). */
export async function replaceLines(trx: Trx, documentId: number, lines: StoredLine[]): Promise<void> {
  await trx.deleteFrom('document_lines').where('document_id', '=', documentId).execute();
  if (lines.length === 0) return;
  await trx
    .insertInto('document_lines')
    .values(
      lines.map((l, position) => ({
        document_id: documentId,
        position,
        description: l.description,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        tax_rate: l.taxRate,
        net: l.net,
        tax: l.tax,
      })),
    )
    .execute();
}

/** The next number in a kind's series for a year: max(seq) + 1, inside the caller's write transaction. */
export async function nextSeq(trx: Trx, kind: DocumentKind, year: number): Promise<number> {
  const row = await trx
    .selectFrom('documents')
    .select(sql<number | null>`max(seq)`.as('max_seq'))
    .where('kind', '=', kind)
    .where('series_year', '=', year)
    .executeTakeFirst();
  return (row?.max_seq ?? 0) + 1;
}

/** Issued invoices of a client (any balance), newest first: choices for a credit note's related invoice. */
export async function issuedInvoiceOptions(db: Db, clientId: number): Promise<Array<{ id: number; number: string | null; total: Minor; currency: string; issue_date: string }>> {
  return db
    .selectFrom('documents')
    .select(['id', 'number', 'total', 'currency', 'issue_date'])
    .where('client_id', '=', clientId)
    .where('kind', '=', 'invoice')
    .where('status', '=', 'issued')
    .orderBy('issue_date', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Payments allocated to an invoice, oldest first (voided payments included, marked). */
export async function invoicePayments(db: Db, invoiceId: number) {
  return db
    .selectFrom('payment_allocations as pa')
    .innerJoin('payments as p', 'p.id', 'pa.payment_id')
    .select(['pa.id', 'pa.amount', 'p.id as payment_id', 'p.date', 'p.method', 'p.reference', 'p.currency', 'p.voided_at'])
    .where('pa.invoice_id', '=', invoiceId)
    .orderBy('p.date')
    .orderBy('pa.id')
    .execute();
}

/** Credit applied to an invoice, with the credit notes' numbers. */
export async function creditAppliedToInvoice(db: Db, invoiceId: number) {
  return db
    .selectFrom('credit_applications as ca')
    .innerJoin('documents as cn', 'cn.id', 'ca.credit_note_id')
    .select(['ca.id', 'ca.amount', 'ca.date', 'cn.id as document_id', 'cn.number'])
    .where('ca.invoice_id', '=', invoiceId)
    .orderBy('ca.date')
    .orderBy('ca.id')
    .execute();
}

/** Where a credit note was applied, with the invoices' numbers. */
export async function applicationsOfCreditNote(db: Db | Trx, creditNoteId: number) {
  return db
    .selectFrom('credit_applications as ca')
    .innerJoin('documents as inv', 'inv.id', 'ca.invoice_id')
    .select(['ca.id', 'ca.amount', 'ca.date', 'inv.id as document_id', 'inv.number'])
    .where('ca.credit_note_id', '=', creditNoteId)
    .orderBy('ca.date')
    .orderBy('ca.id')
    .execute();
}

/** Applications of several credit notes (one query), grouped by credit note id. */
export async function applicationsOfCreditNotes(db: Db, creditNoteIds: number[]): Promise<Map<number, Array<{ invoice_id: number; amount: Minor; date: string }>>> {
  const out = new Map<number, Array<{ invoice_id: number; amount: Minor; date: string }>>();
  if (creditNoteIds.length === 0) return out;
  const rows = await db
    .selectFrom('credit_applications')
    .select(['credit_note_id', 'invoice_id', 'amount', 'date'])
    .where('credit_note_id', 'in', creditNoteIds)
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.credit_note_id) ?? [];
    list.push({ invoice_id: r.invoice_id, amount: r.amount, date: r.date });
    out.set(r.credit_note_id, list);
  }
  return out;
}

/** What a credit note still has to give, read inside a transaction when applying it. */
export async function creditNoteRemaining(db: Db | Trx, creditNoteId: number): Promise<Minor> {
  const row = await db
    .selectFrom('documents as d')
    .select(creditRemainingSql('d').as('remaining'))
    .where('d.id', '=', creditNoteId)
    .executeTakeFirst();
  return row?.remaining ?? 0;
}

/** Whether anything was refunded against a credit note. */
export async function hasRefunds(db: Db | Trx, creditNoteId: number): Promise<boolean> {
  const row = await db.selectFrom('refunds').select('id').where('credit_note_id', '=', creditNoteId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** A client's issued credit notes with something left to apply, oldest first. */
export async function availableCreditNotes(db: Db, clientId: number): Promise<Array<{ id: number; number: string | null; currency: string; remaining: Minor }>> {
  return db
    .selectFrom('documents as d')
    .select(['d.id', 'd.number', 'd.currency', creditRemainingSql('d').as('remaining')])
    .where('d.client_id', '=', clientId)
    .where('d.kind', '=', 'credit_note')
    .where('d.status', '=', 'issued')
    .where(creditRemainingSql('d'), '>', 0)
    .orderBy('d.issue_date')
    .orderBy('d.id')
    .execute();
}

/** Filters shared by the staff lists and the API list. */
export interface DocumentFilter {
  kind: DocumentKind;
  clientId?: number | null;
  /** One of STATUS_FILTERS[kind], already checked. */
  status?: string | null;
  /** Client name or document number. */
  q?: string | null;
  from?: string | null;
  to?: string | null;
  /** Today, for overdue and expired. */
  today: string;
}

// Escapes LIKE wildcards so a search for "50%" means the text "50%".
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;
}

// The filtered list of one kind with client name, invoice balance and credit note remaining.
function filteredDocuments(db: Db, f: DocumentFilter) {
  let q = db
    .selectFrom('documents as d')
    .innerJoin('clients as c', 'c.id', 'd.client_id')
    .selectAll('d')
    .select(['c.name as client_name', balanceSql('d').as('balance'), creditRemainingSql('d').as('remaining')])
    .where('d.kind', '=', f.kind);
  if (f.clientId) q = q.where('d.client_id', '=', f.clientId);
  if (f.from) q = q.where('d.issue_date', '>=', f.from);
  if (f.to) q = q.where('d.issue_date', '<=', f.to);
  const search = f.q?.trim();
  if (search) {
    const byName = likePattern(fold(search));
    const byNumber = likePattern(search.toUpperCase());
    q = q.where(sql<boolean>`(${sql.ref('c.search_text')} like ${byName} escape '\\' or upper(${sql.ref('d.number')}) like ${byNumber} escape '\\')`);
  }
  switch (f.status) {
    case 'draft':
    case 'accepted':
    case 'rejected':
    case 'converted':
    case 'void':
      q = q.where('d.status', '=', f.status);
      break;
    case 'issued':
      q = q.where('d.status', '=', 'issued');
      // An issued invoice nobody has paid yet; credit notes are simply issued.
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
    case 'sent':
      q = q.where('d.status', '=', 'sent').where((eb) => eb.or([eb('d.valid_until', 'is', null), eb('d.valid_until', '>=', f.today)]));
      break;
    case 'expired':
      q = q.where('d.status', '=', 'sent').where('d.valid_until', '<', f.today);
      break;
    default:
      break;
  }
  return q;
}

/** A row of a document list. */
export type DocumentListRow = DocumentRow & { client_name: string; balance: Minor; remaining: Minor };

/** One page of a staff list, newest issue date first; fetches limit + 1 rows so callers know if there is more. */
export async function listDocumentsPage(db: Db, f: DocumentFilter, page: { offset: number; limit: number }): Promise<DocumentListRow[]> {
  return filteredDocuments(db, f)
    .orderBy('d.issue_date', 'desc')
    .orderBy('d.id', 'desc')
    .limit(page.limit + 1)
    .offset(page.offset)
    .execute();
}

/** Keyset page for the API: ids ascending after `afterId`, limit + 1 rows. */
export async function listDocumentsAfter(db: Db, f: DocumentFilter, page: { afterId: number; limit: number }): Promise<DocumentListRow[]> {
  return filteredDocuments(db, f).where('d.id', '>', page.afterId).orderBy('d.id').limit(page.limit + 1).execute();
}

/** Changes columns of one document (state moves; lines are replaced separately). */
export async function updateDocument(trx: Trx, id: number, values: Updateable<DocumentsTable>): Promise<void> {
  await trx.updateTable('documents').set(values).where('id', '=', id).execute();
}

/** Records credit from a credit note applied to an invoice. */
export async function insertCreditApplication(trx: Trx, values: { creditNoteId: number; invoiceId: number; amount: Minor; date: string }): Promise<void> {
  await trx.insertInto('credit_applications').values({ credit_note_id: values.creditNoteId, invoice_id: values.invoiceId, amount: values.amount, date: values.date }).execute();
}

/** Kind and number of any document, for links between documents. */
export async function findDocumentRef(db: Db, id: number): Promise<{ id: number; number: string | null; kind: DocumentKind } | undefined> {
  return db.selectFrom('documents').select(['id', 'number', 'kind']).where('id', '=', id).executeTakeFirst();
}

/** The estimate an invoice was converted from, if any. */
export async function findConvertedFrom(db: Db, invoiceId: number): Promise<{ id: number; number: string | null; kind: DocumentKind } | undefined> {
  return db.selectFrom('documents').select(['id', 'number', 'kind']).where('converted_invoice_id', '=', invoiceId).executeTakeFirst();
}
