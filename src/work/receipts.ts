// An expense's receipt: stored by the files feature (content-checked, random name under
// DATA_DIR, kept with the client's files but not shared), then linked to the expense.

import type { Db } from '../db/index.js';
import type { FileRow } from '../db/schema-service.js';
import { recordEvent, type Actor } from '../events/service.js';
import { findFile } from '../files/queries.js';
import { storeUpload } from '../files/service.js';
import type { StagedFile } from '../files/storage.js';
import { removeQuietly } from '../files/storage.js';
import { nowIso } from '../util/time.js';
import { findExpense, updateExpenseRow } from './queries.js';

/** Why a receipt was refused: the field error is a work:receipt.* translation key. */
export type ReceiptResult = { ok: true; file: FileRow } | { ok: false; error: 'NotFound' } | { ok: false; error: 'Invalid'; key: string; tooLarge: boolean };

const KEYS = { TooLarge: 'work:receipt.too_large', Empty: 'work:receipt.empty', UnsupportedType: 'work:receipt.type', NameMismatch: 'work:receipt.mismatch' } as const;

/**
 * Stores `file` as the receipt of an active expense and links it (a later receipt replaces the
 * link; the earlier file stays among the client's files). The staged file is always consumed.
 */
export async function attachReceipt(db: Db, actor: Actor, expenseId: number, input: { dataDir: string; file: StagedFile | null }): Promise<ReceiptResult> {
  const expense = await findExpense(db, expenseId);
  if (!expense || expense.archived_at) {
    if (input.file) await removeQuietly(input.file.path);
    return { ok: false, error: 'NotFound' };
  }
  if (!input.file) return { ok: false, error: 'Invalid', key: 'work:receipt.required', tooLarge: false };
  const stored = await storeUpload(db, { dataDir: input.dataDir, clientId: expense.client_id, file: input.file, shared: false, actor });
  if (!stored.ok) {
    if (stored.error === 'ClientNotFound' || stored.error === 'LinkNotFound') return { ok: false, error: 'NotFound' };
    return { ok: false, error: 'Invalid', key: KEYS[stored.error], tooLarge: stored.error === 'TooLarge' };
  }
  await db.transaction().execute(async (trx) => {
    await updateExpenseRow(trx, expense.id, { receipt_file_id: stored.file.id, updated_at: nowIso() });
    await recordEvent(trx, actor, { clientId: expense.client_id, subjectType: 'expense', subjectId: expense.id, action: 'receipt_attached', detail: { label: stored.file.name, file_id: stored.file.id } });
  });
  return { ok: true, file: stored.file };
}

/** The receipt file of an expense, or null. */
export async function receiptOf(db: Db, expenseId: number): Promise<FileRow | null> {
  const expense = await findExpense(db, expenseId);
  if (!expense || expense.receipt_file_id === null) return null;
  const file = await findFile(db, expense.receipt_file_id);
  return file && file.client_id === expense.client_id ? file : null;
}
