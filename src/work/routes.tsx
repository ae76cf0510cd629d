import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FlashMessage } from '../../views/components/flash.js';
import { EditExpensePage, ExpenseResults, ExpensesSection, ReceiptPage } from '../../views/work/expenses.js';
import { EditNotePage, NoteResults, NotesSection } from '../../views/work/notes.js';
import { EditSchedulePage, ScheduleResults, ScheduleSection } from '../../views/work/schedule.js';
import { FirmRatePage, SetupSection, type SetupFormState } from '../../views/work/setup.js';
import { EditTimePage, TimeResults, TimeSection } from '../../views/work/time.js';
import { sectionPath, WORK_RESULTS_ID } from '../../views/work/work-frame.js';
import { formFields } from '../clients/form-input.js';
import { loadClientFrame } from '../clients/frame.js';
import { parseId } from '../clients/params.js';
import type { Raw } from '../clients/validation.js';
import type { Expense, Note, ScheduleEntry, TimeEntry } from '../db/schema-work.js';
import { staffActor } from '../events/service.js';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_MB } from '../files/limits.js';
import { receiveUploadForm, UPLOAD_FORM_LIMITS } from '../files/multipart.js';
import { serveFile } from '../files/serve.js';
import { sweepStaleUploads } from '../files/storage.js';
import { toMajorString } from '../money/money.js';
import { getFirmSettings } from '../settings/service.js';
import { today } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { fragment, isHtmx, page, seeOther } from '../web/html.js';
import { requireAdmin } from '../web/middleware.js';
import { billingRoutes } from './billing-routes.js';
import { formatDuration } from './duration.js';
import type { WorkSection } from './list-query.js';
import { expensesSection, notesSection, scheduleSection, setupSection, timeFormOptions, timeSection } from './pages.js';
import { findExpense, findNote, findScheduleEntry, findTimeEntry } from './queries.js';
import { attachReceipt, receiptOf } from './receipts.js';
import {
  addProjectTask,
  archiveExpense,
  archiveNote,
  archiveProjectTask,
  archiveScheduleEntry,
  archiveTimeEntry,
  createExpense,
  createNote,
  createScheduleEntry,
  createTimeEntry,
  getFirmRate,
  setFirmRate,
  setProjectRate,
  updateExpense,
  updateNote,
  updateScheduleEntry,
  updateTimeEntry,
} from './service.js';
import { EXPENSE_FIELDS, NOTE_FIELDS, SCHEDULE_FIELDS, TIME_FIELDS, toLocalInput, type ExpenseField, type NoteField, type ScheduleField, type TimeField } from './validation.js';

type C = Context<AppEnv>;

// After POST → 303 → GET the section says what happened through `?done=<code>`; only these codes are shown.
const DONE: Record<string, string> = {
  time_created: 'work:flash.time_created',
  time_saved: 'work:flash.time_saved',
  time_archived: 'work:flash.time_archived',
  expense_created: 'work:flash.expense_created',
  expense_saved: 'work:flash.expense_saved',
  expense_archived: 'work:flash.expense_archived',
  receipt_attached: 'work:flash.receipt_attached',
  note_created: 'work:flash.note_created',
  note_saved: 'work:flash.note_saved',
  note_archived: 'work:flash.note_archived',
  schedule_created: 'work:flash.schedule_created',
  schedule_saved: 'work:flash.schedule_saved',
  schedule_archived: 'work:flash.schedule_archived',
  task_added: 'work:flash.task_added',
  task_removed: 'work:flash.task_removed',
  rate_saved: 'work:flash.rate_saved',
  firm_rate_saved: 'work:flash.firm_rate_saved',
};

function doneFlash(code: string | undefined): FlashMessage | null {
  const key = code && Object.hasOwn(DONE, code) ? DONE[code] : undefined;
  return key ? { kind: 'success', key } : null;
}

const BILLED: FlashMessage = { kind: 'error', key: 'work:errors.Billed' };

/** What a section is re-rendered with after a refused form (typed values and their errors). */
interface Typed { values: Record<string, string | null | undefined>; errors?: Record<string, string> }

