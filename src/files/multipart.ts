// Reads multipart/form-data upload forms as they stream in, with busboy (the standard parser):
// the text fields are kept (small, bounded), the one file is written straight to
// DATA_DIR/uploads/tmp and counted on the way, so an oversized upload is stopped at the limit
// and leaves nothing behind. (The app's generic body limit and up-front form parsing skip
// upload routes; see isUploadRequest.)

import busboy from 'busboy';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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


/** The boundary of a multipart/form-data Content-Type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || contentType.split(';')[0]?.trim().toLowerCase() !== 'multipart/form-data') return null;
  const m = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

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
  if (!multipartBoundary(contentType) || !body) return { ok: false, error: 'Malformed' };
  const { limits } = opts;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      // Greek file names arrive as UTF-8.
      defParamCharset: 'utf8',
      // One byte over the limit tells "too large" apart from "exactly at the limit".
      limits: { fileSize: limits.maxFileBytes + 1, fieldSize: limits.maxFieldBytes, fields: limits.maxFields, parts: limits.maxFields + 10 },
    });
  } catch {
    return { ok: false, error: 'Malformed' };
  }
  // No prototype: a field named "constructor", "toString" or "__proto__" is just a field.
  const fields = Object.create(null) as Record<string, string[]>;
  let failure: UploadFormError | null = null;
  let staged: StagedFile | null = null;
  let claimed = false;
  const temps: string[] = [];
  const writes: Array<Promise<void>> = [];

  parser.on('field', (name, value, info) => {
    if (info.valueTruncated || info.nameTruncated) failure ??= 'Malformed';
    (fields[name] ??= []).push(value);
  });
  parser.on('fieldsLimit', () => (failure ??= 'Malformed'));
  parser.on('partsLimit', () => (failure ??= 'Malformed'));
  parser.on('file', (name, stream, info) => {
    // A body cut short errors every open file stream; the form's own error reports it.
    stream.on('error', () => undefined);
    // A file input left empty sends a part with filename="" and no content.
    if (name !== opts.fileField || claimed || !info.filename) {
      stream.resume();
      return;
    }
    claimed = true;
    writes.push(
      (async () => {
        const file = await newTempPath(opts.dataDir);
        temps.push(file);
        const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
        await pipeline(stream, out);
        // busboy stops the file one byte past the limit and marks it truncated.
        if (stream.truncated || out.bytesWritten > limits.maxFileBytes) failure = 'TooLarge';
        else staged = { path: file, name: info.filename ?? '', size: out.bytesWritten };
      })(),
    );
  });

  const source = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
  // Past the file limit the rest is read and dropped so the browser gets the answer, but only so much.
  let afterLimit = 0;
  source.on('data', (chunk: Buffer) => {
    if (failure !== 'TooLarge') return;
    afterLimit += chunk.length;
    if (afterLimit > limits.drainBytes) source.destroy();
  });
  try {
    await pipeline(source, parser);
    await Promise.all(writes);
  } catch {
    failure ??= 'Malformed';
    await Promise.allSettled(writes);
  }
  if (failure) {
    for (const file of temps) await removeQuietly(file);
    return { ok: false, error: failure };
  }
  return { ok: true, form: { fields, file: staged } };
}
