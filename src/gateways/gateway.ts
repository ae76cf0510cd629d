// The gateway interface: what Stoa asks of a payment provider (Stripe, bank transfer, the
// built-in test gateway). Pure types and a few helpers; implementations live next to this file.

import type { Minor } from '../money/money.js';

/** The gateways Stoa knows. */
export type GatewayId = 'stripe' | 'test' | 'bank_transfer';

/** Gateways whose hosted page takes the payment and calls us back (as opposed to a manual transfer). */
export type HostedGatewayId = Exclude<GatewayId, 'bank_transfer'>;

/** One invoice of a checkout: what was asked for it. */
export interface CheckoutInvoice {
  id: number;
  number: string | null;
  /** The part of the checkout's amount meant for this invoice (its open balance when asked). */
  amount: Minor;
}

/** What a hosted gateway needs to open a checkout. */
export interface GatewayCheckoutRequest {
  /** Our checkout's public id: Stripe's client_reference_id, the test gateway's page address. */
  checkoutId: string;
  amount: Minor;
  currency: string;
  invoices: CheckoutInvoice[];
  /** One line for the provider's page ("Invoices INV-2026-0001, INV-2026-0002"). */
  description: string;
  /** Absolute URLs the provider sends the payer back to. */
  successUrl: string;
  cancelUrl: string;
  payerEmail: string | null;
  /** The client's provider-side customer, for saving a payment method (Stripe). */
  customerId: string | null;
  language: 'en' | 'el';
  /** ISO instant after which the checkout can no longer be paid. */
  expiresAt: string;
}

/** A hosted checkout the payer is sent to. */
export interface HostedCheckout {
  /** Where to send the payer. */
  url: string;
  /** The provider's own id of the checkout (Stripe's cs_…), when it has one. */
  providerCheckoutId: string | null;
}

/** What a payer needs to pay by bank transfer. */
export interface BankInstructions {
  beneficiary: string;
  iban: string;
  bic: string | null;
  bankName: string | null;
  /** The reference to quote: an ISO 11649 RF creditor reference. */
  reference: string;
  amount: Minor;
  currency: string;
  /** Invoice numbers the transfer is for. */
  invoiceNumbers: string[];
}

/** What a provider callback means, once verified: the same shape whatever the provider. */
export interface GatewayEvent {
  provider: HostedGatewayId;
  /** The provider's event id: stored UNIQUE, so a replay records nothing. */
  eventId: string;
  type: 'succeeded' | 'failed' | 'refunded';
  /** Our checkout's public id; null when the provider's event does not carry it (refunds). */
  checkoutId: string | null;
  /** The provider's id of the money movement (Stripe's PaymentIntent): stored UNIQUE per payment. */
  providerPaymentId: string | null;
  amount: Minor;
  currency: string;
  /** Set when the payer asked to keep the card: the provider's customer that now holds it. */
  customerId: string | null;
  /** Why a 'failed' checkout ended: declined (the default) or expired unpaid. */
  failure?: 'declined' | 'expired';
}

/** One of our checkouts, as reconciliation asks its provider about it. */
export interface CheckoutLookupRequest {
  /** Our checkout's public id. */
  checkoutId: string;
  /** The provider's own id (Stripe's cs_…); null when the provider never opened it. */
  providerCheckoutId: string | null;
  amount: Minor;
  currency: string;
  /** ISO instant after which the checkout can no longer be paid. */
  expiresAt: string;
  /** The event id to record the answer under: one that no real callback can carry. */
  eventId: string;
  now: Date;
}

/** What the provider says about a checkout: still open (or a payment still processing), or settled as this event. */
export type CheckoutLookup = { state: 'open' } | { state: 'settled'; event: GatewayEvent };

/** The event of a checkout that ended unpaid at its expiry without the provider ever opening it. */
export function expiredWithoutProvider(provider: HostedGatewayId, r: CheckoutLookupRequest): CheckoutLookup {
  if (Date.parse(r.expiresAt) > r.now.getTime()) return { state: 'open' };
  return { state: 'settled', event: { provider, eventId: r.eventId, type: 'failed', failure: 'expired', checkoutId: r.checkoutId, providerPaymentId: null, amount: r.amount, currency: r.currency, customerId: null } };
}

/** The outcome of verifying a callback: a normalized event, an event we do not act on, or a refusal. */
export type CallbackResult =
  | { ok: true; event: GatewayEvent }
  | { ok: true; event: null; type: string }
  | { ok: false; error: 'BadSignature' | 'Malformed' | 'NotConfigured' };

/** A card (or other method) the provider keeps for a client. */
export interface SavedMethod {
  id: string;
  brand: string;
  last4: string;
  expMonth: number | null;
  expYear: number | null;
}

/** Saved payment methods at a provider: every call is network I/O, never inside a transaction. */
export interface SavedMethodsApi {
  /** The provider's customer for a client, created when missing (the caller stores its id). */
  ensureCustomer(input: { clientId: number; name: string; email: string | null }): Promise<string>;
  list(customerId: string): Promise<SavedMethod[]>;
  /** Removes a method; false when it does not belong to that customer. */
  remove(customerId: string, methodId: string): Promise<boolean>;
}

/** A gateway whose hosted page takes the payment and calls back. */
export interface HostedGateway {
  id: HostedGatewayId;
  /** True for the built-in test gateway: labelled "TEST MODE" wherever it appears. */
  testMode: boolean;
  /** Opens a checkout at the provider (network I/O: never inside a transaction). */
  createCheckout(request: GatewayCheckoutRequest): Promise<HostedCheckout>;
  /** Verifies a callback's signature over the RAW body and parses it into a GatewayEvent. */
  parseCallback(rawBody: string, headers: { get(name: string): string | null | undefined }, nowSeconds?: number): CallbackResult;
  /** Asks the provider what became of one checkout, for a callback that never came (network I/O: never inside a transaction; throws when the provider cannot answer). */
  lookupCheckout(request: CheckoutLookupRequest): Promise<CheckoutLookup>;
  savedMethods: SavedMethodsApi | null;
}

/** The bank transfer "gateway": no provider, only instructions; staff record the payment when it arrives. */
export interface ManualGateway {
  id: 'bank_transfer';
  instructions(request: { amount: Minor; currency: string; invoices: CheckoutInvoice[]; clientId: number; scope: 'all' | 'invoice' }): BankInstructions;
}

/** The gateways in force: at most one hosted (card) gateway, and bank transfer when the firm gave its details. */
export interface Gateways {
  hosted: HostedGateway | null;
  bank: ManualGateway | null;
  /** Every hosted gateway that may still call back (a checkout opened before a configuration change). */
  byId(id: string): HostedGateway | null;
}

/** Seconds a signed callback stays acceptable (Stripe's default tolerance; SECURITY.md row 31). */
export const CALLBACK_TOLERANCE_SECONDS = 300;
