// Reading the staff payment forms: amounts typed by people become minor units, and the
// service's field codes become translation keys on the inputs they concern. Pure: no I/O.

import type { FieldErrors } from '../../views/components/form.js';
import type { NewPaymentValues } from '../../views/payments/payment-new.js';
import type { PaymentsListQuery } from '../../views/payments/payments-list.js';
import { resolvePeriod, type PeriodErrors } from './period.js';
import type { PaymentFilters } from './queries.js';
import { parsePage } from '../clients/params.js';
import { parseMoneyInput } from '../money/money.js';
import type { FormBody } from '../web/forms.js';
import { formString } from '../web/forms.js';
import { isPaymentMethod, type PaymentFieldError, type PaymentFields } from './rules.js';
import type { AllocationInput, RecordPaymentInput } from './service.js';

const ALLOCATION_INPUT = /^alloc_([1-9]\d{0,14})$/;

/** Translation key of a payment field error. */
export function fieldErrorKey(code: PaymentFieldError): string {
  switch (code) {
    case 'future_date':
      return 'payments:errors.future_date';
    case 'method':
      return 'payments:errors.method';
    default:
      return `validation:${code}`;
  }
}

/** Translation keys of period errors (statement and list filters). */
export function periodErrorKeys(errors: PeriodErrors): FieldErrors {
  const out: FieldErrors = {};
  if (errors.period) out.period = 'statement:errors.period';
  if (errors.from) out.from = 'validation:date';
  if (errors.to) out.to = errors.to === 'to_before_from' ? 'statement:errors.to_before_from' : 'validation:date';
  return out;
}

/** The allocation inputs of a form (alloc_<invoiceId>), in form order: typed values, parsed allocations, and the input of each. */
export interface AllocationForm {
  values: Record<string, string>;
  allocations: AllocationInput[];
  /** Input name of allocations[i], to point the service's errors back at it. */
  inputs: string[];
  errors: FieldErrors;
}

/** Reads every alloc_<invoiceId> input; empty and zero amounts are skipped (nothing to apply there). */
export function readAllocationInputs(body: FormBody, currency: string): AllocationForm {
  const form: AllocationForm = { values: {}, allocations: [], inputs: [], errors: {} };
  for (const key of Object.keys(body)) {
    const match = ALLOCATION_INPUT.exec(key);
    if (!match) continue;
    const text = formString(body, key).trim();
    form.values[key] = text;
    if (text === '') continue;
    const amount = parseMoneyInput(text, currency);
    if (amount === null) form.errors[key] = 'validation:money';
    else if (amount < 0) form.errors[key] = 'validation:positive';
    else if (amount > 0) {
      form.allocations.push({ invoice_id: Number(match[1]), amount });
      form.inputs.push(key);
    }
  }
  return form;
}

/**
 * Points the service's field errors at the form's inputs: allocation errors go to the
 * invoice's input when it is on the page, otherwise to the allocations fieldset.
 */
export function formErrors(fields: PaymentFields, inputs: readonly string[], shown: ReadonlySet<string>): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, code] of Object.entries(fields)) {
    const match = /^allocations\.(\d+)\./.exec(field);
    if (!match) {
      out[field] = fieldErrorKey(code);
      continue;
    }
    const input = inputs[Number(match[1])];
    if (input && shown.has(input)) out[input] = fieldErrorKey(code);
    else out.allocations = 'payments:form.gone_invoice';
  }
  return out;
}

/** Reads the new-payment form for a client of `currency`: the service's input, or field errors; always the typed values. */
export function readPaymentForm(
  body: FormBody,
  clientId: number,
  currency: string,
): { values: NewPaymentValues; inputs: string[] } & ({ ok: true; input: RecordPaymentInput } | { ok: false; errors: FieldErrors }) {
  const alloc = readAllocationInputs(body, currency);
  const values: NewPaymentValues = {
    amount: formString(body, 'amount').trim(),
    date: formString(body, 'date').trim(),
    method: formString(body, 'method').trim(),
    reference: formString(body, 'reference'),
    notes: formString(body, 'notes'),
    keepAsCredit: formString(body, 'keep_as_credit') !== '',
    alloc: alloc.values,
  };
  const errors: FieldErrors = { ...alloc.errors };
  const amount = values.amount === '' ? null : parseMoneyInput(values.amount, currency);
  if (values.amount === '') errors.amount = 'validation:required';
  else if (amount === null) errors.amount = 'validation:money';
  if (values.keepAsCredit && alloc.allocations.length > 0) errors.keep_as_credit = 'payments:form.credit_and_allocations';
  if (Object.keys(errors).length > 0 || amount === null) return { ok: false, errors, values, inputs: alloc.inputs };
  // No amounts typed: oldest due first, unless staff chose to keep it all as credit.
  const allocations = alloc.allocations.length > 0 ? alloc.allocations : values.keepAsCredit ? [] : null;
  return {
    ok: true,
    values,
    inputs: alloc.inputs,
    input: { client_id: clientId, amount, date: values.date, method: values.method, reference: values.reference, notes: values.notes, allocations },
  };
}

/** Reads the payments list's query string: the state to show, the filters to apply, and errors for bad values. */
export function readPaymentsListQuery(q: Record<string, string>, today: string): { query: PaymentsListQuery; filters: PaymentFilters; errors: FieldErrors } {
  const period = resolvePeriod(q, today, 'all');
  const method = q.method && isPaymentMethod(q.method) ? q.method : null;
  const errors: FieldErrors = period.ok ? {} : periodErrorKeys(period.errors);
  if (q.method && !method) errors.method = 'payments:errors.method';
  const { from, to } = period.value;
  const query: PaymentsListQuery = { q: q.q ?? '', method: method ?? '', page: parsePage(q.page), period: period.value.period, from: from ?? '', to: to ?? '' };
  return { query, filters: { q: query.q, method, from, to }, errors };
}
