// Time entries, expenses, notes and schedule entries kept by staff; project tasks and hourly
// rates. Rules and transactions, one event per change, expected failures as values. No HTTP.

import { findClient } from '../clients/queries.js';
import type { Checked, Errors, Raw } from '../clients/validation.js';
import type { Db, Trx } from '../db/index.js';
import type { Project } from '../db/schema.js';
import type { Expense, Note, ScheduleEntry, TimeEntry } from '../db/schema-work.js';
import { recordEvent, type Actor } from '../events/service.js';
import { isCurrencyCode, toMajorString, type Minor } from '../money/money.js';
import { findProject } from '../projects/queries.js';
import { nowIso } from '../util/time.js';
import { formatDuration } from './duration.js';
import {
  archiveTaskRow,
  findActiveStaff,
  findExpense,
  findNote,
  findScheduleEntry,
  findTask,
  findTimeEntry,
  hasTaskNamed,
  insertExpense,
  insertNote,
  insertScheduleEntry,
  insertTask,
  insertTimeEntry,
  projectRates,
  saveProjectRate,
  updateExpenseRow,
  updateNoteRow,
  updateScheduleRow,
  updateTimeEntryRow,
} from './queries.js';
import {
  validateExpense,
  validateNote,
  validateRate,
  validateSchedule,
  validateTime,
  WORK_LIMITS,
  type ExpenseField,
  type NoteField,
  type ScheduleField,
  type TimeField,
} from './validation.js';

/** Why a work record could not be saved or changed. */
export type WorkFailure<F extends string> =
  | { ok: false; error: 'Invalid'; errors: Errors<F> }
  | { ok: false; error: 'NotFound' }
  /** Billed on an invoice: void that invoice (or release the draft's work) first. */
  | { ok: false; error: 'Billed' };

/** The outcome of saving a work record. */
export type WorkResult<T, F extends string> = { ok: true; value: T } | WorkFailure<F>;

const invalid = <F extends string>(errors: Errors<F>) => ({ ok: false, error: 'Invalid', errors }) as const;
const notFound = { ok: false, error: 'NotFound' } as const;
const billed = { ok: false, error: 'Billed' } as const;

/** An active project of the client (or of any client when `clientId` is null); null otherwise. */
async function activeProjectOf(trx: Trx, clientId: number | null, projectId: number | null): Promise<Project | null> {
  if (projectId === null) return null;
  const project = await findProject(trx, projectId);
  if (!project || project.archived_at || (clientId !== null && project.client_id !== clientId)) return null;
  return project;
}

// The project a record names must stay the client's; an unchanged archived project may stay.
async function checkProject(trx: Trx, clientId: number, projectId: number | null, keep: number | null): Promise<{ ok: true; project: Project | null } | { ok: false }> {
  if (projectId === null) return { ok: true, project: null };
  if (projectId === keep) {
    const same = await findProject(trx, projectId);
    if (same && same.client_id === clientId) return { ok: true, project: same };
  }
  const project = await activeProjectOf(trx, clientId, projectId);
  return project ? { ok: true, project } : { ok: false };
}

/**
 * Checked form values plus the project they name (an active project of the client, or the one
 * the record already has), or the field errors: the validation's, else an unknown project.
 */
async function withProject<T extends { project_id: number | null }, F extends string>(
  trx: Trx,
  clientId: number,
  checked: Checked<T, F>,
  keep: number | null,
): Promise<{ ok: true; value: T; project: Project | null } | { ok: false; errors: Errors<F> }> {
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const found = await checkProject(trx, clientId, checked.value.project_id, keep);
  if (!found.ok) return { ok: false, errors: { project_id: 'work:errors.unknown_project' } as Errors<F> };
  return { ok: true, value: checked.value, project: found.project };
}

// ── time entries ────────────────────────────────────────────────────────────

/** How a time entry is named in events: project and h:mm (no words: the action is translated). */
function timeLabel(projectName: string, minutes: number): string {
  return `${projectName} · ${formatDuration(minutes)}`;
}

