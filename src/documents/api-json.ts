import type { Context } from 'hono';
import type { z } from 'zod';
import { apiError, apiId, notFound, zodFields } from '../api/http.js';
import type { DocumentLine } from '../db/schema.js';
import { translator } from '../i18n/index.js';
import type { DocumentDetail, DocumentError, DocumentResult } from './service.js';

// API messages are the English texts of the same translation keys the forms show.
const en = translator('en');

/** Field errors (translation keys) as the API's English messages, same dotted paths. */
export function apiFieldMessages(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, key] of Object.entries(errors)) out[field] = en(key);
  return out;
}

/** snake_case error code of a refusal: NotDraft → not_draft. */
function errorCode(error: DocumentError): string {
  return error.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** A refused document action in the API's error shape: 404, 422 with fields, or 409 with the reason. */
export function apiRefusal(c: Context, result: Extract<DocumentResult<unknown>, { ok: false }>): Response {
  if (result.error === 'NotFound') return notFound(c);
  if (result.error === 'Invalid') return apiError(c, 422, 'validation_failed', 'Some fields are not valid', apiFieldMessages(result.fields ?? {}));
  return apiError(c, 409, errorCode(result.error), en(`documents:errors.${result.error}`));
}

/**
 * Reads an optional JSON body (actions like finalize take none): empty → {}, not JSON → 400,
 * invalid → 422 with fields.
 */
export async function readOptionalJson<S extends z.ZodType>(c: Context, schema: S): Promise<{ ok: true; data: z.output<S> } | { ok: false; response: Response }> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, response: apiError(c, 400, 'malformed_json', 'The request body is not valid JSON') };
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, response: apiError(c, 422, 'validation_failed', 'Some fields are not valid', zodFields(parsed.error)) };
  return { ok: true, data: parsed.data };
}

function linesJson(lines: DocumentLine[]) {
  return lines.map((l) => ({
    id: String(l.id),
    description: l.description,
    quantity: l.quantity,
    unit_price: l.unit_price,
    tax_rate: Number(l.tax_rate),
    net: l.net,
    tax: l.tax,
  }));
}

// Fields every kind shares, in the order people read them.
function common(d: DocumentDetail) {
  const doc = d.doc;
  return {
    id: String(doc.id),
    client_id: String(doc.client_id),
    project_id: apiId(doc.project_id),
    number: doc.number,
    status: d.status,
    issue_date: doc.issue_date,
  };
}

function tail(d: DocumentDetail) {
  const doc = d.doc;
  return {
    notes: doc.notes,
    client_snapshot: d.snapshot,
    created_at: doc.created_at,
    finalized_at: doc.finalized_at,
    voided_at: doc.voided_at,
    void_reason: doc.void_reason,
  };
}

/** An invoice as API JSON (API.md): status derived from payments, overdue flag, amount paid and balance. */
export function invoiceJson(d: DocumentDetail) {
  const doc = d.doc;
  return {
    ...common(d),
    overdue: d.overdue,
    due_date: doc.due_date,
    currency: doc.currency,
    lines: linesJson(d.lines),
    subtotal: doc.subtotal,
    tax: doc.tax,
    total: doc.total,
    amount_paid: d.amountPaid,
    balance: d.balance,
    ...tail(d),
  };
}

/** An estimate as API JSON: status with expired derived, validity, the invoice it became, the client's answer. */
export function estimateJson(d: DocumentDetail) {
  const doc = d.doc;
  return {
    ...common(d),
    valid_until: doc.valid_until,
    currency: doc.currency,
    lines: linesJson(d.lines),
    subtotal: doc.subtotal,
    tax: doc.tax,
    total: doc.total,
    converted_invoice_id: apiId(doc.converted_invoice_id),
    responded_at: doc.responded_at,
    response_comment: doc.response_comment,
    ...tail(d),
  };
}

/** A credit note as API JSON: related invoice, what is left to apply, where it was applied. */
export function creditNoteJson(d: DocumentDetail) {
  const doc = d.doc;
  return {
    ...common(d),
    invoice_id: apiId(doc.related_invoice_id),
    currency: doc.currency,
    lines: linesJson(d.lines),
    subtotal: doc.subtotal,
    tax: doc.tax,
    total: doc.total,
    remaining: d.remaining,
    applications: d.applications.map((a) => ({ invoice_id: String(a.invoice_id), amount: a.amount, date: a.date })),
    ...tail(d),
  };
}
