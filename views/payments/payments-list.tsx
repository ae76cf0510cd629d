import type { StaffUser } from '../../src/db/schema.js';
import type { PaymentRow } from '../../src/payments/queries.js';
import type { Ui } from '../../src/web/ui.js';
import { ErrorSummary, Field, Select, type FieldErrors } from '../components/form.js';
import { Pager } from '../components/pager.js';
import { StaffLayout } from '../layouts/staff.js';
import { PeriodFields, type PeriodValues } from '../statement/period-fields.js';
import { methodOptions, PaymentsTable } from './payments-table.js';

/** The list's state as it sits in the query string. */
export interface PaymentsListQuery extends PeriodValues {
  q: string;
  method: string;
  page: number;
}

/** The query string of the list for a page (empty values left out). */
export function paymentsListHref(query: PaymentsListQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.method) params.set('method', query.method);
  if (query.period !== 'all') params.set('period', query.period);
  if (query.period === 'custom' && query.from) params.set('from', query.from);
  if (query.period === 'custom' && query.to) params.set('to', query.to);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `/payments?${qs}` : '/payments';
}

/** The swappable part of /payments: filters, table and pager. */
export function PaymentsListSection(props: { ui: Ui; query: PaymentsListQuery; rows: PaymentRow[]; hasNext: boolean; errors: FieldErrors }) {
  const { t } = props.ui;
  const { query } = props;
  const filtered = query.q !== '' || query.method !== '' || query.period !== 'all';
  return (
    <section id="payments-list">
      <form method="get" action="/payments" class="toolbar" role="search" hx-get="/payments" hx-target="#payments-list" hx-swap="outerHTML" hx-push-url="true">
        <Field ui={props.ui} name="q" type="search" label={t('payments:fields.q')} value={query.q} errors={props.errors} />
        <Select ui={props.ui} name="method" label={t('payments:fields.method')} value={query.method} errors={props.errors} empty={t('payments:methods.all')} options={methodOptions(props.ui)} />
        <PeriodFields ui={props.ui} values={query} errors={props.errors} />
        <button type="submit" class="secondary">{t('payments:filter')}</button>
        {filtered ? <a href="/payments">{t('payments:clear_filters')}</a> : null}
      </form>
      <ErrorSummary ui={props.ui} errors={props.errors} />
      {props.rows.length === 0 ? (
        <p class="empty">{filtered ? t('payments:none_found') : t('payments:none')}</p>
      ) : (
        <PaymentsTable ui={props.ui} rows={props.rows} showClient />
      )}
      <Pager ui={props.ui} page={query.page} hasNext={props.hasNext} href={(p) => paymentsListHref(query, p)} />
    </section>
  );
}

/** /payments: every payment, newest first, with filters. */
export function PaymentsListPage(props: { ui: Ui; staff: StaffUser; query: PaymentsListQuery; rows: PaymentRow[]; hasNext: boolean; errors: FieldErrors }) {
  const { t } = props.ui;
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={t('payments:title')} section="payments">
      <h1>{t('payments:title')}</h1>
      <p class="actions">
        <a class="button primary" href="/payments/new">{t('payments:record')}</a>
      </p>
      <PaymentsListSection ui={props.ui} query={props.query} rows={props.rows} hasNext={props.hasNext} errors={props.errors} />
    </StaffLayout>
  );
}
