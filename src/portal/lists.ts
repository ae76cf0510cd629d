// The state of a portal list (period, filters, sort, page, columns) as it lives in the query
// string: read with allow-lists, written back without defaults. Pure: today, the currency and
// what the member may see come in as arguments.

import type { DocumentKind, DocumentLifecycle } from '../db/schema.js';
import { displayStatus } from '../documents/kinds.js';
import { parseMoneyInput, type Minor } from '../money/money.js';
import { PERIOD_CHOICES, resolvePeriod, type PeriodChoice } from '../payments/period.js';

/** The four portal lists. */
export type PortalListName = 'invoices' | 'estimates' | 'credit_notes' | 'payments';

/** Rows per page on every portal list. */
export const PAGE_SIZE = 25;

/** Longest number or reference search kept. */
const MAX_SEARCH = 60;

/** What differs between the lists: columns, sorts and status filters, all allow-listed. */
export interface ListSpec {
  /** URL path under the portal base. */
  path: '/invoices' | '/estimates' | '/credit-notes' | '/payments';
  /** The visibility key that shows the list. */
  visibility: 'invoices' | 'estimates' | 'credit_notes' | 'payments';
  /** Optional columns, in display order (the number, or the date of a payment, always shows). */
  columns: readonly string[];
  /** Columns shown until the member chooses. */
  defaultColumns: readonly string[];
  /** Columns (and sorts) that show balances: only when the firm displays them. */
  balanceColumns: readonly string[];
  /** Sort keys; '-key' sorts descending. */
  sorts: readonly string[];
  defaultSort: string;
  /** Status filters offered. */
  statuses: readonly string[];
  /** Whether the list filters by project. */
  projects: boolean;
}

/** Every list's allow-lists. */
export const LIST_SPECS: Record<PortalListName, ListSpec> = {
  invoices: {
    path: '/invoices',
    visibility: 'invoices',
    columns: ['issue_date', 'due_date', 'project', 'total', 'paid', 'balance', 'status'],
    defaultColumns: ['issue_date', 'due_date', 'total', 'paid', 'balance', 'status'],
    balanceColumns: ['paid', 'balance'],
    sorts: ['issue_date', 'due_date', 'number', 'total', 'balance'],
    defaultSort: '-issue_date',
    statuses: ['issued', 'partially_paid', 'paid', 'overdue', 'void'],
    projects: true,
  },
  estimates: {
    path: '/estimates',
    visibility: 'estimates',
    columns: ['issue_date', 'valid_until', 'project', 'total', 'status'],
    defaultColumns: ['issue_date', 'valid_until', 'total', 'status'],
    balanceColumns: [],
    sorts: ['issue_date', 'valid_until', 'number', 'total'],
    defaultSort: '-issue_date',
    statuses: ['sent', 'accepted', 'rejected', 'expired'],
    projects: true,
  },
  credit_notes: {
    path: '/credit-notes',
    visibility: 'credit_notes',
    columns: ['issue_date', 'invoice', 'project', 'total', 'remaining', 'status'],
    defaultColumns: ['issue_date', 'invoice', 'total', 'remaining', 'status'],
    balanceColumns: ['remaining'],
    sorts: ['issue_date', 'number', 'total'],
    defaultSort: '-issue_date',
    statuses: ['issued', 'void'],
    projects: true,
  },
  payments: {
    path: '/payments',
    visibility: 'payments',
    columns: ['method', 'reference', 'amount', 'invoices'],
    defaultColumns: ['method', 'reference', 'amount', 'invoices'],
    balanceColumns: [],
    sorts: ['date', 'amount'],
    defaultSort: '-date',
    statuses: [],
    projects: false,
  },
};

/** The sort a list applies: an allow-listed key and its direction. */
export interface ListSort { key: string; desc: boolean }

/** A list's state as read from the query string (bad values are reported, never applied). */
export interface ListState {
  period: PeriodChoice;
  /** Inclusive bounds of the period, null when open. */
  from: string | null;
  to: string | null;
  /** The dates as typed (shown back in the custom range inputs). */
  fromText: string;
  toText: string;
  status: string;
  project: number | null;
  min: Minor | null;
  max: Minor | null;
  /** Amounts as typed, shown back in the form. */
  minText: string;
  maxText: string;
  q: string;
  sort: ListSort;
  page: number;
  /** Columns given in the URL (they win over the remembered choice), or null. */
  cols: string[] | null;
}

