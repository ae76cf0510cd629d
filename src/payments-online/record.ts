// Exactly-once recording of what a payment provider tells us. One transaction per event:
// the event row (UNIQUE provider + event id), the payment with its allocations (via the
// payments service), the online payment (UNIQUE provider + payment id), the checkout's status,
// the receipt, the events, the staff notifications and the emails. No network I/O inside it:
// emails go to the outbox. The webhook answers 2xx only after this commits, so a crash before
// the commit leaves nothing behind and the provider's retry records the payment once.
//
// Rules (SECURITY.md rows 31–36):
// - the same event again (replay, retry) → nothing new; answered as already handled;
// - the same money movement announced by two events (Stripe's completed and
//   async_payment_succeeded) → one payment: the second is stored as 'duplicate';
// - a failure after a success → stored as 'stale'; the checkout stays paid (never backwards);
// - a refund before the success it refunds → stored as 'held'; when the payment is recorded the
//   held refund is applied to it (flagged refunded, staff told). A refund never changes the
//   ledger by itself: staff void the payment or record the refund, as for any bank reversal;
// - amount or currency not what the checkout asked → 'anomaly': no payment, staff told;
// - invoices paid meanwhile → each gets at most its current balance; the rest is client credit.

import type { Config } from '../config.js';
import type { Db, Trx } from '../db/index.js';
import { recordEvent, type Actor } from '../events/service.js';
import type { GatewayEvent } from '../gateways/gateway.js';
import { openInvoices } from '../ledger/queries.js';
import { enqueueMail } from '../mail/outbox.js';
import { groupByMailLanguage } from '../notifications/mail-language.js';
import { notifyStaff } from '../notifications/service.js';
import { recordPaymentInTransaction } from '../payments/service.js';
import { issueAndEmailReceipt } from '../receipts/service.js';
import { getFirmSettings } from '../settings/service.js';
import { today } from '../util/time.js';
import { translator } from '../i18n/index.js';
import { planOnlineAllocations } from './allocation.js';
import { checkoutInvoices } from './checkout.js';
import {
  findCheckoutById, findCheckoutByPublicId, findOnlinePayment, findPayingClient, findWebhookEvent, heldRefunds, insertGatewayCustomer, insertOnlinePayment, insertWebhookEvent,
  markOnlinePaymentRefunded, releaseHeldEvents, updateCheckoutIf, type CheckoutRow,
} from './queries.js';

/** What an event led to (stored with it; 'replay' means the event was already stored). */
export type RecordOutcome = 'recorded' | 'duplicate' | 'stale' | 'anomaly' | 'held' | 'refund_noted' | 'failure_noted' | 'unknown_checkout' | 'replay';

/** The result of handling one provider event. */
export interface RecordResult {
  outcome: RecordOutcome;
  paymentId: number | null;
}

/** What recording needs: the database and the configuration (PUBLIC_URL for links in emails). */
export interface RecordDeps {
  db: Db;
  config: Pick<Config, 'publicUrl'>;
}

/**
 * Fault injection for the crash test only, off by default: with STOA_FAULT_WEBHOOK=exit-before-commit
 * the process exits after writing a payment's rows and before their transaction commits, as a
 * `kill -9` there would. Never set it outside tests.
 */
function faultBeforeCommit(): void {
  if (process.env.STOA_FAULT_WEBHOOK === 'exit-before-commit') process.exit(86);
}

/** Who the payment is recorded as: the portal member who paid, or the permalink's recipient. */
function payerActor(checkout: CheckoutRow): Actor {
  const name = checkout.payer_name ?? checkout.payer_email ?? 'Online payment';
  return checkout.created_by_type === 'portal' && checkout.portal_user_id !== null ? { type: 'portal', id: checkout.portal_user_id, name } : { type: 'system', id: null, name };
}

function gatewayLabel(provider: string): string {
  return provider === 'test' ? 'TEST MODE' : provider === 'stripe' ? 'Stripe' : provider;
}

/** Staff learn of a payment (or a problem) in-app and by email, in the transaction that records it. */
async function tellStaff(
  trx: Trx,
  deps: RecordDeps,
  input: { kind: 'received' | 'anomaly' | 'refunded'; clientId: number; payerName: string; amount: number; currency: string; receiptNumber?: string; credit: number; testMode: boolean; link: string },
): Promise<void> {
  const client = await findPayingClient(trx, input.clientId);
  const clientName = client?.name ?? `#${input.clientId}`;
  const kind = input.kind === 'received' ? 'online_payment_received' : input.kind === 'anomaly' ? 'online_payment_attention' : 'online_payment_refunded';
  const recipients = await notifyStaff(trx, {
    kind,
    clientId: input.clientId,
    data: { name: input.payerName, clientName, amount: input.amount, currency: input.currency, number: input.receiptNumber ?? null, test: input.testMode ? 1 : 0 },
    link: input.link,
  });
  if (recipients.length === 0) return;
  const firm = await getFirmSettings(trx);
  // One message per language: each staff member reads their own, else the firm's.
  for (const group of groupByMailLanguage(recipients, firm.default_language)) {
    await enqueueMail(
      trx,
      {
        to: group.recipients.map((r) => r.email),
        template: 'payment-received',
        language: group.language,
        data: { kind: input.kind, clientName, payerName: input.payerName, amount: input.amount, currency: input.currency, receiptNumber: input.receiptNumber, credit: input.credit, testMode: input.testMode, link: `${deps.config.publicUrl}${input.link}` },
        clientId: input.clientId,
      },
      { publicUrl: deps.config.publicUrl, firmName: firm.firm_name },
    );
  }
}

