// Helpers of the portal lists and documents tests: what the firm shows, documents of any kind
// straight in the database, payments with allocations, and dates relative to today.

import type { Db } from '../../src/db/index.js';
import type { DocumentKind, DocumentLifecycle, PaymentMethod } from '../../src/db/schema.js';
import { addDays } from '../../src/ledger/ledger.js';
import type { VisibilityKey } from '../../src/portal-access/visibility.js';
import { today } from '../../src/util/time.js';
import type { TestApp } from '../helpers/app.js';

/** Shows (true) or hides (false) entry types for one client. */
export async function setVisibility(db: Db, clientId: number, values: Partial<Record<VisibilityKey, boolean>>): Promise<void> {
  for (const [key, on] of Object.entries(values)) {
    await db
      .insertInto('client_portal_settings')
      .values({ client_id: clientId, key, value: on ? 1 : 0 })
      .onConflict((oc) => oc.columns(['client_id', 'key']).doUpdateSet({ value: on ? 1 : 0 }))
      .execute();
  }
}

/** Every financial entry type visible, balances included. */
export const ALL_FINANCIAL: Partial<Record<VisibilityKey, boolean>> = { invoices: true, estimates: true, credit_notes: true, payments: true, balances: true };

/** Today and dates around it (YYYY-MM-DD). */
export const TODAY = today();
export const daysAgo = (n: number): string => addDays(TODAY, -n);
export const LAST_YEAR = `${Number(TODAY.slice(0, 4)) - 1}-06-15`;

const seqs = new Map<string, number>();

/** What a test says about a document; everything has a default. */
export interface DocSpec {
  total?: number;
  status?: DocumentLifecycle;
  issue_date?: string;
  due_date?: string | null;
  valid_until?: string | null;
  number?: string | null;
  project_id?: number | null;
  related_invoice_id?: number | null;
  snapshotName?: string;
}

/** Inserts a document with one 24 % line whose total is `total` (net + tax), numbered unless a draft. */
export async function makeDoc(db: Db, kind: DocumentKind, clientId: number, spec: DocSpec = {}): Promise<{ id: number; number: string | null }> {
  const client = await db.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirstOrThrow();
  const status = spec.status ?? (kind === 'estimate' ? 'sent' : 'issued');
  const issueDate = spec.issue_date ?? daysAgo(10);
  const year = Number(issueDate.slice(0, 4));
  const prefix = kind === 'invoice' ? 'INV' : kind === 'estimate' ? 'EST' : 'CN';
  let number: string | null = null;
  let seq: number | null = null;
  if (status !== 'draft') {
    const key = `${kind}-${year}`;
    seq = (seqs.get(key) ?? 1000) + 1;
    seqs.set(key, seq);
    number = spec.number ?? `${prefix}-${year}-${String(seq).padStart(4, '0')}`;
  }
  const total = spec.total ?? 12400;
  const net = Math.round(total / 1.24);
  const tax = total - net;
  const snapshot = JSON.stringify({
    name: spec.snapshotName ?? client.name, email: client.email, vat_number: client.vat_number, address_line1: client.address_line1,
    address_line2: client.address_line2, city: client.city, postcode: client.postcode, country: client.country,
  });
  const doc = await db
    .insertInto('documents')
    .values({
      kind,
      client_id: clientId,
      project_id: spec.project_id ?? null,
      number,
      series_year: seq === null ? null : year,
      seq,
      status,
      issue_date: issueDate,
      due_date: kind === 'invoice' ? (spec.due_date === undefined ? addDays(issueDate, 30) : spec.due_date) : null,
      valid_until: kind === 'estimate' ? (spec.valid_until === undefined ? addDays(issueDate, 30) : spec.valid_until) : null,
      related_invoice_id: spec.related_invoice_id ?? null,
      currency: client.currency,
      subtotal: net,
      tax,
      total,
      client_snapshot: status === 'draft' ? null : snapshot,
      finalized_at: status === 'draft' ? null : `${issueDate}T09:00:00.000Z`,
      voided_at: status === 'void' ? `${issueDate}T10:00:00.000Z` : null,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('document_lines')
    .values({ document_id: doc.id, position: 0, description: 'Λογιστική υποστήριξη', quantity: '1', unit_price: net, tax_rate: '24', net, tax })
    .execute();
  return doc;
}

/** Records a payment with allocations to invoices (amounts in minor units). */
export async function makePayment(
  db: Db,
  clientId: number,
  spec: { amount: number; date?: string; method?: PaymentMethod; reference?: string | null; allocations?: Array<{ invoiceId: number; amount: number }>; voided?: boolean },
): Promise<number> {
  const client = await db.selectFrom('clients').select('currency').where('id', '=', clientId).executeTakeFirstOrThrow();
  const payment = await db
    .insertInto('payments')
    .values({
      client_id: clientId, amount: spec.amount, currency: client.currency, date: spec.date ?? daysAgo(5), method: spec.method ?? 'bank_transfer',
      reference: spec.reference ?? null, notes: null, voided_at: spec.voided ? new Date().toISOString() : null, void_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const a of spec.allocations ?? []) {
    await db.insertInto('payment_allocations').values({ payment_id: payment.id, invoice_id: a.invoiceId, amount: a.amount }).execute();
  }
  return payment.id;
}

/** GET as a portal member (optionally as htmx). */
export function portalGet(t: TestApp, url: string, cookie: string, htmx = false): Promise<Response> {
  return t.get(url, cookie, htmx ? { 'HX-Request': 'true' } : {});
}

/** The document numbers a page lists, in order. */
export function numbersIn(html: string): string[] {
  return [...html.matchAll(/<td class="doc-number"[^>]*><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]!);
}
