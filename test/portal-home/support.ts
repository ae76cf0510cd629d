// Helpers of the dashboard, estimate-answer and company-info tests: visibility per client,
// documents of any kind straight in the database, payments, staff members, figures on pages.

import { hashPassword } from '../../src/auth/password.js';
import type { Db } from '../../src/db/index.js';
import type { DocumentKind, DocumentLifecycle } from '../../src/db/schema.js';
import { addDays } from '../../src/ledger/ledger.js';
import type { VisibilityKey } from '../../src/portal-access/visibility.js';
import { today } from '../../src/util/time.js';

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

/** Today and days around it (YYYY-MM-DD). */
export const TODAY = today();
export const daysAgo = (n: number): string => addDays(TODAY, -n);
export const daysAhead = (n: number): string => addDays(TODAY, n);

let seq = 5000;

/** What a test says about a document. */
export interface DocSpec {
  total?: number;
  status?: DocumentLifecycle;
  issue_date?: string;
  due_date?: string | null;
  valid_until?: string | null;
}

/** Inserts a document (numbered unless a draft) with one untaxed line of `total`, and a snapshot of the client. */
export async function makeDoc(db: Db, kind: DocumentKind, clientId: number, spec: DocSpec = {}): Promise<{ id: number; number: string | null }> {
  const client = await db.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirstOrThrow();
  const status = spec.status ?? (kind === 'estimate' ? 'sent' : 'issued');
  const issueDate = spec.issue_date ?? daysAgo(10);
  const year = Number(issueDate.slice(0, 4));
  seq += 1;
  const number = status === 'draft' ? null : `${kind === 'invoice' ? 'INV' : kind === 'estimate' ? 'EST' : 'CN'}-${year}-${seq}`;
  const total = spec.total ?? 10000;
  const snapshot = JSON.stringify({
    name: client.name, email: client.email, vat_number: client.vat_number, address_line1: client.address_line1,
    address_line2: client.address_line2, city: client.city, postcode: client.postcode, country: client.country,
  });
  const doc = await db
    .insertInto('documents')
    .values({
      kind,
      client_id: clientId,
      project_id: null,
      number,
      series_year: number ? year : null,
      seq: number ? seq : null,
      status,
      issue_date: issueDate,
      due_date: kind === 'invoice' ? (spec.due_date === undefined ? addDays(issueDate, 30) : spec.due_date) : null,
      valid_until: kind === 'estimate' ? (spec.valid_until === undefined ? addDays(TODAY, 30) : spec.valid_until) : null,
      currency: client.currency,
      subtotal: total,
      tax: 0,
      total,
      client_snapshot: status === 'draft' ? null : snapshot,
      finalized_at: status === 'draft' ? null : `${issueDate}T09:00:00.000Z`,
      voided_at: status === 'void' ? `${issueDate}T10:00:00.000Z` : null,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  await db.insertInto('document_lines').values({ document_id: doc.id, position: 0, description: 'Υπηρεσίες', quantity: '1', unit_price: total, tax_rate: '0', net: total, tax: 0 }).execute();
  return doc;
}

/** Records a payment, allocated to invoices as given (the rest stays as credit). */
export async function makePayment(db: Db, clientId: number, amount: number, allocations: Array<{ invoiceId: number; amount: number }> = []): Promise<number> {
  const client = await db.selectFrom('clients').select('currency').where('id', '=', clientId).executeTakeFirstOrThrow();
  const p = await db
    .insertInto('payments')
    .values({ client_id: clientId, amount, currency: client.currency, date: daysAgo(3), method: 'bank_transfer', reference: null, notes: null, voided_at: null, void_reason: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const a of allocations) await db.insertInto('payment_allocations').values({ payment_id: p.id, invoice_id: a.invoiceId, amount: a.amount }).execute();
  return p.id;
}

/** Adds a staff member (disabled when asked) and returns its id. */
export async function makeStaff(db: Db, email: string, opts: { disabled?: boolean; name?: string } = {}): Promise<number> {
  const row = await db
    .insertInto('staff_users')
    .values({ email, name: opts.name ?? email.split('@')[0]!, password_hash: await hashPassword('correct horse battery'), role: 'staff', email_verified_at: new Date().toISOString(), disabled_at: opts.disabled ? new Date().toISOString() : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The text of a money figure marked data-figure="<name>" on a portal page. */
export function figure(html: string, name: string): string | null {
  const m = new RegExp(`data-figure="${name}"><span class="money[^"]*">([^<]+)</span>`).exec(html);
  return m ? m[1]! : null;
}

/** Every money figure in tiles (`<p class="figure"><span class="money">…`), in page order. */
export function tileFigures(html: string): string[] {
  return [...html.matchAll(/<p class="figure"[^>]*><span class="money[^"]*">([^<]+)<\/span>/g)].map((m) => m[1]!);
}
