import { describe, expect, it } from 'vitest';
import {
  allowedColumns, listHref, pageCount, parseColumns, parseListState, parseSort, portalStatus, resolveColumns, sortHref, type ListContext, type PortalListName,
} from '../../src/portal/lists.js';

const ctx: ListContext = { today: '2026-11-21', currency: 'EUR', balances: true, projectIds: [7] };

function parse(list: PortalListName, query: string, c: ListContext = ctx) {
  const params = new URLSearchParams(query);
  return parseListState(list, (n) => params.get(n) ?? undefined, (n) => params.getAll(n), c);
}

describe('reading a portal list from its query string', () => {
  it('shows everything, newest first, on page 1 by default', () => {
    const { state, errors } = parse('invoices', '');
    expect(errors).toEqual({});
    expect(state).toMatchObject({ period: 'all', from: null, to: null, status: '', project: null, min: null, max: null, q: '', page: 1, cols: null });
    expect(state.sort).toEqual({ key: 'issue_date', desc: true });
  });

  it('turns a named period into its dates', () => {
    const { state } = parse('invoices', 'period=last_year');
    expect(state).toMatchObject({ period: 'last_year', from: '2025-01-01', to: '2025-12-31' });
  });

  it('takes a custom range and refuses an end before the start', () => {
    expect(parse('invoices', 'period=custom&from=2026-02-01&to=2026-02-28').state).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    const bad = parse('invoices', 'period=custom&from=2026-03-01&to=2026-02-01');
    expect(bad.errors.to).toBe('portal_docs:errors.to_before_from');
    expect(bad.state.to).toBeNull();
    expect(parse('invoices', 'period=custom&from=31/12/2026').errors.from).toBe('portal_docs:errors.date');
    expect(parse('invoices', 'period=forever').errors.period).toBe('portal_docs:errors.period');
  });

  it('reads amounts typed in major units, in either convention', () => {
    expect(parse('invoices', 'min=100&max=1.234,56').state).toMatchObject({ min: 10000, max: 123456, minText: '100', maxText: '1.234,56' });
    expect(parse('invoices', 'min=12.5').state.min).toBe(1250);
  });

  it('refuses amounts that are not amounts, negative, or a range upside down', () => {
    expect(parse('invoices', 'min=abc').errors.min).toBe('portal_docs:errors.amount');
    expect(parse('invoices', 'max=-5').errors.max).toBe('portal_docs:errors.amount');
    const upside = parse('invoices', 'min=500&max=100');
    expect(upside.errors.max).toBe('portal_docs:errors.max_below_min');
    expect(upside.state.max).toBeNull();
  });

  it('accepts only the statuses and projects offered', () => {
    expect(parse('invoices', 'status=overdue').state.status).toBe('overdue');
    expect(parse('invoices', 'status=draft').errors.status).toBe('portal_docs:errors.choice');
    expect(parse('estimates', 'status=expired').state.status).toBe('expired');
    expect(parse('estimates', 'status=converted').errors.status).toBeDefined();
    expect(parse('invoices', 'project=7').state.project).toBe(7);
    expect(parse('invoices', 'project=8').errors.project).toBe('portal_docs:errors.choice');
  });

  it('falls back to the default sort and page for anything else', () => {
    expect(parse('invoices', 'sort=-total').state.sort).toEqual({ key: 'total', desc: true });
    expect(parse('invoices', 'sort=client_id').state.sort).toEqual({ key: 'issue_date', desc: true });
    expect(parse('invoices', 'page=0').state.page).toBe(1);
    expect(parse('invoices', 'page=abc').state.page).toBe(1);
    expect(parse('invoices', 'page=3').state.page).toBe(3);
  });

  it('does not sort by balance when balances are hidden', () => {
    expect(parseSort('invoices', 'balance', true)).toEqual({ key: 'balance', desc: false });
    expect(parseSort('invoices', 'balance', false)).toEqual({ key: 'issue_date', desc: true });
  });

  it('keeps the number search short and trimmed', () => {
    expect(parse('invoices', `q=${' 0042 '}`).state.q).toBe('0042');
    expect(parse('invoices', `q=${'x'.repeat(500)}`).state.q).toHaveLength(60);
  });
});

