import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { filesUnder, PDF_BYTES } from './support.js';

// Over a real HTTP connection a refused upload must still reach the browser as our 413 page
// (not a reset connection), whether the body declares its length or arrives chunked.

let t: TestApp;
let server: ReturnType<typeof serve>;
let base: string;
beforeAll(async () => {
  t = await makeTestApp();
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

function pdfOf(size: number): File {
  const bytes = new Uint8Array(size);
  bytes.set(PDF_BYTES.subarray(0, Math.min(size, PDF_BYTES.length)));
  return new File([bytes], 'scan.pdf');
}

describe('uploads over a real connection', () => {
  it('answers 413 with the message to oversized uploads, and 303 to a good one on the same server', async () => {
    const cookie = await t.staffCookie();
    const client = await makeClient(t.db);
    const url = `${base}/clients/${client.id}/files`;
    for (const size of [11 * 1024 * 1024, 30 * 1024 * 1024]) {
      const form = new FormData();
      form.append('file', pdfOf(size));
      const res = await fetch(url, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie }, body: form, redirect: 'manual' });
      expect(res.status, String(size)).toBe(413);
      expect(await res.text()).toContain('The file is larger than 10 MB and was not uploaded.');
    }
    const chunk = new Uint8Array(1024 * 1024);
    const boundary = 'stoa-test-boundary';
    const enc = new TextEncoder();
    const chunked = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4`));
        for (let i = 0; i < 12; i++) c.enqueue(chunk);
        c.enqueue(enc.encode(`\r\n--${boundary}--\r\n`));
        c.close();
      },
    });
    const init = { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body: chunked, duplex: 'half', redirect: 'manual' };
    const res = await fetch(url, init as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('larger than 10 MB');
    expect(filesUnder(path.join(t.dataDir, 'uploads'))).toEqual([]);

    const form = new FormData();
    form.append('file', pdfOf(1000));
    const ok = await fetch(url, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie }, body: form, redirect: 'manual' });
    expect(ok.status).toBe(303);
    expect(filesUnder(path.join(t.dataDir, 'uploads'))).toHaveLength(1);
  });
});
