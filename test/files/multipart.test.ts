import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { multipartBoundary, receiveUploadForm, UPLOAD_FORM_LIMITS, type MultipartLimits } from '../../src/files/multipart.js';
import { filesUnder } from './support.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'stoa-multipart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const limits: MultipartLimits = { ...UPLOAD_FORM_LIMITS, maxFileBytes: 1000 };
const BOUNDARY = '----stoaBoundary7MA4YWxkTrZu0gW';
const TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** A form body with text fields and one file, as a browser sends it. */
function body(fields: Array<[string, string]>, file: { field: string; name: string; content: string } | null): Uint8Array {
  let s = '';
  for (const [k, v] of fields) s += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  if (file) s += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`;
  s += `--${BOUNDARY}--\r\n`;
  return new TextEncoder().encode(s);
}

/** The bytes as a stream cut into chunks of `size` (1 byte cuts through every delimiter). */
function streamOf(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

describe('reading an upload form as it streams in', () => {
  it('reads the boundary from the Content-Type', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc');
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/x-www-form-urlencoded')).toBeNull();
    expect(multipartBoundary(undefined)).toBeNull();
  });

  it.each([1, 2, 7, 64, 100_000])('gets the same fields and file however the body is cut (chunks of %i bytes)', async (size) => {
    const content = 'line one\r\n--not the boundary\r\nΓειά σου\r\n';
    const bytes = body([['shared', '0'], ['shared', '1'], ['note', 'Ελληνικά']], { field: 'file', name: 'notes.txt', content });
    const result = await receiveUploadForm(streamOf(bytes, size), TYPE, { dataDir, fileField: 'file', limits });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.form.fields).toEqual({ shared: ['0', '1'], note: ['Ελληνικά'] });
    expect(result.form.file?.name).toBe('notes.txt');
    expect(readFileSync(result.form.file?.path ?? '', 'utf8')).toBe(content);
    expect(result.form.file?.size).toBe(new TextEncoder().encode(content).length);
    rmSync(result.form.file?.path ?? '', { force: true });
  });

  it('treats an empty file input as no file', async () => {
    const result = await receiveUploadForm(streamOf(body([['a', 'b']], { field: 'file', name: '', content: '' }), 10), TYPE, { dataDir, fileField: 'file', limits });
    expect(result.ok && result.form.file).toBeNull();
  });

  it('stops a file over the limit and leaves nothing on disk', async () => {
    const before = filesUnder(path.join(dataDir, 'uploads'));
    const bytes = body([], { field: 'file', name: 'big.pdf', content: 'x'.repeat(1001) });
    const result = await receiveUploadForm(streamOf(bytes, 100), TYPE, { dataDir, fileField: 'file', limits });
    expect(result).toEqual({ ok: false, error: 'TooLarge' });
    expect(filesUnder(path.join(dataDir, 'uploads'))).toEqual(before);
  });

  it('refuses a truncated body, a wrong boundary and oversized text fields', async () => {
    const full = body([['a', 'b']], { field: 'file', name: 'x.txt', content: 'hello' });
    const cut = await receiveUploadForm(streamOf(full.subarray(0, full.length - 20), 5), TYPE, { dataDir, fileField: 'file', limits });
    expect(cut).toEqual({ ok: false, error: 'Malformed' });
    const wrong = await receiveUploadForm(streamOf(full, 50), 'multipart/form-data; boundary=other', { dataDir, fileField: 'file', limits });
    expect(wrong).toEqual({ ok: false, error: 'Malformed' });
    const long = await receiveUploadForm(streamOf(body([['a', 'y'.repeat(20_000)]], null), 1000), TYPE, { dataDir, fileField: 'file', limits });
    expect(long).toEqual({ ok: false, error: 'Malformed' });
    expect(filesUnder(path.join(dataDir, 'uploads'))).toEqual([]);
  });

  it('refuses a body that is not multipart at all', async () => {
    expect(await receiveUploadForm(streamOf(new TextEncoder().encode('a=b'), 10), 'application/x-www-form-urlencoded', { dataDir, fileField: 'file', limits })).toEqual({ ok: false, error: 'Malformed' });
    expect(await receiveUploadForm(null, TYPE, { dataDir, fileField: 'file', limits })).toEqual({ ok: false, error: 'Malformed' });
  });
});
