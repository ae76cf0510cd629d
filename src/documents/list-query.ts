// The state of a document list (filters and page) as it lives in the query string. Pure.

import type { DocumentKind } from '../db/schema.js';
import { isIsoDate, periodRange, type Period } from '../ledger/ledger.js';
import { isStatusFilter } from './kinds.js';

/** Named periods offered on lists. */
export const PERIODS: readonly Period[] = ['this_month', 'last_month', 'this_quarter', 'this_year', 'last_year', 'all'];

/** Filters and page of a list; unknown or malformed values are dropped, never an error. */
export interface ListQuery {
  status: string;
  q: string;
  period: Period | '';
  from: string;
  to: string;
  page: number;
}

/** Reads a list's state from query parameters. */
export function parseListQuery(kind: DocumentKind, get: (name: string) => string | undefined): ListQuery {
  const status = get('status') ?? '';
  const period = get('period') ?? '';
  const date = (name: string): string => {
    const v = (get(name) ?? '').trim();
    return isIsoDate(v) ? v : '';
  };
  const pageText = get('page') ?? '';
  return {
    status: isStatusFilter(kind, status) ? status : '',
    q: (get('q') ?? '').trim().slice(0, 200),
    period: (PERIODS as readonly string[]).includes(period) ? (period as Period) : '',
    from: date('from'),
    to: date('to'),
    page: /^[1-9]\d{0,5}$/.test(pageText) ? Number(pageText) : 1,
  };
}

/** The issue-date bounds a list filters on: a named period wins over from/to. */
export function listRange(q: ListQuery, today: string): { from: string | null; to: string | null } {
  if (q.period) return periodRange(q.period, today);
  return { from: q.from || null, to: q.to || null };
}

/** URL of a list with its state, leaving out empty values (page 1 included). */
export function listHref(base: string, q: ListQuery, changes: Partial<ListQuery> = {}): string {
  const next = { ...q, ...changes };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.status) params.set('status', next.status);
  if (next.period) params.set('period', next.period);
  if (!next.period && next.from) params.set('from', next.from);
  if (!next.period && next.to) params.set('to', next.to);
  if (next.page > 1) params.set('page', String(next.page));
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}
