// The gateways on their own: bank references and IBANs, the test gateway's signatures, Stripe's
// event mapping, and which gateway is in force for a configuration. No network, no database.

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { bankGateway, formatIban, isValidBic, isValidIban, isValidRfReference, rfReference, transferReference } from '../../src/gateways/bank.js';
import { gatewaysFor } from '../../src/gateways/index.js';
import { parseStripeCallback, stripeGateway } from '../../src/gateways/stripe.js';
import type Stripe from 'stripe';
import { parseTestCallback, signTestEvent, testGatewayPayload } from '../../src/gateways/test-gateway.js';
import { checkPaymentSettings } from '../../src/gateways/settings.js';
import { FIRM_DEFAULTS } from '../../src/settings/service.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripeRefundEvent, stripeSessionEvent, stripeSignature, stubStripe, WHSEC } from './support.js';

const SECRET = 'a-session-secret-of-at-least-32-characters!';
const CHECKOUT = 'co' + 'abcdefghijklmnopqrstuvwxyz'.slice(0, 26);

describe('bank transfer', () => {
  it('accepts well-formed IBANs only, with or without spaces', () => {
    expect(isValidIban('GR16 0110 1250 0000 0001 2300 695')).toBe(true);
    expect(isValidIban('gr1601101250000000012300695')).toBe(true);
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('GR16 0110 1250 0000 0001 2300 696')).toBe(false);
    expect(isValidIban('not an iban')).toBe(false);
    expect(formatIban('gr1601101250000000012300695')).toBe('GR16 0110 1250 0000 0001 2300 695');
    expect(isValidBic('ETHNGRAA')).toBe(true);
    expect(isValidBic('ETHNGRAAXXX')).toBe(true);
    expect(isValidBic('ETH')).toBe(false);
  });

  it('makes ISO 11649 RF references that banks validate', () => {
    // The standard's own example.
    expect(rfReference('539007547034')).toBe('RF18539007547034');
    const ref = rfReference('INV-2026-0007');
    expect(ref).toMatch(/^RF\d{2}INV20260007$/);
    expect(isValidRfReference(ref)).toBe(true);
    expect(isValidRfReference(ref.replace('0007', '0008'))).toBe(false);
    expect(transferReference('invoice', 9, [{ id: 3, number: 'INV-2026-0003', amount: 100 }])).toBe(rfReference('INV20260003'));
    expect(transferReference('all', 42, [])).toBe(rfReference('C42'));
  });

  it('is offered only once the firm gave a beneficiary and a valid IBAN', () => {
    expect(bankGateway(FIRM_DEFAULTS)).toBeNull();
    expect(bankGateway({ ...FIRM_DEFAULTS, bank_beneficiary: 'Acme', bank_iban: 'GR00 broken' })).toBeNull();
    const bank = bankGateway({ ...FIRM_DEFAULTS, bank_beneficiary: 'Acme Accounting', bank_iban: 'GR1601101250000000012300695', bank_bic: 'ETHNGRAA' });
    const i = bank!.instructions({ amount: 12400, currency: 'EUR', invoices: [{ id: 1, number: 'INV-2026-0001', amount: 12400 }], clientId: 3, scope: 'invoice' });
    expect(i).toMatchObject({ beneficiary: 'Acme Accounting', iban: 'GR16 0110 1250 0000 0001 2300 695', bic: 'ETHNGRAA', amount: 12400, invoiceNumbers: ['INV-2026-0001'] });
    expect(isValidRfReference(i.reference)).toBe(true);
  });

  it('checks the payment settings of the firm form', () => {
    const ok = checkPaymentSettings({ bank_beneficiary: ' Acme ', bank_iban: 'gr1601101250000000012300695', bank_bic: 'ethngraa', bank_name: 'Bank', test_gateway_enabled: 'false' });
    expect(ok.errors).toEqual({});
    expect(ok.value).toEqual({ bank_beneficiary: 'Acme', bank_iban: 'GR16 0110 1250 0000 0001 2300 695', bank_bic: 'ETHNGRAA', bank_name: 'Bank', test_gateway_enabled: false });
    const bad = checkPaymentSettings({ bank_beneficiary: '', bank_iban: 'GR99', bank_bic: 'X', bank_name: 'a\nb', test_gateway_enabled: 'maybe' });
    expect(Object.keys(bad.errors).sort()).toEqual(['bank_beneficiary', 'bank_bic', 'bank_iban', 'bank_name', 'test_gateway_enabled']);
    expect(checkPaymentSettings({ bank_beneficiary: '', bank_iban: 'GR1601101250000000012300695', bank_bic: '', bank_name: '', test_gateway_enabled: 'true' }).errors).toEqual({ bank_beneficiary: 'validation:required' });
  });
});

