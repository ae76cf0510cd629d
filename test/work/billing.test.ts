import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraftInvoice, makeIssuedInvoice } from '../helpers/factories.js';
import { count, makeExpense, makeProject, makeTime, staffId } from './support.js';

let t: TestApp;
let cookie: string;
let me: number;
beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
  me = await staffId(t.db);
});
afterAll(() => t.close());

const text = async (res: Response) => (await res.text()).replace(/\s+/g, ' ');

async function setRate(projectId: number, minor: number) {
  await t.db.insertInto('project_rates').values({ project_id: projectId, hourly_rate: minor, currency: 'EUR' }).execute();
}

async function lines(invoiceId: number) {
  return t.db.selectFrom('document_lines').select(['description', 'quantity', 'unit_price', 'tax_rate', 'net', 'tax']).where('document_id', '=', invoiceId).orderBy('position').execute();
}

async function billedOn(table: 'time_entries' | 'expenses', id: number) {
  return (await t.db.selectFrom(table).select('billed_invoice_id').where('id', '=', id).executeTakeFirstOrThrow()).billed_invoice_id;
}

describe('adding unbilled time and expenses to a draft invoice', () => {
  it('links from a draft invoice only', async () => {
    const client = await makeClient(t.db);
    const draft = await makeDraftInvoice(t.db, client.id);
    const issued = await makeIssuedInvoice(t.db, client.id);
    expect(await text(await t.get(`/invoices/${draft.id}`, cookie))).toContain(`href="/invoices/${draft.id}/work"`);
    expect(await text(await t.get(`/invoices/${issued.id}`, cookie))).not.toContain(`/invoices/${issued.id}/work`);
  });

  it("offers only the client's unbilled billable work", async () => {
    const client = await makeClient(t.db, { name: 'Offer Ltd' });
    const other = await makeClient(t.db, { name: 'Other Ltd' });
    const project = await makeProject(t.db, client.id, { name: 'Audit' });
    const otherProject = await makeProject(t.db, other.id, { name: 'Elsewhere' });
    const draft = await makeDraftInvoice(t.db, client.id);
    const earlier = await makeDraftInvoice(t.db, client.id);
    await makeTime(t.db, project, me, { task: 'Offered' });
    await makeTime(t.db, project, me, { task: 'Internal', billable: 0 });
    await makeTime(t.db, project, me, { task: 'AlreadyBilled', billed_invoice_id: earlier.id });
    await makeTime(t.db, project, me, { task: 'Archived', archived_at: '2026-01-01T00:00:00.000Z' });
    await makeTime(t.db, otherProject, me, { task: 'Foreign' });
    await makeExpense(t.db, client.id, { category: 'Taxi' });
    await makeExpense(t.db, client.id, { category: 'Dollars', currency: 'USD' });
    const html = await text(await t.get(`/invoices/${draft.id}/work`, cookie));
    expect(html).toContain('Offered');
    expect(html).toContain('Taxi');
    for (const hidden of ['Internal', 'AlreadyBilled', 'Archived', 'Foreign', 'Dollars']) expect(html, hidden).not.toContain(hidden);
  });

  it('appends grouped time and each expense as lines, and marks them billed, in one go', async () => {
    const client = await makeClient(t.db, { name: 'Bill Ltd' });
    const project = await makeProject(t.db, client.id, { name: 'Audit 2026' });
    await setRate(project.id, 8000);
    const draft = await makeDraftInvoice(t.db, client.id, { total: 10000 });
    const a = await makeTime(t.db, project, me, { task: 'Fieldwork', minutes: 90, date: '2026-03-02' });
    const b = await makeTime(t.db, project, me, { task: 'Fieldwork', minutes: 30, date: '2026-03-05' });
    const c = await makeTime(t.db, project, me, { task: 'Review', minutes: 20, date: '2026-03-06' });
    const e = await makeExpense(t.db, client.id, { category: 'Travel', amount: 4550, date: '2026-03-03' });
    const res = await t.postForm(`/invoices/${draft.id}/work`, { time: [String(a.id), String(b.id), String(c.id)], expense: String(e.id), [`rate_${project.id}`]: '', time_tax_rate: '24', expense_tax_rate: '0' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/invoices/${draft.id}?done=saved`);
    expect(await lines(draft.id)).toEqual([
      { description: 'Services', quantity: '1', unit_price: 10000, tax_rate: '0', net: 10000, tax: 0 },
      { description: 'Audit 2026 — Fieldwork (Anna Admin), 2 Mar 2026 – 5 Mar 2026', quantity: '2', unit_price: 8000, tax_rate: '24', net: 16000, tax: 3840 },
      { description: 'Audit 2026 — Review (Anna Admin), 6 Mar 2026', quantity: '0.33', unit_price: 8000, tax_rate: '24', net: 2640, tax: 634 },
      { description: 'Expense: Travel (3 Mar 2026)', quantity: '1', unit_price: 4550, tax_rate: '0', net: 4550, tax: 0 },
    ]);
    const doc = await t.db.selectFrom('documents').select(['subtotal', 'tax', 'total', 'status']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(doc).toEqual({ subtotal: 33190, tax: 4474, total: 37664, status: 'draft' });
    for (const id of [a.id, b.id, c.id]) expect(await billedOn('time_entries', id)).toBe(draft.id);
    expect(await billedOn('expenses', e.id)).toBe(draft.id);
    const event = await t.db.selectFrom('events').selectAll().where('subject_type', '=', 'invoice').where('subject_id', '=', draft.id).where('action', '=', 'work_added').executeTakeFirstOrThrow();
    expect(JSON.parse(event.detail ?? '{}')).toMatchObject({ time_entries: 3, expenses: 1, lines: 3 });
  });

  it('adds nothing twice: a second submit is refused and the lines stay as they were', async () => {
    const client = await makeClient(t.db, { name: 'Twice Ltd' });
    const project = await makeProject(t.db, client.id);
    await setRate(project.id, 5000);
    const draft = await makeDraftInvoice(t.db, client.id);
    const entry = await makeTime(t.db, project, me, { minutes: 60 });
    const form = { time: String(entry.id), time_tax_rate: '24', expense_tax_rate: '24' };
    expect((await t.postForm(`/invoices/${draft.id}/work`, form, cookie)).status).toBe(303);
    const after = await lines(draft.id);
    const again = await t.postForm(`/invoices/${draft.id}/work`, form, cookie);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('Nothing left to add');
    expect(await lines(draft.id)).toEqual(after);
    // Nor on another draft of the same client.
    const second = await makeDraftInvoice(t.db, client.id);
    expect((await t.postForm(`/invoices/${second.id}/work`, form, cookie)).status).toBe(422);
    expect(await billedOn('time_entries', entry.id)).toBe(draft.id);
  });

  it('adds only the chosen entries, never another client\'s', async () => {
    const client = await makeClient(t.db, { name: 'Choose Ltd' });
    const other = await makeClient(t.db, { name: 'Not Mine Ltd' });
    const project = await makeProject(t.db, client.id);
    const foreignProject = await makeProject(t.db, other.id);
    await setRate(project.id, 5000);
    await setRate(foreignProject.id, 5000);
    const draft = await makeDraftInvoice(t.db, client.id);
    const chosen = await makeTime(t.db, project, me);
    const left = await makeTime(t.db, project, me);
    const foreign = await makeTime(t.db, foreignProject, me);
    const res = await t.postForm(`/invoices/${draft.id}/work`, { time: [String(chosen.id), String(foreign.id), 'abc', '-1'], time_tax_rate: '24', expense_tax_rate: '24' }, cookie);
    expect(res.status).toBe(303);
    expect(await billedOn('time_entries', chosen.id)).toBe(draft.id);
    expect(await billedOn('time_entries', left.id)).toBeNull();
    expect(await billedOn('time_entries', foreign.id)).toBeNull();
    expect(await lines(draft.id)).toHaveLength(2);
  });

  it('asks for an hourly rate when neither the project nor the firm has one, and writes nothing', async () => {
    const client = await makeClient(t.db, { name: 'No Rate Ltd' });
    const project = await makeProject(t.db, client.id, { name: 'Rateless' });
    const draft = await makeDraftInvoice(t.db, client.id);
    const entry = await makeTime(t.db, project, me);
    const page = await text(await t.get(`/invoices/${draft.id}/work`, cookie));
    expect(page).toContain('This project has no hourly rate: type one.');
    const linesBefore = await count(t.db, 'document_lines');
    const res = await t.postForm(`/invoices/${draft.id}/work`, { time: String(entry.id), [`rate_${project.id}`]: '', time_tax_rate: '24', expense_tax_rate: '24' }, cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Enter an hourly rate for this project.');
    const badTax = await t.postForm(`/invoices/${draft.id}/work`, { time: String(entry.id), [`rate_${project.id}`]: '60', time_tax_rate: '240', expense_tax_rate: '24' }, cookie);
    expect(badTax.status).toBe(422);
    expect(await count(t.db, 'document_lines')).toBe(linesBefore);
    expect(await billedOn('time_entries', entry.id)).toBeNull();
    // A typed rate is used for this invoice.
    expect((await t.postForm(`/invoices/${draft.id}/work`, { time: String(entry.id), [`rate_${project.id}`]: '60', time_tax_rate: '24', expense_tax_rate: '24' }, cookie)).status).toBe(303);
    expect((await lines(draft.id)).at(-1)).toMatchObject({ quantity: '1', unit_price: 6000 });
  });

  it("uses the firm's default rate when the project has none", async () => {
    const client = await makeClient(t.db, { name: 'Firm Rate Ltd' });
    const project = await makeProject(t.db, client.id);
    const draft = await makeDraftInvoice(t.db, client.id);
    const entry = await makeTime(t.db, project, me, { minutes: 30 });
    expect((await t.postForm('/work/rate', { hourly_rate: '90', currency: 'EUR' }, cookie)).status).toBe(303);
    expect(await text(await t.get(`/invoices/${draft.id}/work`, cookie))).toContain(`name="rate_${project.id}" type="text" value="90.00"`);
    expect((await t.postForm(`/invoices/${draft.id}/work`, { time: String(entry.id), time_tax_rate: '24', expense_tax_rate: '24' }, cookie)).status).toBe(303);
    expect((await lines(draft.id)).at(-1)).toMatchObject({ quantity: '0.5', unit_price: 9000, net: 4500 });
    await t.postForm('/work/rate', { hourly_rate: '', currency: 'EUR' }, cookie);
  });

  it('refuses an invoice that is no longer a draft (409), and unknown invoices (404)', async () => {
    const client = await makeClient(t.db, { name: 'Issued Ltd' });
    const project = await makeProject(t.db, client.id);
    await setRate(project.id, 5000);
    const issued = await makeIssuedInvoice(t.db, client.id);
    const entry = await makeTime(t.db, project, me);
    const res = await t.postForm(`/invoices/${issued.id}/work`, { time: String(entry.id), time_tax_rate: '24', expense_tax_rate: '24' }, cookie);
    expect(res.status).toBe(409);
    expect(await billedOn('time_entries', entry.id)).toBeNull();
    expect((await t.get('/invoices/999999/work', cookie)).status).toBe(404);
    expect((await t.postForm('/invoices/999999/work', {}, cookie)).status).toBe(404);
  });
});

describe('unbilling work again', () => {
  it('releases the work when the invoice is voided', async () => {
    const client = await makeClient(t.db, { name: 'Void Ltd' });
    const project = await makeProject(t.db, client.id);
    await setRate(project.id, 5000);
    const draft = await makeDraftInvoice(t.db, client.id);
    const entry = await makeTime(t.db, project, me);
    const expense = await makeExpense(t.db, client.id);
    await t.postForm(`/invoices/${draft.id}/work`, { time: String(entry.id), expense: String(expense.id), time_tax_rate: '24', expense_tax_rate: '24' }, cookie);
    expect(await billedOn('time_entries', entry.id)).toBe(draft.id);
    expect((await t.postForm(`/invoices/${draft.id}/void`, {}, cookie)).status).toBe(303);
    expect(await billedOn('time_entries', entry.id)).toBeNull();
    expect(await billedOn('expenses', expense.id)).toBeNull();
    // …and it can be billed on another draft.
    const next = await makeDraftInvoice(t.db, client.id);
    expect((await t.postForm(`/invoices/${next.id}/work`, { time: String(entry.id), time_tax_rate: '24', expense_tax_rate: '24' }, cookie)).status).toBe(303);
    expect(await billedOn('time_entries', entry.id)).toBe(next.id);
  });

  it("releases a draft's work on request, leaving its lines for staff to edit", async () => {
    const client = await makeClient(t.db, { name: 'Release Ltd' });
    const project = await makeProject(t.db, client.id);
    await setRate(project.id, 5000);
    const draft = await makeDraftInvoice(t.db, client.id);
    const entry = await makeTime(t.db, project, me);
    await t.postForm(`/invoices/${draft.id}/work`, { time: String(entry.id), time_tax_rate: '24', expense_tax_rate: '24' }, cookie);
    expect(await text(await t.get(`/invoices/${draft.id}/work`, cookie))).toContain('Time entries billed on this draft: 1; expenses: 0.');
    const res = await t.postForm(`/invoices/${draft.id}/work/release`, {}, cookie);
    expect(res.status).toBe(303);
    expect(await billedOn('time_entries', entry.id)).toBeNull();
    expect(await lines(draft.id)).toHaveLength(2);
    const issued = await makeIssuedInvoice(t.db, client.id);
    expect((await t.postForm(`/invoices/${issued.id}/work/release`, {}, cookie)).status).toBe(409);
  });
});
