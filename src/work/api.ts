import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { api, apiError, apiId, notFound, pageParams, pageResult, readJson } from '../api/http.js';
import { apiFields } from '../clients/api-json.js';
import { parseId } from '../clients/params.js';
import type { Expense, TimeEntry } from '../db/schema-work.js';
import { staffActor } from '../events/service.js';
import type { AppEnv } from '../web/env.js';
import { MAX_MINUTES } from './duration.js';
import { findActiveStaff, findExpense, findTimeEntryDetail, listExpensesAfter, listTimeEntriesAfter } from './queries.js';
import { createExpense, createTimeEntry } from './service.js';
import { WORK_LIMITS } from './validation.js';

/** A time entry as API JSON: minutes as an integer, ids as strings, the person by email. */
export function timeEntryJson(e: TimeEntry & { staff_email: string; staff_name: string }) {
  return {
    id: String(e.id),
    client_id: String(e.client_id),
    project_id: String(e.project_id),
    date: e.date,
    minutes: e.minutes,
    task: e.task,
    staff_email: e.staff_email,
    staff_name: e.staff_name,
    billable: e.billable === 1,
    billed: e.billed_invoice_id !== null,
    billed_invoice_id: apiId(e.billed_invoice_id),
    notes: e.notes,
    archived: e.archived_at !== null,
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

/** An expense as API JSON: amount in minor units with its currency. */
export function expenseJson(e: Expense) {
  return {
    id: String(e.id),
    client_id: String(e.client_id),
    project_id: apiId(e.project_id),
    date: e.date,
    category: e.category,
    amount: e.amount,
    currency: e.currency,
    billable: e.billable === 1,
    billed: e.billed_invoice_id !== null,
    billed_invoice_id: apiId(e.billed_invoice_id),
    notes: e.notes,
    receipt_file_id: apiId(e.receipt_file_id),
    archived: e.archived_at !== null,
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

const flag = z.boolean({ error: 'must be true or false' });

// Only these fields are read; anything else (status, billed_invoice_id, client_id on time…) is ignored.
const timeBody = z.object({
  project_id: api.id,
  date: api.date,
  minutes: z.number({ error: 'must be a whole number of minutes' }).int('must be a whole number of minutes').positive('must be greater than zero').max(MAX_MINUTES, `must be at most ${MAX_MINUTES}`),
  task: api.optionalText(WORK_LIMITS.task),
  staff_email: api.email.nullish(),
  billable: flag.optional(),
  notes: api.optionalText(WORK_LIMITS.notes),
});

const expenseBody = z.object({
  client_id: api.id,
  project_id: api.id.nullish(),
  date: api.date,
  amount: api.positiveMoney,
  category: api.text(WORK_LIMITS.category).min(1, 'is required'),
  billable: flag.optional(),
  notes: api.optionalText(WORK_LIMITS.notes),
});

const invalid = (c: Context, fields: Record<string, string>) => apiError(c, 422, 'validation_failed', 'Some fields are not valid', fields);

/** Optional `client_id` / `project_id` list filters; null when absent, undefined when malformed. */
function idFilter(c: Context, name: string): number | null | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return null;
  return parseId(raw) ?? undefined;
}

/** JSON API v1 for time entries and expenses (API.md): create, get one, list. */
export const workApi = new Hono<AppEnv>()
  .post('/time-entries', async (c) => {
    const body = await readJson(c, timeBody);
    if (!body.ok) return body.response;
    const b = body.data;
    const staff = b.staff_email ? await findActiveStaff(c.var.db, { email: b.staff_email }) : undefined;
    if (b.staff_email && !staff) return invalid(c, { staff_email: 'no active staff member has this email' });
    const raw = {
      project_id: String(b.project_id),
      date: b.date,
      // Whole minutes, already checked: the same rules as a typed "90m".
      duration: `${b.minutes}m`,
      task: b.task,
      staff_user_id: staff ? String(staff.id) : null,
      billable: b.billable === false ? '0' : '1',
      notes: b.notes,
    };
    const result = await createTimeEntry(c.var.db, staffActor(c.var.apiUser, 'api'), null, raw, c.var.apiUser.id);
    if (!result.ok) return invalid(c, result.error === 'Invalid' ? apiFields(result.errors, { duration: 'minutes', staff_user_id: 'staff_email' }) : { project_id: 'no active project has this id' });
    const detail = await findTimeEntryDetail(c.var.db, result.value.id);
    return detail ? c.json(timeEntryJson(detail), 201) : notFound(c);
  })
  .get('/time-entries', async (c) => {
    const p = pageParams(c);
    if (!p.ok) return p.response;
    const clientId = idFilter(c, 'client_id');
    const projectId = idFilter(c, 'project_id');
    if (clientId === undefined || projectId === undefined) return apiError(c, 400, 'invalid_parameter', 'client_id and project_id must be ids', { [clientId === undefined ? 'client_id' : 'project_id']: 'must be an id' });
    const rows = await listTimeEntriesAfter(c.var.db, { afterId: p.afterId, limit: p.limit + 1, clientId, projectId });
    return c.json(pageResult(rows, p.limit, timeEntryJson));
  })
  .get('/time-entries/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const entry = id === null ? undefined : await findTimeEntryDetail(c.var.db, id);
    return entry ? c.json(timeEntryJson(entry)) : notFound(c);
  })
  .post('/expenses', async (c) => {
    const body = await readJson(c, expenseBody);
    if (!body.ok) return body.response;
    const b = body.data;
    const raw = { project_id: b.project_id == null ? null : String(b.project_id), date: b.date, category: b.category, billable: b.billable === false ? '0' : '1', notes: b.notes };
    const result = await createExpense(c.var.db, staffActor(c.var.apiUser, 'api'), b.client_id, raw, { staffUserId: c.var.apiUser.id, amountMinor: b.amount });
    if (result.ok) return c.json(expenseJson(result.value), 201);
    if (result.error === 'Invalid') return invalid(c, apiFields(result.errors));
    return invalid(c, { client_id: 'no client has this id' });
  })
  .get('/expenses', async (c) => {
    const p = pageParams(c);
    if (!p.ok) return p.response;
    const clientId = idFilter(c, 'client_id');
    const projectId = idFilter(c, 'project_id');
    if (clientId === undefined || projectId === undefined) return apiError(c, 400, 'invalid_parameter', 'client_id and project_id must be ids', { [clientId === undefined ? 'client_id' : 'project_id']: 'must be an id' });
    const rows = await listExpensesAfter(c.var.db, { afterId: p.afterId, limit: p.limit + 1, clientId, projectId });
    return c.json(pageResult(rows, p.limit, expenseJson));
  })
  .get('/expenses/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const expense = id === null ? undefined : await findExpense(c.var.db, id);
    return expense ? c.json(expenseJson(expense)) : notFound(c);
  });
