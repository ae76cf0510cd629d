import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voidDocument } from '../../src/documents/service.js';
import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { makeClient, makeDraft, makeIssued, oneLine, payInvoice } from '../documents/factories.js';
import { pdfText } from './support.js';

let t: TestApp;
let staff: string;
let clientId: number;
let otherClientId: number;
let member: PortalMember;
let invoice: { id: number; number: string };
let estimate: { id: number; number: string };
let creditNote: { id: number; number: string };
let otherInvoice: { id: number; number: string };
let draftId: number;

async function show(id: number, values: Record<string, boolean>): Promise<void> {
  const res = await t.api('PATCH', `/api/v1/clients/${id}/portal-settings`, values);
  if (res.status !== 200) throw new Error(`portal settings refused: ${res.status} ${await res.text()}`);
}

async function pdfOf(res: Response): Promise<string> {
  return (await pdfText(Buffer.from(await res.arrayBuffer()))).text;
}

async function viewEvents(id: number): Promise<Array<{ detail: string | null; actor_type: string }>> {
  return t.db.selectFrom('events').select(['detail', 'actor_type']).where('subject_id', '=', id).where('action', '=', 'viewed').execute();
}

beforeAll(async () => {
  t = await makeTestApp();
  staff = await t.staffCookie();
  clientId = await makeClient(t.db, { name: 'Παπαδόπουλος & Συνεργάτες Ο.Ε.', vat_number: '099887766' });
  otherClientId = await makeClient(t.db, { name: 'Other Client Ltd' });
  invoice = await makeIssued(t.db, 'invoice', oneLine(clientId, 100000, { issueDate: '2026-03-02' }));
  await payInvoice(t.db, clientId, invoice.id, 24000);
  estimate = await makeIssued(t.db, 'estimate', oneLine(clientId, 50000));
  creditNote = await makeIssued(t.db, 'credit_note', oneLine(clientId, 5000));
  otherInvoice = await makeIssued(t.db, 'invoice', oneLine(otherClientId, 99900));
  draftId = await makeDraft(t.db, 'invoice', oneLine(clientId, 7000));
  await show(clientId, { invoices: true, estimates: true, credit_notes: true, balances: true });
  await show(otherClientId, { invoices: true });
  member = await makePortalMember(t, clientId, { language: 'el' });
});
afterAll(() => t.close());

