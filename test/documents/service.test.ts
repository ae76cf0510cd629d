import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyCreditNote,
  convertEstimate,
  createDocument,
  getDocument,
  issueDocument,
  respondToEstimate,
  updateDraft,
  voidDocument,
} from '../../src/documents/service.js';
import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraft, makeIssued, makeProject, oneLine, payInvoice } from './factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const actor = SYSTEM_ACTOR;

async function countDocuments(): Promise<number> {
  const row = await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('numbering', () => {
  it('numbers invoices gaplessly per year, restarts each year, and gives drafts no number', async () => {
    const client = await makeClient(t.db);
    const draft = await makeDraft(t.db, 'invoice', oneLine(client, 1000, { issueDate: '2030-02-01' }));
    expect((await getDocument(t.db, 'invoice', draft))?.doc.number).toBeNull();

    const first = await makeIssued(t.db, 'invoice', oneLine(client, 1000, { issueDate: '2030-01-05' }));
    // A discarded draft in between leaves no gap: it never had a number.
    const discarded = await makeDraft(t.db, 'invoice', oneLine(client, 1000, { issueDate: '2030-01-06' }));
    expect((await voidDocument(t.db, actor, 'invoice', discarded, null)).ok).toBe(true);
    const second = await makeIssued(t.db, 'invoice', oneLine(client, 1000, { issueDate: '2030-03-01' }));
    const nextYear = await makeIssued(t.db, 'invoice', oneLine(client, 1000, { issueDate: '2031-01-02' }));
    const estimate = await makeIssued(t.db, 'estimate', oneLine(client, 1000, { issueDate: '2030-01-07' }));
    const creditNote = await makeIssued(t.db, 'credit_note', oneLine(client, 1000, { issueDate: '2030-01-07' }));

    expect([first.number, second.number, nextYear.number]).toEqual(['INV-2030-0001', 'INV-2030-0002', 'INV-2031-0001']);
    expect(estimate.number).toBe('EST-2030-0001');
    expect(creditNote.number).toBe('CN-2030-0001');
    // Finalizing the older draft now takes the next number of its own year.
    const late = await issueDocument(t.db, actor, 'invoice', draft);
    expect(late.ok && late.value.number).toBe('INV-2030-0003');
    // A voided issued invoice keeps its number: the series stays without gaps.
    expect((await voidDocument(t.db, actor, 'invoice', second.id, 'typo')).ok).toBe(true);
    expect((await getDocument(t.db, 'invoice', second.id))?.doc.number).toBe('INV-2030-0002');
  });

  it('refuses to number a document twice', async () => {
    const client = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client));
    expect(await issueDocument(t.db, actor, 'invoice', inv.id)).toEqual({ ok: false, error: 'NotDraft' });
  });
});

