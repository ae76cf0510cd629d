// A staff member's own settings (for now their language: staff pages and the emails sent to them
// speak it; until they choose, both fall back to the firm's default language).

import type { Db } from '../db/index.js';
import type { Language } from '../db/schema.js';
import { isLanguage } from '../i18n/index.js';
import { nowIso } from '../util/time.js';
import { updateStaffLanguage } from './queries.js';

/** Stores a staff member's choice of language; anything but one of ours is refused, nothing stored. */
export async function chooseStaffLanguage(db: Db, staffUserId: number, value: string): Promise<{ ok: true; language: Language } | { ok: false; error: 'InvalidLanguage' }> {
  if (!isLanguage(value)) return { ok: false, error: 'InvalidLanguage' };
  await updateStaffLanguage(db, staffUserId, value, nowIso());
  return { ok: true, language: value };
}