/** Who logs the time: the chosen active staff member, or `fallback` when none was chosen. */
async function staffFor(trx: Trx, chosen: number | null, fallback: number): Promise<number | null> {
  const id = chosen ?? fallback;
  return (await findActiveStaff(trx, { id }))?.id ?? null;
}

/**
 * Logs time on a project. From a client's page `clientId` is that client and the project must
 * be one of its active projects; from the API `clientId` is null and the project decides.
 */
export async function createTimeEntry(db: Db, actor: Actor, clientId: number | null, raw: Raw<TimeField>, defaultStaffId: number): Promise<WorkResult<TimeEntry, TimeField>> {
  const checked = validateTime(raw);
  return db.transaction().execute(async (trx) => {
    if (clientId !== null && !(await findClient(trx, clientId))) return notFound;
    if (!checked.ok) return invalid(checked.errors);
    const v = checked.value;
    const errors: Errors<TimeField> = {};
    const project = await activeProjectOf(trx, clientId, v.project_id);
    if (!project) errors.project_id = 'work:errors.unknown_project';
    const staffId = await staffFor(trx, v.staff_user_id, defaultStaffId);
    if (staffId === null) errors.staff_user_id = 'work:errors.unknown_staff';
    if (!project || staffId === null) return invalid(errors);
    const entry = await insertTimeEntry(trx, {
      client_id: project.client_id,
      project_id: project.id,
      staff_user_id: staffId,
      date: v.date,
      minutes: v.duration,
      task: v.task,
      billable: v.billable ? 1 : 0,
      billed_invoice_id: null,
      notes: v.notes,
      archived_at: null,
    });
    await recordEvent(trx, actor, { clientId: entry.client_id, subjectType: 'time_entry', subjectId: entry.id, action: 'created', detail: { label: timeLabel(project.name, entry.minutes) } });
    return { ok: true, value: entry } as const;
  });
}

/** Edits an unbilled, active time entry (it stays with its client; the project may change within it). */
export async function updateTimeEntry(db: Db, actor: Actor, id: number, raw: Raw<TimeField>): Promise<WorkResult<TimeEntry, TimeField>> {
  const checked = validateTime(raw);
  return db.transaction().execute(async (trx) => {
    const existing = await findTimeEntry(trx, id);
    if (!existing || existing.archived_at) return notFound;
    if (existing.billed_invoice_id !== null) return billed;
    if (!checked.ok) return invalid(checked.errors);
    const v = checked.value;
    const errors: Errors<TimeField> = {};
    const project = await checkProject(trx, existing.client_id, v.project_id, existing.project_id);
    if (!project.ok || !project.project) errors.project_id = 'work:errors.unknown_project';
    const staffId = await staffFor(trx, v.staff_user_id, existing.staff_user_id);
    if (staffId === null) errors.staff_user_id = 'work:errors.unknown_staff';
    if (!project.ok || !project.project || staffId === null) return invalid(errors);
    const entry = await updateTimeEntryRow(trx, id, {
      project_id: project.project.id,
      staff_user_id: staffId,
      date: v.date,
      minutes: v.duration,
      task: v.task,
      billable: v.billable ? 1 : 0,
      notes: v.notes,
      updated_at: nowIso(),
    });
    await recordEvent(trx, actor, { clientId: entry.client_id, subjectType: 'time_entry', subjectId: id, action: 'updated', detail: { label: timeLabel(project.project.name, entry.minutes) } });
    return { ok: true, value: entry } as const;
  });
}

/** Archives an unbilled time entry: gone from lists and billing, kept in the history. */
export async function archiveTimeEntry(db: Db, actor: Actor, id: number): Promise<WorkResult<TimeEntry, never>> {
  return db.transaction().execute(async (trx) => {
    const existing = await findTimeEntry(trx, id);
    if (!existing) return notFound;
    if (existing.archived_at) return { ok: true, value: existing } as const;
    if (existing.billed_invoice_id !== null) return billed;
    const now = nowIso();
    const entry = await updateTimeEntryRow(trx, id, { archived_at: now, updated_at: now });
    const project = await findProject(trx, entry.project_id);
    await recordEvent(trx, actor, { clientId: entry.client_id, subjectType: 'time_entry', subjectId: id, action: 'archived', detail: { label: timeLabel(project?.name ?? '', entry.minutes) } });
    return { ok: true, value: entry } as const;
  });
}

