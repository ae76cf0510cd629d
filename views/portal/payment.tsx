import type { PortalView } from '../../src/portal/context.js';
import type { PortalAllocation, PortalPaymentRow } from '../../src/portal/list-queries.js';
import type { Ui } from '../../src/web/ui.js';
import { DateText, Money } from '../components/money.js';
import { PortalLayout } from '../layouts/portal.js';

/** A payment as a receipt: when, how, how much, and which invoices it settled. */
export function PortalPaymentPage(props: { ui: Ui; portal: PortalView; payment: PortalPaymentRow; allocations: PortalAllocation[]; invoiceLinks: boolean }) {
  const { ui, portal, payment } = props;
  const { t } = ui;
  const title = t('portal_docs:payment.title', { date: ui.date(payment.date) });
  const unallocated = payment.amount - payment.allocated;
  const h = { invoice: t('portal_docs:columns.invoice'), amount: t('portal_docs:columns.amount') };
  return (
    <PortalLayout ui={ui} portal={portal} title={title} section="payments">
      <div class="document-head no-print">
        <h1>{title}</h1>
        <p class="actions"><a href={`${portal.base}/payments`}>{t('portal_docs:lists.payments.back')}</a></p>
      </div>
      <article class="document portal-document receipt" aria-label={title}>
        <div class="document-head">
          <div class="issuer">
            <p class="issuer-name"><strong>{portal.firmName}</strong></p>
            <p class="document-kind">{t('portal_docs:payment.receipt')}</p>
            <p>{t('portal_docs:payment.received_from', { client: portal.client.name })}</p>
          </div>
          <dl class="details">
            <dt>{t('portal_docs:columns.date')}</dt>
            <dd><DateText ui={ui} date={payment.date} /></dd>
            <dt>{t('portal_docs:columns.method')}</dt>
            <dd>{t(`portal_docs:methods.${payment.method}`)}</dd>
            <dt>{t('portal_docs:columns.reference')}</dt>
            <dd>{payment.reference ?? '—'}</dd>
            <dt>{t('portal_docs:columns.amount')}</dt>
            <dd><Money ui={ui} minor={payment.amount} currency={payment.currency} /></dd>
          </dl>
        </div>
        <h2>{t('portal_docs:payment.allocations_title')}</h2>
        {props.allocations.length === 0 ? (
          <p class="empty">{t('portal_docs:payment.no_allocations')}</p>
        ) : (
          <table class="responsive">
            <thead><tr><th scope="col">{h.invoice}</th><th scope="col" class="num">{h.amount}</th></tr></thead>
            <tbody>
              {props.allocations.map((a) => (
                <tr>
                  <td data-label={h.invoice}>{props.invoiceLinks ? <a href={`${portal.base}/invoices/${a.invoice_id}`}>{a.invoice_number ?? '—'}</a> : (a.invoice_number ?? '—')}</td>
                  <td class="num" data-label={h.amount}><Money ui={ui} minor={a.amount} currency={payment.currency} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {unallocated > 0 ? (
          <p class="unallocated">{t('portal_docs:payment.unallocated', { amount: ui.money(unallocated, payment.currency) })}</p>
        ) : null}
      </article>
    </PortalLayout>
  );
}
