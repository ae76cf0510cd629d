import type { PublicBrand } from '../../src/brand/service.js';
import type { CheckoutInvoice } from '../../src/gateways/gateway.js';
import type { Ui } from '../../src/web/ui.js';
import { BrandFooter } from '../components/brand-footer.js';
import { BrandMark } from '../components/brand-settings.js';
import { Money } from '../components/money.js';
import { Base } from '../layouts/base.js';
import { TestModeBadge } from './test-mode.js';

/** What the test gateway's hosted page shows of a checkout. */
export interface TestCheckoutView {
  checkoutId: string;
  amount: number;
  currency: string;
  invoices: CheckoutInvoice[];
  status: 'open' | 'paid' | 'failed' | 'expired';
  expired: boolean;
  successUrl: string;
  cancelUrl: string;
}

/**
 * /test-gateway/:checkoutId: the built-in test gateway's "hosted payment page". Pay and Decline
 * post a signed event to the same callback path a real provider uses. Nothing here is real money.
 * Like a provider's hosted page it carries the payee's brand: the paying client's portal brand.
 */
export function TestGatewayPage(props: { ui: Ui; brand: PublicBrand; checkout: TestCheckoutView }) {
  const { ui, brand, checkout: co } = props;
  const { t } = ui;
  const payable = co.status === 'open' && !co.expired;
  return (
    <Base ui={ui} title={t('pay:test_gateway.title')} bodyClass="test-gateway" brandCss={brand.cssHref}>
      <header class="topbar portal-bar">
        <BrandMark firmName={brand.firmName} logo={brand.logo} />
      </header>
      <main id="main" class="test-gateway-main">
        <p class="test-mode-stripe" role="note"><TestModeBadge ui={ui} /> {t('pay:test_mode_note')}</p>
        <h1>{t('pay:test_gateway.title')} <TestModeBadge ui={ui} /></h1>
        <p>{t('pay:test_gateway.payee', { firm: brand.firmName })}</p>
        <p class="figure" data-figure="test_amount"><Money ui={ui} minor={co.amount} currency={co.currency} /></p>
        <p>{t('pay:return.for_invoices', { numbers: co.invoices.map((i) => i.number ?? `#${i.id}`).join(', ') })}</p>
        {payable ? (
          <div class="actions test-gateway-actions">
            <form method="post" action={`/test-gateway/${co.checkoutId}/pay`}>
              <button type="submit" class="primary" name="outcome" value="succeeded">{t('pay:test_gateway.pay', { amount: ui.money(co.amount, co.currency) })}</button>
            </form>
            <form method="post" action={`/test-gateway/${co.checkoutId}/decline`}>
              <button type="submit" class="danger">{t('pay:test_gateway.decline')}</button>
            </form>
            <a href={co.cancelUrl}>{t('pay:test_gateway.cancel')}</a>
          </div>
        ) : (
          <>
            <p class="flash flash-info" role="status">{t(co.status === 'paid' ? 'pay:test_gateway.already_paid' : 'pay:test_gateway.closed')}</p>
            <p><a class="button" href={co.status === 'paid' ? co.successUrl : co.cancelUrl}>{t('pay:test_gateway.back')}</a></p>
          </>
        )}
      </main>
      <BrandFooter ui={ui} firmName={brand.firmName} contact={brand.contact} />
    </Base>
  );
}
