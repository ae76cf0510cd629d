import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { FileRow } from '../db/schema-service.js';
import { log } from '../util/log.js';
import type { AppEnv } from '../web/env.js';
import { attachmentDisposition } from './names.js';
import { storedPath } from './storage.js';

/**
 * Sends a stored file as a download (SECURITY row 29): always an attachment, never sniffed,
 * sandboxed if a browser opens it anyway, never cached by shared caches. The caller has
 * already checked that the requester may see `file`; a file missing on disk answers 404.
 */
export async function serveFile(c: Context<AppEnv>, file: Pick<FileRow, 'storage_key' | 'name' | 'content_type' | 'id'>): Promise<Response> {
  const full = storedPath(c.var.config.dataDir, file.storage_key);
  let size: number;
  try {
    size = (await stat(full)).size;
  } catch {
    log.error('stored file missing', { fileId: file.id });
    return c.notFound();
  }
  const headers = new Headers({
    'Content-Type': file.content_type,
    'Content-Length': String(size),
    'Content-Disposition': attachmentDisposition(file.name),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, no-store',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
  const body = Readable.toWeb(createReadStream(full)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}
