// Small factories that write rows straight into a test database, so a test can build exactly
// the ledger it needs (dates, numbers, totals) without going through the pages.

import type { Db } from '../../src/db/index.js';
import type { Client, DocumentLifecycle, DocumentRow, NewClient } from '../../src/db/schema.js';
import { fold } from '../../src/i18n/fold.js';

let clientCounter = 0;

/** Inserts a client (EUR, English unless overridden) and returns the stored row. */
export async function makeClient(db: Db, overrides: Partial<NewClient> = {}): Promise<Client> {
  clientCounter += 1;
  const name = overrides.name ?? `Client ${clientCounter}`;
  const email = overrides.email ?? null;
  const vat = overrides.vat_number ?? null;
  return db
    .insertInto('clients')
    .values({
      currency: 'EUR',
      language: 'en',
      ...overrides,
      name,
      email,
      vat_number: vat,
      search_text: overrides.search_text ?? fold([name, email ?? '', vat ?? ''].join(' ')),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** What a test says about a document; everything has a sensible default. */
export interface DocumentSpec {
  total?: number;
  issue_date?: string;
  due_date?: string | null;
  /** null keeps it unnumbered (drafts); absent gives the next INV-/CN- number of its year. */
  number?: string | null;
  status?: DocumentLifecycle;
  currency?: string;
  related_invoice_id?: number | null;
}

async function makeDocument(db: Db, kind: 'invoice' | 'credit_note', clientId: number, spec: DocumentSpec): Promise<DocumentRow> {
  const client = await db.selectFrom('clients').select('currency').where('id', '=', clientId).executeTakeFirstOrThrow();
  const status = spec.status ?? 'issued';
  const issueDate = spec.issue_date ?? '2026-01-10';
  const total = spec.total ?? 10000;
  const year = Number(issueDate.slice(0, 4));
  let number = spec.number;
  let seq: number | null = null;
  if (number === undefined && status !== 'draft') {
    const row = await db
      .selectFrom('documents')
      .select((eb) => eb.fn.max('seq').as('max_seq'))
      .where('kind', '=', kind)
      .where('series_year', '=', year)
      .executeTakeFirst();
    seq = (row?.max_seq ?? 0) + 1;
    number = `${kind === 'invoice' ? 'INV' : 'CN'}-${year}-${String(seq).padStart(4, '0')}`;
  }
  const finalized = status === 'draft' ? null : `${issueDate}T09:00:00.000Z`;
  const doc = await db
    .insertInto('documents')
    .values({
      kind,
      client_id: clientId,
      number: number ?? null,
      series_year: seq === null ? null : year,
      seq,
      status,
      issue_date: issueDate,
      due_date: kind === 'invoice' ? (spec.due_date === undefined ? issueDate : spec.due_date) : null,
      related_invoice_id: spec.related_invoice_id ?? null,
      currency: spec.currency ?? client.currency,
      subtotal: total,
      tax: 0,
      total,
      finalized_at: finalized,
      voided_at: status === 'void' ? finalized : null,
      void_reason: status === 'void' ? 'test' : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('document_lines')
    .values({ document_id: doc.id, position: 0, description: 'Services', quantity: '1', unit_price: total, tax_rate: '0', net: total, tax: 0 })
    .execute();
  return doc;
}

/** Inserts an invoice (issued unless `status` says otherwise) with one untaxed line of `total`. */
export function makeIssuedInvoice(db: Db, clientId: number, spec: DocumentSpec = {}): Promise<DocumentRow> {
  return makeDocument(db, 'invoice', clientId, spec);
}

/** Inserts a draft invoice (no number). */
export function makeDraftInvoice(db: Db, clientId: number, spec: DocumentSpec = {}): Promise<DocumentRow> {
  return makeDocument(db, 'invoice', clientId, { number: null, ...spec, status: 'draft' });
}

/** Inserts an issued credit note of `total`, not yet applied to any invoice. */
export function makeCreditNote(db: Db, clientId: number, spec: DocumentSpec = {}): Promise<DocumentRow> {
  return makeDocument(db, 'credit_note', clientId, spec);
}

/** Applies `amount` of a credit note to an invoice on `date`. */
export async function applyCredit(db: Db, creditNoteId: number, invoiceId: number, amount: number, date = '2026-01-15'): Promise<void> {
  await db.insertInto('credit_applications').values({ credit_note_id: creditNoteId, invoice_id: invoiceId, amount, date }).execute();
}

/** Row counts of payments and allocations, to prove a refused request wrote nothing. */
export async function paymentCounts(db: Db): Promise<{ payments: number; allocations: number; events: number }> {
  const [p, a, e] = await Promise.all([
    db.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('payment_allocations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { payments: Number(p.n), allocations: Number(a.n), events: Number(e.n) };
}
