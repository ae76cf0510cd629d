import type { PaymentMethod } from '../../src/db/schema.js';
import type { PaymentRow } from '../../src/payments/queries.js';
import { PAYMENT_METHODS, paymentStanding, type PaymentStatus } from '../../src/payments/rules.js';
import type { Ui } from '../../src/web/ui.js';
import { DateText, Money } from '../components/money.js';

/** The payment methods as select options, in the reader's language. */
export function methodOptions(ui: Ui): Array<{ value: PaymentMethod; label: string }> {
  return PAYMENT_METHODS.map((m) => ({ value: m, label: ui.t(`payments:methods.${m}`) }));
}

/** A payment's status as a badge. */
export function PaymentStatusBadge(props: { ui: Ui; status: PaymentStatus }) {
  return <span class={props.status === 'void' ? 'badge badge-void' : 'badge badge-paid'}>{props.ui.t(`payments:status.${props.status}`)}</span>;
}

/** Payments as a table: date, client (optional), method, reference, amount, unallocated rest, status. */
export function PaymentsTable(props: { ui: Ui; rows: PaymentRow[]; showClient: boolean }) {
  const { t } = props.ui;
  return (
    <table class="responsive payments">
      <thead>
        <tr>
          <th scope="col">{t('payments:fields.date')}</th>
          {props.showClient ? <th scope="col">{t('payments:fields.client')}</th> : null}
          <th scope="col">{t('payments:fields.method')}</th>
          <th scope="col">{t('payments:fields.reference')}</th>
          <th scope="col" class="num">{t('payments:fields.amount')}</th>
          <th scope="col" class="num">{t('payments:fields.unallocated')}</th>
          <th scope="col">{t('payments:fields.status')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((p) => {
          const { status, unallocated } = paymentStanding(p);
          return (
            <tr>
              <td data-label={t('payments:fields.date')}><a href={`/payments/${p.id}`}><DateText ui={props.ui} date={p.date} /></a></td>
              {props.showClient ? <td data-label={t('payments:fields.client')}><a href={`/clients/${p.client_id}/payments`}>{p.client_name}</a></td> : null}
              <td data-label={t('payments:fields.method')}>{t(`payments:methods.${p.method}`)}</td>
              <td data-label={t('payments:fields.reference')}><a href={`/payments/${p.id}`}>{p.reference ?? `#${p.id}`}</a></td>
              <td class="num" data-label={t('payments:fields.amount')}><Money ui={props.ui} minor={p.amount} currency={p.currency} /></td>
              <td class="num" data-label={t('payments:fields.unallocated')}><Money ui={props.ui} minor={unallocated} currency={p.currency} /></td>
              <td data-label={t('payments:fields.status')}><PaymentStatusBadge ui={props.ui} status={status} /></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
