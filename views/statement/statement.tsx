import type { Client, StaffUser } from '../../src/db/schema.js';
import type { Statement, StatementLine } from '../../src/ledger/ledger.js';
import type { Ui } from '../../src/web/ui.js';
import { ClientFrame, type ClientNav } from '../clients/client-frame.js';
import { ErrorSummary, type FieldErrors } from '../components/form.js';
import { DateText, Money } from '../components/money.js';
import { PeriodFields, periodLabel, type PeriodValues } from './period-fields.js';

/** Where a statement line's reference leads on staff pages (refunds have no page of their own). */
function lineHref(line: StatementLine): string | null {
  switch (line.type) {
    case 'invoice':
      return `/invoices/${line.id}`;
    case 'credit_note':
      return `/credit-notes/${line.id}`;
    case 'payment':
      return `/payments/${line.id}`;
    case 'refund':
      return null;
  }
}

/** The statement table: opening balance, each entry with the running balance, totals, closing balance. */
export function StatementTable(props: { ui: Ui; statement: Statement; currency: string }) {
  const { t } = props.ui;
  const { statement, currency } = props;
  const money = (minor: number) => <Money ui={props.ui} minor={minor} currency={currency} />;
  return (
    <table class="responsive statement">
      <caption class="visually-hidden">{t('statement:title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('statement:columns.date')}</th>
          <th scope="col">{t('statement:columns.type')}</th>
          <th scope="col">{t('statement:columns.reference')}</th>
          <th scope="col" class="num">{t('statement:columns.debit')}</th>
          <th scope="col" class="num">{t('statement:columns.credit')}</th>
          <th scope="col" class="num">{t('statement:columns.balance')}</th>
        </tr>
      </thead>
      <tbody>
        <tr class="opening">
          <td data-label={t('statement:columns.date')}><DateText ui={props.ui} date={statement.from} /></td>
          <th scope="row" colspan={4}>{t('statement:opening')}</th>
          <td class="num" data-label={t('statement:opening')}>{money(statement.openingBalance)}</td>
        </tr>
        {statement.lines.length === 0 ? (
          <tr>
            <td colspan={6} class="empty">{t('statement:no_lines')}</td>
          </tr>
        ) : null}
        {statement.lines.map((line) => {
          const href = lineHref(line);
          return (
            <tr>
              <td data-label={t('statement:columns.date')}><DateText ui={props.ui} date={line.date} /></td>
              <td data-label={t('statement:columns.type')}>{t(`statement:types.${line.type}`)}</td>
              <td data-label={t('statement:columns.reference')}>{href ? <a href={href}>{line.reference}</a> : line.reference}</td>
              <td class="num" data-label={t('statement:columns.debit')}>{line.debit ? money(line.debit) : null}</td>
              <td class="num" data-label={t('statement:columns.credit')}>{line.credit ? money(line.credit) : null}</td>
              <td class="num" data-label={t('statement:columns.balance')}>{money(line.balance)}</td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan={3}>{t('statement:totals')}</th>
          <td class="num" data-label={t('statement:columns.debit')}>{money(statement.totalDebit)}</td>
          <td class="num" data-label={t('statement:columns.credit')}>{money(statement.totalCredit)}</td>
          <td></td>
        </tr>
        <tr class="closing">
          <td data-label={t('statement:columns.date')}><DateText ui={props.ui} date={statement.to} /></td>
          <th scope="row" colspan={4}>{t('statement:closing')}</th>
          <td class="num" data-label={t('statement:closing')}>{money(statement.closingBalance)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** The swappable part of the statement tab: period control and table (htmx replaces it whole). */
export function StatementSection(props: { ui: Ui; clientId: number; currency: string; values: PeriodValues; errors: FieldErrors; statement: Statement | null }) {
  const { t } = props.ui;
  const action = `/clients/${props.clientId}/statement`;
  return (
    <section id="statement" aria-labelledby="statement-title">
      <form method="get" action={action} class="toolbar period-control" hx-get={action} hx-target="#statement" hx-swap="outerHTML" hx-push-url="true">
        <PeriodFields ui={props.ui} values={props.values} errors={props.errors} />
        <button type="submit" class="secondary">{t('statement:period.show')}</button>
      </form>
      <p class="hint">{t('statement:period.dates_hint')}</p>
      <ErrorSummary ui={props.ui} errors={props.errors} />
      <h2 id="statement-title">
        {t('statement:title')}
        {props.statement ? <> · {periodLabel(props.ui, props.statement.from, props.statement.to)}</> : null}
      </h2>
      {props.statement ? (
        <>
          <StatementTable ui={props.ui} statement={props.statement} currency={props.currency} />
          <p class="hint">{t('statement:balance_hint')}</p>
          <p class="actions">
            <a class="button" href={`${action}/email?${new URLSearchParams({ period: props.values.period, from: props.values.from, to: props.values.to }).toString()}`}>{t('document_mail:actions.email_statement')}</a>
          </p>
        </>
      ) : null}
    </section>
  );
}

/** /clients/:id/statement: the client's account history for a period. */
export function ClientStatementTab(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  values: PeriodValues;
  errors: FieldErrors;
  statement: Statement | null;
}) {
  return (
    <ClientFrame ui={props.ui} staff={props.staff} client={props.client} tab="statement" nav={props.nav}>
      <StatementSection ui={props.ui} clientId={props.client.id} currency={props.client.currency} values={props.values} errors={props.errors} statement={props.statement} />
    </ClientFrame>
  );
}