/** Renders a section of a client's Work tab (full page, or the results region for an htmx filter). */
async function showSection(c: C, clientId: number, section: WorkSection, opts: { typed?: Typed; flash?: FlashMessage | null; status?: ContentfulStatusCode; refused?: SetupFormState } = {}) {
  const frame = await loadClientFrame(c.var.db, clientId);
  if (!frame) return c.notFound();
  const { client } = frame;
  const ui = c.var.ui;
  const q = c.req.query();
  const base = { ui, staff: c.var.staff, ...frame, flash: opts.flash === undefined ? doneFlash(c.req.query('done')) : opts.flash };
  const partial = isHtmx(c) && c.req.header('HX-Target') === WORK_RESULTS_ID;
  const errors = opts.typed?.errors;
  switch (section) {
    case 'time': {
      const d = await timeSection(c.var.db, client, q);
      const status = opts.status ?? (Object.keys(d.filterErrors).length ? 422 : 200);
      if (partial) return fragment(c, <TimeResults ui={ui} client={client} query={d.query} errors={d.filterErrors} projects={d.options.projects} rows={d.rows} hasNext={d.hasNext} totals={d.totals} />, status);
      const only = d.options.projects.length === 1 ? String(d.options.projects[0]!.id) : '';
      const values = opts.typed?.values ?? { project_id: only, date: today(), staff_user_id: String(c.var.staff.id), billable: '1' };
      return page(c, <TimeSection {...base} {...d} values={values as Raw<TimeField>} errors={errors} />, status);
    }
    case 'expenses': {
      const d = await expensesSection(c.var.db, client, q);
      const status = opts.status ?? (Object.keys(d.filterErrors).length ? 422 : 200);
      if (partial) return fragment(c, <ExpenseResults ui={ui} client={client} query={d.query} errors={d.filterErrors} projects={d.projects} rows={d.rows} hasNext={d.hasNext} totals={d.totals} />, status);
      const values = opts.typed?.values ?? { date: today(), billable: '1' };
      return page(c, <ExpensesSection {...base} {...d} values={values as Raw<ExpenseField>} errors={errors} />, status);
    }
    case 'notes': {
      const d = await notesSection(c.var.db, client, q);
      const status = opts.status ?? (Object.keys(d.filterErrors).length ? 422 : 200);
      if (partial) return fragment(c, <NoteResults ui={ui} client={client} query={d.query} errors={d.filterErrors} projects={d.projects} rows={d.rows} hasNext={d.hasNext} />, status);
      const values = opts.typed?.values ?? { date: today(), shared: '0' };
      return page(c, <NotesSection {...base} {...d} values={values as Raw<NoteField>} errors={errors} />, status);
    }
    case 'schedule': {
      const d = await scheduleSection(c.var.db, client, q);
      const status = opts.status ?? (Object.keys(d.filterErrors).length ? 422 : 200);
      if (partial) return fragment(c, <ScheduleResults ui={ui} client={client} query={d.query} errors={d.filterErrors} projects={d.projects} rows={d.rows} hasNext={d.hasNext} />, status);
      const values = opts.typed?.values ?? {};
      return page(c, <ScheduleSection {...base} {...d} values={values as Raw<ScheduleField>} errors={errors} />, status);
    }
    case 'setup': {
      const d = await setupSection(c.var.db, client);
      return page(c, <SetupSection {...base} {...d} refused={opts.refused ?? null} />, opts.status ?? 200);
    }
  }
}

const clientIdOf = (c: C): number => parseId(c.req.param('id')) ?? 0;
const idOf = (c: C): number => parseId(c.req.param('id')) ?? 0;

// Stored records as form values.
function timeValues(e: TimeEntry): Raw<TimeField> {
  return { project_id: String(e.project_id), date: e.date, duration: formatDuration(e.minutes), task: e.task, staff_user_id: String(e.staff_user_id), billable: e.billable ? '1' : '0', notes: e.notes };
}
function expenseValues(e: Expense): Raw<ExpenseField> {
  return { project_id: e.project_id === null ? '' : String(e.project_id), date: e.date, category: e.category, amount: toMajorString(e.amount, e.currency), billable: e.billable ? '1' : '0', notes: e.notes };
}
function noteValues(n: Note): Raw<NoteField> {
  return { project_id: n.project_id === null ? '' : String(n.project_id), date: n.date, body: n.body, shared: n.shared ? '1' : '0' };
}
function scheduleValues(s: ScheduleEntry): Raw<ScheduleField> {
  return { project_id: s.project_id === null ? '' : String(s.project_id), title: s.title, starts_at: toLocalInput(s.starts_at), ends_at: toLocalInput(s.ends_at), place: s.place, attendees: s.attendees, notes: s.notes };
}

