import { describe, expect, it } from 'vitest';
import { parseLocalDateTime, toLocalInput, validateExpense, validateNote, validateRate, validateSchedule, validateTime } from '../../src/work/validation.js';

describe('time entry rules', () => {
  it('accepts a complete entry and defaults to billable', () => {
    const r = validateTime({ project_id: '3', date: '2026-03-02', duration: '1:30', task: ' Fieldwork ', notes: '' });
    expect(r).toEqual({ ok: true, value: { project_id: 3, date: '2026-03-02', duration: 90, task: 'Fieldwork', staff_user_id: null, billable: true, notes: null } });
  });

  it('says what is wrong with every field at once', () => {
    const r = validateTime({ project_id: '', date: '2026-02-30', duration: 'soon', task: 'x'.repeat(201), staff_user_id: 'abc', billable: 'maybe', notes: 'a\u0000b' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      project_id: 'work:errors.choose_project',
      date: 'validation:date',
      duration: 'work:errors.duration',
      task: 'validation:too_long',
      staff_user_id: 'work:errors.unknown_staff',
      billable: 'validation:invalid',
      notes: 'validation:invalid',
    });
  });

  it('refuses more than a day in one entry, and nothing at all', () => {
    expect(validateTime({ project_id: '1', date: '2026-03-02', duration: '25:00' })).toMatchObject({ ok: false, errors: { duration: 'work:errors.duration_too_long' } });
    expect(validateTime({ project_id: '1', date: '2026-03-02', duration: '0:00' })).toMatchObject({ ok: false, errors: { duration: 'work:errors.duration' } });
    expect(validateTime({ project_id: '1', date: '0001-01-01', duration: '1' })).toMatchObject({ ok: false, errors: { date: 'validation:date' } });
  });
});

describe('expense rules', () => {
  it('reads a typed amount in the client currency', () => {
    expect(validateExpense({ date: '2026-03-02', category: 'Travel', amount: '1.234,50' }, 'EUR')).toMatchObject({ ok: true, value: { amount: 123450, billable: true, project_id: null } });
    expect(validateExpense({ date: '2026-03-02', category: 'Travel', amount: '1500' }, 'JPY')).toMatchObject({ ok: true, value: { amount: 1500 } });
  });

  it('refuses a missing category, a zero or malformed amount', () => {
    expect(validateExpense({ date: '2026-03-02', category: ' ', amount: '0' }, 'EUR')).toMatchObject({ ok: false, errors: { category: 'validation:required', amount: 'validation:positive' } });
    expect(validateExpense({ date: '2026-03-02', category: 'Fees', amount: '12,3,4' }, 'EUR')).toMatchObject({ ok: false, errors: { amount: 'validation:money' } });
    expect(validateExpense({ date: '2026-03-02', category: 'Fees' }, 'EUR', -5)).toMatchObject({ ok: false, errors: { amount: 'validation:positive' } });
  });
});

describe('note rules', () => {
  it('keeps a note internal unless it is shared', () => {
    expect(validateNote({ date: '2026-03-02', body: 'Called the tax office.\nAll fine.' })).toMatchObject({ ok: true, value: { shared: false, body: 'Called the tax office.\nAll fine.' } });
    expect(validateNote({ date: '2026-03-02', body: 'x', shared: '1' })).toMatchObject({ ok: true, value: { shared: true } });
    expect(validateNote({ date: '', body: '' })).toMatchObject({ ok: false, errors: { date: 'validation:required', body: 'validation:required' } });
  });
});

describe('schedule rules', () => {
  it('reads local date-times as instants in the server time zone', () => {
    // Tests run in Europe/Athens (UTC+2 in winter).
    expect(parseLocalDateTime('2026-01-15T09:30')).toBe('2026-01-15T07:30:00.000Z');
    expect(toLocalInput('2026-01-15T07:30:00.000Z')).toBe('2026-01-15T09:30');
    expect(parseLocalDateTime('2026-01-15T25:00')).toBeNull();
    expect(parseLocalDateTime('tomorrow')).toBeNull();
  });

  it('refuses an end before the start', () => {
    const r = validateSchedule({ title: 'Meeting', starts_at: '2026-01-15T10:00', ends_at: '2026-01-15T09:00' });
    expect(r).toMatchObject({ ok: false, errors: { ends_at: 'work:errors.ends_before_start' } });
  });
});

describe('hourly rates', () => {
  it('clears on empty, refuses zero and junk', () => {
    expect(validateRate('', 'EUR')).toEqual({ ok: true, value: null });
    expect(validateRate('80,50', 'EUR')).toEqual({ ok: true, value: 8050 });
    expect(validateRate('0', 'EUR')).toEqual({ ok: false, error: 'validation:positive' });
    expect(validateRate('lots', 'EUR')).toEqual({ ok: false, error: 'validation:money' });
  });
});
