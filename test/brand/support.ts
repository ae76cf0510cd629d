// Helpers of the brand tests: real image bytes and multipart posts.
import { deflateSync } from 'node:zlib';
import { ORIGIN, type TestApp } from '../helpers/app.js';

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid w × h RGB PNG of one colour (pdfkit can draw it). */
export function makePng(w = 4, h = 4, rgb: [number, number, number] = [200, 30, 30]): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc(h * (1 + 3 * w));
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rows.set(rgb, y * (1 + 3 * w) + 1 + 3 * x);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array())]);
}

/** POSTs a multipart form (fields and an optional file) as signed-in staff. */
export async function postMultipart(t: TestApp, url: string, fields: Record<string, string>, file: { name: string; bytes: Uint8Array; type: string } | null, cookie: string): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('logo', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name);
  return t.app.request(url, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie }, body: form });
}
