// The rules of the four work records as typed in a form or sent to the API: what is required,
// how long text may be, which dates and amounts are accepted. Pure: the services add what needs
// the database (the project belongs to the client, the staff member exists).

import type { Checked, Errors, Raw } from '../clients/validation.js';
import { isIsoDate } from '../ledger/ledger.js';
import { isMinor, parseMoneyInput } from '../money/money.js';
import { isValidMinutes, parseDuration } from './duration.js';
import { EARLIEST, LATEST } from './report.js';

/** Longest values accepted, shared by forms (maxlength) and checks. */
export const WORK_LIMITS = { task: 200, category: 100, notes: 5000, body: 10000, title: 200, place: 300, attendees: 1000 } as const;

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE_CONTROL = /[\u0000-\u001f\u007f]/;

type Check<T> = { value: T; error?: string };

function clean(v: string | null | undefined): string | null {
  const s = (v ?? '').trim();
  return s === '' ? null : s;
}

// One line of text: no control characters at all.
function line(v: string | null | undefined, max: number, required: boolean): Check<string | null> {
  const s = clean(v);
  if (s === null) return required ? { value: null, error: 'validation:required' } : { value: null };
  if (s.length > max) return { value: s, error: 'validation:too_long' };
  if (LINE_CONTROL.test(s)) return { value: s, error: 'validation:invalid' };
  return { value: s };
}

// Several lines of text: newlines and tabs allowed, other control characters not.
function text(v: string | null | undefined, max: number, required: boolean): Check<string | null> {
  const s = clean(v);
  if (s === null) return required ? { value: null, error: 'validation:required' } : { value: null };
  if (s.length > max) return { value: s, error: 'validation:too_long' };
  if (CONTROL.test(s)) return { value: s, error: 'validation:invalid' };
  return { value: s };
}

function date(v: string | null | undefined): Check<string | null> {
  const s = clean(v);
  if (s === null) return { value: null, error: 'validation:required' };
  return isIsoDate(s) && s >= EARLIEST && s <= LATEST ? { value: s } : { value: s, error: 'validation:date' };
}

/** "1"/"true"/"on" → true, "0"/"false"/empty → `fallback` when absent, else false; anything else is an error. */
function flag(v: string | null | undefined, fallback: boolean): Check<boolean> {
  if (v === undefined) return { value: fallback };
  const s = clean(v);
  if (s === null || s === '0' || s === 'false') return { value: false };
  if (s === '1' || s === 'true' || s === 'on') return { value: true };
  return { value: false, error: 'validation:invalid' };
}

/** An optional id typed or chosen in a select: empty → null. */
function optionalId(v: string | null | undefined): Check<number | null> {
  const s = clean(v);
  if (s === null) return { value: null };
  return /^[1-9]\d{0,14}$/.test(s) ? { value: Number(s) } : { value: null, error: 'work:errors.unknown_project' };
}

function collect<T, F extends string>(checks: Record<F, Check<unknown>>): Checked<T, F> {
  const errors: Errors<F> = {};
  const value: Record<string, unknown> = {};
  for (const [field, r] of Object.entries(checks) as Array<[F, Check<unknown>]>) {
    if (r.error) errors[field] = r.error;
    value[field] = r.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: value as T };
}

/** A time entry's fields as typed (`duration`) or sent (`minutes`); `staff_user_id` picks the person. */
export type TimeField = 'project_id' | 'date' | 'duration' | 'task' | 'staff_user_id' | 'billable' | 'notes';
/** A checked time entry. */
export interface TimeValues { project_id: number; date: string; duration: number; task: string | null; staff_user_id: number | null; billable: boolean; notes: string | null }
/** Every time entry field, in form order. */
export const TIME_FIELDS: readonly TimeField[] = ['project_id', 'date', 'duration', 'task', 'staff_user_id', 'billable', 'notes'];

/** Checks a time entry: project, date and duration required; a duration is h:mm, hours or minutes ("90m"). */
export function validateTime(raw: Raw<TimeField>): Checked<TimeValues, TimeField> {
  const project = optionalId(raw.project_id);
  const staff = optionalId(raw.staff_user_id);
  const durationText = clean(raw.duration);
  const minutes = durationText === null ? null : parseDuration(durationText);
  return collect<TimeValues, TimeField>({
    project_id: project.value === null ? { value: null, error: project.error ?? 'work:errors.choose_project' } : project,
    date: date(raw.date),
    duration:
      durationText === null ? { value: null, error: 'validation:required' }
        : minutes === null || minutes <= 0 ? { value: null, error: 'work:errors.duration' }
          : !isValidMinutes(minutes) ? { value: minutes, error: 'work:errors.duration_too_long' }
            : { value: minutes },
    task: line(raw.task, WORK_LIMITS.task, false),
    staff_user_id: staff.error ? { value: null, error: 'work:errors.unknown_staff' } : staff,
    billable: flag(raw.billable, true),
    notes: text(raw.notes, WORK_LIMITS.notes, false),
  });
}

/** An expense's fields; `amount` is text a person typed (major units) or minor units from the API. */
export type ExpenseField = 'project_id' | 'date' | 'category' | 'amount' | 'billable' | 'notes';
/** A checked expense; amount in minor units of the client's currency. */
export interface ExpenseValues { project_id: number | null; date: string; category: string; amount: number; billable: boolean; notes: string | null }
/** Every expense field, in form order. */
export const EXPENSE_FIELDS: readonly ExpenseField[] = ['project_id', 'date', 'category', 'amount', 'billable', 'notes'];

