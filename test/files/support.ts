// Helpers of the upload tests: real multipart bodies, tiny files of each kind, a folder listing.

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ORIGIN, type TestApp } from '../helpers/app.js';

/** A minimal PDF: enough for the signature check. */
export const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** The 8-byte PNG signature and a few bytes more. */
export const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
/** A page with a script. */
export const HTML_TEXT = '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>';
/** An SVG image carrying a script. */
export const SVG_TEXT = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.domain)</script></svg>';

/** A stored (uncompressed) zip with the given entry names, each holding a few bytes. */
export function makeZip(names: readonly string[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    const n = enc.encode(name);
    const data = enc.encode('<x/>');
    const local = new Uint8Array(30 + n.length + data.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, n.length, true);
    local.set(n, 30);
    local.set(data, 30 + n.length);
    const central = new Uint8Array(46 + n.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, n.length, true);
    cv.setUint32(42, offset, true);
    central.set(n, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const centralSize = centrals.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, names.length, true);
  ev.setUint16(10, names.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A file for an upload form: its name, bytes and the type the browser claims. */
export interface UploadSpec { name: string; bytes: Uint8Array | string; type?: string }

/** POSTs a multipart upload form as signed-in staff (with our Origin). */
export async function postUpload(t: TestApp, url: string, file: UploadSpec | null, fields: Record<string, string | string[]>, cookie: string): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  if (file) {
    const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
    form.append('file', new File([bytes], file.name, { type: file.type ?? 'application/octet-stream' }));
  }
  return t.app.request(url, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie }, body: form });
}

/** Every file (not folder) under `dir`, relative paths; [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full).map((f) => path.join(name, f)) : [name];
  });
}
