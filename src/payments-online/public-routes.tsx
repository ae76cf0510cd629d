import { Hono, type Context } from 'hono';
import { TestGatewayPage } from '../../views/payments-online/test-gateway-page.js';
import { publicBrand } from '../brand/service.js';
import { signTestEvent, takeTestOutcome, TEST_SIGNATURE_HEADER } from '../gateways/test-gateway.js';
import type { AppEnv } from '../web/env.js';
import { page, seeOther } from '../web/html.js';
import { uiFor } from '../web/ui.js';
import { handleProviderCallback } from './callbacks.js';
import { checkoutInvoices, resolveGateways } from './checkout.js';
import { findCheckoutByPublicId, type CheckoutRow } from './queries.js';
import { unseal } from './sealed.js';

/** A provider callback: the raw body is verified as received (never re-serialized). */
async function providerCallback(c: Context<AppEnv>, provider: 'stripe' | 'test'): Promise<Response> {
  const raw = await c.req.text();
  const answer = await handleProviderCallback({ db: c.var.db, config: c.var.config }, provider, raw, c.req.raw.headers);
  if (answer.status === 200) return c.json({ received: true, outcome: answer.outcome }, 200);
  return c.json({ error: { code: answer.error, message: answer.status === 400 ? 'Signature verification failed or malformed event' : 'Unknown provider' } }, answer.status);
}

/** A test gateway checkout by its public id, while the test gateway is in force; null otherwise. */
async function testCheckout(c: Context<AppEnv>): Promise<CheckoutRow | null> {
  const id = c.req.param('checkoutId') ?? '';
  if (!/^co[a-z2-7]{26}$/.test(id)) return null;
  const gateways = await resolveGateways({ db: c.var.db, config: c.var.config });
  if (!gateways.byId('test')) return null;
  const row = await findCheckoutByPublicId(c.var.db, id);
  return row && row.gateway === 'test' ? row : null;
}

/** Where the test gateway sends the payer back (paid or not); the portal as a fallback should the seal not open (SESSION_SECRET changed). */
function returnUrl(c: Context<AppEnv>, row: CheckoutRow, which: 'success' | 'cancel'): string {
  return unseal(c.var.config.sessionSecret, which === 'success' ? row.success_url_sealed : row.cancel_url_sealed) ?? `${c.var.config.publicUrl}/portal`;
}

function payable(row: CheckoutRow): boolean {
  return row.status === 'open' && Date.parse(row.expires_at) > Date.now();
}

/**
 * What the test gateway's buttons do: keep the outcome on the gateway's side (reconciliation finds
 * it should the callback be lost), sign an event with the installation's key and hand it to the
 * very callback handler POST /webhooks/test runs (no network round trip to ourselves), then send
 * the payer back like a provider would.
 */
async function testOutcome(c: Context<AppEnv>, outcome: 'succeeded' | 'failed'): Promise<Response> {
  const row = await testCheckout(c);
  if (!row) return c.notFound();
  if (row.status === 'paid') return seeOther(c, returnUrl(c, row, 'success'));
  if (!payable(row)) return seeOther(c, `/test-gateway/${row.public_id}`);
  const raw = JSON.stringify(await takeTestOutcome(c.var.db, { checkoutId: row.public_id, amount: row.amount, currency: row.currency }, outcome));
  const headers = new Headers({ 'Content-Type': 'application/json', [TEST_SIGNATURE_HEADER]: signTestEvent(c.var.config.sessionSecret, raw) });
  const answer = await handleProviderCallback({ db: c.var.db, config: c.var.config }, 'test', raw, headers);
  if (answer.status !== 200) return c.text('test gateway callback refused', 500);
  return seeOther(c, returnUrl(c, row, 'success'));
}

/** Public endpoints of online payments: provider webhooks (signature-authenticated, CSRF-exempt) and the test gateway's hosted page. */
export const paymentsPublicRoutes = new Hono<AppEnv>()
  .post('/webhooks/stripe', (c) => providerCallback(c, 'stripe'))
  .post('/webhooks/test', (c) => providerCallback(c, 'test'))
  .get('/test-gateway/:checkoutId', async (c) => {
    const row = await testCheckout(c);
    if (!row) return c.notFound();
    const ui = uiFor(row.language);
    c.set('ui', ui);
    // The paying client is known: their portal's brand, their own logo included.
    const brand = await publicBrand(c.var.db, row.client_id);
    c.header('Cache-Control', 'no-store');
    return page(c, <TestGatewayPage ui={ui} brand={brand} checkout={{
      checkoutId: row.public_id, amount: row.amount, currency: row.currency, invoices: checkoutInvoices(row),
      status: row.status, expired: Date.parse(row.expires_at) <= Date.now(), successUrl: returnUrl(c, row, 'success'), cancelUrl: returnUrl(c, row, 'cancel'),
    }} />);
  })
  .post('/test-gateway/:checkoutId/pay', (c) => testOutcome(c, 'succeeded'))
  .post('/test-gateway/:checkoutId/decline', (c) => testOutcome(c, 'failed'));
