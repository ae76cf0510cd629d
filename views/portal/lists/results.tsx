import type { Child } from 'hono/jsx';
import type { PortalAllocation, PortalPaymentRow } from '../../../src/portal/list-queries.js';
import { LIST_SPECS, listHref, pageCount, PAGE_SIZE, sortHref, type PortalListName } from '../../../src/portal/lists.js';
import type { Ui } from '../../../src/web/ui.js';
import { DateText, Money } from '../../components/money.js';
import { PortalStatusBadge } from './status-badge.js';
import { LIST_REGION_ID, type PortalDocumentItem, type PortalListView } from './types.js';

/** A link inside the list region: a plain link without JavaScript, an htmx swap (with the URL pushed) with it. */
function ListLink(props: { href: string; children: Child; rel?: string }) {
  return (
    <a href={props.href} rel={props.rel} hx-get={props.href} hx-target={`#${LIST_REGION_ID}`} hx-swap="outerHTML" hx-push-url="true">
      {props.children}
    </a>
  );
}

/** The first column: the document number (payments: the date), always shown and linking to the page. */
const FIXED: Record<PortalListName, 'number' | 'date'> = { invoices: 'number', estimates: 'number', credit_notes: 'number', payments: 'date' };

function HeaderCell(props: PortalListView & { col: string }) {
  const { ui, col, state } = props;
  const label = ui.t(`portal_docs:columns.${col}`);
  const numeric = ['total', 'paid', 'balance', 'remaining', 'amount'].includes(col);
  const active = state.sort.key === col;
  const ariaSort = active ? (state.sort.desc ? 'descending' : 'ascending') : undefined;
  if (!props.sorts.includes(col)) return <th scope="col" class={numeric ? 'num' : undefined}>{label}</th>;
  return (
    <th scope="col" class={numeric ? 'num' : undefined} aria-sort={ariaSort}>
      <ListLink href={sortHref(props.portal.base, props.list, state, col)}>
        {label}
        {active ? <span aria-hidden="true">{state.sort.desc ? ' ▼' : ' ▲'}</span> : null}
        <span class="visually-hidden">{ui.t('portal_docs:list.sort_by')}</span>
      </ListLink>
    </th>
  );
}

function documentCell(props: PortalListView, col: string, r: PortalDocumentItem): Child {
  const { ui } = props;
  const dash = '—';
  const counts = r.status !== 'void';
  switch (col) {
    case 'issue_date':
      return <DateText ui={ui} date={r.issue_date} />;
    case 'due_date':
      return <DateText ui={ui} date={r.due_date} />;
    case 'valid_until':
      return <DateText ui={ui} date={r.valid_until} />;
    case 'project':
      return r.project_name ?? dash;
    case 'total':
      return <Money ui={ui} minor={r.total} currency={r.currency} />;
    case 'paid':
      return counts ? <Money ui={ui} minor={r.settled} currency={r.currency} /> : dash;
    case 'balance':
      return counts ? <Money ui={ui} minor={r.balance} currency={r.currency} /> : dash;
    case 'remaining':
      return counts ? <Money ui={ui} minor={r.remaining} currency={r.currency} /> : dash;
    case 'invoice':
      if (r.invoice_id === null) return dash;
      return props.invoiceLinks
        ? <a href={`${props.portal.base}/invoices/${r.invoice_id}`}>{r.invoice_number ?? dash}</a>
        : (r.invoice_number ?? dash);
    case 'status':
      return <PortalStatusBadge ui={ui} status={r.shown} overdue={r.overdue} />;
    default:
      return dash;
  }
}

function paymentCell(props: PortalListView, col: string, r: PortalPaymentRow, allocations: PortalAllocation[]): Child {
  const { ui } = props;
  switch (col) {
    case 'method':
      return ui.t(`portal_docs:methods.${r.method}`);
    case 'reference':
      return r.reference ?? '—';
    case 'amount':
      return <Money ui={ui} minor={r.amount} currency={r.currency} />;
    case 'invoices':
      if (allocations.length === 0) return '—';
      return (
        <span class="invoice-numbers">
          {allocations.map((a, i) => (
            <>
              {i > 0 ? ', ' : ''}
              {props.invoiceLinks ? <a href={`${props.portal.base}/invoices/${a.invoice_id}`}>{a.invoice_number ?? '—'}</a> : (a.invoice_number ?? '—')}
            </>
          ))}
        </span>
      );
    default:
      return '—';
  }
}

const countFormats = new Map<string, Intl.NumberFormat>();

