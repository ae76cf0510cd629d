// Which gateways are in force: Stripe when both its keys are configured; otherwise the built-in
// test gateway (unless the firm turned it off); bank transfer whenever the firm gave its details.

import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { FirmSettings } from '../settings/service.js';
import { bankGateway } from './bank.js';
import type { Gateways, HostedGateway } from './gateway.js';
import { stripeApi, stripeGateway, type StripeApi } from './stripe.js';
import { testGateway } from './test-gateway.js';

export type { Gateways, HostedGateway, ManualGateway, GatewayEvent, BankInstructions, CheckoutInvoice } from './gateway.js';

/** Replacements for tests: a stubbed Stripe API (no network). */
export interface GatewayOverrides {
  stripeApi?: StripeApi;
}

/** True when Stripe can take payments: both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set. */
export function stripeConfigured(config: Pick<Config, 'stripeSecretKey' | 'stripeWebhookSecret'>): boolean {
  return config.stripeSecretKey !== null && config.stripeWebhookSecret !== null;
}

/** The gateways for this configuration and these firm settings; `db` holds the test gateway's own record. */
export function gatewaysFor(config: Config, firm: FirmSettings, overrides: GatewayOverrides = {}, db: Db | null = null): Gateways {
  const stripe = config.stripeWebhookSecret
    ? stripeGateway({ api: overrides.stripeApi ?? (config.stripeSecretKey ? stripeApi(config.stripeSecretKey, config.stripeApiBase) : null), webhookSecret: config.stripeWebhookSecret })
    : null;
  const test = !stripeConfigured(config) && firm.test_gateway_enabled ? testGateway({ publicUrl: config.publicUrl, sessionSecret: config.sessionSecret, db }) : null;
  const hosted: HostedGateway | null = stripeConfigured(config) ? stripe : test;
  return {
    hosted,
    bank: bankGateway(firm),
    byId(id) {
      if (id === 'stripe') return stripe;
      // Test callbacks count only while the test gateway is the one in force.
      if (id === 'test') return test;
      return null;
    },
  };
}
