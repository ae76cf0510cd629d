// Statuses derived at read time, never stored. Pure: "today" comes in as an argument.

import type { ContractLifecycle } from '../db/schema-service.js';
import { addDays, isIsoDate } from '../ledger/ledger.js';

/** A contract's status as people see it. */
export type ContractStatus = 'active' | 'expired' | 'cancelled';

/** Cancelled stays cancelled; an active contract whose period ended before today is expired. */
export function contractStatus(contract: { status: ContractLifecycle; period_end: string }, today: string): ContractStatus {
  if (contract.status === 'cancelled') return 'cancelled';
  return contract.period_end < today ? 'expired' : 'active';
}

/** True when a contract covers its sites and equipment today (active, not archived). */
export function isCovering(contract: { status: ContractLifecycle; period_end: string; archived_at: string | null }, today: string): boolean {
  return contract.archived_at === null && contractStatus(contract, today) === 'active';
}

/** A piece of equipment's warranty today: none recorded, still running, or over. */
export type WarrantyStatus = 'none' | 'in_warranty' | 'expired';

/** The warranty runs through its last day. */
export function warrantyStatus(warrantyUntil: string | null, today: string): WarrantyStatus {
  if (!warrantyUntil) return 'none';
  return warrantyUntil >= today ? 'in_warranty' : 'expired';
}

/** Days from today until a contract's renewal date (negative once passed), or null without one. */
export function daysUntil(date: string | null, today: string): number | null {
  if (!date) return null;
  return Math.round((Date.parse(date + 'T00:00:00Z') - Date.parse(today + 'T00:00:00Z')) / 86_400_000);
}

/** The last day of a one-year period starting on `start` (2026-03-01 → 2027-02-28; 2024-02-29 → 2025-02-28). */
export function oneYearEnd(start: string): string {
  const year = Number(start.slice(0, 4));
  const sameDay = `${String(year + 1).padStart(4, '0')}${start.slice(4)}`;
  // 29 February has no anniversary in a common year: the period then ends on 28 February.
  return isIsoDate(sameDay) ? addDays(sameDay, -1) : `${String(year + 1).padStart(4, '0')}-02-28`;
}