describe('drafts', () => {
  it('stores totals on the document and each line, in the client currency', async () => {
    const client = await makeClient(t.db, { currency: 'USD' });
    const id = await makeDraft(t.db, 'invoice', oneLine(client, 0, {
      lines: [
        { description: 'Hours', quantity: '1.5', unitPrice: 8000, taxRate: '24' },
        { description: 'Print', quantity: '2', unitPrice: 1050, taxRate: '13' },
      ],
    }));
    const d = await getDocument(t.db, 'invoice', id);
    expect(d?.doc).toMatchObject({ currency: 'USD', subtotal: 14100, tax: 2880 + 273, total: 14100 + 3153 });
    expect(d?.lines.map((l) => [l.quantity, l.net, l.tax])).toEqual([['1.5', 12000, 2880], ['2', 2100, 273]]);
  });

  it('refuses an unknown or archived client, a foreign project and writes nothing', async () => {
    const archived = await makeClient(t.db, { archived: true });
    const other = await makeClient(t.db);
    const client = await makeClient(t.db);
    const foreignProject = await makeProject(t.db, other);
    const before = await countDocuments();
    expect(await createDocument(t.db, actor, 'invoice', oneLine(999999))).toMatchObject({ ok: false, fields: { client_id: 'validation:unknown_client' } });
    expect(await createDocument(t.db, actor, 'invoice', oneLine(archived))).toMatchObject({ ok: false, fields: { client_id: 'documents:errors.client_archived' } });
    expect(await createDocument(t.db, actor, 'invoice', oneLine(client, 100, { projectId: foreignProject }))).toMatchObject({ ok: false, fields: { project_id: 'validation:unknown_project' } });
    const badLine = oneLine(client, 100, { lines: [{ description: 'Fine', quantity: '1', unitPrice: 100, taxRate: '24' }, { description: 'Bad', quantity: '0', unitPrice: 100, taxRate: '24' }] });
    expect(await createDocument(t.db, actor, 'invoice', badLine)).toMatchObject({ ok: false, error: 'Invalid', fields: { 'lines.1.quantity': 'documents:errors.quantity_zero' } });
    expect(await countDocuments()).toBe(before);
  });

  it('edits a draft but refuses to edit a finalized invoice', async () => {
    const client = await makeClient(t.db);
    const id = await makeDraft(t.db, 'invoice', oneLine(client));
    expect((await updateDraft(t.db, actor, 'invoice', id, { notes: 'Thanks!' })).ok).toBe(true);
    expect((await getDocument(t.db, 'invoice', id))?.doc.notes).toBe('Thanks!');
    expect((await getDocument(t.db, 'invoice', id))?.lines).toHaveLength(1);
    await issueDocument(t.db, actor, 'invoice', id);
    expect(await updateDraft(t.db, actor, 'invoice', id, { notes: 'Changed' })).toEqual({ ok: false, error: 'NotDraft' });
    expect((await getDocument(t.db, 'invoice', id))?.doc.notes).toBe('Thanks!');
  });

  it('never mixes kinds: an estimate id is not an invoice', async () => {
    const client = await makeClient(t.db);
    const est = await makeDraft(t.db, 'estimate', oneLine(client));
    expect(await getDocument(t.db, 'invoice', est)).toBeNull();
    expect(await issueDocument(t.db, actor, 'invoice', est)).toEqual({ ok: false, error: 'NotFound' });
  });
});

describe('snapshot', () => {
  it('keeps the client details of the moment the invoice was finalized', async () => {
    const client = await makeClient(t.db, { name: 'Old Name Ltd', vat_number: 'EL123', city: 'Patra' });
    const inv = await makeIssued(t.db, 'invoice', oneLine(client));
    await t.db.updateTable('clients').set({ name: 'New Name Ltd', city: 'Volos', vat_number: 'EL999' }).where('id', '=', client).execute();
    const d = await getDocument(t.db, 'invoice', inv.id);
    expect(d?.snapshot).toMatchObject({ name: 'Old Name Ltd', vat_number: 'EL123', city: 'Patra', postcode: '10563', country: 'GR' });
    expect(d?.doc.finalized_at).not.toBeNull();
  });
});

describe('voiding invoices', () => {
  it('refuses to void an invoice with a payment on it, and allows it once the payment is void', async () => {
    const client = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client, 10000));
    const paymentId = await payInvoice(t.db, client, inv.id, 5000);
    expect((await getDocument(t.db, 'invoice', inv.id))).toMatchObject({ status: 'partially_paid', amountPaid: 5000, balance: 7400 });
    expect(await voidDocument(t.db, actor, 'invoice', inv.id, 'mistake')).toEqual({ ok: false, error: 'HasPayments' });
    await t.db.updateTable('payments').set({ voided_at: new Date().toISOString() }).where('id', '=', paymentId).execute();
    expect((await voidDocument(t.db, actor, 'invoice', inv.id, 'mistake')).ok).toBe(true);
    expect(await getDocument(t.db, 'invoice', inv.id)).toMatchObject({ status: 'void', doc: { void_reason: 'mistake' } });
    expect(await voidDocument(t.db, actor, 'invoice', inv.id, null)).toEqual({ ok: false, error: 'AlreadyVoid' });
  });

  it('writes an event for every change, in order', async () => {
    const client = await makeClient(t.db);
    const id = await makeDraft(t.db, 'invoice', oneLine(client));
    await updateDraft(t.db, actor, 'invoice', id, { notes: 'n' });
    await issueDocument(t.db, actor, 'invoice', id);
    await voidDocument(t.db, actor, 'invoice', id, 'dup');
    const events = await t.db.selectFrom('events').select(['action', 'detail']).where('subject_type', '=', 'invoice').where('subject_id', '=', id).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['created', 'updated', 'finalized', 'voided']);
    expect(JSON.parse(events[0]!.detail!)).toEqual({ label: `#${id}` });
    expect(JSON.parse(events[2]!.detail!).label).toMatch(/^INV-\d{4}-\d{4}$/);
  });
});

