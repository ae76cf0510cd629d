import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding } from '../../src/brand/compress.js';
import { seedDemo } from '../../src/seed/demo.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { setVisibility } from '../portal-home/support.js';

let t: TestApp;
let cookie: string;
let clientId: number;
let invoiceId: number;

beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
  await seedDemo(t.db);
  // The client with the most invoices: the heaviest realistic pages.
  const busiest = await t.db.selectFrom('documents').select(['client_id', (eb) => eb.fn.countAll<number>().as('n')]).where('kind', '=', 'invoice').groupBy('client_id').orderBy('n', 'desc').executeTakeFirstOrThrow();
  clientId = busiest.client_id;
  await setVisibility(t.db, clientId, { invoices: true, estimates: true, payments: true, statement: true, balances: true });
  invoiceId = (await t.db.selectFrom('documents').select('id').where('kind', '=', 'invoice').where('client_id', '=', clientId).where('status', '=', 'issued').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

describe('response compression', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding('*')).toBe('br');
  });

  it('sends pages brotli-compressed to browsers that accept it, with Vary: Accept-Encoding', async () => {
    const plain = await (await t.get('/invoices', cookie)).text();
    const res = await t.get('/invoices', cookie, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('vary')).toMatch(/Accept-Encoding/i);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(Buffer.byteLength(plain) / 3);
    expect(brotliDecompressSync(body).toString('utf8')).toBe(plain);
  });

  it('sends gzip when that is all the browser takes', async () => {
    const res = await t.get('/clients', cookie, { 'Accept-Encoding': 'gzip' });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')).toContain('<!doctype html>');
  });

  it('leaves uncompressed what the browser did not ask to compress', async () => {
    const res = await t.get('/clients', cookie);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/Accept-Encoding/i);
  });

  it('never compresses tiny bodies', async () => {
    const res = await t.app.request('/healthz', { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toBe('ok');
  });

  it('never compresses PDFs or images', async () => {
    const pdf = await t.get(`/invoices/${invoiceId}/pdf`, cookie, { 'Accept-Encoding': 'br, gzip' });
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(pdf.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('compresses JSON from the API', async () => {
    const res = await t.api('GET', '/api/v1/invoices?limit=100', undefined, { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8'))).toHaveProperty('data');
  });
});

describe('page weight', () => {
  it('keeps the main staff pages under 100 KB before compression', async () => {
    for (const url of ['/', '/clients', `/clients/${clientId}`, '/invoices', `/invoices/${invoiceId}`, '/payments', '/estimates', '/settings']) {
      const res = await t.get(url, cookie);
      expect(res.status, url).toBe(200);
      const bytes = Buffer.byteLength(await res.text());
      expect(bytes, url).toBeLessThan(100 * 1024);
    }
  });

  it('keeps the main portal pages of a busy client under 100 KB before compression', async () => {
    const base = `/preview/${clientId}/0`;
    for (const path of ['', '/invoices', `/invoices/${invoiceId}`, '/payments', '/statement', '/estimates']) {
      const res = await t.get(base + path, cookie);
      expect(res.status, path).toBe(200);
      const bytes = Buffer.byteLength(await res.text());
      expect(bytes, path).toBeLessThan(100 * 1024);
    }
  });
});