describe('the test gateway signature', () => {
  const raw = JSON.stringify(testGatewayPayload({ checkoutId: CHECKOUT, outcome: 'succeeded', amount: 5000, currency: 'EUR', eventId: 'evt_test_1' }));
  const now = Math.floor(Date.now() / 1000);

  it('accepts its own signed events and normalizes them', () => {
    const r = parseTestCallback(SECRET, raw, signTestEvent(SECRET, raw, now), now);
    expect(r).toEqual({ ok: true, event: { provider: 'test', eventId: 'evt_test_1', type: 'succeeded', checkoutId: CHECKOUT, providerPaymentId: `tp_${CHECKOUT}`, amount: 5000, currency: 'EUR', customerId: null } });
  });

  it('refuses another key, a changed body, an old event and a missing header', () => {
    expect(parseTestCallback(SECRET, raw, signTestEvent('another-secret-of-at-least-32-characters', raw, now), now)).toEqual({ ok: false, error: 'BadSignature' });
    expect(parseTestCallback(SECRET, raw.replace('5000', '5'), signTestEvent(SECRET, raw, now), now)).toEqual({ ok: false, error: 'BadSignature' });
    expect(parseTestCallback(SECRET, raw, signTestEvent(SECRET, raw, now - 301), now)).toEqual({ ok: false, error: 'BadSignature' });
    expect(parseTestCallback(SECRET, raw, null, now)).toEqual({ ok: false, error: 'BadSignature' });
    expect(parseTestCallback(SECRET, raw, 't=abc,v1=zz', now)).toEqual({ ok: false, error: 'BadSignature' });
  });

  it('refuses a signed body that is not an event', () => {
    expect(parseTestCallback(SECRET, '{"id":1}', signTestEvent(SECRET, '{"id":1}', now), now)).toEqual({ ok: false, error: 'Malformed' });
  });
});

describe('Stripe events', () => {
  it('maps checkout sessions and refunds to normalized events', () => {
    const paid = stripeSessionEvent({ id: 'evt_1', checkoutId: CHECKOUT, amount: 12400, paymentIntent: 'pi_1' });
    expect(parseStripeCallback(WHSEC, paid, stripeSignature(paid))).toEqual({
      ok: true,
      event: { provider: 'stripe', eventId: 'evt_1', type: 'succeeded', checkoutId: CHECKOUT, providerPaymentId: 'pi_1', amount: 12400, currency: 'EUR', customerId: null },
    });
    const failed = stripeSessionEvent({ id: 'evt_2', type: 'checkout.session.async_payment_failed', checkoutId: CHECKOUT, amount: 12400 });
    expect(parseStripeCallback(WHSEC, failed, stripeSignature(failed))).toMatchObject({ ok: true, event: { type: 'failed' } });
    const refund = stripeRefundEvent({ id: 'evt_3', paymentIntent: 'pi_1', amount: 400 });
    expect(parseStripeCallback(WHSEC, refund, stripeSignature(refund))).toMatchObject({ ok: true, event: { type: 'refunded', providerPaymentId: 'pi_1', amount: 400, checkoutId: null } });
  });

  it('refuses a bad signature, a re-serialized body and an old event', () => {
    const paid = stripeSessionEvent({ id: 'evt_4', checkoutId: CHECKOUT, amount: 12400 });
    expect(parseStripeCallback(WHSEC, paid, stripeSignature(paid, { secret: 'whsec_other' }))).toEqual({ ok: false, error: 'BadSignature' });
    expect(parseStripeCallback(WHSEC, JSON.stringify(JSON.parse(paid), null, 1), stripeSignature(paid))).toEqual({ ok: false, error: 'BadSignature' });
    expect(parseStripeCallback(WHSEC, paid, stripeSignature(paid, { timestamp: Math.floor(Date.now() / 1000) - 400 }))).toEqual({ ok: false, error: 'BadSignature' });
    expect(parseStripeCallback(WHSEC, paid, undefined)).toEqual({ ok: false, error: 'BadSignature' });
  });
});

