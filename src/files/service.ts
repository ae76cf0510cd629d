// Uploads: staged bytes are checked by content, renamed into DATA_DIR/uploads under a random
// key, and recorded in one transaction with their event. Other features call storeUpload
// (a ticket's attachments, an expense's receipt) and serveFile (src/files/serve.ts).

import { readFile } from 'node:fs/promises';
import type { Db } from '../db/index.js';
import type { FileRow } from '../db/schema-service.js';
import { recordEvent, type Actor } from '../events/service.js';
import { nowIso } from '../util/time.js';
import { detectFileKind, FILE_KINDS } from './detect.js';
import { MAX_UPLOAD_BYTES } from './limits.js';
import type { UploadForm } from './multipart.js';
import { storedFileName } from './names.js';
import { countSharedReportFiles, findFile, findSharedFile, insertFile, linkTargetsExist, listAttachedFiles, listClientFiles, listSharedFiles, updateFileRow, type ListedFile } from './queries.js';
import { moveIntoPlace, newStorageKey, removeQuietly, sha256Hex, stageStream, type StagedFile } from './storage.js';

export type { ListedFile } from './queries.js';

/** What to store: a file already staged by receiveUploadForm, or a File from parseBody. */
export interface StoreUploadInput {
  dataDir: string;
  clientId: number;
  file: StagedFile | File;
  /** Whether the client sees it in the portal (documents, or the record it is attached to). */
  shared: boolean;
  projectId?: number | null;
  contractId?: number | null;
  siteId?: number | null;
  serviceReportId?: number | null;
  /** Who uploads: staff/api actors are stored as the staff uploader, portal actors as the portal uploader. */
  actor: Actor;
}

/** Why an upload was refused. */
export type UploadError =
  | 'TooLarge' // over MAX_UPLOAD_BYTES
  | 'Empty' // no bytes
  | 'UnsupportedType' // content is none of the accepted kinds (HTML, SVG, executables…)
  | 'NameMismatch' // the name claims another accepted kind than the content
  | 'ClientNotFound'
  | 'LinkNotFound'; // a project/contract/site/report that is not the client's (see `field`)

/** The result of storeUpload. */
export type StoreUploadResult =
  | { ok: true; file: FileRow }
  | { ok: false; error: UploadError; field?: 'project_id' | 'contract_id' | 'site_id' | 'service_report_id' };

function isStaged(file: StagedFile | File): file is StagedFile {
  return typeof (file as StagedFile).path === 'string' && !(file instanceof Blob);
}

/**
 * Stores one upload for a client: checks size and content (magic bytes: PDF, PNG, JPEG, WEBP,
 * GIF, plain text, DOCX, XLSX; never HTML or SVG), keeps a sanitised name, moves the bytes to a
 * random path under DATA_DIR/uploads and records the row and its `uploaded` event in one
 * transaction. A refused upload leaves no file behind (a staged file is always consumed).
 */
export async function storeUpload(db: Db, input: StoreUploadInput): Promise<StoreUploadResult> {
  let staged: StagedFile;
  if (isStaged(input.file)) staged = input.file;
  else {
    if (input.file.size > MAX_UPLOAD_BYTES) return { ok: false, error: 'TooLarge' };
    const written = await stageStream(input.dataDir, input.file.stream(), input.file.name, MAX_UPLOAD_BYTES);
    if (!written.ok) return written;
    staged = written.file;
  }
  let moved: string | null = null;
  try {
    if (staged.size > MAX_UPLOAD_BYTES) return { ok: false, error: 'TooLarge' };
    if (staged.size === 0) return { ok: false, error: 'Empty' };
    const bytes = await readFile(staged.path);
    const kind = detectFileKind(bytes);
    if (!kind) return { ok: false, error: 'UnsupportedType' };
    const named = storedFileName(staged.name, kind);
    if (!named.ok) return { ok: false, error: 'NameMismatch' };
    const key = newStorageKey();
    moved = await moveIntoPlace(input.dataDir, staged.path, key);
    const links = {
      projectId: input.projectId ?? null,
      contractId: input.contractId ?? null,
      siteId: input.siteId ?? null,
      serviceReportId: input.serviceReportId ?? null,
    };
    const byPortal = input.actor.type === 'portal';
    const result = await db.transaction().execute(async (trx): Promise<StoreUploadResult> => {
      const client = await trx.selectFrom('clients').select('id').where('id', '=', input.clientId).executeTakeFirst();
      if (!client) return { ok: false, error: 'ClientNotFound' };
      const found = await linkTargetsExist(trx, input.clientId, links);
      const missing = (['project_id', 'contract_id', 'site_id', 'service_report_id'] as const).find((f) => !found[f]);
      if (missing) return { ok: false, error: 'LinkNotFound', field: missing };
      const file = await insertFile(trx, {
        client_id: input.clientId,
        project_id: links.projectId,
        contract_id: links.contractId,
        site_id: links.siteId,
        service_report_id: links.serviceReportId,
        storage_key: key,
        name: named.name,
        kind,
        content_type: FILE_KINDS[kind].contentType,
        size_bytes: bytes.length,
        sha256: sha256Hex(bytes),
        shared: input.shared ? 1 : 0,
        uploaded_by_staff_id: byPortal ? null : input.actor.id,
        uploaded_by_portal_user_id: byPortal ? input.actor.id : null,
        archived_at: null,
      });
      await recordEvent(trx, input.actor, { clientId: input.clientId, subjectType: 'file', subjectId: file.id, action: 'uploaded', detail: { label: file.name } });
      return { ok: true, file };
    });
    if (result.ok) moved = null;
    return result;
  } finally {
    await removeQuietly(staged.path);
    if (moved) await removeQuietly(moved);
  }
}

