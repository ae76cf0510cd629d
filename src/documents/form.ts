// The document form as people fill it in: text fields and numbered line rows
// (lines.0.description …). Pure: turns a form body into draft fields and a stored document
// back into form values; the service applies the rules.

import type { DocumentLine, DocumentRow } from '../db/schema.js';
import { toMajorString } from '../money/money.js';
import { formString, type FormBody } from '../web/forms.js';
import { MAX_LINES, type DraftFields } from './draft.js';

/** Empty rows offered below the existing lines. */
export const BLANK_ROWS = 3;
// Rows past this index are not ours (the editor never makes them); they are ignored.
const MAX_FORM_ROWS = MAX_LINES + 50;

/** One line row as typed. */
export interface LineRow {
  description: string;
  quantity: string;
  unit_price: string;
  tax_rate: string;
}

/** Every field of the document form as typed. */
export interface DocumentFormValues {
  client_id: string;
  project_id: string;
  issue_date: string;
  due_date: string;
  valid_until: string;
  invoice_id: string;
  notes: string;
  lines: LineRow[];
}

const LINE_FIELDS = ['description', 'quantity', 'unit_price', 'tax_rate'] as const;

/** A blank row with the firm's default tax rate filled in. */
export function blankRow(defaultTaxRate: string): LineRow {
  return { description: '', quantity: '', unit_price: '', tax_rate: defaultTaxRate };
}

/** True for a row nobody typed in (the prefilled tax rate alone does not count). */
export function isBlankRow(row: LineRow): boolean {
  return row.description.trim() === '' && row.quantity.trim() === '' && row.unit_price.trim() === '';
}

/** Reads the form body: the fields, and every line row up to the highest row number sent. */
export function readDocumentForm(body: FormBody): DocumentFormValues {
  let rows = 0;
  for (const key of Object.keys(body)) {
    const m = /^lines\.(\d{1,4})\.(description|quantity|unit_price|tax_rate)$/.exec(key);
    if (m) rows = Math.max(rows, Math.min(Number(m[1]) + 1, MAX_FORM_ROWS));
  }
  const lines: LineRow[] = [];
  for (let i = 0; i < rows; i++) {
    const row = { description: '', quantity: '', unit_price: '', tax_rate: '' };
    for (const f of LINE_FIELDS) row[f] = formString(body, `lines.${i}.${f}`);
    lines.push(row);
  }
  return {
    client_id: formString(body, 'client_id').trim(),
    project_id: formString(body, 'project_id').trim(),
    issue_date: formString(body, 'issue_date').trim(),
    due_date: formString(body, 'due_date').trim(),
    valid_until: formString(body, 'valid_until').trim(),
    invoice_id: formString(body, 'invoice_id').trim(),
    notes: formString(body, 'notes'),
    lines,
  };
}

// "1,5" → "1.5" and "24 %" → "24": people write decimals the Greek way too.
function decimalText(text: string): string {
  const t = text.trim().replace(/\s*%$/, '');
  return /^-?\d+,\d+$/.test(t) ? t.replace(',', '.') : t;
}

function optionalId(text: string): number | null {
  return /^[1-9]\d{0,14}$/.test(text) ? Number(text) : text === '' ? null : 0;
}

/** Draft fields from the form: blank rows dropped (errors still point at the typed row), an empty quantity means 1. */
export function formToFields(v: DocumentFormValues): DraftFields {
  const lines = v.lines.flatMap((row, index) =>
    isBlankRow(row)
      ? []
      : [{ description: row.description, quantity: decimalText(row.quantity) || '1', unitPrice: row.unit_price, taxRate: decimalText(row.tax_rate), row: index }],
  );
  return {
    projectId: optionalId(v.project_id),
    issueDate: v.issue_date || null,
    dueDate: v.due_date || null,
    validUntil: v.valid_until || null,
    relatedInvoiceId: optionalId(v.invoice_id),
    notes: v.notes,
    lines,
  };
}

/** The form of a new draft: today's date, blank rows. */
export function newFormValues(clientId: number, today: string, defaultTaxRate: string, relatedInvoiceId: number | null = null): DocumentFormValues {
  return {
    client_id: String(clientId),
    project_id: '',
    issue_date: today,
    due_date: '',
    valid_until: '',
    invoice_id: relatedInvoiceId ? String(relatedInvoiceId) : '',
    notes: '',
    lines: Array.from({ length: BLANK_ROWS }, () => blankRow(defaultTaxRate)),
  };
}

/** The form of a stored draft: its fields, its lines, then blank rows. */
export function documentFormValues(doc: DocumentRow, lines: DocumentLine[], defaultTaxRate: string): DocumentFormValues {
  return {
    client_id: String(doc.client_id),
    project_id: doc.project_id ? String(doc.project_id) : '',
    issue_date: doc.issue_date,
    due_date: doc.due_date ?? '',
    valid_until: doc.valid_until ?? '',
    invoice_id: doc.related_invoice_id ? String(doc.related_invoice_id) : '',
    notes: doc.notes ?? '',
    lines: [
      ...lines.map((l) => ({ description: l.description, quantity: l.quantity, unit_price: toMajorString(l.unit_price, doc.currency), tax_rate: l.tax_rate })),
      ...Array.from({ length: BLANK_ROWS }, () => blankRow(defaultTaxRate)),
    ],
  };
}