describe('portal document PDFs', () => {
  it('answers 404 for a withdrawn (void) estimate, as its page does', async () => {
    const withdrawn = await makeIssued(t.db, 'estimate', oneLine(clientId, 3000));
    expect((await voidDocument(t.db, SYSTEM_ACTOR, 'estimate', withdrawn.id, 'withdrawn')).ok).toBe(true);
    expect((await t.get(`/portal/estimates/${withdrawn.id}`, member.cookie)).status).toBe(404);
    expect((await t.get(`/portal/estimates/${withdrawn.id}/pdf`, member.cookie)).status).toBe(404);
  });

  it('downloads an invoice as a PDF in the member’s language, named by its number', async () => {
    const res = await t.get(`/portal/invoices/${invoice.id}/pdf`, member.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${invoice.number}.pdf"`);
    const text = await pdfOf(res);
    expect(text).toContain('Παπαδόπουλος & Συνεργάτες Ο.Ε.');
    expect(text).toContain('1.240,00 €');
    expect(text).toContain('Υπόλοιπο προς πληρωμή');
    expect(text).toContain('1.000,00 €');
  });

  it('downloads estimates and credit notes too', async () => {
    const est = await t.get(`/portal/estimates/${estimate.id}/pdf`, member.cookie);
    expect(est.status).toBe(200);
    expect(await pdfOf(est)).toContain(estimate.number);
    const cn = await t.get(`/portal/credit-notes/${creditNote.id}/pdf`, member.cookie);
    expect(cn.status).toBe(200);
    expect(cn.headers.get('content-disposition')).toContain(`${creditNote.number}.pdf`);
  });

  it('answers 404 for another client’s invoice, a draft, a wrong kind or a made-up id', async () => {
    for (const url of [
      `/portal/invoices/${otherInvoice.id}/pdf`,
      `/portal/invoices/${draftId}/pdf`,
      `/portal/invoices/${estimate.id}/pdf`,
      `/portal/estimates/${invoice.id}/pdf`,
      '/portal/invoices/99999999/pdf',
      '/portal/invoices/abc/pdf',
    ]) {
      const res = await t.get(url, member.cookie);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-type'), url).not.toBe('application/pdf');
    }
  });

  it('leaves out paid and balance when balances are hidden', async () => {
    await show(clientId, { balances: false });
    const text = await pdfOf(await t.get(`/portal/invoices/${invoice.id}/pdf`, member.cookie));
    expect(text).toContain('1.240,00 €');
    expect(text).not.toContain('Υπόλοιπο προς πληρωμή');
    await show(clientId, { balances: true });
  });

  it('answers 404 when the type is hidden or the member may not see finances', async () => {
    await show(clientId, { estimates: false });
    expect((await t.get(`/portal/estimates/${estimate.id}/pdf`, member.cookie)).status).toBe(404);
    await show(clientId, { estimates: true });
    const noFinances = await makePortalMember(t, clientId, { permissions: { view_finances: false } });
    expect((await t.get(`/portal/invoices/${invoice.id}/pdf`, noFinances.cookie)).status).toBe(404);
  });

  it('needs a portal session', async () => {
    const res = await t.get(`/portal/invoices/${invoice.id}/pdf`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/portal/login');
  });

  it('records each download as a view by the member', async () => {
    const before = (await viewEvents(creditNote.id)).length;
    await t.get(`/portal/credit-notes/${creditNote.id}/pdf`, member.cookie);
    const after = await viewEvents(creditNote.id);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)?.actor_type).toBe('portal');
    expect(JSON.parse(after.at(-1)?.detail ?? '{}')).toMatchObject({ via: 'pdf' });
  });

  it('records nothing in a staff preview', async () => {
    const before = await t.db.selectFrom('events').select('id').execute();
    const res = await t.get(`/preview/${clientId}/${member.contactId}/invoices/${invoice.id}/pdf`, staff);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(await t.db.selectFrom('events').select('id').execute()).toHaveLength(before.length);
    expect((await t.get(`/preview/${clientId}/${member.contactId}/invoices/${otherInvoice.id}/pdf`, staff)).status).toBe(404);
  });
});

describe('staff document PDFs', () => {
  it('need a staff session', async () => {
    const res = await t.get(`/invoices/${invoice.id}/pdf`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/login');
    expect((await t.get(`/invoices/${invoice.id}/pdf`, member.cookie)).status).not.toBe(200);
  });

  it('give any document as a PDF, drafts stamped DRAFT', async () => {
    const res = await t.get(`/invoices/${invoice.id}/pdf`, staff);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${invoice.number}.pdf"`);
    const draft = await t.get(`/invoices/${draftId}/pdf?lang=en`, staff);
    expect(draft.status).toBe(200);
    expect(draft.headers.get('content-disposition')).toBe(`attachment; filename="invoice-draft-${draftId}.pdf"`);
    const text = await pdfOf(draft);
    expect(text).toContain('DRAFT');
    expect(text).toContain('Παπαδόπουλος & Συνεργάτες Ο.Ε.');
    expect((await t.get(`/estimates/${estimate.id}/pdf`, staff)).status).toBe(200);
    expect((await t.get(`/credit-notes/${creditNote.id}/pdf`, staff)).status).toBe(200);
  });

  it('stamp void documents', async () => {
    const doomed = await makeIssued(t.db, 'invoice', oneLine(clientId, 1000));
    const voided = await voidDocument(t.db, SYSTEM_ACTOR, 'invoice', doomed.id, 'mistake');
    expect(voided.ok).toBe(true);
    expect(await pdfOf(await t.get(`/invoices/${doomed.id}/pdf?lang=en`, staff))).toContain('VOID');
  });

  it('answer 404 for a wrong kind or an unknown id', async () => {
    expect((await t.get(`/estimates/${invoice.id}/pdf`, staff)).status).toBe(404);
    expect((await t.get('/invoices/99999999/pdf', staff)).status).toBe(404);
  });

  it('are offered on the document page', async () => {
    const html = await (await t.get(`/invoices/${invoice.id}`, staff)).text();
    expect(html).toContain(`href="/invoices/${invoice.id}/pdf"`);
    expect(html).toContain('Download PDF');
  });
});
