import { describe, expect, it } from 'vitest';
import { resolvePeriod } from '../../src/payments/period.js';
import { checkPaymentFields, MAX_DAYS_AHEAD, paymentStanding } from '../../src/payments/rules.js';
import { formErrors, readAllocationInputs, readPaymentForm } from '../../src/payments/form.js';

const TODAY = '2026-05-20';

describe('payment fields', () => {
  it('fills in today and method "other" when they are left out, and trims text', () => {
    const r = checkPaymentFields({ amount: 1500, reference: '  TRX-1 ', notes: '   ' }, TODAY);
    expect(r).toEqual({ ok: true, value: { amount: 1500, date: TODAY, method: 'other', reference: 'TRX-1', notes: null } });
  });

  it('refuses a zero, negative or fractional amount', () => {
    expect(checkPaymentFields({ amount: 0 }, TODAY)).toEqual({ ok: false, fields: { amount: 'positive' } });
    expect(checkPaymentFields({ amount: -5 }, TODAY)).toEqual({ ok: false, fields: { amount: 'positive' } });
    expect(checkPaymentFields({ amount: 1.5 }, TODAY)).toEqual({ ok: false, fields: { amount: 'money' } });
  });

  it(`accepts a date up to ${MAX_DAYS_AHEAD} day ahead and refuses later ones or non-dates`, () => {
    expect(checkPaymentFields({ amount: 1, date: '2026-05-21' }, TODAY).ok).toBe(true);
    expect(checkPaymentFields({ amount: 1, date: '2026-05-22' }, TODAY)).toEqual({ ok: false, fields: { date: 'future_date' } });
    expect(checkPaymentFields({ amount: 1, date: '2026-02-30' }, TODAY)).toEqual({ ok: false, fields: { date: 'date' } });
    expect(checkPaymentFields({ amount: 1, date: '20/05/2026' }, TODAY)).toEqual({ ok: false, fields: { date: 'date' } });
  });

  it('refuses an unknown method and an over-long reference', () => {
    const r = checkPaymentFields({ amount: 1, method: 'bitcoin', reference: 'x'.repeat(101) }, TODAY);
    expect(r).toEqual({ ok: false, fields: { method: 'method', reference: 'too_long' } });
  });

  it('says a void payment holds no credit, whatever was allocated', () => {
    expect(paymentStanding({ amount: 1000, allocated: 400, voided_at: null })).toEqual({ status: 'completed', unallocated: 600 });
    expect(paymentStanding({ amount: 1000, allocated: 400, voided_at: '2026-01-01T00:00:00Z' })).toEqual({ status: 'void', unallocated: 0 });
  });
});

describe('period control', () => {
  it('resolves named periods around today', () => {
    expect(resolvePeriod({ period: 'this_month' }, TODAY, 'all')).toEqual({ ok: true, value: { period: 'this_month', from: '2026-05-01', to: '2026-05-31' } });
    expect(resolvePeriod({ period: 'last_year' }, TODAY, 'all')).toEqual({ ok: true, value: { period: 'last_year', from: '2025-01-01', to: '2025-12-31' } });
  });

  it('uses the fallback when nothing is given, and custom dates when only dates are given', () => {
    expect(resolvePeriod({}, TODAY, 'this_year').value).toEqual({ period: 'this_year', from: '2026-01-01', to: '2026-12-31' });
    expect(resolvePeriod({ from: '2026-03-01' }, TODAY, 'this_year').value).toEqual({ period: 'custom', from: '2026-03-01', to: null });
  });

  it('lets a named period win over stale dates in the query', () => {
    expect(resolvePeriod({ period: 'all', from: '2026-03-01', to: 'nonsense' }, TODAY, 'this_year')).toEqual({ ok: true, value: { period: 'all', from: null, to: null } });
  });

  it('refuses bad dates, an end before the start, and unknown periods', () => {
    expect(resolvePeriod({ period: 'custom', from: '2026-13-01' }, TODAY, 'all')).toMatchObject({ ok: false, errors: { from: 'date' } });
    expect(resolvePeriod({ period: 'custom', from: '2026-05-02', to: '2026-05-01' }, TODAY, 'all')).toMatchObject({ ok: false, errors: { to: 'to_before_from' } });
    expect(resolvePeriod({ period: 'forever' }, TODAY, 'all')).toMatchObject({ ok: false, errors: { period: 'invalid' } });
  });
});

describe('payment form reading', () => {
  it('reads amounts typed the Greek way and skips empty and zero allocations', () => {
    const form = readPaymentForm({ amount: '1.234,56', date: '2026-05-01', method: 'cash', reference: 'R', notes: '', alloc_7: '', alloc_3: '234,56', alloc_9: '0' }, 1, 'EUR');
    expect(form.ok).toBe(true);
    if (!form.ok) return;
    expect(form.input.amount).toBe(123456);
    expect(form.input.allocations).toEqual([{ invoice_id: 3, amount: 23456 }]);
    expect(form.inputs).toEqual(['alloc_3']);
  });

  it('allocates automatically when no amounts are typed, or keeps everything as credit when asked', () => {
    const auto = readPaymentForm({ amount: '10', alloc_3: '' }, 1, 'EUR');
    const credit = readPaymentForm({ amount: '10', alloc_3: '', keep_as_credit: '1' }, 1, 'EUR');
    expect(auto.ok && auto.input.allocations).toBeNull();
    expect(credit.ok && credit.input.allocations).toEqual([]);
  });

  it('refuses a missing or unreadable amount, a bad allocation, and credit with amounts together', () => {
    const form = readPaymentForm({ amount: '12abc', alloc_3: 'lots', alloc_4: '5', keep_as_credit: '1' }, 1, 'EUR');
    expect(form.ok).toBe(false);
    if (form.ok) return;
    expect(form.errors).toEqual({ amount: 'validation:money', alloc_3: 'validation:money', keep_as_credit: 'payments:form.credit_and_allocations' });
    const empty = readPaymentForm({}, 1, 'EUR');
    expect(!empty.ok && empty.errors.amount).toBe('validation:required');
  });

  it('points service errors at the invoice inputs shown, or at the fieldset for invoices gone', () => {
    const alloc = readAllocationInputs({ alloc_3: '5', alloc_4: '6' }, 'EUR');
    expect(formErrors({ 'allocations.1.amount': 'allocation_exceeds_balance', date: 'future_date' }, alloc.inputs, new Set(['alloc_3', 'alloc_4']))).toEqual({
      alloc_4: 'validation:allocation_exceeds_balance',
      date: 'payments:errors.future_date',
    });
    expect(formErrors({ 'allocations.0.invoice_id': 'unknown_invoice' }, alloc.inputs, new Set(['alloc_4']))).toEqual({ allocations: 'payments:form.gone_invoice' });
  });
});