/** Names of the upload form's fields besides the file. */
export type UploadField = 'file' | 'shared' | 'project_id' | 'contract_id' | 'site_id' | 'service_report_id';

/** The upload form's values as typed, for re-rendering it. */
export type UploadValues = Partial<Record<Exclude<UploadField, 'file'>, string>>;

/** The outcome of the staff upload form. */
export type UploadFormResult =
  | { ok: true; file: FileRow }
  | { ok: false; error: 'Invalid'; errors: Partial<Record<UploadField, string>>; values: UploadValues }
  | { ok: false; error: 'NotFound' };

const ERROR_KEYS: Record<Exclude<UploadError, 'ClientNotFound' | 'LinkNotFound'>, string> = {
  TooLarge: 'files:errors.too_large',
  Empty: 'files:errors.empty',
  UnsupportedType: 'files:errors.type',
  NameMismatch: 'files:errors.mismatch',
};

function lastValue(fields: Record<string, string[]>, name: string): string {
  const all = fields[name] ?? [];
  return (all[all.length - 1] ?? '').trim();
}

/** An optional id field: null when empty, undefined when not a positive integer. */
function optionalId(v: string): number | null | undefined {
  if (v === '') return null;
  return /^[1-9]\d{0,14}$/.test(v) ? Number(v) : undefined;
}

/**
 * The staff upload form (client Documents tab, or a contract / site / service report page):
 * checks its fields, then stores the file. Field errors come back as translation keys.
 */
export async function uploadFromForm(db: Db, actor: Actor, input: { dataDir: string; clientId: number; form: UploadForm }): Promise<UploadFormResult> {
  const { fields, file } = input.form;
  const values: UploadValues = {
    shared: lastValue(fields, 'shared'),
    project_id: lastValue(fields, 'project_id'),
    contract_id: lastValue(fields, 'contract_id'),
    site_id: lastValue(fields, 'site_id'),
    service_report_id: lastValue(fields, 'service_report_id'),
  };
  const errors: Partial<Record<UploadField, string>> = {};
  const shared = values.shared === '1' || values.shared === 'on' || values.shared === 'true';
  if (!['', '0', '1', 'on', 'true', 'false'].includes(values.shared ?? '')) errors.shared = 'validation:invalid';
  const ids: Partial<Record<'project_id' | 'contract_id' | 'site_id' | 'service_report_id', number | null>> = {};
  for (const f of ['project_id', 'contract_id', 'site_id', 'service_report_id'] as const) {
    const id = optionalId(values[f] ?? '');
    if (id === undefined) errors[f] = 'validation:invalid';
    else ids[f] = id;
  }
  if (!file) errors.file = 'files:errors.required';
  if (Object.keys(errors).length > 0 || !file) {
    if (file) await removeQuietly(file.path);
    return { ok: false, error: 'Invalid', errors, values };
  }
  const stored = await storeUpload(db, {
    dataDir: input.dataDir,
    clientId: input.clientId,
    file,
    shared,
    projectId: ids.project_id ?? null,
    contractId: ids.contract_id ?? null,
    siteId: ids.site_id ?? null,
    serviceReportId: ids.service_report_id ?? null,
    actor,
  });
  if (stored.ok) return stored;
  if (stored.error === 'ClientNotFound') return { ok: false, error: 'NotFound' };
  if (stored.error === 'LinkNotFound') return { ok: false, error: 'Invalid', errors: { [stored.field ?? 'file']: 'files:errors.link' }, values };
  return { ok: false, error: 'Invalid', errors: { file: ERROR_KEYS[stored.error] }, values };
}

