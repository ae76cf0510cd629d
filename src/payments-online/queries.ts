// Kysely only: checkouts, webhook events, online payments and provider customers.

import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { PaymentCheckoutsTable, WebhookEventsTable } from '../db/schema-payments-online.js';

/** A stored checkout. */
export type CheckoutRow = Selectable<PaymentCheckoutsTable>;
/** A stored webhook event. */
export type WebhookEventRow = Selectable<WebhookEventsTable>;

/** The checkout with this public id, or undefined. */
export async function findCheckoutByPublicId(db: Db | Trx, publicId: string): Promise<CheckoutRow | undefined> {
  return db.selectFrom('payment_checkouts').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

/** The open checkout of a client for one scope and gateway (at most one: a partial UNIQUE index). */
export async function findOpenCheckout(db: Db | Trx, clientId: number, scopeKey: string, gateway: CheckoutRow['gateway']): Promise<CheckoutRow | undefined> {
  return db
    .selectFrom('payment_checkouts')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('scope_key', '=', scopeKey)
    .where('gateway', '=', gateway)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

/** Inserts a checkout and returns it. */
export async function insertCheckout(trx: Trx, row: Insertable<PaymentCheckoutsTable>): Promise<CheckoutRow> {
  return trx.insertInto('payment_checkouts').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Updates a checkout while it is still in `fromStatus`; returns whether it was. */
export async function updateCheckoutIf(db: Db | Trx, id: number, fromStatus: CheckoutRow['status'][], patch: Updateable<PaymentCheckoutsTable>): Promise<boolean> {
  const result = await db.updateTable('payment_checkouts').set(patch).where('id', '=', id).where('status', 'in', fromStatus).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The redirect URL of a checkout being prepared by another request (null while it still is). */
export async function checkoutRedirect(db: Db, id: number): Promise<{ status: CheckoutRow['status']; redirect_url: string | null } | undefined> {
  return db.selectFrom('payment_checkouts').select(['status', 'redirect_url']).where('id', '=', id).executeTakeFirst();
}

/** A stored provider event, by provider and event id. */
export async function findWebhookEvent(db: Db | Trx, provider: string, eventId: string): Promise<WebhookEventRow | undefined> {
  return db.selectFrom('webhook_events').selectAll().where('provider', '=', provider).where('event_id', '=', eventId).executeTakeFirst();
}

/** Stores a provider event (call inside the transaction that acts on it). */
export async function insertWebhookEvent(trx: Trx, row: Insertable<WebhookEventsTable>): Promise<number> {
  const r = await trx.insertInto('webhook_events').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Refund events held because they arrived before the payment they refund. */
export async function heldRefunds(trx: Trx, provider: string, providerPaymentId: string): Promise<WebhookEventRow[]> {
  return trx
    .selectFrom('webhook_events')
    .selectAll()
    .where('provider', '=', provider)
    .where('provider_payment_id', '=', providerPaymentId)
    .where('type', '=', 'refunded')
    .where('outcome', '=', 'held')
    .execute();
}

/** Marks held events as acted upon. */
export async function releaseHeldEvents(trx: Trx, ids: number[], paymentId: number): Promise<void> {
  if (ids.length === 0) return;
  await trx.updateTable('webhook_events').set({ outcome: 'refund_noted', payment_id: paymentId }).where('id', 'in', ids).execute();
}

/** The payment recorded for a provider's money movement, if any. */
export async function findOnlinePayment(db: Db | Trx, provider: string, providerPaymentId: string) {
  return db
    .selectFrom('online_payments as op')
    .innerJoin('payments as p', 'p.id', 'op.payment_id')
    .select(['op.id', 'op.payment_id', 'op.checkout_id', 'op.refunded_at', 'p.client_id', 'p.amount', 'p.currency', 'p.reference'])
    .where('op.provider', '=', provider)
    .where('op.provider_payment_id', '=', providerPaymentId)
    .executeTakeFirst();
}

/** The online payment behind a payment (gateway and checkout), if it came through one. */
export async function onlinePaymentOf(db: Db | Trx, paymentId: number) {
  return db
    .selectFrom('online_payments as op')
    .innerJoin('payment_checkouts as pc', 'pc.id', 'op.checkout_id')
    .select(['op.provider', 'op.provider_payment_id', 'op.refunded_at', 'pc.public_id', 'pc.payer_email', 'pc.payer_name'])
    .where('op.payment_id', '=', paymentId)
    .executeTakeFirst();
}

/** An issued invoice of a client (its id and number), or undefined: what a pay page is about. */
export async function findIssuedInvoice(db: Db | Trx, clientId: number, invoiceId: number): Promise<{ id: number; number: string | null } | undefined> {
  if (!Number.isSafeInteger(invoiceId) || invoiceId <= 0) return undefined;
  return db.selectFrom('documents').select(['id', 'number']).where('id', '=', invoiceId).where('client_id', '=', clientId).where('kind', '=', 'invoice').where('status', '=', 'issued').executeTakeFirst();
}

/** The client fields paying needs: name, email and currency. */
export async function findPayingClient(db: Db | Trx, clientId: number): Promise<{ id: number; name: string; email: string | null; currency: string } | undefined> {
  return db.selectFrom('clients').select(['id', 'name', 'email', 'currency']).where('id', '=', clientId).executeTakeFirst();
}

/** Records the payment a provider's money movement became (UNIQUE provider + provider payment id). */
export async function insertOnlinePayment(trx: Trx, row: { payment_id: number; checkout_id: number; provider: string; provider_payment_id: string }): Promise<number> {
  const r = await trx.insertInto('online_payments').values({ ...row, refunded_at: null }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Marks an online payment refunded at the provider. */
export async function markOnlinePaymentRefunded(trx: Trx, id: number, at: string): Promise<void> {
  await trx.updateTable('online_payments').set({ refunded_at: at }).where('id', '=', id).execute();
}

/** The checkout behind a stored online payment. */
export async function findCheckoutById(db: Db | Trx, id: number): Promise<CheckoutRow | undefined> {
  return db.selectFrom('payment_checkouts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Stores a client's provider customer learnt inside a transaction, unless one is known. */
export async function insertGatewayCustomer(trx: Db | Trx, clientId: number, provider: string, customerId: string): Promise<void> {
  await trx.insertInto('gateway_customers').values({ client_id: clientId, provider, customer_id: customerId }).onConflict((oc) => oc.columns(['client_id', 'provider']).doNothing()).execute();
}

/** A client's provider customer id (Stripe), if one was created. */
export async function findGatewayCustomer(db: Db | Trx, clientId: number, provider: string): Promise<string | null> {
  const row = await db.selectFrom('gateway_customers').select('customer_id').where('client_id', '=', clientId).where('provider', '=', provider).executeTakeFirst();
  return row?.customer_id ?? null;
}

/** Stores a client's provider customer unless one was stored meanwhile; returns the one in force. */
export async function saveGatewayCustomer(db: Db, clientId: number, provider: string, customerId: string): Promise<string> {
  await insertGatewayCustomer(db, clientId, provider, customerId);
  return (await findGatewayCustomer(db, clientId, provider)) ?? customerId;
}

/** Latest checkouts of the firm with their client's name (staff overview), newest first. */
export async function recentCheckouts(db: Db, limit: number) {
  return db
    .selectFrom('payment_checkouts as pc')
    .innerJoin('clients as c', 'c.id', 'pc.client_id')
    .select(['pc.id', 'pc.public_id', 'pc.client_id', 'c.name as client_name', 'pc.gateway', 'pc.amount', 'pc.currency', 'pc.status', 'pc.payment_id', 'pc.payer_email', 'pc.failure_reason', 'pc.created_at', 'pc.completed_at'])
    .orderBy('pc.id', 'desc')
    .limit(limit)
    .execute();
}

/** Latest webhook events that need a person's attention (anomalies, refunds, unknown checkouts), newest first. */
export async function webhookEventsNeedingAttention(db: Db, limit: number) {
  return db
    .selectFrom('webhook_events as w')
    .leftJoin('payment_checkouts as pc', 'pc.id', 'w.checkout_id')
    .leftJoin('clients as c', 'c.id', 'pc.client_id')
    .select(['w.id', 'w.provider', 'w.event_id', 'w.type', 'w.amount', 'w.currency', 'w.outcome', 'w.payment_id', 'w.detail', 'w.received_at', 'pc.client_id', 'c.name as client_name'])
    .where('w.outcome', 'in', ['anomaly', 'held', 'refund_noted', 'unknown_checkout'])
    .orderBy('w.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Checkouts whose provider may hold an outcome we never heard of: open ones, and ones set aside
 * here (superseded, about to expire) whose provider session may still have been paid; created
 * within the window, with no success or failure event stored for them yet. Oldest first.
 */
export async function checkoutsToReconcile(db: Db, window: { createdAfter: string; createdBefore: string; limit: number }): Promise<CheckoutRow[]> {
  return db
    .selectFrom('payment_checkouts as pc')
    .selectAll('pc')
    .where('pc.status', 'in', ['open', 'expired'])
    .where('pc.created_at', '>=', window.createdAfter)
    .where('pc.created_at', '<=', window.createdBefore)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('webhook_events as w').select('w.id').whereRef('w.checkout_id', '=', 'pc.id').where('w.type', 'in', ['succeeded', 'failed']))),
    )
    .orderBy('pc.created_at')
    .limit(window.limit)
    .execute();
}