/** Marks a recorded payment refunded at the provider and tells staff (the ledger is theirs to correct). */
async function noteRefund(trx: Trx, deps: RecordDeps, payment: { id: number; paymentId: number; clientId: number; reference: string | null; currency: string }, refunded: number, provider: string): Promise<void> {
  await markOnlinePaymentRefunded(trx, payment.id, new Date().toISOString());
  await recordEvent(trx, { type: 'system', id: null, name: gatewayLabel(provider) }, {
    clientId: payment.clientId,
    subjectType: 'payment',
    subjectId: payment.paymentId,
    action: 'refunded_online',
    detail: { label: payment.reference ?? `#${payment.paymentId}`, amount: refunded, currency: payment.currency },
  });
  await tellStaff(trx, deps, { kind: 'refunded', clientId: payment.clientId, payerName: gatewayLabel(provider), amount: refunded, currency: payment.currency, credit: 0, testMode: provider === 'test', link: `/payments/${payment.paymentId}` });
}

/** Finds the checkout an event is about: by our id, or through the payment it already led to. */
async function checkoutOf(trx: Trx, event: GatewayEvent): Promise<CheckoutRow | undefined> {
  if (event.checkoutId) {
    const row = await findCheckoutByPublicId(trx, event.checkoutId);
    return row && row.gateway === event.provider ? row : undefined;
  }
  if (!event.providerPaymentId) return undefined;
  const paid = await findOnlinePayment(trx, event.provider, event.providerPaymentId);
  if (!paid) return undefined;
  return findCheckoutById(trx, paid.checkout_id);
}

type Store = (outcome: Exclude<RecordOutcome, 'replay'>, paymentId: number | null, detail?: Record<string, unknown>) => Promise<RecordResult>;

/** A success: one payment for one money movement, allocated against current balances. */
async function recordSuccess(trx: Trx, deps: RecordDeps, event: GatewayEvent, checkout: CheckoutRow, store: Store): Promise<RecordResult> {
  const moneyId = event.providerPaymentId ?? `event:${event.eventId}`;
  const already = await findOnlinePayment(trx, event.provider, moneyId);
  if (already) {
    await updateCheckoutIf(trx, checkout.id, ['open', 'failed', 'expired'], { status: 'paid', payment_id: already.payment_id, completed_at: new Date().toISOString() });
    return store('duplicate', already.payment_id);
  }
  const client = await findPayingClient(trx, checkout.client_id);
  if (!client) throw new Error(`checkout ${checkout.id} of an unknown client`);
  const payerName = checkout.payer_name ?? checkout.payer_email ?? gatewayLabel(event.provider);
  if (event.amount !== checkout.amount || event.currency !== checkout.currency || client.currency !== checkout.currency) {
    await tellStaff(trx, deps, { kind: 'anomaly', clientId: checkout.client_id, payerName, amount: event.amount, currency: event.currency || checkout.currency, credit: 0, testMode: event.provider === 'test', link: '/online-payments' });
    return store('anomaly', null, { expected: { amount: checkout.amount, currency: checkout.currency }, got: { amount: event.amount, currency: event.currency } });
  }
  const current = new Map((await openInvoices(trx, client.id, client.currency)).map((i) => [i.id, i.balance]));
  const plan = planOnlineAllocations(event.amount, checkoutInvoices(checkout), current);
  const testMode = event.provider === 'test';
  // The reference is the provider's own id (data, the same in every language); the note is for
  // staff, written in the firm's language. Test payments are told apart by their provider.
  const staffT = translator((await getFirmSettings(trx)).default_language);
  const recorded = await recordPaymentInTransaction(trx, payerActor(checkout), {
    client_id: client.id,
    amount: event.amount,
    date: today(),
    method: 'card',
    reference: moneyId.slice(0, 100),
    notes: testMode ? staffT('pay:staff.note_test') : staffT('pay:staff.note_online', { gateway: gatewayLabel(event.provider), checkout: checkout.public_id }),
    allocations: plan.allocations.map((a) => ({ invoice_id: a.invoiceId, amount: a.amount })),
  });
  // The allocations were computed from the balances read in this transaction: a refusal is a bug.
  if (!recorded.ok) throw new Error(`online payment refused by the payments service: ${recorded.error}`);
  const paymentId = recorded.paymentId;
  const onlineId = await insertOnlinePayment(trx, { payment_id: paymentId, checkout_id: checkout.id, provider: event.provider, provider_payment_id: moneyId });
  const secondPayment = checkout.status === 'paid';
  if (!secondPayment) await updateCheckoutIf(trx, checkout.id, ['open', 'failed', 'expired'], { status: 'paid', payment_id: paymentId, completed_at: new Date().toISOString() });
  await recordEvent(trx, payerActor(checkout), {
    clientId: client.id,
    subjectType: 'payment',
    subjectId: paymentId,
    action: 'paid_online',
    detail: { label: `#${paymentId}`, gateway: event.provider, checkout: checkout.public_id, amount: event.amount, currency: event.currency, credit: recorded.unallocated },
  });
  const link = checkout.created_by_type === 'portal' ? `${deps.config.publicUrl}/portal/payments/${paymentId}/receipt` : null;
  const receipt = await issueAndEmailReceipt(trx, { paymentId, to: checkout.payer_email ? [checkout.payer_email] : [], payerName, language: checkout.language, link, publicUrl: deps.config.publicUrl });
  await tellStaff(trx, deps, { kind: 'received', clientId: client.id, payerName, amount: event.amount, currency: event.currency, receiptNumber: receipt?.number, credit: recorded.unallocated, testMode, link: `/payments/${paymentId}` });
  if (event.customerId) await insertGatewayCustomer(trx, client.id, event.provider, event.customerId);
  // A refund that arrived before this success is applied now.
  const held = await heldRefunds(trx, event.provider, moneyId);
  if (held.length > 0) {
    await releaseHeldEvents(trx, held.map((h) => h.id), paymentId);
    await noteRefund(trx, deps, { id: onlineId, paymentId, clientId: client.id, reference: moneyId, currency: event.currency }, held.reduce((s, h) => s + h.amount, 0), event.provider);
  }
  const result = await store('recorded', paymentId, secondPayment ? { second_payment_for_checkout: true } : undefined);
  faultBeforeCommit();
  return result;
}

