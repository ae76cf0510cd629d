// A streaming reader of multipart/form-data upload forms: the text fields are kept (small, bounded),
// the one file is written straight to DATA_DIR/uploads/tmp and counted on the way, so an
// oversized upload is stopped at the limit and leaves nothing behind. (The app's generic body
// limit and up-front form parsing skip upload routes; see isUploadRequest.)

import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { newTempPath, removeQuietly, type StagedFile } from './storage.js';

/** What a form may hold besides its file. */
export interface MultipartLimits {
  /** Most bytes of the file. */
  maxFileBytes: number;
  /** Most bytes of any one text field. */
  maxFieldBytes: number;
  /** Most text fields. */
  maxFields: number;
  /** After the file is over its limit, at most this many more bytes are read (and dropped) so the browser gets the answer. */
  drainBytes: number;
}

/** Defaults for upload forms (text fields are ids, flags and short names). */
export const UPLOAD_FORM_LIMITS: Omit<MultipartLimits, 'maxFileBytes'> = { maxFieldBytes: 16 * 1024, maxFields: 50, drainBytes: 64 * 1024 * 1024 };

/** A parsed upload form: text fields by name (repeated ones in order) and the staged file, if one was sent. */
export interface UploadForm { fields: Record<string, string[]>; file: StagedFile | null }

/** Why a form could not be read: the file was over the limit, or the body was not a well-formed form. */
export type UploadFormError = 'TooLarge' | 'Malformed';

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 8 * 1024;

/** The boundary of a multipart/form-data Content-Type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || contentType.split(';')[0]?.trim().toLowerCase() !== 'multipart/form-data') return null;
  const m = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

interface PartHeaders { name: string | null; filename: string | null }

function parseHeaders(block: string): PartHeaders {
  const out: PartHeaders = { name: null, filename: null };
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') continue;
    for (const m of line.slice(colon + 1).matchAll(/;\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g)) {
      const key = (m[1] ?? '').toLowerCase();
      const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
      if (key === 'name') out.name = value;
      else if (key === 'filename') out.filename = value;
      else if (key === 'filename*' && /^utf-8''/i.test(value)) {
        try {
          out.filename = decodeURIComponent(value.slice(7));
        } catch {
          // Keep the plain filename.
        }
      }
    }
  }
  return out;
}

type State = 'preamble' | 'headers' | 'body' | 'epilogue';

/**
 * Reads a multipart/form-data body: text fields into memory (bounded), the first file part
 * named `fileField` into a new temporary file (at most `limits.maxFileBytes`). Other file parts
 * are dropped. On any failure no temporary file is left.
 */
