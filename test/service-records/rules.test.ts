import { describe, expect, it } from 'vitest';
import { contractStatus, daysUntil, isCovering, oneYearEnd, warrantyStatus } from '../../src/service-records/status.js';
import { validateContract, validateEquipment, validateReport, validateSite } from '../../src/service-records/validation.js';

describe('contract status, derived from the period', () => {
  it('is active through its last day and expired the day after', () => {
    expect(contractStatus({ status: 'active', period_end: '2026-12-31' }, '2026-12-31')).toBe('active');
    expect(contractStatus({ status: 'active', period_end: '2026-12-31' }, '2027-01-01')).toBe('expired');
  });

  it('stays cancelled whatever the date', () => {
    expect(contractStatus({ status: 'cancelled', period_end: '2030-12-31' }, '2026-01-01')).toBe('cancelled');
  });

  it('covers only while active and not archived', () => {
    const k = { status: 'active' as const, period_end: '2026-12-31', archived_at: null };
    expect(isCovering(k, '2026-06-01')).toBe(true);
    expect(isCovering({ ...k, archived_at: '2026-05-01T00:00:00Z' }, '2026-06-01')).toBe(false);
    expect(isCovering({ ...k, status: 'cancelled' }, '2026-06-01')).toBe(false);
  });

  it('proposes a one-year period ending the day before the anniversary', () => {
    expect(oneYearEnd('2026-01-01')).toBe('2026-12-31');
    expect(oneYearEnd('2026-03-01')).toBe('2027-02-28');
    expect(oneYearEnd('2024-02-29')).toBe('2025-02-28');
    expect(oneYearEnd('2027-03-01')).toBe('2028-02-29');
  });

  it('counts the days to a renewal', () => {
    expect(daysUntil('2026-03-01', '2026-02-27')).toBe(2);
    expect(daysUntil(null, '2026-02-27')).toBeNull();
  });
});

describe('warranty', () => {
  it('runs through its last day', () => {
    expect(warrantyStatus('2026-05-01', '2026-05-01')).toBe('in_warranty');
    expect(warrantyStatus('2026-05-01', '2026-05-02')).toBe('expired');
    expect(warrantyStatus(null, '2026-05-02')).toBe('none');
  });
});

describe('checking service-record forms', () => {
  it('needs a site name, and a country from the list', () => {
    expect(validateSite({ name: '  ' })).toEqual({ ok: false, errors: { name: 'validation:required' } });
    expect(validateSite({ name: 'Plant', country: 'XX' })).toEqual({ ok: false, errors: { country: 'service:errors.country' } });
    const ok = validateSite({ name: ' Κεντρικό ', country: 'gr', notes: 'Gate code 1234\nAsk for Maria' });
    expect(ok).toEqual({ ok: true, value: { name: 'Κεντρικό', address_line1: null, address_line2: null, city: null, postcode: null, country: 'GR', notes: 'Gate code 1234\nAsk for Maria' } });
  });

  it('refuses a line break in a single-line field', () => {
    expect(validateSite({ name: 'A\r\nBcc: x@y' })).toEqual({ ok: false, errors: { name: 'validation:invalid' } });
  });

  it('reads a contract value in the currency, and checks the period', () => {
    const v = validateContract({ title: 'AMC', period_start: '2026-01-01', period_end: '2026-12-31', value: '1.234,50', currency: 'eur', site_ids: ['3', '3', '4'] });
    expect(v.ok && v.value).toMatchObject({ value: 123450, currency: 'EUR', site_ids: [3, 4], equipment_ids: [] });
    const jpy = validateContract({ title: 'AMC', period_start: '2026-01-01', period_end: '2026-12-31', value: '5000', currency: 'JPY' });
    expect(jpy.ok && jpy.value.value).toBe(5000);
    const bad = validateContract({ title: '', period_start: '2026-02-30', period_end: '2025-01-01', value: '-5', currency: 'EURO', site_ids: ['x'] });
    expect(bad).toEqual({ ok: false, errors: { title: 'validation:required', period_start: 'validation:date', currency: 'validation:currency', site_ids: 'validation:invalid' } });
    const backwards = validateContract({ title: 'AMC', period_start: '2026-06-01', period_end: '2026-05-31', value: '-1', currency: 'EUR' });
    expect(backwards).toEqual({ ok: false, errors: { period_end: 'service:errors.end_before_start', value: 'service:errors.negative' } });
    expect(validateContract({ title: 'AMC', period_start: '2026-01-01', period_end: '2026-01-01', value: 'ten', currency: 'EUR' })).toEqual({ ok: false, errors: { value: 'validation:money' } });
  });

  it('checks equipment dates and its site id', () => {
    expect(validateEquipment({ name: 'Boiler', installed_on: '2026-05-01', warranty_until: '2026-04-01', site_id: 'abc' })).toEqual({
      ok: false, errors: { warranty_until: 'service:errors.warranty_before_install', site_id: 'validation:invalid' },
    });
    const ok = validateEquipment({ name: 'Boiler', site_id: '7', serial_number: 'SN 1' });
    expect(ok.ok && ok.value).toMatchObject({ name: 'Boiler', site_id: 7, serial_number: 'SN 1', installed_on: null });
  });

  it('needs a site, a date, a technician (staff or typed) and the work done on a report', () => {
    expect(validateReport({})).toEqual({
      ok: false,
      errors: { site_id: 'validation:required', visit_date: 'validation:required', technician_name: 'service:errors.technician_required', work_done: 'validation:required' },
    });
    const staff = validateReport({ site_id: '1', visit_date: '2026-03-02', technician: '4', technician_name: 'ignored', work_done: 'Cleaned filters' });
    expect(staff.ok && staff.value).toMatchObject({ technician_staff_id: 4, technician_name: null });
    const typed = validateReport({ site_id: '1', visit_date: '2026-03-02', technician: '', technician_name: 'Subcontractor Ltd', work_done: 'x', equipment_ids: ['2'] });
    expect(typed.ok && typed.value).toMatchObject({ technician_staff_id: null, technician_name: 'Subcontractor Ltd', equipment_ids: [2] });
  });
});