// Edit pages: each renders inside its client's frame; an archived or unknown record is 404.
async function editTime(c: C, entry: TimeEntry, values: Raw<TimeField>, errors?: Record<string, string>) {
  const frame = await loadClientFrame(c.var.db, entry.client_id);
  if (!frame) return c.notFound();
  const options = await timeFormOptions(c.var.db, entry.client_id);
  return page(c, <EditTimePage ui={c.var.ui} staff={c.var.staff} {...frame} id={entry.id} values={values} errors={errors} options={options} />, errors ? 422 : 200);
}
async function editExpense(c: C, e: Expense, values: Raw<ExpenseField>, errors?: Record<string, string>) {
  const frame = await loadClientFrame(c.var.db, e.client_id);
  if (!frame) return c.notFound();
  const d = await expensesSection(c.var.db, frame.client, {});
  return page(c, <EditExpensePage ui={c.var.ui} staff={c.var.staff} {...frame} id={e.id} currency={e.currency} values={values} errors={errors} projects={d.projects} />, errors ? 422 : 200);
}
async function editNote(c: C, n: Note, values: Raw<NoteField>, errors?: Record<string, string>) {
  const frame = await loadClientFrame(c.var.db, n.client_id);
  if (!frame) return c.notFound();
  const d = await notesSection(c.var.db, frame.client, {});
  return page(c, <EditNotePage ui={c.var.ui} staff={c.var.staff} {...frame} id={n.id} values={values} errors={errors} projects={d.projects} />, errors ? 422 : 200);
}
async function editSchedule(c: C, s: ScheduleEntry, values: Raw<ScheduleField>, errors?: Record<string, string>) {
  const frame = await loadClientFrame(c.var.db, s.client_id);
  if (!frame) return c.notFound();
  const d = await scheduleSection(c.var.db, frame.client, {});
  return page(c, <EditSchedulePage ui={c.var.ui} staff={c.var.staff} {...frame} id={s.id} values={values} errors={errors} projects={d.projects} />, errors ? 422 : 200);
}

/** Room for the receipt form's multipart headers around the file. */
const FORM_OVERHEAD = 64 * 1024;

/** The receipt page of an expense, with why an upload was refused (413 or 422) when it was. */
async function receiptPage(c: C, e: Expense, error: string | null = null, status: ContentfulStatusCode = 200) {
  const frame = await loadClientFrame(c.var.db, e.client_id);
  if (!frame) return c.notFound();
  const receipt = await receiptOf(c.var.db, e.id);
  return page(c, <ReceiptPage ui={c.var.ui} staff={c.var.staff} {...frame} expense={e} receiptName={receipt?.name ?? null} maxMb={MAX_UPLOAD_MB} error={error} />, status);
}

/** A refused change to a billed entry: its section with the reason, 409. */
function billedRefusal(c: C, clientId: number, section: WorkSection) {
  return showSection(c, clientId, section, { flash: BILLED, status: 409 });
}

