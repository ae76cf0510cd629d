import type { Db } from '../../src/db/index.js';
import type { DocumentKind } from '../../src/db/schema.js';
import { createDocument, issueDocument, type NewDocumentInput } from '../../src/documents/service.js';
import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { fold } from '../../src/i18n/fold.js';

let counter = 0;

/** Inserts a client (EUR unless told) and returns its id. */
export async function makeClient(db: Db, fields: { name?: string; currency?: string; archived?: boolean; vat_number?: string; city?: string } = {}): Promise<number> {
  counter += 1;
  const name = fields.name ?? `Client ${counter}`;
  const row = await db
    .insertInto('clients')
    .values({
      name,
      search_text: fold(name),
      email: `client${counter}@example.test`,
      phone: null,
      vat_number: fields.vat_number ?? null,
      address_line1: 'Ermou 1',
      address_line2: null,
      city: fields.city ?? 'Athens',
      postcode: '10563',
      country: 'GR',
      currency: fields.currency ?? 'EUR',
      language: 'en',
      notes: null,
      archived_at: fields.archived ? new Date().toISOString() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts a project of a client and returns its id. */
export async function makeProject(db: Db, clientId: number, name = 'Audit'): Promise<number> {
  const row = await db.insertInto('projects').values({ client_id: clientId, name, email: null, archived_at: null }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A one-line draft input: 1 × amount at 24%. */
export function oneLine(clientId: number, amount = 10000, extra: Partial<NewDocumentInput> = {}): NewDocumentInput {
  return {
    clientId,
    projectId: null,
    issueDate: null,
    dueDate: null,
    validUntil: null,
    relatedInvoiceId: null,
    notes: null,
    lines: [{ description: 'Consulting', quantity: '1', unitPrice: amount, taxRate: '24' }],
    ...extra,
  };
}

/** Creates a draft through the service and returns its id (throws if refused). */
export async function makeDraft(db: Db, kind: DocumentKind, input: NewDocumentInput): Promise<number> {
  const result = await createDocument(db, SYSTEM_ACTOR, kind, input);
  if (!result.ok) throw new Error(`draft refused: ${result.error} ${JSON.stringify(result.fields)}`);
  return result.value.id;
}

/** Creates and numbers a document (finalized invoice/credit note, sent estimate); returns its id and number. */
export async function makeIssued(db: Db, kind: DocumentKind, input: NewDocumentInput): Promise<{ id: number; number: string }> {
  const id = await makeDraft(db, kind, input);
  const result = await issueDocument(db, SYSTEM_ACTOR, kind, id);
  if (!result.ok) throw new Error(`issue refused: ${result.error}`);
  return result.value;
}

/** Records a payment allocated to an invoice, straight into the ledger tables. */
export async function payInvoice(db: Db, clientId: number, invoiceId: number, amount: number): Promise<number> {
  const payment = await db
    .insertInto('payments')
    .values({ client_id: clientId, amount, currency: 'EUR', date: '2026-01-10', method: 'bank_transfer', reference: null, notes: null, voided_at: null, void_reason: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('payment_allocations').values({ payment_id: payment.id, invoice_id: invoiceId, amount }).execute();
  return payment.id;
}
