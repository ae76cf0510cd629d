import type { Client, StaffUser } from '../../src/db/schema.js';
import type { ClientPosition } from '../../src/ledger/ledger.js';
import type { PaymentRow } from '../../src/payments/queries.js';
import type { Ui } from '../../src/web/ui.js';
import { ClientFrame, type ClientNav } from '../clients/client-frame.js';
import { Money } from '../components/money.js';
import { Pager } from '../components/pager.js';
import { PaymentsTable } from './payments-table.js';

/** /clients/:id/payments: the client's standing (due, overdue, credit) and its payments, newest first. */
export function ClientPaymentsTab(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  balances: ClientPosition;
  rows: PaymentRow[];
  page: number;
  hasNext: boolean;
}) {
  const { t } = props.ui;
  const { client, balances } = props;
  return (
    <ClientFrame ui={props.ui} staff={props.staff} client={client} tab="payments" nav={props.nav}>
      <section class="tiles" aria-label={t('payments:title')}>
        <div class="tile"><h2>{t('payments:client_tab.amount_due')}</h2><p class="figure"><Money ui={props.ui} minor={balances.amountDue} currency={client.currency} /></p></div>
        <div class="tile"><h2>{t('payments:client_tab.overdue')}</h2><p class="figure"><Money ui={props.ui} minor={balances.overdue} currency={client.currency} /></p></div>
        <div class="tile"><h2>{t('payments:client_tab.credit')}</h2><p class="figure"><Money ui={props.ui} minor={balances.credit} currency={client.currency} /></p></div>
      </section>
      <p class="actions">
        <a class="button primary" href={`/payments/new?client_id=${client.id}`}>{t('payments:client_tab.record')}</a>
      </p>
      {props.rows.length === 0 ? <p class="empty">{t('payments:none')}</p> : <PaymentsTable ui={props.ui} rows={props.rows} showClient={false} />}
      <Pager ui={props.ui} page={props.page} hasNext={props.hasNext} href={(p) => `/clients/${client.id}/payments${p > 1 ? `?page=${p}` : ''}`} />
    </ClientFrame>
  );
}