/** One file by id (archived included), or null. */
export async function getFile(db: Db, id: number): Promise<FileRow | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return (await findFile(db, id)) ?? null;
}

/** Files shown per page (staff tab and portal list). */
export const FILES_PAGE_SIZE = 50;

/** A page of a client's files for the staff tab (active or archived), newest first. */
export async function clientFilesPage(db: Db, clientId: number, opts: { archived: boolean; page: number }): Promise<{ files: ListedFile[]; hasNext: boolean }> {
  const rows = await listClientFiles(db, clientId, { archived: opts.archived, offset: (opts.page - 1) * FILES_PAGE_SIZE, limit: FILES_PAGE_SIZE + 1 });
  return { files: rows.slice(0, FILES_PAGE_SIZE), hasNext: rows.length > FILES_PAGE_SIZE };
}

/** A page of the files shared with a client, newest first (portal). */
export async function sharedFilesPage(db: Db, clientId: number, page: number): Promise<{ files: ListedFile[]; hasNext: boolean }> {
  const rows = await listSharedFiles(db, clientId, { offset: (page - 1) * FILES_PAGE_SIZE, limit: FILES_PAGE_SIZE + 1 });
  return { files: rows.slice(0, FILES_PAGE_SIZE), hasNext: rows.length > FILES_PAGE_SIZE };
}

/** Shares a file with the client or stops sharing it; NotFound for an unknown or archived file. */
export async function setFileShared(db: Db, actor: Actor, id: number, shared: boolean): Promise<{ ok: true; file: FileRow } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findFile(trx, id);
    if (!existing || existing.archived_at) return { ok: false, error: 'NotFound' } as const;
    if ((existing.shared === 1) === shared) return { ok: true, file: existing } as const;
    const file = await updateFileRow(trx, id, { shared: shared ? 1 : 0, updated_at: nowIso() });
    await recordEvent(trx, actor, { clientId: file.client_id, subjectType: 'file', subjectId: id, action: shared ? 'shared' : 'unshared', detail: { label: file.name } });
    return { ok: true, file } as const;
  });
}

/** Archives a file: gone from lists and the portal; the bytes are kept with the client's history. */
export async function archiveFile(db: Db, actor: Actor, id: number): Promise<{ ok: true; file: FileRow } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findFile(trx, id);
    if (!existing) return { ok: false, error: 'NotFound' } as const;
    if (existing.archived_at) return { ok: true, file: existing } as const;
    const now = nowIso();
    const file = await updateFileRow(trx, id, { archived_at: now, updated_at: now });
    await recordEvent(trx, actor, { clientId: file.client_id, subjectType: 'file', subjectId: id, action: 'archived', detail: { label: file.name } });
    return { ok: true, file } as const;
  });
}

/**
 * Records that a portal member downloaded a shared file (an event on the file); nothing in a
 * staff preview. Call after the file was found for the active client.
 */
export async function recordFileDownload(db: Db, who: { userId: number | null; name: string; preview: boolean }, file: FileRow): Promise<void> {
  if (who.preview || who.userId === null) return;
  const userId = who.userId;
  await db.transaction().execute(async (trx) => {
    await recordEvent(trx, { type: 'portal', id: userId, name: who.name }, { clientId: file.client_id, subjectType: 'file', subjectId: file.id, action: 'downloaded', detail: { label: file.name } });
  });
}

/** The active files attached to a contract or a service report (staff: all; portal: shared only). */
export function attachedFiles(db: Db, clientId: number, link: { column: 'service_report_id' | 'contract_id'; id: number }, opts: { sharedOnly: boolean }): Promise<ListedFile[]> {
  return listAttachedFiles(db, clientId, link, opts);
}

/** A file shared with the client (theirs, shared, not archived), or null: the portal's only way to a file. */
export async function sharedFile(db: Db, clientId: number, id: number): Promise<FileRow | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return (await findSharedFile(db, clientId, id)) ?? null;
}

/** How many shared attachments each of some reports has (portal report list). */
export function sharedReportFileCounts(db: Db, clientId: number, reportIds: readonly number[]): Promise<Map<number, number>> {
  return countSharedReportFiles(db, clientId, reportIds);
}
