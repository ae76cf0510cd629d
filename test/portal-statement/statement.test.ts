import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellAmount } from '../../src/export/xlsx.js';
import { clientStatement } from '../../src/ledger/queries.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeCreditNote, makeIssuedInvoice } from '../helpers/factories.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { pdfText } from '../pdf/support.js';

const YEAR = '?from=2026-01-01&to=2026-12-31';
const EVIL = '=HYPERLINK("http://evil.test/steal","Click me")';

let t: TestApp;
let staff: string;
let clientId: number;
let otherClientId: number;
let evilClientId: number;
let member: PortalMember;
let greekMember: PortalMember;
let evilMember: PortalMember;
let invoiceId: number;
let otherNumber: string;

async function show(id: number, values: Record<string, boolean>): Promise<void> {
  const res = await t.api('PATCH', `/api/v1/clients/${id}/portal-settings`, values);
  if (res.status !== 200) throw new Error(`portal settings refused: ${res.status}`);
}

async function pay(client: number, amount: number, date: string, reference: string | null): Promise<number> {
  const row = await t.db
    .insertInto('payments')
    .values({ client_id: client, amount, currency: 'EUR', date, method: 'bank_transfer', reference, notes: null, voided_at: null, void_reason: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function workbook(res: Response): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const sheet = wb.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

function rowLabelled(sheet: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | null = null;
  sheet.eachRow((row) => {
    if (row.getCell(2).value === label) found = row;
  });
  if (!found) throw new Error(`no row ${label}`);
  return found;
}

beforeAll(async () => {
  t = await makeTestApp();
  staff = await t.staffCookie();
  clientId = (await makeClient(t.db, { name: 'Παπαδόπουλος & Συνεργάτες Ο.Ε.', vat_number: '099887766' })).id;
  otherClientId = (await makeClient(t.db, { name: 'Other Client Ltd' })).id;
  evilClientId = (await makeClient(t.db, { name: EVIL })).id;
  await makeIssuedInvoice(t.db, clientId, { total: 50000, issue_date: '2025-11-20' }); // before the period: opening balance
  invoiceId = (await makeIssuedInvoice(t.db, clientId, { total: 153085, issue_date: '2026-02-10' })).id;
  await makeIssuedInvoice(t.db, clientId, { total: 99999, issue_date: '2026-03-01', status: 'draft', number: null });
  await pay(clientId, 100000, '2026-03-05', 'Τράπεζα Πειραιώς 4411');
  await pay(clientId, 1000, '2026-03-06', EVIL);
  const cn = await makeCreditNote(t.db, clientId, { total: 12400, issue_date: '2026-04-01' });
  await t.db.insertInto('refunds').values({ client_id: clientId, payment_id: null, credit_note_id: cn.id, amount: 2400, currency: 'EUR', date: '2026-04-15', method: 'bank_transfer', reference: 'REF-77' }).execute();
  const other = await makeIssuedInvoice(t.db, otherClientId, { total: 777777, issue_date: '2026-02-11' });
  otherNumber = other.number ?? '';
  await makeIssuedInvoice(t.db, evilClientId, { total: 1000, issue_date: '2026-05-01' });
  await show(clientId, { statement: true, invoices: true, credit_notes: true, payments: true });
  await show(otherClientId, { statement: true });
  await show(evilClientId, { statement: true });
  member = await makePortalMember(t, clientId, { language: 'en' });
  greekMember = await makePortalMember(t, clientId, { language: 'el' });
  evilMember = await makePortalMember(t, evilClientId, { language: 'en' });
});
afterAll(() => t.close());

describe('portal statement page', () => {
  it('shows opening balance, every entry with its running balance, totals and closing balance', async () => {
    const res = await t.get(`/portal/statement${YEAR}`, member.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Statement of account');
    expect(html).toContain('Opening balance');
    expect(html).toContain('€500.00'); // the 2025 invoice
    expect(html).toContain('€1,530.85');
    expect(html).toContain('Τράπεζα Πειραιώς 4411');
    expect(html).toContain('REF-77');
    expect(html).toContain('Closing balance');
    // 500 + 1530.85 − 1000 − 10 − 124 + 24 = 920.85
    expect(html).toContain('€920.85');
    expect(html).not.toContain('€999.99'); // the draft
    expect(html).toContain('href="/portal/statement"'); // menu entry
  });

  it('speaks Greek to a Greek member', async () => {
    const html = await (await t.get(`/portal/statement${YEAR}`, greekMember.cookie)).text();
    expect(html).toContain('Υπόλοιπο έναρξης');
    expect(html).toContain('1.530,85');
    expect(html).toContain('920,85');
    expect(html).toContain('Καρτέλα');
  });

  it('links references to the document pages whose types are visible', async () => {
    const html = await (await t.get(`/portal/statement${YEAR}`, member.cookie)).text();
    expect(html).toContain(`href="/portal/invoices/${invoiceId}"`);
    await show(clientId, { invoices: false });
    const hidden = await (await t.get(`/portal/statement${YEAR}`, member.cookie)).text();
    expect(hidden).not.toContain(`href="/portal/invoices/${invoiceId}"`);
    expect(hidden).toContain('€1,530.85');
    await show(clientId, { invoices: true });
  });

  it('never shows another client’s entries', async () => {
    for (const format of ['', '&format=xlsx', '&format=pdf']) {
      const res = await t.get(`/portal/statement${YEAR}${format}`, member.cookie);
      expect(res.status).toBe(200);
      const body = format === '&format=pdf' ? (await pdfText(Buffer.from(await res.arrayBuffer()))).text : format ? '' : await res.text();
      if (format === '&format=xlsx') {
        const sheet = await workbook(res);
        const values: string[] = [];
        sheet.eachRow((row) => values.push(JSON.stringify(row.values)));
        expect(values.join('\n')).not.toContain(otherNumber);
        expect(values.join('\n')).not.toContain('7777.77');
      } else {
        expect(body).not.toContain(otherNumber);
        expect(body).not.toMatch(/7[,.]777[.,]77/);
      }
    }
  });

  it('defaults to this year and accepts named periods', async () => {
    const year = new Date().getFullYear();
    const res = await t.get('/portal/statement', member.cookie);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`${year}`);
    const last = await t.get('/portal/statement?period=all', member.cookie);
    expect(last.status).toBe(200);
    expect(await last.text()).toContain('All time');
  });

  it('answers a bad period with 400 and a clear message, never a file', async () => {
    for (const q of ['?from=2026-02-30', '?from=yesterday', '?from=2026-12-31&to=2026-01-01', '?period=forever', '?from=2026-13-01&format=xlsx', '?to=x&format=pdf']) {
      const res = await t.get(`/portal/statement${q}`, member.cookie);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type'), q).toContain('text/html');
      expect(await res.text(), q).toContain('The period could not be read');
    }
    const format = await t.get(`/portal/statement${YEAR}&format=csv`, member.cookie);
    expect(format.status).toBe(400);
    expect(await format.text()).toContain('XLSX or PDF only');
  });

  it('swaps only the statement section for htmx, pushing the period into the URL', async () => {
    const res = await t.get(`/portal/statement${YEAR}`, member.cookie, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('id="statement"');
    expect(html).toContain('hx-push-url="true"');
    expect(html).toContain('method="get"');
  });
});

describe('statement gating', () => {
  it('answers 404 on every format when the statement is hidden, and leaves it out of the menu', async () => {
    await show(clientId, { statement: false });
    for (const format of ['', '&format=xlsx', '&format=pdf']) {
      expect((await t.get(`/portal/statement${YEAR}${format}`, member.cookie)).status).toBe(404);
    }
    expect(await (await t.get('/portal', member.cookie)).text()).not.toContain('href="/portal/statement"');
    await show(clientId, { statement: true });
  });

  it('answers 404 to a member who may not see finances', async () => {
    const viewer = await makePortalMember(t, clientId, { permissions: { view_finances: false } });
    for (const format of ['', '&format=xlsx', '&format=pdf']) {
      expect((await t.get(`/portal/statement${YEAR}${format}`, viewer.cookie)).status).toBe(404);
    }
  });

  it('needs a portal session', async () => {
    const res = await t.get('/portal/statement');
    expect(res.status).toBe(303);
  });

  it('renders in the staff preview, exports included, recording nothing', async () => {
    const before = await t.db.selectFrom('events').select('id').execute();
    const page = await t.get(`/preview/${clientId}/${member.contactId}/statement${YEAR}`, staff);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('preview-banner');
    expect(html).toContain(`/preview/${clientId}/${member.contactId}/statement?period=custom&amp;from=2026-01-01&amp;to=2026-12-31&amp;format=xlsx`);
    const xlsx = await t.get(`/preview/${clientId}/${member.contactId}/statement${YEAR}&format=xlsx`, staff);
    expect(xlsx.status).toBe(200);
    expect(await t.db.selectFrom('events').select('id').execute()).toHaveLength(before.length);
  });
});

describe('statement exports', () => {
  it('exports an XLSX whose closing balance equals the statement’s', async () => {
    const res = await t.get(`/portal/statement${YEAR}&format=xlsx`, member.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="statement-2026-01-01-2026-12-31.xlsx"');
    const sheet = await workbook(res);
    const statement = await clientStatement(t.db, clientId, '2026-01-01', '2026-12-31');
    const closing = rowLabelled(sheet, 'Closing balance');
    expect(closing.getCell(6).value).toBe(cellAmount(statement.closingBalance, 'EUR'));
    expect(closing.getCell(6).value).toBe(920.85);
    expect(closing.getCell(6).numFmt).toContain('€');
    expect(rowLabelled(sheet, 'Opening balance').getCell(6).value).toBe(500);
    expect(sheet.getCell('B3').value).toBe('Παπαδόπουλος & Συνεργάτες Ο.Ε.');
    // Real dates and numbers, one row per entry.
    const invoiceRow = rowLabelled(sheet, 'Invoice');
    expect(invoiceRow.getCell(1).value).toBeInstanceOf(Date);
    expect((invoiceRow.getCell(1).value as Date).toISOString().slice(0, 10)).toBe('2026-02-10');
    expect(invoiceRow.getCell(4).value).toBe(1530.85);
    let entries = 0;
    sheet.eachRow((row) => {
      if (row.getCell(1).value instanceof Date && !['Opening balance', 'Closing balance'].includes(String(row.getCell(2).value))) entries += 1;
    });
    expect(entries).toBe(statement.lines.length);
  });

  it('neutralises formulas in references and client names', async () => {
    const own = await workbook(await t.get(`/portal/statement${YEAR}&format=xlsx`, member.cookie));
    const texts: unknown[] = [];
    own.eachRow((row) => row.eachCell((cell) => texts.push(cell.value)));
    expect(texts).toContain(`'${EVIL}`);
    expect(texts).not.toContain(EVIL);
    for (const v of texts) expect(typeof v === 'object' && v !== null && 'formula' in v).toBe(false);
    const evil = await workbook(await t.get(`/portal/statement${YEAR}&format=xlsx`, evilMember.cookie));
    expect(evil.getCell('B3').value).toBe(`'${EVIL}`);
  });

  it('exports a PDF statement in the member’s language', async () => {
    const res = await t.get(`/portal/statement${YEAR}&format=pdf`, greekMember.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="statement-2026-01-01-2026-12-31.pdf"');
    const { text } = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('Καρτέλα πελάτη');
    expect(text).toContain('Παπαδόπουλος & Συνεργάτες Ο.Ε.');
    expect(text).toContain('Υπόλοιπο έναρξης');
    expect(text).toContain('500,00 €');
    expect(text).toContain('920,85 €');
    expect(text).toContain('Σελίδα 1 / 1');
  });
});