/** Field errors of a list's filter form (translation keys). */
export type ListErrors = Partial<Record<'period' | 'from' | 'to' | 'status' | 'project' | 'min' | 'max', string>>;

/** What parsing needs to know beyond the query string. */
export interface ListContext {
  today: string;
  /** Currency the amount range is typed in (the client's). */
  currency: string;
  /** Whether the firm displays balances to this member (balance columns and sorts). */
  balances: boolean;
  /** Ids of projects the member may filter by. */
  projectIds: readonly number[];
}

/** Sort keys allowed for a list given whether balances are displayed. */
export function allowedSorts(list: PortalListName, balances: boolean): string[] {
  const spec = LIST_SPECS[list];
  return spec.sorts.filter((s) => balances || !spec.balanceColumns.includes(s));
}

/** Columns a member may choose for a list given whether balances are displayed. */
export function allowedColumns(list: PortalListName, balances: boolean): string[] {
  const spec = LIST_SPECS[list];
  return spec.columns.filter((c) => balances || !spec.balanceColumns.includes(c));
}

/** Reads a sort like '-issue_date'; anything not allow-listed gives the list's default. */
export function parseSort(list: PortalListName, text: string, balances: boolean): ListSort {
  const allowed = allowedSorts(list, balances);
  const desc = text.startsWith('-');
  const key = desc ? text.slice(1) : text;
  if (allowed.includes(key)) return { key, desc };
  const fallback = LIST_SPECS[list].defaultSort;
  return { key: fallback.replace(/^-/, ''), desc: fallback.startsWith('-') };
}

/** A sort written for the query string. */
export function sortText(sort: ListSort): string {
  return (sort.desc ? '-' : '') + sort.key;
}

/** Column names from query values (`cols=a,b` or repeated `cols=a&cols=b`), allow-listed, in display order. */
export function parseColumns(list: PortalListName, values: readonly string[], balances: boolean): string[] {
  const asked = new Set(values.flatMap((v) => v.split(',')).map((v) => v.trim()));
  return allowedColumns(list, balances).filter((c) => asked.has(c));
}

/**
 * The columns to show: the URL's choice wins, then the member's remembered one (a stored JSON
 * value, checked again since the firm's settings may have changed), then the list's default.
 */
export function resolveColumns(list: PortalListName, fromUrl: string[] | null, stored: unknown, balances: boolean): string[] {
  if (fromUrl !== null) return fromUrl;
  if (Array.isArray(stored) && stored.every((v): v is string => typeof v === 'string')) return parseColumns(list, stored, balances);
  return parseColumns(list, LIST_SPECS[list].defaultColumns, balances);
}

function parsePage(text: string): number {
  return /^[1-9]\d{0,5}$/.test(text) ? Number(text) : 1;
}

/**
 * Reads a list's state. `get` returns the first value of a query parameter, `getAll` every
 * value. Malformed filters come back as errors (and are not applied); an unknown sort or page
 * quietly falls back to the default, since only our own links carry them.
 */