// ── expenses ────────────────────────────────────────────────────────────────

function expenseLabel(e: Pick<Expense, 'category' | 'amount' | 'currency'>): string {
  return `${e.category} · ${toMajorString(e.amount, e.currency)} ${e.currency}`;
}

/** Records an expense of a client, in the client's currency; `amountMinor` comes from the API. */
export async function createExpense(db: Db, actor: Actor, clientId: number, raw: Raw<ExpenseField>, opts: { staffUserId: number | null; amountMinor?: number }): Promise<WorkResult<Expense, ExpenseField>> {
  return db.transaction().execute(async (trx) => {
    const client = await findClient(trx, clientId);
    if (!client) return notFound;
    const checked = validateExpense(raw, client.currency, opts.amountMinor);
    const project = await withProject(trx, clientId, checked, null);
    if (!project.ok) return invalid(project.errors);
    const v = project.value;
    const expense = await insertExpense(trx, {
      client_id: clientId,
      project_id: project.project?.id ?? null,
      staff_user_id: opts.staffUserId,
      date: v.date,
      category: v.category,
      amount: v.amount,
      currency: client.currency,
      billable: v.billable ? 1 : 0,
      billed_invoice_id: null,
      notes: v.notes,
      archived_at: null,
    });
    await recordEvent(trx, actor, { clientId, subjectType: 'expense', subjectId: expense.id, action: 'created', detail: { label: expenseLabel(expense) } });
    return { ok: true, value: expense } as const;
  });
}

/** Edits an unbilled, active expense; its amount stays in the currency it was recorded in. */
export async function updateExpense(db: Db, actor: Actor, id: number, raw: Raw<ExpenseField>): Promise<WorkResult<Expense, ExpenseField>> {
  return db.transaction().execute(async (trx) => {
    const existing = await findExpense(trx, id);
    if (!existing || existing.archived_at) return notFound;
    if (existing.billed_invoice_id !== null) return billed;
    const checked = validateExpense(raw, existing.currency);
    const project = await withProject(trx, existing.client_id, checked, existing.project_id);
    if (!project.ok) return invalid(project.errors);
    const v = project.value;
    const expense = await updateExpenseRow(trx, id, {
      project_id: project.project?.id ?? null,
      date: v.date,
      category: v.category,
      amount: v.amount,
      billable: v.billable ? 1 : 0,
      notes: v.notes,
      updated_at: nowIso(),
    });
    await recordEvent(trx, actor, { clientId: expense.client_id, subjectType: 'expense', subjectId: id, action: 'updated', detail: { label: expenseLabel(expense) } });
    return { ok: true, value: expense } as const;
  });
}

/** Archives an unbilled expense. */
export async function archiveExpense(db: Db, actor: Actor, id: number): Promise<WorkResult<Expense, never>> {
  return db.transaction().execute(async (trx) => {
    const existing = await findExpense(trx, id);
    if (!existing) return notFound;
    if (existing.archived_at) return { ok: true, value: existing } as const;
    if (existing.billed_invoice_id !== null) return billed;
    const now = nowIso();
    const expense = await updateExpenseRow(trx, id, { archived_at: now, updated_at: now });
    await recordEvent(trx, actor, { clientId: expense.client_id, subjectType: 'expense', subjectId: id, action: 'archived', detail: { label: expenseLabel(expense) } });
    return { ok: true, value: expense } as const;
  });
}

// ── notes ───────────────────────────────────────────────────────────────────

