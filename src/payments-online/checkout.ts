// Opening a checkout: what to pay is ALWAYS computed here from the client's open balances
// (SECURITY.md row 9); a double click or a second tab reuses the open checkout of the same
// balance instead of opening another (row 36). The provider is asked outside any transaction.
//
// Callers: the portal's pay pages (src/portal/pay-routes.tsx) and the document permalinks of
// the email feature (a recipient who is not a member pays the one invoice the email links to).
// Callers check permissions first (mayAct … 'pay' / 'pay_all', or the permalink's own binding).

import { randomBytes } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Config } from '../config.js';
import type { Db, Trx } from '../db/index.js';
import type { Language } from '../db/schema.js';
import { gatewaysFor, type GatewayOverrides } from '../gateways/index.js';
import type { BankInstructions, CheckoutInvoice, Gateways } from '../gateways/gateway.js';
import { sortOldestDueFirst, type OpenInvoice } from '../ledger/ledger.js';
import { openInvoices } from '../ledger/queries.js';
import type { Minor } from '../money/money.js';
import { getFirmSettings } from '../settings/service.js';
import { log } from '../util/log.js';
import { seal } from './sealed.js';
import { checkoutRedirect, findCheckoutByPublicId, findGatewayCustomer, findIssuedInvoice, findPayingClient, findOpenCheckout, insertCheckout, saveGatewayCustomer, updateCheckoutIf, type CheckoutRow } from './queries.js';

/** What a checkout needs from the app: the database, the configuration, and (tests) gateway stubs. */
export interface CheckoutDeps {
  db: Db;
  config: Config;
  /** Gateways to use instead of those the configuration and firm settings give (tests). */
  gateways?: Gateways;
  overrides?: GatewayOverrides;
}

/** What to pay: the whole amount due (oldest due first), or one invoice's balance. */
export type CheckoutScope = { kind: 'all' } | { kind: 'invoice'; invoiceId: number };

/** Who pays: a signed-in portal member, or the recipient of a document permalink. */
export type CheckoutPayer =
  | { kind: 'portal'; portalUserId: number; name: string; email: string; language: Language }
  | { kind: 'permalink'; permalinkId: number; name: string | null; email: string | null; language: Language };

/** A request to pay. Amounts, invoices and currency are never taken from the payer. */
export interface StartCheckoutInput {
  clientId: number;
  scope: CheckoutScope;
  payer: CheckoutPayer;
  /** Path on PUBLIC_URL the provider sends the payer back to after paying; `?checkout=<id>` is appended (e.g. '/portal/pay/return'). */
  returnPath: string;
  /** Path on PUBLIC_URL for a payer who cancels at the provider; `?checkout=<id>` is appended. */
  cancelPath: string;
}

/** Why a checkout was not opened. */
export type CheckoutError =
  /** Nothing is owed in this scope (paid meanwhile, or no open invoice). */
  | 'NothingToPay'
  /** The invoice is not an issued invoice of this client. */
  | 'UnknownInvoice'
  /** No card gateway is in force (Stripe not configured and the test gateway turned off). */
  | 'NoGateway'
  /** Another request is opening the same checkout right now; try again in a moment. */
  | 'Busy'
  /** The provider refused or could not be reached; nothing was charged. */
  | 'GatewayError';

/** Outcome of startCheckout: where to send the payer, or why not. */
export type StartCheckoutResult =
  | { ok: true; checkoutId: string; redirectUrl: string; reused: boolean; testMode: boolean }
  | { ok: false; error: CheckoutError };

/** An open invoice as the pay pages list it. */
export interface PayableInvoice extends CheckoutInvoice {
  dueDate: string;
}

/** What paying in a scope would settle, and how it can be paid (no row is written). */
export interface CheckoutPreview {
  invoices: PayableInvoice[];
  amount: Minor;
  currency: string;
  /** The card gateway in force, if any. */
  card: { gateway: 'stripe' | 'test'; testMode: boolean } | null;
  /** Bank transfer instructions, when the firm gave its bank details. */
  bank: BankInstructions | null;
}