describe('columns', () => {
  it('reads columns written either way, allow-listed and in display order', () => {
    expect(parseColumns('invoices', ['total,issue_date', 'client_id'], true)).toEqual(['issue_date', 'total']);
    expect(parseColumns('invoices', ['total', 'balance'], false)).toEqual(['total']);
  });

  it('prefers the URL, then the remembered choice, then the default', () => {
    expect(resolveColumns('invoices', ['total'], ['due_date'], true)).toEqual(['total']);
    expect(resolveColumns('invoices', null, ['due_date', 'paid'], true)).toEqual(['due_date', 'paid']);
    expect(resolveColumns('invoices', null, ['due_date', 'paid'], false)).toEqual(['due_date']);
    expect(resolveColumns('invoices', null, 'junk', true)).toEqual(['issue_date', 'due_date', 'total', 'paid', 'balance', 'status']);
    expect(resolveColumns('invoices', null, null, false)).toEqual(['issue_date', 'due_date', 'total', 'status']);
  });

  it('never offers balance columns when balances are hidden', () => {
    expect(allowedColumns('invoices', false)).not.toContain('balance');
    expect(allowedColumns('credit_notes', false)).not.toContain('remaining');
  });
});

describe('writing a list state back into a link', () => {
  it('leaves defaults out and keeps what was asked', () => {
    expect(listHref('/portal', 'invoices', parse('invoices', '').state)).toBe('/portal/invoices');
    const { state } = parse('invoices', 'period=custom&from=2026-01-01&status=paid&min=100&q=INV&sort=-total&page=2&cols=total');
    expect(listHref('/portal', 'invoices', state)).toBe('/portal/invoices?period=custom&from=2026-01-01&status=paid&min=100&q=INV&sort=-total&page=2&cols=total');
    expect(listHref('/preview/3/4', 'invoices', state, { page: 1 }, { cols: false })).toBe('/preview/3/4/invoices?period=custom&from=2026-01-01&status=paid&min=100&q=INV&sort=-total');
  });

  it('sorts a column header from page 1, flipping the direction on the current sort', () => {
    const { state } = parse('invoices', 'page=3');
    expect(sortHref('/portal', 'invoices', state, 'total')).toBe('/portal/invoices?sort=-total');
    expect(sortHref('/portal', 'invoices', state, 'issue_date')).toBe('/portal/invoices?sort=issue_date');
    expect(sortHref('/portal', 'invoices', state, 'number')).toBe('/portal/invoices?sort=number');
  });

  it('counts pages of 25', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(25)).toBe(1);
    expect(pageCount(26)).toBe(2);
    expect(pageCount(1000)).toBe(40);
  });
});

describe('statuses in the portal', () => {
  const inv = { status: 'issued' as const, total: 10000, due_date: '2026-11-01', valid_until: null, issue_date: '2026-10-01' };
  it('shows invoices as issued, partially paid, paid or void, and flags overdue ones', () => {
    expect(portalStatus('invoice', inv, 10000, '2026-11-21')).toEqual({ status: 'issued', overdue: true });
    expect(portalStatus('invoice', inv, 4000, '2026-10-21')).toEqual({ status: 'partially_paid', overdue: false });
    expect(portalStatus('invoice', inv, 0, '2026-11-21')).toEqual({ status: 'paid', overdue: false });
    expect(portalStatus('invoice', { ...inv, status: 'void' }, 0, '2026-11-21')).toEqual({ status: 'void', overdue: false });
  });

  it('shows a converted estimate as accepted and a late one as expired', () => {
    const est = { status: 'sent' as const, total: 1, due_date: null, valid_until: '2026-11-20', issue_date: '2026-10-01' };
    expect(portalStatus('estimate', est, 0, '2026-11-21').status).toBe('expired');
    expect(portalStatus('estimate', est, 0, '2026-11-20').status).toBe('sent');
    expect(portalStatus('estimate', { ...est, status: 'converted' }, 0, '2026-11-21').status).toBe('accepted');
  });
});
