import { Duplex } from 'node:stream';
import { brotliCompressSync, constants, createBrotliCompress, createGzip, gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';

/** Bodies smaller than this are sent as they are: compressing them costs more than it saves. */
export const COMPRESS_THRESHOLD = 1024;

/** Brotli quality 5: close to gzip's speed, smaller output (11, the default, is far too slow per request). */
const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };

export type Encoding = 'br' | 'gzip';

/** Picks brotli, else gzip, from an Accept-Encoding header (q=0 refuses). */
export function chooseEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const qp = params.find((p) => p.trim().startsWith('q='));
    q.set(name.trim().toLowerCase(), qp ? Number(qp.trim().slice(2)) || 0 : 1);
  }
  const of = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  const br = of('br');
  const gzip = of('gzip');
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return null;
}

/** Text types worth compressing (HTML, JSON, CSS, JS, CSV, SVG…); never PDFs, images, XLSX or event streams. */
export function isCompressible(contentType: string | null): boolean {
  return !!contentType && COMPRESSIBLE_CONTENT_TYPE_REGEX.test(contentType);
}

/** Types built in memory by our handlers: read whole, so tiny bodies can be left alone. */
const BUFFERED = /^\s*(?:text\/html|application\/json|text\/plain|text\/css)/i;

/**
 * Compresses text responses with brotli or gzip (as the browser prefers), adds
 * `Vary: Accept-Encoding`, and leaves alone already-compressed types, tiny bodies,
 * HEAD requests, partial content and anything marked no-transform.
 */
export function compression(): MiddlewareHandler {
  return async function compressionMiddleware(c, next) {
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type');
    if (!isCompressible(type) || res.status === 206 || res.status === 204 || res.status === 304 || c.req.method === 'HEAD') return;
    if (res.headers.has('Content-Encoding') || /no-transform/i.test(res.headers.get('Cache-Control') ?? '')) return;
    const vary = res.headers.get('Vary');
    if (vary !== '*' && !/accept-encoding/i.test(vary ?? '')) res.headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const length = res.headers.get('Content-Length');
    if (!res.body || (length !== null && Number(length) < COMPRESS_THRESHOLD)) return;
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    if (!encoding) return;
    const headers = new Headers(res.headers);
    // Hono copies the old response's headers onto a new one; drop the old first so ours stand.
    c.res = undefined;
    headers.set('Content-Encoding', encoding);
    const etag = headers.get('ETag');
    if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
    if (BUFFERED.test(type ?? '')) {
      const raw = Buffer.from(await res.arrayBuffer());
      if (raw.length < COMPRESS_THRESHOLD) {
        headers.delete('Content-Encoding');
        if (etag) headers.set('ETag', etag);
        c.res = new Response(raw, { status: res.status, statusText: res.statusText, headers });
        return;
      }
      const packed = encoding === 'br' ? brotliCompressSync(raw, BROTLI_OPTIONS) : gzipSync(raw);
      headers.set('Content-Length', String(packed.length));
      c.res = new Response(packed, { status: res.status, statusText: res.statusText, headers });
      return;
    }
    // Other text (CSV exports, scripts): streamed through the compressor.
    headers.delete('Content-Length');
    const zip = Duplex.toWeb(encoding === 'br' ? createBrotliCompress(BROTLI_OPTIONS) : createGzip()) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
    c.res = new Response(res.body.pipeThrough(zip), { status: res.status, statusText: res.statusText, headers });
  };
}