describe('estimates', () => {
  it('converts a sent estimate into one draft invoice, only once', async () => {
    const client = await makeClient(t.db);
    const project = await makeProject(t.db, client);
    const est = await makeIssued(t.db, 'estimate', oneLine(client, 25000, { projectId: project, notes: 'As agreed' }));
    const converted = await convertEstimate(t.db, actor, est.id);
    expect(converted.ok).toBe(true);
    if (!converted.ok) return;
    const invoice = await getDocument(t.db, 'invoice', converted.value.invoiceId);
    expect(invoice).toMatchObject({ status: 'draft', doc: { client_id: client, project_id: project, notes: 'As agreed', total: 31000, number: null } });
    expect(invoice?.lines.map((l) => l.description)).toEqual(['Consulting']);
    expect(await getDocument(t.db, 'estimate', est.id)).toMatchObject({ status: 'converted', doc: { converted_invoice_id: converted.value.invoiceId } });
    expect(await convertEstimate(t.db, actor, est.id)).toEqual({ ok: false, error: 'AlreadyConverted' });
    expect(await voidDocument(t.db, actor, 'estimate', est.id, null)).toEqual({ ok: false, error: 'NotVoidable' });
  });

  it('does not convert a draft, and records accept/reject answers on sent ones', async () => {
    const client = await makeClient(t.db);
    const draft = await makeDraft(t.db, 'estimate', oneLine(client));
    expect(await convertEstimate(t.db, actor, draft)).toEqual({ ok: false, error: 'NotConvertible' });
    expect(await respondToEstimate(t.db, actor, draft, 'accepted')).toEqual({ ok: false, error: 'NotSent' });
    const sent = await makeIssued(t.db, 'estimate', oneLine(client));
    expect((await respondToEstimate(t.db, actor, sent.id, 'accepted', { comment: 'Go ahead' })).ok).toBe(true);
    expect(await getDocument(t.db, 'estimate', sent.id)).toMatchObject({ status: 'accepted', doc: { response_comment: 'Go ahead' } });
    expect((await convertEstimate(t.db, actor, sent.id)).ok).toBe(true);
  });

  it('shows a sent estimate past its validity as expired', async () => {
    const client = await makeClient(t.db);
    const old = await makeIssued(t.db, 'estimate', oneLine(client, 100, { issueDate: '2020-01-01', validUntil: '2020-01-31' }));
    expect((await getDocument(t.db, 'estimate', old.id))?.status).toBe('expired');
    expect(await respondToEstimate(t.db, actor, old.id, 'accepted', { allowExpired: false })).toEqual({ ok: false, error: 'EstimateExpired' });
  });
});

