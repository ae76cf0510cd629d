import type { Generated } from 'kysely';
import type { Defaulted } from './schema.js';

/** What a payer asked to pay through a gateway: the amount and invoices are computed on the server when asked. */
export interface PaymentCheckoutsTable {
  id: Generated<number>;
  /** Unguessable id shown to providers and payers (Stripe's client_reference_id, the test gateway's page). */
  public_id: string;
  client_id: number;
  /** 'all' (the whole amount due) or 'invoice:<id>': one open checkout per scope and gateway. */
  scope_key: string;
  gateway: 'stripe' | 'test';
  amount: number;
  currency: string;
  /** JSON array of {id, number, amount}: each invoice with its open balance when asked. */
  invoices: string;
  status: 'open' | 'paid' | 'failed' | 'expired';
  created_by_type: 'portal' | 'permalink';
  portal_user_id: number | null;
  permalink_id: number | null;
  payer_name: string | null;
  payer_email: string | null;
  language: 'en' | 'el';
  /** Absolute URLs the provider sends the payer back to (paid / cancelled), sealed (src/payments-online/sealed.ts): a permalink's carries its token. */
  success_url_sealed: string;
  cancel_url_sealed: string;
  /** Where the payer is sent; null while the provider is being asked. */
  redirect_url: string | null;
  provider_checkout_id: string | null;
  payment_id: number | null;
  failure_reason: string | null;
  expires_at: string;
  completed_at: string | null;
  created_at: Defaulted<string>;
}

/** Every verified provider callback, stored once by its event id (idempotency) with what it led to. */
export interface WebhookEventsTable {
  id: Generated<number>;
  provider: string;
  event_id: string;
  type: 'succeeded' | 'failed' | 'refunded';
  checkout_id: number | null;
  provider_payment_id: string | null;
  amount: number;
  currency: string;
  /** recorded | duplicate | stale | anomaly | held | refund_noted | failure_noted | unknown_checkout */
  outcome: string;
  payment_id: number | null;
  detail: string | null;
  received_at: Defaulted<string>;
}

/** A payment that came through a gateway: the provider's id is UNIQUE, so one payment per money movement. */
export interface OnlinePaymentsTable {
  id: Generated<number>;
  payment_id: number;
  checkout_id: number;
  provider: string;
  provider_payment_id: string;
  refunded_at: string | null;
  created_at: Defaulted<string>;
}

/** A receipt issued for a payment (online ones in the recording transaction; staff-recorded ones when sent). */
export interface ReceiptsTable {
  id: Generated<number>;
  payment_id: number;
  number: string;
  issued_at: Defaulted<string>;
  /** Comma-separated addresses the receipt was emailed to, when it was. */
  emailed_to: string | null;
}

/** A client's customer at a provider (Stripe), for saved payment methods. */
export interface GatewayCustomersTable {
  client_id: number;
  provider: string;
  customer_id: string;
  created_at: Defaulted<string>;
}

/** What the built-in test gateway, as the provider, did with a checkout (migration 011): its own record, read by reconciliation. */
export interface TestGatewayOutcomesTable {
  /** Our checkout's public id. */
  checkout_id: string;
  outcome: 'succeeded' | 'failed';
  /** The test gateway's payment id (tp_<checkout id>) of a success. */
  payment_id: string | null;
  amount: number;
  currency: string;
  created_at: Defaulted<string>;
}

/** Tables of online payments, checkouts, webhook events, receipts, document emails and permalinks (filled in by migration 009). */
export interface OnlinePaymentTables {
  payment_checkouts: PaymentCheckoutsTable;
  webhook_events: WebhookEventsTable;
  online_payments: OnlinePaymentsTable;
  receipts: ReceiptsTable;
  gateway_customers: GatewayCustomersTable;
  test_gateway_outcomes: TestGatewayOutcomesTable;
  document_permalinks: DocumentPermalinksTable;
  mail_open_tokens: MailOpenTokensTable;
}

/** A link to one emailed document (or a client's statement for a period) for one recipient; only the token's hash is stored. */
export interface DocumentPermalinksTable {
  id: Generated<number>;
  token_hash: string;
  kind: 'document' | 'statement';
  client_id: number;
  /** The document (kind 'document'); null for a statement. */
  document_id: number | null;
  period_from: string | null;
  period_to: string | null;
  /** The recipient it was sent to, lower-cased. */
  email: string;
  created_by: number | null;
  created_at: Defaulted<string>;
  expires_at: string;
  revoked_at: string | null;
}

/** The open-tracking token of one outbox row (hashed). */
export interface MailOpenTokensTable {
  token_hash: string;
  mail_id: number;
  created_at: Defaulted<string>;
}