/** Writes a note about a client (shared with the client only when asked). */
export async function createNote(db: Db, actor: Actor, clientId: number, raw: Raw<NoteField>, authorId: number | null): Promise<WorkResult<Note, NoteField>> {
  const checked = validateNote(raw);
  return db.transaction().execute(async (trx) => {
    if (!(await findClient(trx, clientId))) return notFound;
    const project = await withProject(trx, clientId, checked, null);
    if (!project.ok) return invalid(project.errors);
    const v = project.value;
    const note = await insertNote(trx, { client_id: clientId, project_id: project.project?.id ?? null, staff_user_id: authorId, date: v.date, body: v.body, shared: v.shared ? 1 : 0, archived_at: null });
    await recordEvent(trx, actor, { clientId, subjectType: 'note', subjectId: note.id, action: 'created', detail: { label: note.date, shared: v.shared } });
    return { ok: true, value: note } as const;
  });
}

/** Edits an active note; sharing or unsharing it is recorded. */
export async function updateNote(db: Db, actor: Actor, id: number, raw: Raw<NoteField>): Promise<WorkResult<Note, NoteField>> {
  const checked = validateNote(raw);
  return db.transaction().execute(async (trx) => {
    const existing = await findNote(trx, id);
    if (!existing || existing.archived_at) return notFound;
    const project = await withProject(trx, existing.client_id, checked, existing.project_id);
    if (!project.ok) return invalid(project.errors);
    const v = project.value;
    const note = await updateNoteRow(trx, id, { project_id: project.project?.id ?? null, date: v.date, body: v.body, shared: v.shared ? 1 : 0, updated_at: nowIso() });
    await recordEvent(trx, actor, { clientId: note.client_id, subjectType: 'note', subjectId: id, action: 'updated', detail: { label: note.date, shared: v.shared } });
    return { ok: true, value: note } as const;
  });
}

/** Archives a note (and so takes it out of the portal). */
export async function archiveNote(db: Db, actor: Actor, id: number): Promise<WorkResult<Note, never>> {
  return db.transaction().execute(async (trx) => {
    const existing = await findNote(trx, id);
    if (!existing) return notFound;
    if (existing.archived_at) return { ok: true, value: existing } as const;
    const now = nowIso();
    const note = await updateNoteRow(trx, id, { archived_at: now, updated_at: now });
    await recordEvent(trx, actor, { clientId: note.client_id, subjectType: 'note', subjectId: id, action: 'archived', detail: { label: note.date } });
    return { ok: true, value: note } as const;
  });
}

// ── schedule ────────────────────────────────────────────────────────────────

/** Puts an appointment with a client in the schedule. */
export async function createScheduleEntry(db: Db, actor: Actor, clientId: number, raw: Raw<ScheduleField>, staffUserId: number | null): Promise<WorkResult<ScheduleEntry, ScheduleField>> {
  const checked = validateSchedule(raw);
  return db.transaction().execute(async (trx) => {
    if (!(await findClient(trx, clientId))) return notFound;
    const project = await withProject(trx, clientId, checked, null);
    if (!project.ok) return invalid(project.errors);
    const v = project.value;
    const entry = await insertScheduleEntry(trx, {
      client_id: clientId,
      project_id: project.project?.id ?? null,
      staff_user_id: staffUserId,
      title: v.title,
      starts_at: v.starts_at,
      ends_at: v.ends_at,
      place: v.place,
      attendees: v.attendees,
      notes: v.notes,
      archived_at: null,
    });
    await recordEvent(trx, actor, { clientId, subjectType: 'schedule_entry', subjectId: entry.id, action: 'created', detail: { label: entry.title, starts_at: entry.starts_at } });
    return { ok: true, value: entry } as const;
  });
}