export async function receiveUploadForm(
  body: ReadableStream<Uint8Array> | null,
  contentType: string | undefined,
  opts: { dataDir: string; fileField: string; limits: MultipartLimits },
): Promise<{ ok: true; form: UploadForm } | { ok: false; error: UploadFormError }> {
  const boundary = multipartBoundary(contentType);
  if (!boundary || !body) return { ok: false, error: 'Malformed' };
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const { limits } = opts;
  // No prototype: a field named "constructor", "toString" or "__proto__" is just a field.
  const fields = Object.create(null) as Record<string, string[]>;
  let fieldCount = 0;
  let staged: StagedFile | null = null;

  let state = 'preamble' as State;
  // The body starts with "--boundary"; pretending a CRLF came before it lets one delimiter serve all.
  let buf: Buffer = Buffer.from(CRLF);
  let part: PartHeaders = { name: null, filename: null };
  let sink: 'field' | 'file' | 'drop' = 'drop';
  let fieldChunks: Buffer[] = [];
  let fieldBytes = 0;
  let out: WriteStream | null = null;
  let outPath: string | null = null;
  let fileBytes = 0;
  let failure: UploadFormError | null = null;

  const reader = body.getReader();

  const abandonFile = async () => {
    if (out) out.destroy();
    out = null;
    if (outPath) await removeQuietly(outPath);
    outPath = null;
  };

  const emit = async (data: Buffer) => {
    if (data.length === 0) return;
    if (sink === 'field') {
      fieldBytes += data.length;
      if (fieldBytes > limits.maxFieldBytes) throw new MultipartFailure('Malformed');
      fieldChunks.push(data);
    } else if (sink === 'file' && out) {
      fileBytes += data.length;
      if (fileBytes > limits.maxFileBytes) throw new MultipartFailure('TooLarge');
      if (!out.write(data)) await once(out, 'drain');
    }
  };

  const startPart = async (headers: PartHeaders) => {
    part = headers;
    if (headers.filename !== null) {
      // A file input left empty sends a part with filename="" and no content.
      if (headers.name === opts.fileField && staged === null && out === null && headers.filename !== '') {
        outPath = await newTempPath(opts.dataDir);
        out = createWriteStream(outPath, { flags: 'wx', mode: 0o600 });
        // A write failing after the upload was abandoned (destroyed stream) is expected and ignored;
        // a real disk error surfaces through once(…, 'finish' | 'drain').
        out.on('error', () => undefined);
        fileBytes = 0;
        sink = 'file';
      } else sink = 'drop';
    } else if (headers.name !== null) {
      fieldCount += 1;
      if (fieldCount > limits.maxFields) throw new MultipartFailure('Malformed');
      fieldChunks = [];
      fieldBytes = 0;
      sink = 'field';
    } else sink = 'drop';
  };

  const endPart = async () => {
    if (sink === 'field' && part.name !== null) {
      (fields[part.name] ??= []).push(Buffer.concat(fieldChunks).toString('utf8'));
    } else if (sink === 'file' && out && outPath) {
      const stream = out;
      stream.end();
      await once(stream, 'finish');
      staged = { path: outPath, name: part.filename ?? '', size: fileBytes };
      out = null;
      outPath = null;
    }
    sink = 'drop';
  };

  /** Consumes what it can of `buf`; returns false when it needs more bytes. */
  const step = async (): Promise<boolean> => {
    switch (state) {
      case 'preamble':
      case 'body': {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          // Keep a tail that might be the start of a delimiter.
          const keep = Math.min(buf.length, delimiter.length - 1);
          if (state === 'body') await emit(buf.subarray(0, buf.length - keep));
          buf = buf.subarray(buf.length - keep);
          return false;
        }
        if (buf.length < at + delimiter.length + 2) return false;
        if (state === 'body') {
          await emit(buf.subarray(0, at));
          await endPart();
        }
        const after = buf.subarray(at + delimiter.length, at + delimiter.length + 2).toString('latin1');
        buf = buf.subarray(at + delimiter.length + 2);
        if (after === '--') state = 'epilogue';
        else if (after === '\r\n') state = 'headers';
        else throw new MultipartFailure('Malformed');
        return true;
      }
      case 'headers': {
        const end = buf.indexOf(HEADER_END);
        if (end < 0) {
          if (buf.length > MAX_HEADER_BYTES) throw new MultipartFailure('Malformed');
          return false;
        }
        await startPart(parseHeaders(buf.subarray(0, end).toString('utf8')));
        buf = buf.subarray(end + HEADER_END.length);
        state = 'body';
        return true;
      }
      case 'epilogue':
        buf = Buffer.alloc(0);
        return false;
    }
  };

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buf = buf.length === 0 ? Buffer.from(value) : Buffer.concat([buf, value]);
      while (await step());
      // Whatever follows the closing delimiter is ignored. The stream is not cancelled: on a real
      // socket that would reset the connection before our answer; the server drains the rest.
      if (state === 'epilogue') break;
    }
    if (state !== 'epilogue') throw new MultipartFailure('Malformed');
  } catch (err) {
    if (!(err instanceof MultipartFailure)) {
      await abandonFile();
      if (staged) await removeQuietly((staged as StagedFile).path);
      throw err;
    }
    failure = err.reason;
  }
  if (failure) {
    await abandonFile();
    if (staged) await removeQuietly((staged as StagedFile).path);
    await drain(reader, failure === 'TooLarge' ? limits.drainBytes : 0);
    return { ok: false, error: failure };
  }
  return { ok: true, form: { fields, file: staged } };
}

class MultipartFailure extends Error {
  constructor(readonly reason: UploadFormError) {
    super(reason);
  }
}

/**
 * Reads and drops what is left of a refused body (up to `maxBytes`), so that a browser still
 * sending gets our answer instead of a reset connection. Beyond that it stops reading without
 * cancelling (cancelling destroys the socket); the server drains or closes after answering.
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<void> {
  let seen = 0;
  try {
    while (seen <= maxBytes) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
    }
  } catch {
    // The client went away.
  }
}
