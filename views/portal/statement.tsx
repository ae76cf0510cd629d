import type { Statement, StatementLine } from '../../src/ledger/ledger.js';
import type { PortalView } from '../../src/portal/context.js';
import type { Ui } from '../../src/web/ui.js';
import { ErrorSummary, type FieldErrors } from '../components/form.js';
import { PortalLayout } from '../layouts/portal.js';
import { PeriodFields, periodLabel, type PeriodValues } from '../statement/period-fields.js';

/** Which statement references may link to the client's document pages (their types are visible). */
export interface StatementLinks { invoices: boolean; creditNotes: boolean; payments: boolean }

/** What the portal statement shows. */
export interface PortalStatementProps {
  ui: Ui;
  portal: PortalView;
  values: PeriodValues;
  errors: FieldErrors;
  /** A message over the form when the request could not be read (bad dates, unknown format). */
  message?: string | null;
  /** Null when the period could not be read. */
  statement: Statement | null;
  links: StatementLinks;
  /** Query string of the shown period (without format), for the export links. */
  query: string;
}

function lineHref(base: string, line: StatementLine, links: StatementLinks): string | null {
  if (line.type === 'invoice' && links.invoices) return `${base}/invoices/${line.id}`;
  if (line.type === 'credit_note' && links.creditNotes) return `${base}/credit-notes/${line.id}`;
  if (line.type === 'payment' && links.payments) return `${base}/payments/${line.id}`;
  return null;
}

/**
 * The statement table: opening balance, each entry with its running balance, totals, closing
 * balance. A year can hold hundreds of rows, so labels and formats are worked out once per
 * render and rows are plain elements (no per-cell components or translations).
 */
export function PortalStatementTable(props: { ui: Ui; base: string; statement: Statement; currency: string; links: StatementLinks }) {
  const { ui, statement, currency } = props;
  const { t } = ui;
  const label = {
    date: t('statement:columns.date'),
    type: t('statement:columns.type'),
    reference: t('statement:columns.reference'),
    debit: t('statement:columns.debit'),
    credit: t('statement:columns.credit'),
    balance: t('statement:columns.balance'),
    opening: t('statement:opening'),
    closing: t('statement:closing'),
  };
  const types: Record<StatementLine['type'], string> = {
    invoice: t('statement:types.invoice'),
    payment: t('statement:types.payment'),
    credit_note: t('statement:types.credit_note'),
    refund: t('statement:types.refund'),
  };
  const dates = new Map<string, string>();
  const date = (iso: string | null) => {
    if (!iso) return <span>—</span>;
    let text = dates.get(iso);
    if (text === undefined) {
      text = ui.date(iso);
      dates.set(iso, text);
    }
    return <time datetime={iso}>{text}</time>;
  };
  const money = (minor: number) => <span class={minor < 0 ? 'money negative' : 'money'}>{ui.money(minor, currency)}</span>;
  return (
    <table class="responsive statement">
      <caption class="visually-hidden">{t('portal_statement:title')}</caption>
      <thead>
        <tr>
          <th scope="col">{label.date}</th>
          <th scope="col">{label.type}</th>
          <th scope="col">{label.reference}</th>
          <th scope="col" class="num">{label.debit}</th>
          <th scope="col" class="num">{label.credit}</th>
          <th scope="col" class="num">{label.balance}</th>
        </tr>
      </thead>
      <tbody>
        <tr class="opening">
          <td data-label={label.date}>{date(statement.from)}</td>
          <th scope="row" colspan={4}>{label.opening}</th>
          <td class="num" data-label={label.opening}>{money(statement.openingBalance)}</td>
        </tr>
        {statement.lines.length === 0 ? (
          <tr>
            <td colspan={6} class="empty">{t('statement:no_lines')}</td>
          </tr>
        ) : null}
        {statement.lines.map((line) => {
          const href = lineHref(props.base, line, props.links);
          return (
            <tr>
              <td data-label={label.date}>{date(line.date)}</td>
              <td data-label={label.type}>{types[line.type]}</td>
              <td data-label={label.reference}>{href ? <a href={href}>{line.reference}</a> : line.reference}</td>
              <td class="num" data-label={label.debit}>{line.debit ? money(line.debit) : null}</td>
              <td class="num" data-label={label.credit}>{line.credit ? money(line.credit) : null}</td>
              <td class="num" data-label={label.balance}>{money(line.balance)}</td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan={3}>{t('statement:totals')}</th>
          <td class="num" data-label={label.debit}>{money(statement.totalDebit)}</td>
          <td class="num" data-label={label.credit}>{money(statement.totalCredit)}</td>
          <td></td>
        </tr>
        <tr class="closing">
          <td data-label={label.date}>{date(statement.to)}</td>
          <th scope="row" colspan={4}>{label.closing}</th>
          <td class="num" data-label={label.closing}>{money(statement.closingBalance)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** The swappable part of the statement page: period control, exports and table (htmx replaces it whole). */
export function PortalStatementSection(props: PortalStatementProps) {
  const { ui, portal, statement } = props;
  const { t } = ui;
  const action = `${portal.base}/statement`;
  const exportHref = (format: 'xlsx' | 'pdf') => `${action}?${props.query ? `${props.query}&` : ''}format=${format}`;
  return (
    <section id="statement" aria-labelledby="statement-title">
      <form method="get" action={action} class="toolbar period-control" hx-get={action} hx-target="#statement" hx-swap="outerHTML" hx-push-url="true">
        <PeriodFields ui={ui} values={props.values} errors={props.errors} />
        <button type="submit" class="secondary">{t('statement:period.show')}</button>
      </form>
      <p class="hint">{t('statement:period.dates_hint')}</p>
      <ErrorSummary ui={ui} errors={props.errors} message={props.message ?? null} />
      <h2 id="statement-title">
        {t('portal_statement:title')}
        {statement ? <> · {periodLabel(ui, statement.from, statement.to)}</> : null}
      </h2>
      {statement ? (
        <>
          <p class="actions statement-exports">
            <a class="button secondary" href={exportHref('xlsx')} download>{t('portal_statement:export_xlsx')}</a>{' '}
            <a class="button secondary" href={exportHref('pdf')} download>{t('portal_statement:export_pdf')}</a>
          </p>
          <PortalStatementTable ui={ui} base={portal.base} statement={statement} currency={portal.client.currency} links={props.links} />
          <p class="hint">{t('portal_statement:balance_hint')}</p>
        </>
      ) : null}
    </section>
  );
}

/** <base>/statement: the client's account history for a period, with XLSX and PDF exports. */
export function PortalStatementPage(props: PortalStatementProps) {
  const { t } = props.ui;
  return (
    <PortalLayout ui={props.ui} portal={props.portal} title={t('portal_statement:title')} section="statement">
      <h1>{t('portal_statement:title')}</h1>
      <p>{t('portal_statement:intro', { client: props.portal.client.name })}</p>
      <PortalStatementSection {...props} />
    </PortalLayout>
  );
}