/** A checkout as its return page shows it (read-only: the page never records anything). */
export interface CheckoutStatusView {
  checkoutId: string;
  clientId: number;
  scope: 'all' | 'invoice';
  status: CheckoutRow['status'];
  gateway: CheckoutRow['gateway'];
  testMode: boolean;
  amount: Minor;
  currency: string;
  invoices: CheckoutInvoice[];
  paymentId: number | null;
  createdAt: string;
}

/** How long a checkout may be paid at the provider (Stripe's minimum session life is 30 minutes). */
export const CHECKOUT_LIFETIME_MS = 60 * 60 * 1000;
// A checkout about to expire is not handed out again: the payer needs time on the provider's page.
const REUSE_MARGIN_MS = 10 * 60 * 1000;
// How long a second request waits for a checkout another request is opening.
const PENDING_WAIT_MS = 5_000;
// A checkout left without a provider URL for this long was abandoned by a crashed request.
const ABANDONED_AFTER_MS = 60_000;

/** The gateways in force for these dependencies. */
export async function resolveGateways(deps: CheckoutDeps): Promise<Gateways> {
  return deps.gateways ?? gatewaysFor(deps.config, await getFirmSettings(deps.db), deps.overrides, deps.db);
}

/** A checkout's public id: 128 random bits, letters and digits only. */
export function newCheckoutId(): string {
  return 'co' + encodeBase32LowerCaseNoPadding(randomBytes(16));
}

/** The key of "one open checkout per balance": the whole amount due, or one invoice. */
export function scopeKey(scope: CheckoutScope): string {
  return scope.kind === 'all' ? 'all' : `invoice:${scope.invoiceId}`;
}

/** The checkout's invoices as stored (JSON). */
export function checkoutInvoices(row: Pick<CheckoutRow, 'invoices'>): CheckoutInvoice[] {
  try {
    const parsed: unknown = JSON.parse(row.invoices);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((x: unknown) => {
      if (x === null || typeof x !== 'object') return [];
      const o = x as Record<string, unknown>;
      if (typeof o.id !== 'number' || typeof o.amount !== 'number') return [];
      return [{ id: o.id, number: typeof o.number === 'string' ? o.number : null, amount: o.amount }];
    });
  } catch {
    return [];
  }
}

/** The one line a provider's page shows for a checkout. */
export function checkoutDescription(invoices: readonly CheckoutInvoice[], language: Language): string {
  const numbers = invoices.map((i) => i.number ?? `#${i.id}`);
  const word = language === 'el' ? (numbers.length === 1 ? 'Τιμολόγιο' : 'Τιμολόγια') : numbers.length === 1 ? 'Invoice' : 'Invoices';
  return `${word} ${numbers.join(', ')}`;
}

type Selection = { ok: true; currency: string; invoices: PayableInvoice[]; amount: Minor } | { ok: false; error: 'NothingToPay' | 'UnknownInvoice' };

/** The open invoices a scope settles, from the balances in the database right now. */
async function selectInvoices(db: Db | Trx, clientId: number, scope: CheckoutScope): Promise<Selection> {
  const client = await findPayingClient(db, clientId);
  if (!client) return { ok: false, error: 'UnknownInvoice' };
  const open: OpenInvoice[] = sortOldestDueFirst(await openInvoices(db, client.id, client.currency));
  let chosen = open;
  if (scope.kind === 'invoice') {
    if (!Number.isSafeInteger(scope.invoiceId) || scope.invoiceId <= 0) return { ok: false, error: 'UnknownInvoice' };
    chosen = open.filter((i) => i.id === scope.invoiceId);
    if (chosen.length === 0) return { ok: false, error: (await findIssuedInvoice(db, client.id, scope.invoiceId)) ? 'NothingToPay' : 'UnknownInvoice' };
  }
  const invoices = chosen.map((i) => ({ id: i.id, number: i.number, amount: i.balance, dueDate: i.dueDate }));
  const amount = invoices.reduce((sum, i) => sum + i.amount, 0);
  if (amount <= 0) return { ok: false, error: 'NothingToPay' };
  return { ok: true, currency: client.currency, invoices, amount };
}