export function parseListState(
  list: PortalListName,
  get: (name: string) => string | undefined,
  getAll: (name: string) => string[],
  ctx: ListContext,
): { state: ListState; errors: ListErrors } {
  const spec = LIST_SPECS[list];
  const errors: ListErrors = {};
  const period = resolvePeriod({ period: get('period'), from: get('from'), to: get('to') }, ctx.today, 'all');
  if (!period.ok) {
    if (period.errors.period) errors.period = 'portal_docs:errors.period';
    if (period.errors.from) errors.from = 'portal_docs:errors.date';
    if (period.errors.to) errors.to = period.errors.to === 'to_before_from' ? 'portal_docs:errors.to_before_from' : 'portal_docs:errors.date';
  }
  const range = period.ok ? period.value : { period: period.value.period, from: null, to: null };

  const statusText = (get('status') ?? '').trim();
  let status = '';
  if (statusText !== '') {
    if (spec.statuses.includes(statusText)) status = statusText;
    else errors.status = 'portal_docs:errors.choice';
  }

  const projectText = (get('project') ?? '').trim();
  let project: number | null = null;
  if (spec.projects && projectText !== '') {
    const id = /^\d{1,15}$/.test(projectText) ? Number(projectText) : NaN;
    if (ctx.projectIds.includes(id)) project = id;
    else errors.project = 'portal_docs:errors.choice';
  }

  const minText = (get('min') ?? '').trim().slice(0, 40);
  const maxText = (get('max') ?? '').trim().slice(0, 40);
  let min = minText === '' ? null : parseMoneyInput(minText, ctx.currency);
  let max = maxText === '' ? null : parseMoneyInput(maxText, ctx.currency);
  if (minText !== '' && (min === null || min < 0)) {
    errors.min = 'portal_docs:errors.amount';
    min = null;
  }
  if (maxText !== '' && (max === null || max < 0)) {
    errors.max = 'portal_docs:errors.amount';
    max = null;
  }
  if (min !== null && max !== null && max < min) {
    errors.max = 'portal_docs:errors.max_below_min';
    max = null;
  }

  const colsValues = getAll('cols');
  const state: ListState = {
    period: range.period,
    from: range.from,
    to: range.to,
    fromText: (get('from') ?? '').trim().slice(0, 20),
    toText: (get('to') ?? '').trim().slice(0, 20),
    status,
    project,
    min,
    max,
    minText,
    maxText,
    q: (get('q') ?? '').trim().slice(0, MAX_SEARCH),
    sort: parseSort(list, (get('sort') ?? '').trim(), ctx.balances),
    page: parsePage((get('page') ?? '').trim()),
    cols: colsValues.length > 0 ? parseColumns(list, colsValues, ctx.balances) : null,
  };
  return { state, errors };
}

/** The query parameters of a state, defaults left out (period 'all', default sort, page 1). */
export function listParams(list: PortalListName, state: ListState, opts: { cols?: boolean } = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (state.period !== 'all') params.set('period', state.period);
  if (state.period === 'custom') {
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
  }
  if (state.status) params.set('status', state.status);
  if (state.project !== null) params.set('project', String(state.project));
  if (state.min !== null) params.set('min', state.minText);
  if (state.max !== null) params.set('max', state.maxText);
  if (state.q) params.set('q', state.q);
  const sort = sortText(state.sort);
  if (sort !== LIST_SPECS[list].defaultSort) params.set('sort', sort);
  if (state.page > 1) params.set('page', String(state.page));
  if (opts.cols !== false && state.cols !== null) params.set('cols', state.cols.join(','));
  return params;
}

/** URL of a list in a state (`changes` applied on top), e.g. the next page or another sort. */
export function listHref(base: string, list: PortalListName, state: ListState, changes: Partial<ListState> = {}, opts: { cols?: boolean } = {}): string {
  const text = listParams(list, { ...state, ...changes }, opts).toString();
  const path = base + LIST_SPECS[list].path;
  return text ? `${path}?${text}` : path;
}

/** The link of a column header: sorts by it, or flips the direction when it already sorts by it (from page 1). */
export function sortHref(base: string, list: PortalListName, state: ListState, key: string): string {
  const desc = state.sort.key === key ? !state.sort.desc : key !== 'number';
  return listHref(base, list, state, { sort: { key, desc }, page: 1 });
}

/** Number of pages for a row count (at least 1). */
export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

/** Periods offered by the period control. */
export const LIST_PERIODS: readonly PeriodChoice[] = PERIOD_CHOICES;

/** Statuses a portal member sees: never draft; a converted estimate shows as accepted. */
export type PortalStatus = 'issued' | 'partially_paid' | 'paid' | 'void' | 'sent' | 'accepted' | 'rejected' | 'expired';

/** A document's status as the portal shows it, and whether an invoice is overdue, as of `today`. */
export function portalStatus(
  kind: DocumentKind,
  doc: { status: DocumentLifecycle; total: Minor; due_date: string | null; valid_until: string | null; issue_date: string },
  balance: Minor,
  today: string,
): { status: PortalStatus; overdue: boolean } {
  const shown = displayStatus(kind, doc, balance, today);
  switch (shown.status) {
    case 'converted':
      return { status: 'accepted', overdue: false };
    case 'draft':
      // Never listed (the queries leave drafts out); kept total for the type.
      return { status: kind === 'estimate' ? 'sent' : 'issued', overdue: false };
    default:
      return { status: shown.status, overdue: shown.overdue };
  }
}