/** Checks an expense; `amountMinor` (API) wins over the typed `amount` (form, parsed in `currency`). */
export function validateExpense(raw: Raw<ExpenseField>, currency: string, amountMinor?: number): Checked<ExpenseValues, ExpenseField> {
  let amount: Check<number | null>;
  if (amountMinor !== undefined) {
    amount = !isMinor(amountMinor) ? { value: null, error: 'validation:money' } : amountMinor <= 0 ? { value: null, error: 'validation:positive' } : { value: amountMinor };
  } else {
    const typed = clean(raw.amount);
    const parsed = typed === null ? null : parseMoneyInput(typed, currency);
    amount = typed === null ? { value: null, error: 'validation:required' }
      : parsed === null ? { value: null, error: 'validation:money' }
        : parsed <= 0 ? { value: null, error: 'validation:positive' }
          : { value: parsed };
  }
  return collect<ExpenseValues, ExpenseField>({
    project_id: optionalId(raw.project_id),
    date: date(raw.date),
    category: line(raw.category, WORK_LIMITS.category, true),
    amount,
    billable: flag(raw.billable, true),
    notes: text(raw.notes, WORK_LIMITS.notes, false),
  });
}

/** A note's fields. */
export type NoteField = 'project_id' | 'date' | 'body' | 'shared';
/** A checked note. */
export interface NoteValues { project_id: number | null; date: string; body: string; shared: boolean }
/** Every note field, in form order. */
export const NOTE_FIELDS: readonly NoteField[] = ['project_id', 'date', 'body', 'shared'];

/** Checks a note: date and text required; not shared with the client unless asked. */
export function validateNote(raw: Raw<NoteField>): Checked<NoteValues, NoteField> {
  return collect<NoteValues, NoteField>({
    project_id: optionalId(raw.project_id),
    date: date(raw.date),
    body: text(raw.body, WORK_LIMITS.body, true),
    shared: flag(raw.shared, false),
  });
}

/** A schedule entry's fields; `starts_at`/`ends_at` are local date-times ("2026-03-02T09:30"). */
export type ScheduleField = 'project_id' | 'title' | 'starts_at' | 'ends_at' | 'place' | 'attendees' | 'notes';
/** A checked schedule entry: instants as ISO UTC. */
export interface ScheduleValues { project_id: number | null; title: string; starts_at: string; ends_at: string; place: string | null; attendees: string | null; notes: string | null }
/** Every schedule field, in form order. */
export const SCHEDULE_FIELDS: readonly ScheduleField[] = ['project_id', 'title', 'starts_at', 'ends_at', 'place', 'attendees', 'notes'];

/**
 * A local date-time as typed in a datetime-local input ("2026-03-02T09:30", seconds optional),
 * read in the server's time zone, as an ISO UTC instant; or a full ISO instant. Null when invalid.
 */
export function parseLocalDateTime(input: string): string | null {
  const s = input.trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (local) {
    const [, y, mo, d, h, mi, sec] = local.map(Number) as [number, number, number, number, number, number, number];
    const day = `${local[1]}-${local[2]}-${local[3]}`;
    if (!isIsoDate(day) || day < EARLIEST || day > LATEST || h > 23 || mi > 59 || (sec ?? 0) > 59) return null;
    const when = new Date(y, mo - 1, d, h, mi, Number.isNaN(sec) ? 0 : sec);
    return Number.isNaN(when.getTime()) ? null : when.toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(s)) {
    const when = new Date(s);
    const day = s.slice(0, 10);
    return Number.isNaN(when.getTime()) || !isIsoDate(day) || day < EARLIEST || day > LATEST ? null : when.toISOString();
  }
  return null;
}

/** An ISO instant as the value of a datetime-local input, in the server's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Checks a schedule entry: title and both times required; it ends after it starts. */
export function validateSchedule(raw: Raw<ScheduleField>): Checked<ScheduleValues, ScheduleField> {
  const startText = clean(raw.starts_at);
  const endText = clean(raw.ends_at);
  const start = startText === null ? null : parseLocalDateTime(startText);
  const end = endText === null ? null : parseLocalDateTime(endText);
  const startCheck: Check<string | null> = startText === null ? { value: null, error: 'validation:required' } : start === null ? { value: null, error: 'work:errors.date_time' } : { value: start };
  let endCheck: Check<string | null> = endText === null ? { value: null, error: 'validation:required' } : end === null ? { value: null, error: 'work:errors.date_time' } : { value: end };
  if (start !== null && end !== null && end <= start) endCheck = { value: end, error: 'work:errors.ends_before_start' };
  return collect<ScheduleValues, ScheduleField>({
    project_id: optionalId(raw.project_id),
    title: line(raw.title, WORK_LIMITS.title, true),
    starts_at: startCheck,
    ends_at: endCheck,
    place: line(raw.place, WORK_LIMITS.place, false),
    attendees: text(raw.attendees, WORK_LIMITS.attendees, false),
    notes: text(raw.notes, WORK_LIMITS.notes, false),
  });
}

/** Checks an hourly rate typed in `currency`: empty clears it (null); otherwise greater than zero. */
export function validateRate(input: string, currency: string): { ok: true; value: number | null } | { ok: false; error: string } {
  const s = input.trim();
  if (s === '') return { ok: true, value: null };
  const parsed = parseMoneyInput(s, currency);
  if (parsed === null) return { ok: false, error: 'validation:money' };
  if (parsed <= 0) return { ok: false, error: 'validation:positive' };
  return { ok: true, value: parsed };
}
