import type { Db } from '../db/index.js';

/** What the firm is owed in one currency (being written). */
export interface FirmPosition { currency: string; amountDue: number; overdue: number; credit: number }

/** Receivables of the whole firm per currency (being written). */
export async function firmPosition(_db: Db, _today: string): Promise<FirmPosition[]> {
  return [];
}