describe('credit notes', () => {
  it('applies no more than the credit note has left nor the invoice owes', async () => {
    const client = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client, 10000)); // 124.00
    const cn = await makeIssued(t.db, 'credit_note', oneLine(client, 5000)); // 62.00
    expect(await applyCreditNote(t.db, actor, cn.id, { invoiceId: inv.id, amount: 6201 })).toMatchObject({ ok: false, fields: { amount: 'validation:exceeds_credit' } });
    expect(await applyCreditNote(t.db, actor, cn.id, { invoiceId: inv.id, amount: 0 })).toMatchObject({ ok: false, fields: { amount: 'validation:positive' } });
    expect(await applyCreditNote(t.db, actor, cn.id, { invoiceId: inv.id, amount: 2000 })).toEqual({ ok: true, value: { amount: 2000, invoiceId: inv.id } });
    expect(await getDocument(t.db, 'credit_note', cn.id)).toMatchObject({ remaining: 4200 });
    expect(await getDocument(t.db, 'invoice', inv.id)).toMatchObject({ status: 'partially_paid', amountPaid: 2000, balance: 10400 });
    // The rest of the credit note ("as much as possible").
    expect(await applyCreditNote(t.db, actor, cn.id, { invoiceId: inv.id, amount: null })).toEqual({ ok: true, value: { amount: 4200, invoiceId: inv.id } });
    expect(await applyCreditNote(t.db, actor, cn.id, { invoiceId: inv.id, amount: 1 })).toMatchObject({ ok: false, fields: { amount: 'validation:exceeds_credit' } });
    // Applied credit blocks voiding both documents.
    expect(await voidDocument(t.db, actor, 'credit_note', cn.id, null)).toEqual({ ok: false, error: 'CreditApplied' });
    expect(await voidDocument(t.db, actor, 'invoice', inv.id, null)).toEqual({ ok: false, error: 'HasCredit' });
  });

  it('refuses more than the invoice balance, another client’s invoice and a draft credit note', async () => {
    const client = await makeClient(t.db);
    const other = await makeClient(t.db);
    const small = await makeIssued(t.db, 'invoice', oneLine(client, 1000)); // 12.40
    const theirs = await makeIssued(t.db, 'invoice', oneLine(other, 1000));
    const cn = await makeIssued(t.db, 'credit_note', oneLine(client, 5000));
    const draftCn = await makeDraft(t.db, 'credit_note', oneLine(client, 5000));
    expect(await applyCreditNote(t.db, actor, cn.id, { invoiceId: small.id, amount: 1241 })).toMatchObject({ ok: false, fields: { amount: 'validation:allocation_exceeds_balance' } });
    expect(await applyCreditNote(t.db, actor, cn.id, { invoiceId: theirs.id, amount: 100 })).toMatchObject({ ok: false, fields: { invoice_id: 'validation:unknown_invoice' } });
    expect(await applyCreditNote(t.db, actor, draftCn, { invoiceId: small.id, amount: 100 })).toEqual({ ok: false, error: 'NotIssued' });
    expect(await applyCreditNote(t.db, actor, cn.id, { invoiceId: small.id, amount: '12,40' })).toEqual({ ok: true, value: { amount: 1240, invoiceId: small.id } });
    expect((await getDocument(t.db, 'invoice', small.id))?.status).toBe('paid');
  });

  it('applies itself to its invoice when finalized, up to the invoice balance', async () => {
    const client = await makeClient(t.db);
    const inv = await makeIssued(t.db, 'invoice', oneLine(client, 10000)); // 124.00
    await payInvoice(t.db, client, inv.id, 12000); // 4.00 left
    const cn = await makeIssued(t.db, 'credit_note', oneLine(client, 5000, { relatedInvoiceId: inv.id })); // 62.00
    expect(await getDocument(t.db, 'invoice', inv.id)).toMatchObject({ status: 'paid', balance: 0 });
    expect(await getDocument(t.db, 'credit_note', cn.id)).toMatchObject({ remaining: 5800, applications: [{ invoice_id: inv.id, amount: 400 }] });
  });

  it('only relates to an issued invoice of the same client', async () => {
    const client = await makeClient(t.db);
    const draftInvoice = await makeDraft(t.db, 'invoice', oneLine(client));
    const result = await createDocument(t.db, actor, 'credit_note', oneLine(client, 100, { relatedInvoiceId: draftInvoice }));
    expect(result).toMatchObject({ ok: false, fields: { invoice_id: 'validation:unknown_invoice' } });
  });

  it('refuses to finalize a credit note for nothing', async () => {
    const client = await makeClient(t.db);
    const id = await makeDraft(t.db, 'credit_note', oneLine(client, 0));
    expect(await issueDocument(t.db, actor, 'credit_note', id)).toEqual({ ok: false, error: 'InvalidTotal' });
    const before = await countDocuments();
    const rolledBack = await createDocument(t.db, actor, 'credit_note', oneLine(client, 0), { issue: true });
    expect(rolledBack).toEqual({ ok: false, error: 'InvalidTotal' });
    expect(await countDocuments()).toBe(before);
  });
});
