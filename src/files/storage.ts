// Where uploaded bytes live: DATA_DIR/uploads/<2 chars>/<random key>, written first to
// DATA_DIR/uploads/tmp and renamed into place only once the upload is accepted.

import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { log } from '../util/log.js';

/** A file received into DATA_DIR/uploads/tmp and not yet accepted. */
export interface StagedFile {
  /** Absolute path of the temporary file. */
  path: string;
  /** The name the uploader's browser sent (untrusted; cleaned before it is shown). */
  name: string;
  size: number;
}

const KEY = /^[a-z2-7]{26}$/;

/** DATA_DIR/uploads. */
export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/** DATA_DIR/uploads/tmp, where uploads arrive. */
export function uploadsTmpDir(dataDir: string): string {
  return path.join(uploadsDir(dataDir), 'tmp');
}

/** A new random storage key: 128 bits in lower-case base32 (26 characters). */
export function newStorageKey(): string {
  const bytes = randomBytes(17);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** The path of a stored file; throws on a key that is not one of ours (never a path from input). */
export function storedPath(dataDir: string, key: string): string {
  if (!KEY.test(key)) throw new Error('not a storage key');
  return path.join(uploadsDir(dataDir), key.slice(0, 2), key);
}

/** A fresh temporary path inside DATA_DIR/uploads/tmp (the folder is created). */
export async function newTempPath(dataDir: string): Promise<string> {
  const dir = uploadsTmpDir(dataDir);
  await mkdir(dir, { recursive: true });
  return path.join(dir, `${newStorageKey()}.part`);
}

/** Removes a file, ignoring one that is already gone. */
export async function removeQuietly(file: string): Promise<void> {
  try {
    await rm(file, { force: true });
  } catch (err) {
    log.warn('could not remove upload file', { error: String(err) });
  }
}

/** Moves an accepted temporary file to its permanent place under `key`. */
export async function moveIntoPlace(dataDir: string, tempPath: string, key: string): Promise<string> {
  const target = storedPath(dataDir, key);
  await mkdir(path.dirname(target), { recursive: true });
  await rename(tempPath, target);
  return target;
}

/** Temporary files older than this are leftovers of interrupted uploads. */
const STALE_MS = 60 * 60_000;

/** Removes leftovers of interrupted uploads (a crash mid-upload) from DATA_DIR/uploads/tmp. */
export async function sweepStaleUploads(dataDir: string, now = Date.now()): Promise<void> {
  const dir = uploadsTmpDir(dataDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      if (now - (await stat(file)).mtimeMs > STALE_MS) await removeQuietly(file);
    } catch {
      // Gone meanwhile.
    }
  }
}

/**
 * Writes a stream to a new temporary file, at most `maxBytes` of it: TooLarge (and no file
 * left) beyond that. Used for files that arrive already parsed (a File from parseBody).
 */
export async function stageStream(
  dataDir: string,
  source: ReadableStream<Uint8Array>,
  name: string,
  maxBytes: number,
): Promise<{ ok: true; file: StagedFile } | { ok: false; error: 'TooLarge' }> {
  const tempPath = await newTempPath(dataDir);
  const out = createWriteStream(tempPath, { flags: 'wx', mode: 0o600 });
  out.on('error', () => undefined); // surfaced through once(…) below; silent after destroy()
  let size = 0;
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        out.destroy();
        await removeQuietly(tempPath);
        return { ok: false, error: 'TooLarge' };
      }
      if (!out.write(value)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    return { ok: true, file: { path: tempPath, name, size } };
  } catch (err) {
    out.destroy();
    await removeQuietly(tempPath);
    throw err;
  }
}

/** SHA-256 of some bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
