// File names as people gave them are only ever shown and offered back as the download's name:
// cleaned here, never used to build a path. Pure.

import type { FileKind } from '../db/schema-service.js';
import { FILE_KINDS } from './detect.js';

/** Longest file name kept (characters, extension included). */
export const MAX_NAME_LENGTH = 120;

// Path separators, characters Windows refuses in names, controls, and bidi overrides that
// disguise an extension ("invoice\u202Efdp.exe").
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A name safe to show and to offer as a download: the last path segment only, no separators,
 * controls or bidi tricks, no leading dots, at most MAX_NAME_LENGTH characters ('' when nothing is left).
 */
export function cleanFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  let name = last.normalize('NFC').replace(UNSAFE, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s_]+/, '').replace(/[.\s]+$/, '');
  if ([...name].length > MAX_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 6 ? name.slice(dot) : '';
    name = [...name.slice(0, name.length - ext.length)].slice(0, MAX_NAME_LENGTH - ext.length).join('').trimEnd() + ext;
  }
  return name;
}

/** The lower-cased extension of a name ('' when it has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const KNOWN_EXTENSIONS = new Map<string, FileKind>(
  (Object.entries(FILE_KINDS) as Array<[FileKind, { extensions: readonly string[] }]>).flatMap(([kind, info]) => info.extensions.map((e) => [e, kind] as const)),
);

/**
 * The stored name of an upload of `kind`: the cleaned name, ending in an extension of that kind
 * (added when the name has none or an unrelated one, so "page.html" holding a PDF becomes
 * "page.html.pdf"). Mismatch when the name claims another accepted kind ("photo.png" that is a PDF).
 */
export function storedFileName(raw: string, kind: FileKind): { ok: true; name: string } | { ok: false; error: 'Mismatch' } {
  const cleaned = cleanFileName(raw);
  const ext = extensionOf(cleaned);
  const claimed = KNOWN_EXTENSIONS.get(ext);
  if (claimed === kind) return { ok: true, name: cleaned };
  if (claimed !== undefined) return { ok: false, error: 'Mismatch' };
  const canonical = FILE_KINDS[kind].extensions[0] ?? 'bin';
  const base = cleaned === '' ? 'file' : [...cleaned].slice(0, MAX_NAME_LENGTH - canonical.length - 1).join('');
  return { ok: true, name: `${base}.${canonical}` };
}

/**
 * A Content-Disposition header that makes the browser save the file under `name`: an ASCII
 * fallback plus the UTF-8 name (RFC 6266 / 5987), both free of quotes and separators.
 */
export function attachmentDisposition(name: string): string {
  const safe = cleanFileName(name) || 'file';
  const fallback = safe.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