describe('the gateway in force', () => {
  const config = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'stoa-gw-')), PUBLIC_URL: 'https://stoa.example', ...env });

  it('is the TEST MODE gateway on a fresh install, and none once the firm turns it off', () => {
    const fresh = gatewaysFor(config(), FIRM_DEFAULTS);
    expect(fresh.hosted).toMatchObject({ id: 'test', testMode: true });
    expect(fresh.byId('stripe')).toBeNull();
    const off = gatewaysFor(config(), { ...FIRM_DEFAULTS, test_gateway_enabled: false });
    expect(off.hosted).toBeNull();
    expect(off.byId('test')).toBeNull();
  });

  it('is Stripe once both keys are set, and the test gateway then takes no callbacks', () => {
    const g = gatewaysFor(config({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: WHSEC }), FIRM_DEFAULTS);
    expect(g.hosted).toMatchObject({ id: 'stripe', testMode: false });
    expect(g.byId('test')).toBeNull();
    expect(g.hosted?.savedMethods).not.toBeNull();
  });
});

describe('saved cards at Stripe', () => {
  const card = (id: string, customer: string) => ({ id, object: 'payment_method', type: 'card', customer, card: { brand: 'visa', last4: '4242', exp_month: 4, exp_year: 2030 } }) as unknown as Stripe.PaymentMethod;

  it('lists a customer\'s cards and removes one only when it belongs to that customer', async () => {
    const detached: string[] = [];
    const api = { ...stubStripe(), listCards: async () => [card('pm_1', 'cus_a')], retrievePaymentMethod: async (id: string) => card(id, id === 'pm_1' ? 'cus_a' : 'cus_b'), detachPaymentMethod: async (id: string) => { detached.push(id); } };
    const saved = stripeGateway({ api, webhookSecret: WHSEC }).savedMethods!;
    expect(await saved.list('cus_a')).toEqual([{ id: 'pm_1', brand: 'visa', last4: '4242', expMonth: 4, expYear: 2030 }]);
    expect(await saved.remove('cus_a', 'pm_2')).toBe(false);
    expect(detached).toEqual([]);
    expect(await saved.remove('cus_a', 'pm_1')).toBe(true);
    expect(detached).toEqual(['pm_1']);
  });

  it('opens no checkout without a secret key, but still verifies callbacks', async () => {
    const gw = stripeGateway({ api: null, webhookSecret: WHSEC });
    await expect(gw.createCheckout({ checkoutId: CHECKOUT, amount: 1, currency: 'EUR', invoices: [], description: 'x', successUrl: 'https://a', cancelUrl: 'https://a', payerEmail: null, customerId: null, language: 'en', expiresAt: new Date().toISOString() })).rejects.toThrow();
    const paid = stripeSessionEvent({ id: 'evt_9', checkoutId: CHECKOUT, amount: 1 });
    expect(gw.parseCallback(paid, new Headers({ 'stripe-signature': stripeSignature(paid) })).ok).toBe(true);
    expect(gw.savedMethods).toBeNull();
  });
});