/** Staff pages of work records: the client's Work tab (time, expenses, notes, schedule, setup) and editing each record. */
export const workRoutes = new Hono<AppEnv>()
  .get('/clients/:id{[0-9]+}/work', (c) => showSection(c, clientIdOf(c), 'time'))
  .get('/clients/:id{[0-9]+}/work/expenses', (c) => showSection(c, clientIdOf(c), 'expenses'))
  .get('/clients/:id{[0-9]+}/work/notes', (c) => showSection(c, clientIdOf(c), 'notes'))
  .get('/clients/:id{[0-9]+}/work/schedule', (c) => showSection(c, clientIdOf(c), 'schedule'))
  .get('/clients/:id{[0-9]+}/work/setup', (c) => showSection(c, clientIdOf(c), 'setup'))

  .post('/clients/:id{[0-9]+}/work/time', async (c) => {
    const clientId = clientIdOf(c);
    const raw = formFields(await c.req.parseBody(), TIME_FIELDS);
    const result = await createTimeEntry(c.var.db, staffActor(c.var.staff), clientId, raw, c.var.staff.id);
    if (result.ok) return seeOther(c, `${sectionPath(clientId, 'time')}?done=time_created`);
    if (result.error !== 'Invalid') return c.notFound();
    return showSection(c, clientId, 'time', { typed: { values: raw, errors: result.errors }, flash: null, status: 422 });
  })
  .post('/clients/:id{[0-9]+}/work/expenses', async (c) => {
    const clientId = clientIdOf(c);
    const raw = formFields(await c.req.parseBody(), EXPENSE_FIELDS);
    const result = await createExpense(c.var.db, staffActor(c.var.staff), clientId, raw, { staffUserId: c.var.staff.id });
    if (result.ok) return seeOther(c, `${sectionPath(clientId, 'expenses')}?done=expense_created`);
    if (result.error !== 'Invalid') return c.notFound();
    return showSection(c, clientId, 'expenses', { typed: { values: raw, errors: result.errors }, flash: null, status: 422 });
  })
  .post('/clients/:id{[0-9]+}/work/notes', async (c) => {
    const clientId = clientIdOf(c);
    const raw = formFields(await c.req.parseBody(), NOTE_FIELDS);
    const result = await createNote(c.var.db, staffActor(c.var.staff), clientId, raw, c.var.staff.id);
    if (result.ok) return seeOther(c, `${sectionPath(clientId, 'notes')}?done=note_created`);
    if (result.error !== 'Invalid') return c.notFound();
    return showSection(c, clientId, 'notes', { typed: { values: raw, errors: result.errors }, flash: null, status: 422 });
  })
  .post('/clients/:id{[0-9]+}/work/schedule', async (c) => {
    const clientId = clientIdOf(c);
    const raw = formFields(await c.req.parseBody(), SCHEDULE_FIELDS);
    const result = await createScheduleEntry(c.var.db, staffActor(c.var.staff), clientId, raw, c.var.staff.id);
    if (result.ok) return seeOther(c, `${sectionPath(clientId, 'schedule')}?done=schedule_created`);
    if (result.error !== 'Invalid') return c.notFound();
    return showSection(c, clientId, 'schedule', { typed: { values: raw, errors: result.errors }, flash: null, status: 422 });
  })
  .post('/clients/:id{[0-9]+}/work/tasks', async (c) => {
    const clientId = clientIdOf(c);
    const body = await c.req.parseBody();
    const projectId = formString(body, 'project_id');
    const result = await addProjectTask(c.var.db, staffActor(c.var.staff), clientId, projectId, formString(body, 'name'));
    if (result.ok) return seeOther(c, `${sectionPath(clientId, 'setup')}?done=task_added`);
    if (result.error !== 'Invalid') return c.notFound();
    const refused: SetupFormState = { projectId: parseId(projectId.trim()) ?? 0, form: 'task', value: formString(body, 'name'), errors: result.errors };
    return showSection(c, clientId, 'setup', { refused, flash: result.errors.project_id ? { kind: 'error', key: result.errors.project_id } : null, status: 422 });
  })
  .post('/clients/:id{[0-9]+}/work/rates', async (c) => {
    const clientId = clientIdOf(c);
    const body = await c.req.parseBody();
    const projectId = formString(body, 'project_id');
    const result = await setProjectRate(c.var.db, staffActor(c.var.staff), clientId, projectId, formString(body, 'hourly_rate'));
    if (result.ok) return seeOther(c, `${sectionPath(clientId, 'setup')}?done=rate_saved`);
    if (result.error !== 'Invalid') return c.notFound();
    const refused: SetupFormState = { projectId: parseId(projectId.trim()) ?? 0, form: 'rate', value: formString(body, 'hourly_rate'), errors: result.errors };
    return showSection(c, clientId, 'setup', { refused, flash: result.errors.project_id ? { kind: 'error', key: result.errors.project_id } : null, status: 422 });
  })
  .post('/project-tasks/:id{[0-9]+}/archive', async (c) => {
    const result = await archiveProjectTask(c.var.db, staffActor(c.var.staff), idOf(c));
    if (!result.ok) return c.notFound();
    return seeOther(c, `${sectionPath(result.value.clientId, 'setup')}?done=task_removed`);
  })

  .get('/time-entries/:id{[0-9]+}/edit', async (c) => {
    const entry = await findTimeEntry(c.var.db, idOf(c));
    if (!entry || entry.archived_at) return c.notFound();
    if (entry.billed_invoice_id !== null) return billedRefusal(c, entry.client_id, 'time');
    return editTime(c, entry, timeValues(entry));
  })
  .post('/time-entries/:id{[0-9]+}', async (c) => {
    const entry = await findTimeEntry(c.var.db, idOf(c));
    if (!entry || entry.archived_at) return c.notFound();
    const raw = formFields(await c.req.parseBody(), TIME_FIELDS);
    const result = await updateTimeEntry(c.var.db, staffActor(c.var.staff), entry.id, raw);
    if (result.ok) return seeOther(c, `${sectionPath(entry.client_id, 'time')}?done=time_saved`);
    if (result.error === 'Billed') return billedRefusal(c, entry.client_id, 'time');
    if (result.error === 'NotFound') return c.notFound();
    return editTime(c, entry, { ...timeValues(entry), ...raw }, result.errors);
  })
  .post('/time-entries/:id{[0-9]+}/archive', async (c) => {
    const entry = await findTimeEntry(c.var.db, idOf(c));
    if (!entry) return c.notFound();
    const result = await archiveTimeEntry(c.var.db, staffActor(c.var.staff), entry.id);
    if (result.ok) return seeOther(c, `${sectionPath(entry.client_id, 'time')}?done=time_archived`);
    return result.error === 'Billed' ? billedRefusal(c, entry.client_id, 'time') : c.notFound();
  })

  .get('/expenses/:id{[0-9]+}/edit', async (c) => {
    const e = await findExpense(c.var.db, idOf(c));
    if (!e || e.archived_at) return c.notFound();
    if (e.billed_invoice_id !== null) return billedRefusal(c, e.client_id, 'expenses');
    return editExpense(c, e, expenseValues(e));
  })
  .post('/expenses/:id{[0-9]+}', async (c) => {
    const e = await findExpense(c.var.db, idOf(c));
    if (!e || e.archived_at) return c.notFound();
    const raw = formFields(await c.req.parseBody(), EXPENSE_FIELDS);
    const result = await updateExpense(c.var.db, staffActor(c.var.staff), e.id, raw);
    if (result.ok) return seeOther(c, `${sectionPath(e.client_id, 'expenses')}?done=expense_saved`);
    if (result.error === 'Billed') return billedRefusal(c, e.client_id, 'expenses');
    if (result.error === 'NotFound') return c.notFound();
    return editExpense(c, e, { ...expenseValues(e), ...raw }, result.errors);
  })
  .post('/expenses/:id{[0-9]+}/archive', async (c) => {
    const e = await findExpense(c.var.db, idOf(c));
    if (!e) return c.notFound();
    const result = await archiveExpense(c.var.db, staffActor(c.var.staff), e.id);
    if (result.ok) return seeOther(c, `${sectionPath(e.client_id, 'expenses')}?done=expense_archived`);
    return result.error === 'Billed' ? billedRefusal(c, e.client_id, 'expenses') : c.notFound();
  })

  .get('/expenses/:id{[0-9]+}/attach', async (c) => {
    const e = await findExpense(c.var.db, idOf(c));
    return !e || e.archived_at ? c.notFound() : receiptPage(c, e);
  })
  // Exempt from the app's body limit and form parsing (src/files/limits.ts): the file streams to disk here.
  .post('/expenses/:id{[0-9]+}/receipt', async (c) => {
    const e = await findExpense(c.var.db, idOf(c));
    if (!e || e.archived_at) return c.notFound();
    const dataDir = c.var.config.dataDir;
    await sweepStaleUploads(dataDir);
    const declared = Number(c.req.header('Content-Length') ?? NaN);
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES + FORM_OVERHEAD) return receiptPage(c, e, 'work:receipt.too_large', 413);
    const limits = { ...UPLOAD_FORM_LIMITS, maxFileBytes: MAX_UPLOAD_BYTES };
    const received = await receiveUploadForm(c.req.raw.body, c.req.header('Content-Type'), { dataDir, fileField: 'receipt', limits });
    if (!received.ok) return received.error === 'TooLarge' ? receiptPage(c, e, 'work:receipt.too_large', 413) : c.text(c.var.ui.t('common:errors.bad_form'), 400);
    const result = await attachReceipt(c.var.db, staffActor(c.var.staff), e.id, { dataDir, file: received.form.file });
    if (result.ok) return seeOther(c, `${sectionPath(e.client_id, 'expenses')}?done=receipt_attached`);
    return result.error === 'NotFound' ? c.notFound() : receiptPage(c, e, result.key, result.tooLarge ? 413 : 422);
  })
  .get('/expenses/:id{[0-9]+}/receipt', async (c) => {
    const file = await receiptOf(c.var.db, idOf(c));
    return file ? serveFile(c, file) : c.notFound();
  })

  .get('/notes/:id{[0-9]+}/edit', async (c) => {
    const n = await findNote(c.var.db, idOf(c));
    if (!n || n.archived_at) return c.notFound();
    return editNote(c, n, noteValues(n));
  })
  .post('/notes/:id{[0-9]+}', async (c) => {
    const n = await findNote(c.var.db, idOf(c));
    if (!n || n.archived_at) return c.notFound();
    const raw = formFields(await c.req.parseBody(), NOTE_FIELDS);
    const result = await updateNote(c.var.db, staffActor(c.var.staff), n.id, raw);
    if (result.ok) return seeOther(c, `${sectionPath(n.client_id, 'notes')}?done=note_saved`);
    if (result.error !== 'Invalid') return c.notFound();
    return editNote(c, n, { ...noteValues(n), ...raw }, result.errors);
  })
  .post('/notes/:id{[0-9]+}/archive', async (c) => {
    const result = await archiveNote(c.var.db, staffActor(c.var.staff), idOf(c));
    if (!result.ok) return c.notFound();
    return seeOther(c, `${sectionPath(result.value.client_id, 'notes')}?done=note_archived`);
  })

  .get('/schedule/:id{[0-9]+}/edit', async (c) => {
    const s = await findScheduleEntry(c.var.db, idOf(c));
    if (!s || s.archived_at) return c.notFound();
    return editSchedule(c, s, scheduleValues(s));
  })
  .post('/schedule/:id{[0-9]+}', async (c) => {
    const s = await findScheduleEntry(c.var.db, idOf(c));
    if (!s || s.archived_at) return c.notFound();
    const raw = formFields(await c.req.parseBody(), SCHEDULE_FIELDS);
    const result = await updateScheduleEntry(c.var.db, staffActor(c.var.staff), s.id, raw);
    if (result.ok) return seeOther(c, `${sectionPath(s.client_id, 'schedule')}?done=schedule_saved`);
    if (result.error !== 'Invalid') return c.notFound();
    return editSchedule(c, s, { ...scheduleValues(s), ...raw }, result.errors);
  })
  .post('/schedule/:id{[0-9]+}/archive', async (c) => {
    const result = await archiveScheduleEntry(c.var.db, staffActor(c.var.staff), idOf(c));
    if (!result.ok) return c.notFound();
    return seeOther(c, `${sectionPath(result.value.client_id, 'schedule')}?done=schedule_archived`);
  })

  .get('/work/rate', async (c) => {
    const rate = await getFirmRate(c.var.db);
    const values = { hourly_rate: rate ? toMajorString(rate.hourly_rate, rate.currency) : '', currency: rate?.currency ?? (await getFirmSettings(c.var.db)).default_currency };
    return page(c, <FirmRatePage ui={c.var.ui} staff={c.var.staff} rate={rate} values={values} flash={doneFlash(c.req.query('done'))} />);
  })
  // The firm's default rate is a firm setting: administrators change it.
  .post('/work/rate', requireAdmin(), async (c) => {
    const body = await c.req.parseBody();
    const values = { hourly_rate: formString(body, 'hourly_rate'), currency: formString(body, 'currency') };
    const result = await setFirmRate(c.var.db, staffActor(c.var.staff), values.hourly_rate, values.currency);
    if (result.ok) return seeOther(c, '/work/rate?done=firm_rate_saved');
    const rate = await getFirmRate(c.var.db);
    return page(c, <FirmRatePage ui={c.var.ui} staff={c.var.staff} rate={rate} values={values} errors={result.errors} />, 422);
  });

/** Every staff page of work records, billing included; mounted once by the staff routes. */
export const workPages = new Hono<AppEnv>().route('/', workRoutes).route('/', billingRoutes);
