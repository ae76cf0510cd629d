// What the fuzz suite found, pinned down: each of these answered 500 before its fix.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { receiveUploadForm, UPLOAD_FORM_LIMITS } from '../../src/files/multipart.js';
import { makeTestApp, ORIGIN } from '../helpers/app.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'stoa-fuzz-regressions-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const BOUNDARY = 'fuzzBoundary';

function uploadBody(fields: Array<[string, string]>): ReadableStream<Uint8Array> {
  let s = '';
  for (const [k, v] of fields) s += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  s += `--${BOUNDARY}--\r\n`;
  return new Blob([s]).stream();
}

describe('upload forms (src/files/multipart.ts)', () => {
  it('reads fields named like Object.prototype members as plain fields', async () => {
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
    const result = await receiveUploadForm(uploadBody([...names.map((n): [string, string] => [n, `a ${n}`]), ['constructor', 'again']]), `multipart/form-data; boundary=${BOUNDARY}`, {
      dataDir,
      fileField: 'file',
      limits: { ...UPLOAD_FORM_LIMITS, maxFileBytes: 1000 },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.form.fields['constructor']).toEqual(['a constructor', 'again']);
    expect(result.form.fields['__proto__']).toEqual(['a __proto__']);
    expect(result.form.fields['toString']).toEqual(['a toString']);
    expect(Object.keys(result.form.fields).sort()).toEqual([...names].sort());
    // Nothing leaked onto objects in general.
    expect(({} as Record<string, unknown>)['0']).toBeUndefined();
  });
});

describe('upload routes with odd ids (src/files/limits.ts)', () => {
  it('answers 404, not 500, to an upload posted to an id the route takes but no record has (0, 01, 20 digits)', async () => {
    const t = await makeTestApp();
    try {
      const cookie = await t.staffCookie();
      for (const id of ['0', '01', '99999999999999999999', '9'.repeat(400)]) {
        for (const url of [`/clients/${id}/portal/logo`, `/clients/${id}/files`, `/expenses/${id}/receipt`]) {
          const form = new FormData();
          form.append('remove_logo', '1');
          form.append('file', new Blob(['%PDF-1.4']), 'a.pdf');
          for (const body of [new URLSearchParams({ remove_logo: '1' }), form]) {
            const res = await t.app.request(url, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie }, body });
            expect(res.status, `${url.slice(0, 40)} ${body instanceof FormData ? 'multipart' : 'urlencoded'}`).toBe(404);
          }
        }
      }
    } finally {
      await t.close();
    }
  });
});