/** Edits an active schedule entry. */
export async function updateScheduleEntry(db: Db, actor: Actor, id: number, raw: Raw<ScheduleField>): Promise<WorkResult<ScheduleEntry, ScheduleField>> {
  const checked = validateSchedule(raw);
  return db.transaction().execute(async (trx) => {
    const existing = await findScheduleEntry(trx, id);
    if (!existing || existing.archived_at) return notFound;
    const project = await withProject(trx, existing.client_id, checked, existing.project_id);
    if (!project.ok) return invalid(project.errors);
    const v = project.value;
    const entry = await updateScheduleRow(trx, id, {
      project_id: project.project?.id ?? null,
      title: v.title,
      starts_at: v.starts_at,
      ends_at: v.ends_at,
      place: v.place,
      attendees: v.attendees,
      notes: v.notes,
      updated_at: nowIso(),
    });
    await recordEvent(trx, actor, { clientId: entry.client_id, subjectType: 'schedule_entry', subjectId: id, action: 'updated', detail: { label: entry.title, starts_at: entry.starts_at } });
    return { ok: true, value: entry } as const;
  });
}

/** Archives (cancels) a schedule entry. */
export async function archiveScheduleEntry(db: Db, actor: Actor, id: number): Promise<WorkResult<ScheduleEntry, never>> {
  return db.transaction().execute(async (trx) => {
    const existing = await findScheduleEntry(trx, id);
    if (!existing) return notFound;
    if (existing.archived_at) return { ok: true, value: existing } as const;
    const now = nowIso();
    const entry = await updateScheduleRow(trx, id, { archived_at: now, updated_at: now });
    await recordEvent(trx, actor, { clientId: entry.client_id, subjectType: 'schedule_entry', subjectId: id, action: 'archived', detail: { label: entry.title } });
    return { ok: true, value: entry } as const;
  });
}

// ── project tasks and rates ─────────────────────────────────────────────────

/** Fields of the "add a task" and "hourly rate" forms. */
export type ProjectSetupField = 'project_id' | 'name' | 'hourly_rate';

/** Adds a task to a client's active project's list; the same name twice is refused. */
export async function addProjectTask(db: Db, actor: Actor, clientId: number, projectIdRaw: string, nameRaw: string): Promise<WorkResult<{ projectId: number }, ProjectSetupField>> {
  const name = nameRaw.trim();
  return db.transaction().execute(async (trx) => {
    if (!(await findClient(trx, clientId))) return notFound;
    const projectId = /^[1-9]\d{0,14}$/.test(projectIdRaw.trim()) ? Number(projectIdRaw.trim()) : null;
    const project = await activeProjectOf(trx, clientId, projectId);
    const errors: Errors<ProjectSetupField> = {};
    if (!project) errors.project_id = 'work:errors.unknown_project';
    if (name === '') errors.name = 'validation:required';
    else if (name.length > WORK_LIMITS.task) errors.name = 'validation:too_long';
    else if (/[\u0000-\u001f\u007f]/.test(name)) errors.name = 'validation:invalid';
    else if (project && (await hasTaskNamed(trx, project.id, name))) errors.name = 'work:errors.task_exists';
    if (!project || Object.keys(errors).length > 0) return invalid(errors);
    await insertTask(trx, project.id, name);
    await recordEvent(trx, actor, { clientId, subjectType: 'project', subjectId: project.id, action: 'task_added', detail: { label: project.name, task: name } });
    return { ok: true, value: { projectId: project.id } } as const;
  });
}

/** Takes a task off its project's list (time already logged keeps its text). */
export async function archiveProjectTask(db: Db, actor: Actor, taskId: number): Promise<WorkResult<{ clientId: number }, never>> {
  return db.transaction().execute(async (trx) => {
    const task = await findTask(trx, taskId);
    if (!task) return notFound;
    if (!task.archived_at) {
      await archiveTaskRow(trx, taskId, nowIso());
      const project = await findProject(trx, task.project_id);
      await recordEvent(trx, actor, { clientId: task.client_id, subjectType: 'project', subjectId: task.project_id, action: 'task_archived', detail: { label: project?.name ?? '', task: task.name } });
    }
    return { ok: true, value: { clientId: task.client_id } } as const;
  });
}

