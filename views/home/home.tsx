import type { EventRow, StaffUser } from '../../src/db/schema.js';
import type { FirmPosition } from '../../src/ledger/queries.js';
import type { Ui } from '../../src/web/ui.js';
import { EventList } from '../components/events.js';
import { Money } from '../components/money.js';
import { StaffLayout } from '../layouts/staff.js';

/** Staff home: receivables per currency and the latest activity. */
export function HomePage(props: { ui: Ui; staff: StaffUser; position: FirmPosition[]; events: Array<EventRow & { client_name: string | null }> }) {
  const { t } = props.ui;
  const several = props.position.length > 1;
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={t('home:title')} section="home">
      <h1>{t('home:title')}</h1>
      <section class="receivables" aria-label={t('home:receivables')}>
        {props.position.length === 0 ? <p class="empty">{t('home:nothing_owed')}</p> : null}
        {/* One row of tiles per currency; with several, each tile says which currency it counts. */}
        {props.position.map((p) => {
          const heading = (key: string) => (several ? t('home:in_currency', { label: t(key), currency: p.currency }) : t(key));
          return (
            <div class="tiles">
              <div class="tile"><h2>{heading('home:amount_due')}</h2><p class="figure"><Money ui={props.ui} minor={p.amountDue} currency={p.currency} /></p></div>
              <div class="tile"><h2>{heading('home:overdue')}</h2><p class="figure"><Money ui={props.ui} minor={p.overdue} currency={p.currency} /></p></div>
              <div class="tile"><h2>{heading('home:credit')}</h2><p class="figure"><Money ui={props.ui} minor={p.credit} currency={p.currency} /></p></div>
            </div>
          );
        })}
      </section>
      <p class="actions">
        <a class="button primary" href="/clients/new">{t('home:new_client')}</a>
        <a class="button" href="/invoices/new">{t('home:new_invoice')}</a>
        <a class="button" href="/payments/new">{t('home:record_payment')}</a>
      </p>
      <section>
        <h2>{t('home:recent')}</h2>
        <EventList ui={props.ui} events={props.events} showClient />
      </section>
    </StaffLayout>
  );
}