/** What paying `scope` would settle and the ways to pay it; null when there is nothing to pay or the invoice is not payable. */
export async function checkoutPreview(deps: CheckoutDeps, clientId: number, scope: CheckoutScope): Promise<CheckoutPreview | { error: 'NothingToPay' | 'UnknownInvoice' }> {
  const selection = await selectInvoices(deps.db, clientId, scope);
  if (!selection.ok) return { error: selection.error };
  const gateways = await resolveGateways(deps);
  return {
    invoices: selection.invoices,
    amount: selection.amount,
    currency: selection.currency,
    card: gateways.hosted ? { gateway: gateways.hosted.id, testMode: gateways.hosted.testMode } : null,
    bank: gateways.bank ? gateways.bank.instructions({ amount: selection.amount, currency: selection.currency, invoices: selection.invoices, clientId, scope: scope.kind }) : null,
  };
}

function sameInvoices(row: CheckoutRow, invoices: readonly CheckoutInvoice[]): boolean {
  const stored = checkoutInvoices(row);
  return stored.length === invoices.length && stored.every((s, i) => s.id === invoices[i]!.id && s.amount === invoices[i]!.amount);
}

type Reservation =
  | { kind: 'reuse'; row: CheckoutRow }
  | { kind: 'pending'; row: CheckoutRow }
  | { kind: 'new'; row: CheckoutRow }
  | { kind: 'error'; error: 'NothingToPay' | 'UnknownInvoice' };

/** In one transaction: the open checkout of this balance, or a new one (an outdated one is set aside). */
async function reserveCheckout(deps: CheckoutDeps, input: StartCheckoutInput, gateway: 'stripe' | 'test'): Promise<Reservation> {
  const key = scopeKey(input.scope);
  return deps.db.transaction().execute(async (trx): Promise<Reservation> => {
    // Balances are read inside the write transaction (BEGIN IMMEDIATE): nobody pays in between.
    const selection = await selectInvoices(trx, input.clientId, input.scope);
    if (!selection.ok) return { kind: 'error', error: selection.error };
    const now = Date.now();
    const existing = await findOpenCheckout(trx, input.clientId, key, gateway);
    if (existing) {
      const fresh = Date.parse(existing.expires_at) - now > REUSE_MARGIN_MS;
      const same = existing.amount === selection.amount && existing.currency === selection.currency && sameInvoices(existing, selection.invoices);
      if (fresh && same && existing.redirect_url) return { kind: 'reuse', row: existing };
      if (fresh && same && now - Date.parse(existing.created_at) < ABANDONED_AFTER_MS) return { kind: 'pending', row: existing };
      // The balance changed, the checkout is about to expire, or its request died: set it aside.
      // Should it still be paid at the provider, the payment is recorded all the same (the rest as credit).
      await updateCheckoutIf(trx, existing.id, ['open'], { status: 'expired', failure_reason: same ? 'expired' : 'superseded' });
    }
    const payer = input.payer;
    const publicId = newCheckoutId();
    const row = await insertCheckout(trx, {
      public_id: publicId,
      client_id: input.clientId,
      scope_key: key,
      gateway,
      amount: selection.amount,
      currency: selection.currency,
      invoices: JSON.stringify(selection.invoices.map((i) => ({ id: i.id, number: i.number, amount: i.amount }))),
      status: 'open',
      created_by_type: payer.kind,
      portal_user_id: payer.kind === 'portal' ? payer.portalUserId : null,
      permalink_id: payer.kind === 'permalink' ? payer.permalinkId : null,
      payer_name: payer.name,
      payer_email: payer.email,
      language: payer.language,
      success_url_sealed: seal(deps.config.sessionSecret, withCheckout(deps.config.publicUrl, input.returnPath, publicId)),
      cancel_url_sealed: seal(deps.config.sessionSecret, withCheckout(deps.config.publicUrl, input.cancelPath, publicId)),
      redirect_url: null,
      provider_checkout_id: null,
      payment_id: null,
      failure_reason: null,
      expires_at: new Date(now + CHECKOUT_LIFETIME_MS).toISOString(),
      completed_at: null,
    });
    return { kind: 'new', row };
  });
}

/** Waits for another request to finish opening a checkout; its URL, or null. */
async function waitForRedirect(db: Db, id: number): Promise<string | null> {
  const deadline = Date.now() + PENDING_WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const row = await checkoutRedirect(db, id);
    if (!row || row.status !== 'open') return null;
    if (row.redirect_url) return row.redirect_url;
  }
  return null;
}