/**
 * Handles one verified provider event exactly once, in one transaction. Safe to call again with
 * the same event (it answers 'replay' and writes nothing).
 */
export async function recordGatewayEvent(deps: RecordDeps, event: GatewayEvent): Promise<RecordResult> {
  return deps.db.transaction().execute(async (trx): Promise<RecordResult> => {
    const seen = await findWebhookEvent(trx, event.provider, event.eventId);
    if (seen) return { outcome: 'replay', paymentId: seen.payment_id };
    const checkout = await checkoutOf(trx, event);
    const store: Store = async (outcome, paymentId, detail) => {
      await insertWebhookEvent(trx, {
        provider: event.provider,
        event_id: event.eventId,
        type: event.type,
        checkout_id: checkout?.id ?? null,
        provider_payment_id: event.providerPaymentId,
        amount: event.amount,
        currency: event.currency.slice(0, 3),
        outcome,
        payment_id: paymentId,
        detail: detail ? JSON.stringify(detail) : null,
      });
      return { outcome, paymentId };
    };
    switch (event.type) {
      case 'succeeded': {
        if (!checkout) {
          // Money for a checkout we do not know (another installation's, or a forged id that was signed): staff look.
          await notifyStaff(trx, { kind: 'online_payment_attention', clientId: null, data: { name: gatewayLabel(event.provider), amount: event.amount, currency: event.currency, clientName: null, number: null, test: event.provider === 'test' ? 1 : 0 }, link: '/online-payments' });
          return store('unknown_checkout', null);
        }
        return recordSuccess(trx, deps, event, checkout, store);
      }
      case 'failed': {
        if (!checkout) return store('unknown_checkout', null);
        // Never backwards: a failure after the checkout was paid changes nothing.
        if (checkout.status === 'paid') return store('stale', checkout.payment_id);
        if (event.failure === 'expired') {
          // Ended unpaid at the provider: an open checkout expires; one already set aside stays as it is.
          await updateCheckoutIf(trx, checkout.id, ['open'], { status: 'expired', failure_reason: 'expired', completed_at: new Date().toISOString() });
          return store('failure_noted', null, { failure: 'expired' });
        }
        await updateCheckoutIf(trx, checkout.id, ['open', 'expired'], { status: 'failed', failure_reason: 'declined', completed_at: new Date().toISOString() });
        return store('failure_noted', null);
      }
      case 'refunded': {
        const paid = event.providerPaymentId ? await findOnlinePayment(trx, event.provider, event.providerPaymentId) : undefined;
        if (!paid) return store('held', null);
        if (!paid.refunded_at) await noteRefund(trx, deps, { id: paid.id, paymentId: paid.payment_id, clientId: paid.client_id, reference: paid.reference, currency: paid.currency }, event.amount, event.provider);
        return store('refund_noted', paid.payment_id);
      }
    }
  });
}

