import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makeExpense } from './support.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
});
afterAll(() => t.close());

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function upload(expenseId: number, bytes: Uint8Array, name: string, type: string) {
  const form = new FormData();
  form.append('receipt', new Blob([bytes], { type }), name);
  return t.app.request(`/expenses/${expenseId}/receipt`, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie }, body: form });
}

/** Every file kept under DATA_DIR/uploads (temporary ones included). */
function storedFiles(): string[] {
  const walk = (dir: string): string[] => {
    try {
      return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    } catch {
      return [];
    }
  };
  return walk(path.join(t.dataDir, 'uploads'));
}

describe('receipts of expenses', () => {
  it('stores a PDF receipt, links it to the expense, and serves it as a download', async () => {
    const client = await makeClient(t.db, { name: 'Receipt Ltd' });
    const expense = await makeExpense(t.db, client.id, { category: 'Hotel' });
    expect(await (await t.get(`/expenses/${expense.id}/attach`, cookie)).text()).toContain('enctype="multipart/form-data"');
    const res = await upload(expense.id, PDF, 'hotel <bill>.pdf', 'application/pdf');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/clients/${client.id}/work/expenses?done=receipt_attached`);
    const row = await t.db.selectFrom('expenses').select('receipt_file_id').where('id', '=', expense.id).executeTakeFirstOrThrow();
    expect(row.receipt_file_id).not.toBeNull();
    const list = await (await t.get(`/clients/${client.id}/work/expenses`, cookie)).text();
    expect(list).toContain(`href="/expenses/${expense.id}/receipt"`);
    const file = await t.get(`/expenses/${expense.id}/receipt`, cookie);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
    // The receipt is kept with the client's files but not shared with the client.
    const stored = await t.db.selectFrom('files').select(['client_id', 'shared']).where('id', '=', row.receipt_file_id!).executeTakeFirstOrThrow();
    expect(stored).toEqual({ client_id: client.id, shared: 0 });
  });

  it('refuses an HTML page dressed as a receipt, keeping nothing', async () => {
    const client = await makeClient(t.db, { name: 'Html Receipt Ltd' });
    const expense = await makeExpense(t.db, client.id);
    const before = storedFiles().length;
    const res = await upload(expense.id, new TextEncoder().encode('<!doctype html><script>alert(1)</script>'), 'receipt.html', 'text/html');
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This kind of file is not accepted.');
    expect(storedFiles().length).toBe(before);
    expect((await t.db.selectFrom('expenses').select('receipt_file_id').where('id', '=', expense.id).executeTakeFirstOrThrow()).receipt_file_id).toBeNull();
  });

  it('refuses an oversized receipt with 413 and a clear message, leaving no file behind', async () => {
    const client = await makeClient(t.db, { name: 'Big Receipt Ltd' });
    const expense = await makeExpense(t.db, client.id);
    const before = storedFiles().length;
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(PDF);
    const res = await upload(expense.id, big, 'big.pdf', 'application/pdf');
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('larger than 10 MB');
    expect(storedFiles().length).toBe(before);
  });

  it('asks for a file, and answers 404 for unknown or archived expenses', async () => {
    const client = await makeClient(t.db, { name: 'No File Ltd' });
    const expense = await makeExpense(t.db, client.id);
    const empty = new FormData();
    empty.append('other', 'x');
    const res = await t.app.request(`/expenses/${expense.id}/receipt`, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie }, body: empty });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Choose a file to upload.');
    const archived = await makeExpense(t.db, client.id, { archived_at: '2026-01-01T00:00:00.000Z' });
    expect((await upload(archived.id, PDF, 'r.pdf', 'application/pdf')).status).toBe(404);
    expect((await upload(999999, PDF, 'r.pdf', 'application/pdf')).status).toBe(404);
    expect((await t.get(`/expenses/${expense.id}/receipt`, cookie)).status).toBe(404);
  });
});
