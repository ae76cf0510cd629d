import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FlashMessage } from '../../views/components/flash.js';
import { InvoicePayButton } from '../../views/payments-online/pay-button.js';
import { PayPage, type PayTarget } from '../../views/payments-online/pay-page.js';
import { PaymentMethodsPage } from '../../views/payments-online/payment-methods.js';
import { PayReturnPage, PayReturnStatus } from '../../views/payments-online/return-page.js';
import type { SavedMethod } from '../gateways/gateway.js';
import { checkoutPreview, checkoutStatus, resolveGateways, startCheckout, type CheckoutDeps, type CheckoutError, type CheckoutPayer, type CheckoutScope } from '../payments-online/checkout.js';
import { findGatewayCustomer, findIssuedInvoice } from '../payments-online/queries.js';
import { mayAct, mayView } from '../portal-access/visibility.js';
import { log } from '../util/log.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { fragment, isHtmx, page, seeOther } from '../web/html.js';
import type { PortalView } from './context.js';
import type { PortalDocumentData } from '../../views/portal/document.js';

// Paying from the portal: <base>/pay (the whole amount due, needs account history) and
// <base>/invoices/:id/pay (one invoice). What is paid is always computed on the server
// (src/payments-online/checkout.ts); the forms carry nothing but the button.

function deps(c: Context<AppEnv>): CheckoutDeps {
  return { db: c.var.db, config: c.var.config };
}

/** The signed-in member as a payer; null in a staff preview (nothing may be paid there). */
function payerOf(p: PortalView): CheckoutPayer | null {
  if (p.preview || p.user.id === null) return null;
  return { kind: 'portal', portalUserId: p.user.id, name: p.user.name, email: p.user.email, language: p.user.language };
}

/** 404 when invoices are hidden, 403 without the permission; null when the member may go on. */
function refusal(c: Context<AppEnv>, action: 'pay' | 'pay_all'): Response | Promise<Response> | null {
  const p = c.var.portal;
  if (!mayView(p.access, p.settings, 'invoices')) return c.notFound();
  if (!mayAct(p.access, p.settings, action)) return c.text(c.var.ui.t('pay:errors.no_permission'), 403);
  return null;
}

function invoiceIdOf(c: Context<AppEnv>): number {
  return Number(c.req.param('id'));
}

const ERROR_STATUS: Record<CheckoutError, ContentfulStatusCode> = { NothingToPay: 409, UnknownInvoice: 404, NoGateway: 409, Busy: 409, GatewayError: 502 };

/** Renders a pay page (GET, or after a refused POST with its message and status). */
async function payPage(c: Context<AppEnv>, scope: CheckoutScope, flash: FlashMessage | null = null, status: ContentfulStatusCode = 200): Promise<Response> {
  const p = c.var.portal;
  const preview = await checkoutPreview(deps(c), p.client.id, scope);
  if ('error' in preview && preview.error === 'UnknownInvoice') return c.notFound();
  let target: PayTarget = { kind: 'all' };
  if (scope.kind === 'invoice') {
    const doc = await findIssuedInvoice(c.var.db, p.client.id, scope.invoiceId);
    if (!doc) return c.notFound();
    target = { kind: 'invoice', id: doc.id, number: doc.number };
  }
  return page(c, <PayPage ui={c.var.ui} portal={p} target={target} preview={'error' in preview ? null : preview} flash={flash} />, status);
}

/** Opens (or reuses) the checkout and sends the payer to the provider; a refusal re-renders the page with why. */
async function pay(c: Context<AppEnv>, scope: CheckoutScope): Promise<Response> {
  const p = c.var.portal;
  const payer = payerOf(p);
  if (!payer) return c.text(c.var.ui.t('portal:preview.read_only'), 403);
  const base = p.base;
  const result = await startCheckout(deps(c), { clientId: p.client.id, scope, payer, returnPath: `${base}/pay/return`, cancelPath: `${base}/pay/cancel` });
  if (result.ok) return seeOther(c, result.redirectUrl);
  if (result.error === 'UnknownInvoice') return c.notFound();
  return payPage(c, scope, { kind: 'error', key: `pay:errors.${result.error}` }, ERROR_STATUS[result.error]);
}

