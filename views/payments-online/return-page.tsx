import type { CheckoutStatusView } from '../../src/payments-online/checkout.js';
import type { PortalView } from '../../src/portal/context.js';
import type { Ui } from '../../src/web/ui.js';
import { Money } from '../components/money.js';
import { PortalLayout } from '../layouts/portal.js';
import { TestModeBanner } from './test-mode.js';

/** Where "try again" leads for a checkout: the pay page of its scope. */
function retryPath(base: string, status: CheckoutStatusView): string {
  const one = status.invoices.length === 1 ? status.invoices[0] : undefined;
  return one && status.scope === 'invoice' ? `${base}/invoices/${one.id}/pay` : `${base}/pay`;
}

/**
 * The status of a checkout after the provider sent the payer back. Read-only: the payment is
 * recorded by the provider's callback, never by this page. While the callback has not arrived
 * it refreshes itself (htmx) or offers a link to check again (no JavaScript).
 */
export function PayReturnStatus(props: { ui: Ui; portal: PortalView; status: CheckoutStatusView; cancelled: boolean; self: string }) {
  const { ui, portal: p, status: s } = props;
  const { t } = ui;
  const amount = <Money ui={ui} minor={s.amount} currency={s.currency} />;
  if (s.status === 'paid') {
    return (
      <div id="pay-status" class="pay-status pay-status-paid" data-status="paid">
        <p class="flash flash-success" role="status">{t('pay:return.paid')} {amount}</p>
        {s.paymentId !== null ? <p><a class="button primary" href={`${p.base}/payments/${s.paymentId}/receipt`}>{t('pay:return.receipt')}</a></p> : null}
      </div>
    );
  }
  if (s.status === 'open' && !props.cancelled) {
    return (
      <div id="pay-status" class="pay-status pay-status-open" data-status="open" hx-get={props.self} hx-trigger="every 2s" hx-select="#pay-status" hx-swap="outerHTML">
        <p class="flash flash-info" role="status">{t('pay:return.waiting')}</p>
        <p><a href={props.self}>{t('pay:return.check_again')}</a></p>
      </div>
    );
  }
  return (
    <div id="pay-status" class="pay-status pay-status-failed" data-status={props.cancelled && s.status === 'open' ? 'cancelled' : s.status}>
      <p class="flash flash-error" role="status">{t(props.cancelled && s.status === 'open' ? 'pay:return.cancelled' : 'pay:return.failed')}</p>
      <p><a class="button" href={retryPath(p.base, s)}>{t('pay:return.try_again')}</a></p>
    </div>
  );
}

/** <base>/pay/return and <base>/pay/cancel: what became of a checkout. */
export function PayReturnPage(props: { ui: Ui; portal: PortalView; status: CheckoutStatusView; cancelled: boolean; self: string }) {
  const { ui, portal: p, status } = props;
  const { t } = ui;
  return (
    <PortalLayout ui={ui} portal={p} title={t('pay:return.title')} section="dashboard">
      <h1>{t('pay:return.title')}</h1>
      {status.testMode ? <TestModeBanner ui={ui} /> : null}
      <p>{t('pay:return.for_invoices', { numbers: status.invoices.map((i) => i.number ?? `#${i.id}`).join(', ') })}</p>
      <PayReturnStatus {...props} />
      <p class="actions"><a href={p.base || '/'}>{t('pay:back_dashboard')}</a></p>
    </PortalLayout>
  );
}
