// Time over time for a project's report: daily sums bucketed by week or month (billed and
// unbilled), and the period's totals. Pure: rows come from one grouped query.

import { addDays, isIsoDate } from '../ledger/ledger.js';

/** How the chart groups time. */
export type Granularity = 'week' | 'month';

/** Most bars a chart draws; older buckets beyond this are left out (the table says so). */
export const MAX_BUCKETS = 60;

/** The dates work records may carry: anything else is a typing mistake. */
export const EARLIEST = '1900-01-01';
export const LATEST = '2999-12-31';

/** Minutes logged on one day, billed (on an issued invoice) or not. */
export interface DailyMinutes { date: string; billed: boolean; minutes: number }

/** One bar: a week (starting Monday) or a calendar month. */
export interface Bucket { start: string; end: string; billed: number; unbilled: number }

/** The Monday of a date's ISO week. */
export function weekStart(date: string): string {
  const day = new Date(date + 'T00:00:00Z').getUTCDay(); // 0 = Sunday
  return addDays(date, -((day + 6) % 7));
}

/** The first day of a date's month. */
export function monthStart(date: string): string {
  return date.slice(0, 8) + '01';
}

function nextStart(start: string, by: Granularity): string {
  if (by === 'week') return addDays(start, 7);
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Weeks for up to about a quarter, months beyond; an explicit choice wins. */
export function chooseGranularity(requested: string | undefined, from: string | null, to: string | null): Granularity {
  if (requested === 'week' || requested === 'month') return requested;
  if (from && to && isIsoDate(from) && isIsoDate(to)) {
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    return days <= 92 ? 'week' : 'month';
  }
  return 'month';
}

/**
 * Buckets daily minutes into consecutive weeks or months from the first to the last day that
 * has time (or the period's bounds when given), empty ones included so gaps show. When there
 * are more than MAX_BUCKETS, only the latest are kept and `truncated` says so.
 */
export function bucketize(rows: readonly DailyMinutes[], by: Granularity, bounds: { from: string | null; to: string | null }): { buckets: Bucket[]; truncated: boolean } {
  if (rows.length === 0) return { buckets: [], truncated: false };
  const start = by === 'week' ? weekStart : monthStart;
  const dates = rows.map((r) => r.date).sort();
  const first = start(inRange(bounds.from) && bounds.from < dates[0]! ? bounds.from : dates[0]!);
  const lastDate = inRange(bounds.to) && bounds.to > dates[dates.length - 1]! ? bounds.to : dates[dates.length - 1]!;
  const last = start(lastDate);
  const byStart = new Map<string, Bucket>();
  const order: string[] = [];
  // Walk from the latest bucket back so a long range keeps its most recent part.
  let truncated = false;
  for (let s = last; s >= first; s = previousStart(s, by)) {
    if (order.length === MAX_BUCKETS) {
      truncated = true;
      break;
    }
    order.push(s);
    byStart.set(s, { start: s, end: addDays(nextStart(s, by), -1), billed: 0, unbilled: 0 });
  }
  for (const r of rows) {
    const b = byStart.get(start(r.date));
    if (!b) continue;
    if (r.billed) b.billed += r.minutes;
    else b.unbilled += r.minutes;
  }
  return { buckets: order.reverse().map((s) => byStart.get(s)!), truncated };
}

// Period bounds far from any real work (a typed year 0001) are ignored rather than walked.
function inRange(date: string | null): date is string {
  return date !== null && isIsoDate(date) && date >= EARLIEST && date <= LATEST;
}

function previousStart(start: string, by: Granularity): string {
  if (by === 'week') return addDays(start, -7);
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
}

/** Totals of a report: all minutes, and how many are billed. */
export function reportTotals(rows: readonly DailyMinutes[]): { minutes: number; billed: number; unbilled: number } {
  let billed = 0;
  let unbilled = 0;
  for (const r of rows) {
    if (r.billed) billed += r.minutes;
    else unbilled += r.minutes;
  }
  return { minutes: billed + unbilled, billed, unbilled };
}