/** The provider customer of a client (Stripe), created on first use; null when the gateway keeps no methods. */
async function customerFor(deps: CheckoutDeps, gateways: Gateways, clientId: number, payerEmail: string | null): Promise<string | null> {
  const hosted = gateways.hosted;
  if (!hosted?.savedMethods) return null;
  const known = await findGatewayCustomer(deps.db, clientId, hosted.id);
  if (known) return known;
  const client = await findPayingClient(deps.db, clientId);
  if (!client) return null;
  const created = await hosted.savedMethods.ensureCustomer({ clientId, name: client.name, email: client.email ?? payerEmail });
  return saveGatewayCustomer(deps.db, clientId, hosted.id, created);
}

function withCheckout(publicUrl: string, path: string, checkoutId: string): string {
  return `${publicUrl}${path}${path.includes('?') ? '&' : '?'}checkout=${checkoutId}`;
}

/**
 * Opens (or reuses) a checkout for what the client owes in `scope` and returns where to send
 * the payer. The amount, invoices and currency come from the database, never from the payer.
 */
export async function startCheckout(deps: CheckoutDeps, input: StartCheckoutInput): Promise<StartCheckoutResult> {
  const gateways = await resolveGateways(deps);
  const hosted = gateways.hosted;
  if (!hosted) return { ok: false, error: 'NoGateway' };
  const reserved = await reserveCheckout(deps, input, hosted.id);
  if (reserved.kind === 'error') return { ok: false, error: reserved.error };
  const row = reserved.row;
  const done = (url: string, reused: boolean): StartCheckoutResult => ({ ok: true, checkoutId: row.public_id, redirectUrl: url, reused, testMode: hosted.testMode });
  if (reserved.kind === 'reuse') return done(row.redirect_url!, true);
  if (reserved.kind === 'pending') {
    const url = await waitForRedirect(deps.db, row.id);
    return url ? done(url, true) : { ok: false, error: 'Busy' };
  }
  // Network I/O from here on, outside any transaction.
  try {
    const customerId = await customerFor(deps, gateways, input.clientId, input.payer.email);
    const invoices = checkoutInvoices(row);
    const opened = await hosted.createCheckout({
      checkoutId: row.public_id,
      amount: row.amount,
      currency: row.currency,
      invoices,
      description: checkoutDescription(invoices, input.payer.language),
      successUrl: withCheckout(deps.config.publicUrl, input.returnPath, row.public_id),
      cancelUrl: withCheckout(deps.config.publicUrl, input.cancelPath, row.public_id),
      payerEmail: input.payer.email,
      customerId,
      language: input.payer.language,
      expiresAt: row.expires_at,
    });
    // Kept even when another request set the checkout aside meanwhile: the payer is still sent to
    // this session and may pay it, and reconciliation can only ask the provider about a session it knows.
    await updateCheckoutIf(deps.db, row.id, ['open', 'expired'], { redirect_url: opened.url, provider_checkout_id: opened.providerCheckoutId });
    return done(opened.url, false);
  } catch (err) {
    log.error('opening a checkout failed', { gateway: hosted.id, checkout: row.id, error: err instanceof Error ? err.message : String(err) });
    await updateCheckoutIf(deps.db, row.id, ['open'], { status: 'failed', failure_reason: 'gateway_error' });
    return { ok: false, error: 'GatewayError' };
  }
}

/** A checkout of `clientId` for its return page, or null (unknown id, or another client's). */
export async function checkoutStatus(db: Db, publicId: string, clientId: number | null): Promise<CheckoutStatusView | null> {
  if (!/^co[a-z2-7]{26}$/.test(publicId)) return null;
  const row = await findCheckoutByPublicId(db, publicId);
  if (!row || (clientId !== null && row.client_id !== clientId)) return null;
  return {
    checkoutId: row.public_id,
    clientId: row.client_id,
    scope: row.scope_key === 'all' ? 'all' : 'invoice',
    status: row.status,
    gateway: row.gateway,
    testMode: row.gateway === 'test',
    amount: row.amount,
    currency: row.currency,
    invoices: checkoutInvoices(row),
    paymentId: row.payment_id,
    createdAt: row.created_at,
  };
}
