import type { Db } from '../db/index.js';

/** Fills an empty database with a demo firm (being written). */
export async function seedDemo(_db: Db): Promise<{ ok: true; summary: string } | { ok: false; error: string }> {
  return { ok: false, error: 'seed not written yet' };
}
