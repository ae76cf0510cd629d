// The period control of the statement and the payments list: a named period or custom
// from/to dates, read from a query string. Pure: today comes in as an argument.

import { isIsoDate, periodRange, type Period } from '../ledger/ledger.js';

/** Periods offered in the period control, in the order they are listed. */
export const PERIOD_CHOICES = ['this_month', 'last_month', 'this_quarter', 'this_year', 'last_year', 'all', 'custom'] as const;

/** A named period, or 'custom' for typed dates. */
export type PeriodChoice = (typeof PERIOD_CHOICES)[number];

/** Why a period in a query string is refused; the value is a reason code per field. */
export type PeriodErrors = Partial<Record<'period' | 'from' | 'to', 'invalid' | 'date' | 'to_before_from'>>;

/** A period resolved to inclusive bounds; null bounds are open. */
export interface ResolvedPeriod {
  period: PeriodChoice;
  from: string | null;
  to: string | null;
}

function isPeriodChoice(s: string): s is PeriodChoice {
  return (PERIOD_CHOICES as readonly string[]).includes(s);
}

/**
 * Reads `period`, `from` and `to` from a query: a named period wins; custom dates (or dates
 * given without a period) are checked; nothing at all gives `fallback`.
 */
export function resolvePeriod(
  query: { period?: string | undefined; from?: string | undefined; to?: string | undefined },
  today: string,
  fallback: Period,
): { ok: true; value: ResolvedPeriod } | { ok: false; errors: PeriodErrors; value: ResolvedPeriod } {
  const period = (query.period ?? '').trim();
  const from = (query.from ?? '').trim();
  const to = (query.to ?? '').trim();
  if (period !== '' && !isPeriodChoice(period)) {
    return { ok: false, errors: { period: 'invalid' }, value: { period: fallback, ...periodRange(fallback, today) } };
  }
  if (period !== '' && period !== 'custom') return { ok: true, value: { period, ...periodRange(period, today) } };
  if (period === '' && from === '' && to === '') return { ok: true, value: { period: fallback, ...periodRange(fallback, today) } };
  const errors: PeriodErrors = {};
  if (from !== '' && !isIsoDate(from)) errors.from = 'date';
  if (to !== '' && !isIsoDate(to)) errors.to = 'date';
  if (!errors.from && !errors.to && from !== '' && to !== '' && to < from) errors.to = 'to_before_from';
  const value: ResolvedPeriod = { period: 'custom', from: from === '' ? null : from, to: to === '' ? null : to };
  if (errors.from || errors.to) return { ok: false, errors, value };
  return { ok: true, value };
}