// "1,000 invoices" / "1.000 τιμολόγια": one formatter per locale, made once.
function countFormat(locale: string): Intl.NumberFormat {
  let f = countFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale);
    countFormats.set(locale, f);
  }
  return f;
}

const NUMERIC = new Set(['total', 'paid', 'balance', 'remaining', 'amount']);

function Rows(props: PortalListView) {
  const { ui, data } = props;
  const { t } = ui;
  const fixedLabel = t(`portal_docs:columns.${FIXED[props.list]}`);
  // Labels and classes once per column, not once per cell: lists are hot pages.
  const cols = props.columns.map((col) => ({ col, label: t(`portal_docs:columns.${col}`), cls: NUMERIC.has(col) ? 'num' : undefined }));
  if (data.list === 'payments') {
    return (
      <tbody>
        {data.rows.map((r) => {
          const allocations = data.allocations.get(r.id) ?? [];
          return (
            <tr>
              <td data-label={fixedLabel}><a href={`${props.portal.base}/payments/${r.id}`}><DateText ui={ui} date={r.date} /></a></td>
              {cols.map((c) => <td class={c.cls} data-label={c.label}>{paymentCell(props, c.col, r, allocations)}</td>)}
            </tr>
          );
        })}
      </tbody>
    );
  }
  const path = LIST_SPECS[props.list].path;
  return (
    <tbody>
      {data.rows.map((r) => (
        <tr class={r.overdue ? 'overdue' : undefined}>
          <td class="doc-number" data-label={fixedLabel}><a href={`${props.portal.base}${path}/${r.id}`}>{r.number ?? '—'}</a></td>
          {cols.map((c) => <td class={c.cls} data-label={c.label}>{documentCell(props, c.col, r)}</td>)}
        </tr>
      ))}
    </tbody>
  );
}

function hasFilters(props: PortalListView): boolean {
  const s = props.state;
  return s.period !== 'all' || s.status !== '' || s.project !== null || s.min !== null || s.max !== null || s.q !== '';
}

/** Previous/next links with the page number and the number of pages. */
function ListPager(props: PortalListView) {
  const { ui, state, total } = props;
  const pages = pageCount(total);
  if (pages <= 1) return null;
  const href = (page: number) => listHref(props.portal.base, props.list, state, { page });
  return (
    <nav class="pager no-print" aria-label={ui.t('portal_docs:list.pages')}>
      {state.page > 1 ? <ListLink href={href(Math.min(state.page - 1, pages))} rel="prev">{ui.t('portal_docs:list.previous')}</ListLink> : <span />}
      <span>{ui.t('portal_docs:list.page_of', { page: state.page, pages })}</span>
      {state.page < pages ? <ListLink href={href(state.page + 1)} rel="next">{ui.t('portal_docs:list.next')}</ListLink> : <span />}
    </nav>
  );
}

/** The results: how many match, the table (cards on a phone), paging; or an empty state that says what to do. */
export function ListResults(props: PortalListView) {
  const { ui, list, total, state } = props;
  const { t } = ui;
  const shownRows = props.data.rows.length;
  if (shownRows === 0) {
    const filtered = hasFilters(props);
    const clear = props.portal.base + LIST_SPECS[list].path;
    return (
      <div class="list-results">
        {filtered || total > 0 ? (
          <p class="empty">
            {t(`portal_docs:lists.${list}.none_match`)}{' '}
            <ListLink href={clear}>{t('portal_docs:filters.clear')}</ListLink>
          </p>
        ) : (
          <p class="empty">{t(`portal_docs:lists.${list}.none_yet`, { firm: props.portal.firmName })}</p>
        )}
      </div>
    );
  }
  const first = (state.page - 1) * PAGE_SIZE + 1;
  return (
    <div class="list-results">
      <p class="list-count" role="status">
        {t(`portal_docs:lists.${list}.count`, { count: total, n: countFormat(ui.locale).format(total) })}
        {total > shownRows ? ` · ${t('portal_docs:list.showing', { first, last: first + shownRows - 1 })}` : ''}
      </p>
      <table class="responsive portal-table">
        <caption class="visually-hidden">{t(`portal_docs:lists.${list}.title`)}</caption>
        <thead>
          <tr>
            <HeaderCell {...props} col={FIXED[list]} />
            {props.columns.map((col) => <HeaderCell {...props} col={col} />)}
          </tr>
        </thead>
        <Rows {...props} />
      </table>
      <ListPager {...props} />
    </div>
  );
}