/** Sets a project's hourly rate in its client's currency (empty clears it: the firm's rate applies). */
export async function setProjectRate(db: Db, actor: Actor, clientId: number, projectIdRaw: string, rateRaw: string): Promise<WorkResult<{ projectId: number }, ProjectSetupField>> {
  return db.transaction().execute(async (trx) => {
    const client = await findClient(trx, clientId);
    if (!client) return notFound;
    const projectId = /^[1-9]\d{0,14}$/.test(projectIdRaw.trim()) ? Number(projectIdRaw.trim()) : null;
    const project = await activeProjectOf(trx, clientId, projectId);
    if (!project) return invalid<ProjectSetupField>({ project_id: 'work:errors.unknown_project' });
    const rate = validateRate(rateRaw, client.currency);
    if (!rate.ok) return invalid<ProjectSetupField>({ hourly_rate: rate.error });
    await saveProjectRate(trx, project.id, rate.value === null ? null : { hourly_rate: rate.value, currency: client.currency }, nowIso());
    await recordEvent(trx, actor, {
      clientId,
      subjectType: 'project',
      subjectId: project.id,
      action: rate.value === null ? 'rate_cleared' : 'rate_set',
      detail: { label: project.name, hourly_rate: rate.value, currency: client.currency },
    });
    return { ok: true, value: { projectId: project.id } } as const;
  });
}

/** The firm's default hourly rate (minor units of `currency`), used where a project has none. */
export interface FirmRate { hourly_rate: Minor; currency: string }

const FIRM_RATE_KEY = 'work_hourly_rate';

/** The firm's default hourly rate, or null when none is set. */
export async function getFirmRate(db: Db | Trx): Promise<FirmRate | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', FIRM_RATE_KEY).executeTakeFirst();
  if (!row) return null;
  const parsed = JSON.parse(row.value) as Partial<FirmRate>;
  return typeof parsed.hourly_rate === 'number' && typeof parsed.currency === 'string' && isCurrencyCode(parsed.currency) ? { hourly_rate: parsed.hourly_rate, currency: parsed.currency } : null;
}

/** Sets (or, empty, clears) the firm's default hourly rate, typed in `currency`. */
export async function setFirmRate(db: Db, actor: Actor, rateRaw: string, currencyRaw: string): Promise<{ ok: true; value: FirmRate | null } | { ok: false; error: 'Invalid'; errors: Errors<'hourly_rate' | 'currency'> }> {
  const currency = currencyRaw.trim().toUpperCase();
  if (!isCurrencyCode(currency)) return { ok: false, error: 'Invalid', errors: { currency: 'validation:currency' } };
  const rate = validateRate(rateRaw, currency);
  if (!rate.ok) return { ok: false, error: 'Invalid', errors: { hourly_rate: rate.error } };
  const value = rate.value === null ? null : { hourly_rate: rate.value, currency };
  return db.transaction().execute(async (trx) => {
    if (value === null) await trx.deleteFrom('settings').where('key', '=', FIRM_RATE_KEY).execute();
    else {
      const json = JSON.stringify(value);
      await trx.insertInto('settings').values({ key: FIRM_RATE_KEY, value: json }).onConflict((oc) => oc.column('key').doUpdateSet({ value: json })).execute();
    }
    const label = value ? `${toMajorString(value.hourly_rate, value.currency)} ${value.currency}` : '—';
    await recordEvent(trx, actor, { clientId: null, subjectType: 'firm', subjectId: 0, action: value ? 'hourly_rate_set' : 'hourly_rate_cleared', detail: { label } });
    return { ok: true, value } as const;
  });
}

/**
 * The hourly rate that applies to each project for an invoice in `currency`: the project's own
 * rate in that currency, else the firm's rate in that currency; projects with neither are absent.
 */
export async function ratesFor(db: Db | Trx, projectIds: number[], currency: string): Promise<Map<number, Minor>> {
  const [own, firm] = await Promise.all([projectRates(db, projectIds), getFirmRate(db)]);
  const out = new Map<number, Minor>();
  for (const id of projectIds) {
    const r = own.get(id);
    if (r && r.currency === currency) out.set(id, r.hourly_rate);
    else if (firm && firm.currency === currency) out.set(id, firm.hourly_rate);
  }
  return out;
}
