import type { PortalView } from '../../src/portal/context.js';
import type { Ui } from '../../src/web/ui.js';
import { TestModeBadge } from './test-mode.js';

/** "Pay" on an invoice's page: leads to the invoice's pay page; a disabled button in a staff preview. */
export function InvoicePayButton(props: { ui: Ui; portal: PortalView; invoiceId: number; amount: number; currency: string; testMode: boolean }) {
  const { ui, portal: p } = props;
  const label = ui.t('pay:invoice_button', { amount: ui.money(props.amount, props.currency) });
  return (
    <p class="actions invoice-pay">
      {p.preview ? <button type="button" class="primary" disabled>{label}</button> : <a class="button primary" href={`${p.base}/invoices/${props.invoiceId}/pay`}>{label}</a>}
      {props.testMode ? <> <TestModeBadge ui={ui} /></> : null}
    </p>
  );
}