/** The return (or cancel) page of a checkout of the active client; htmx polls its status fragment. */
async function returnPage(c: Context<AppEnv>, cancelled: boolean): Promise<Response> {
  const p = c.var.portal;
  const status = await checkoutStatus(c.var.db, c.req.query('checkout') ?? '', p.client.id);
  if (!status) return c.notFound();
  const self = `${p.base}/pay/${cancelled ? 'cancel' : 'return'}?checkout=${status.checkoutId}`;
  const props = { ui: c.var.ui, portal: p, status, cancelled, self };
  return isHtmx(c) ? fragment(c, <PayReturnStatus {...props} />) : page(c, <PayReturnPage {...props} />);
}

/** The saved-methods API and this client's customer at the provider, when the gateway keeps methods. */
async function savedMethodsOf(c: Context<AppEnv>) {
  const gateway = (await resolveGateways(deps(c))).hosted;
  if (!gateway?.savedMethods) return null;
  const customerId = await findGatewayCustomer(c.var.db, c.var.portal.client.id, gateway.id);
  return { api: gateway.savedMethods, customerId };
}

const METHOD_FLASH = new Map<string, FlashMessage>([
  ['removed', { kind: 'success', key: 'pay:methods.removed' }],
  ['failed', { kind: 'error', key: 'pay:methods.failed' }],
]);

/**
 * The "Pay" action on an invoice's page: shown to members who may pay, for an issued invoice
 * that still owes money, when a way to pay is offered. Undefined otherwise.
 */
export async function invoicePayAction(c: Context<AppEnv>, data: PortalDocumentData): Promise<Child | undefined> {
  const p = c.var.portal;
  if (data.kind !== 'invoice' || data.doc.status !== 'issued' || data.balance <= 0 || !mayAct(p.access, p.settings, 'pay')) return undefined;
  const gateways = await resolveGateways(deps(c));
  if (!gateways.hosted && !gateways.bank) return undefined;
  return <InvoicePayButton ui={c.var.ui} portal={p} invoiceId={data.doc.id} amount={data.balance} currency={data.doc.currency} testMode={gateways.hosted?.testMode === true} />;
}

/** Paying from the portal, its return pages and the saved payment methods; chained onto portalPages. */
export const portalPayRoutes = new Hono<AppEnv>()
  .get('/pay', async (c) => refusal(c, 'pay_all') ?? payPage(c, { kind: 'all' }))
  .post('/pay', async (c) => refusal(c, 'pay_all') ?? pay(c, { kind: 'all' }))
  .get('/invoices/:id{[0-9]+}/pay', async (c) => refusal(c, 'pay') ?? payPage(c, { kind: 'invoice', invoiceId: invoiceIdOf(c) }))
  .post('/invoices/:id{[0-9]+}/pay', async (c) => refusal(c, 'pay') ?? pay(c, { kind: 'invoice', invoiceId: invoiceIdOf(c) }))
  .get('/pay/return', (c) => returnPage(c, false))
  .get('/pay/cancel', (c) => returnPage(c, true))
  .get('/settings/payment-methods', async (c) => {
    const p = c.var.portal;
    if (!mayAct(p.access, p.settings, 'pay')) return c.notFound();
    const saved = await savedMethodsOf(c);
    let methods: SavedMethod[] | null = null;
    let flash = METHOD_FLASH.get(c.req.query('done') ?? '') ?? null;
    if (saved) {
      try {
        methods = saved.customerId ? await saved.api.list(saved.customerId) : [];
      } catch (err) {
        log.error('listing saved payment methods failed', { client: p.client.id, error: err instanceof Error ? err.message : String(err) });
        flash = { kind: 'error', key: 'pay:methods.failed' };
      }
    }
    return page(c, <PaymentMethodsPage ui={c.var.ui} portal={p} methods={methods} flash={flash} />);
  })
  .post('/settings/payment-methods/remove', async (c) => {
    const p = c.var.portal;
    if (!mayAct(p.access, p.settings, 'pay')) return c.notFound();
    if (!payerOf(p)) return c.text(c.var.ui.t('portal:preview.read_only'), 403);
    const methodId = formString(await c.req.parseBody(), 'payment_method');
    const saved = await savedMethodsOf(c);
    if (!saved?.customerId || !/^pm_[A-Za-z0-9]{1,100}$/.test(methodId)) return c.notFound();
    try {
      // The provider confirms the method belongs to this client's customer before removing it.
      if (!(await saved.api.remove(saved.customerId, methodId))) return c.notFound();
    } catch (err) {
      log.error('removing a saved payment method failed', { client: p.client.id, error: err instanceof Error ? err.message : String(err) });
      return seeOther(c, `${p.base}/settings/payment-methods?done=failed`);
    }
    return seeOther(c, `${p.base}/settings/payment-methods?done=removed`);
  });
