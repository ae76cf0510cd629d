import type { StaffWithBell } from '../../src/notifications/bell.js';
import type { Ui } from '../../src/web/ui.js';
import { Money } from '../components/money.js';
import { StaffLayout } from '../layouts/staff.js';
import { TestModeBadge } from './test-mode.js';

/** A checkout row as staff see it. */
export interface StaffCheckoutRow {
  id: number;
  client_id: number;
  client_name: string;
  gateway: string;
  amount: number;
  currency: string;
  status: string;
  payment_id: number | null;
  payer_email: string | null;
  failure_reason: string | null;
  created_at: string;
}

/** A provider event that needs a person. */
export interface StaffAttentionRow {
  id: number;
  provider: string;
  event_id: string;
  type: string;
  amount: number;
  currency: string;
  outcome: string;
  payment_id: number | null;
  received_at: string;
  client_id: number | null;
  client_name: string | null;
}

/** /online-payments: which gateway is in force, events that need a person, and the latest checkouts. */
export function OnlinePaymentsPage(props: { ui: Ui; staff: StaffWithBell; gateway: { id: string; testMode: boolean } | null; bank: boolean; checkouts: StaffCheckoutRow[]; attention: StaffAttentionRow[] }) {
  const { ui } = props;
  const { t } = ui;
  const money = (minor: number, currency: string) => (/^[A-Z]{3}$/.test(currency) ? <Money ui={ui} minor={minor} currency={currency} /> : String(minor));
  return (
    <StaffLayout ui={ui} staff={props.staff} title={t('pay:staff.title')} section="payments">
      <h1>{t('pay:staff.title')}</h1>
      <p>
        {props.gateway ? t(`pay:staff.gateway_${props.gateway.id}`) : t('pay:staff.gateway_none')} {props.gateway?.testMode ? <TestModeBadge ui={ui} /> : null}
        {' '}{props.bank ? t('pay:staff.bank_on') : t('pay:staff.bank_off')} <a href="/settings">{t('pay:staff.settings')}</a>
      </p>
      <h2>{t('pay:staff.attention')}</h2>
      {props.attention.length === 0 ? <p class="empty">{t('pay:staff.attention_none')}</p> : (
        <table class="responsive">
          <thead><tr><th scope="col">{t('pay:staff.received')}</th><th scope="col">{t('pay:staff.client')}</th><th scope="col">{t('pay:staff.what')}</th><th scope="col" class="num">{t('pay:staff.amount')}</th></tr></thead>
          <tbody>
            {props.attention.map((a) => (
              <tr data-outcome={a.outcome}>
                <td data-label={t('pay:staff.received')}>{ui.dateTime(a.received_at)}</td>
                <td data-label={t('pay:staff.client')}>{a.client_id !== null ? <a href={`/clients/${a.client_id}`}>{a.client_name}</a> : '—'}</td>
                <td data-label={t('pay:staff.what')}>
                  {t(`pay:staff.outcomes.${a.outcome}`, { defaultValue: a.outcome })} · {a.provider} <code>{a.event_id}</code>
                  {a.payment_id !== null ? <> · <a href={`/payments/${a.payment_id}`}>{t('pay:staff.payment')}</a></> : null}
                </td>
                <td class="num" data-label={t('pay:staff.amount')}>{money(a.amount, a.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('pay:staff.checkouts')}</h2>
      {props.checkouts.length === 0 ? <p class="empty">{t('pay:staff.checkouts_none')}</p> : (
        <table class="responsive">
          <thead><tr><th scope="col">{t('pay:staff.created')}</th><th scope="col">{t('pay:staff.client')}</th><th scope="col">{t('pay:staff.status')}</th><th scope="col" class="num">{t('pay:staff.amount')}</th></tr></thead>
          <tbody>
            {props.checkouts.map((co) => (
              <tr>
                <td data-label={t('pay:staff.created')}>{ui.dateTime(co.created_at)}</td>
                <td data-label={t('pay:staff.client')}><a href={`/clients/${co.client_id}`}>{co.client_name}</a>{co.payer_email ? <span class="muted"> · {co.payer_email}</span> : null}</td>
                <td data-label={t('pay:staff.status')}>
                  <span class={`badge badge-checkout-${co.status}`}>{t(`pay:staff.statuses.${co.status}`)}</span> {co.gateway === 'test' ? <TestModeBadge ui={ui} /> : null}
                  {co.payment_id !== null ? <> <a href={`/payments/${co.payment_id}`}>{t('pay:staff.payment')}</a></> : null}
                </td>
                <td class="num" data-label={t('pay:staff.amount')}>{money(co.amount, co.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </StaffLayout>
  );
}
