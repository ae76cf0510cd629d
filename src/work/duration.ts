// Durations of time entries: what people type ("1:30", "1.5", "1,5h", "90m"), how they are
// shown (h:mm), and how minutes become an invoice quantity in hours. Pure: no I/O.

import { formatDecimal, roundDiv } from '../money/money.js';

/** Longest single time entry: a full day. */
export const MAX_MINUTES = 24 * 60;

/**
 * Parses a typed duration into whole minutes, or null: "1:30" (h:mm), "1.5" or "1,5" (hours),
 * "2h", "45m", "1h 30m", "1h30". Plain numbers are hours, because "8" on a timesheet means a day.
 * Fractions of a minute are rounded with the one rounding rule.
 */
export function parseDuration(input: string): number | null {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '' || text.length > 20) return null;
  let m = /^(\d{1,2}):([0-5]\d)$/.exec(text);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = /^(\d{1,3})(?:[.,](\d{1,4}))? ?h?$/.exec(text);
  if (m) return hoursToMinutes(m[1] ?? '0', m[2] ?? '');
  m = /^(\d{1,4}) ?m(?:in)?$/.exec(text);
  if (m) return Number(m[1]);
  m = /^(\d{1,2}) ?h ?(\d{1,2}) ?m?$/.exec(text);
  if (m) return Number(m[2]) < 60 ? Number(m[1]) * 60 + Number(m[2]) : null;
  return null;
}

// Exact decimal hours → minutes: 1.5 → 90, 0.33 → 20 (19.8 rounded).
function hoursToMinutes(whole: string, fraction: string): number {
  const scale = 10n ** BigInt(fraction.length);
  const hundredths = BigInt(whole + fraction);
  return Number(roundDiv(hundredths * 60n, scale));
}

/** True when a number of minutes is one a time entry may hold (1 minute to a full day). */
export function isValidMinutes(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 && n <= MAX_MINUTES;
}

/** Minutes as h:mm ("1:05"); any size, for totals too. */
export function formatDuration(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(minutes));
  return `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Minutes as an invoice quantity in hours, rounded to hundredths of an hour with the one
 * rounding rule (20 minutes → "0.33", 90 → "1.5"). Invoices show hours the way people read them;
 * the rounding is at most 18 seconds per line.
 */
export function hoursQuantity(minutes: number): string {
  const hundredths = roundDiv(BigInt(minutes) * 100n, 60n);
  return formatDecimal({ units: hundredths, scale: 2 });
}
