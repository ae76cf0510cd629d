import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';

let t: TestApp;
let clientId: number;
beforeAll(async () => {
  t = await makeTestApp();
  clientId = (await makeClient(t.db, { name: 'Visibility ΑΕ' })).id;
});
afterAll(() => t.close());

describe('portal settings', () => {
  it('starts with everything hidden', async () => {
    const res = await t.api('GET', '/api/v1/portal-settings');
    const body = (await res.json()) as Record<string, boolean>;
    expect(Object.values(body).every((v) => v === false)).toBe(true);
    expect(Object.keys(body)).toContain('auto_send_invoices');
    expect(Object.keys(body)).toContain('statement');
  });

  it('changes firm defaults by API and refuses unknown keys and non-booleans', async () => {
    const ok = await t.api('PATCH', '/api/v1/portal-settings', { invoices: true, statement: true });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Record<string, boolean>).invoices).toBe(true);
    const unknown = await t.api('PATCH', '/api/v1/portal-settings', { everything: true });
    expect(unknown.status).toBe(422);
    const wrong = await t.api('PATCH', '/api/v1/portal-settings', { invoices: 'yes' });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: { fields: Record<string, string> } }).error.fields.invoices).toBeDefined();
  });

  it('keeps per-client overrides with null meaning inherit', async () => {
    const res = await t.api('PATCH', `/api/v1/clients/${clientId}/portal-settings`, { invoices: false, payments: true });
    const body = (await res.json()) as Record<string, unknown> & { effective: Record<string, boolean> };
    expect(body.invoices).toBe(false);
    expect(body.payments).toBe(true);
    expect(body.estimates).toBeNull();
    expect(body.effective.invoices).toBe(false);
    expect(body.effective.statement).toBe(true); // inherited from the firm
    const back = await t.api('PATCH', `/api/v1/clients/${clientId}/portal-settings`, { invoices: null });
    const after = (await back.json()) as Record<string, unknown> & { effective: Record<string, boolean> };
    expect(after.invoices).toBeNull();
    expect(after.effective.invoices).toBe(true);
    expect((await t.api('GET', '/api/v1/clients/999999/portal-settings')).status).toBe(404);
    expect((await t.api('PATCH', `/api/v1/clients/${clientId}/portal-settings`, '{bad')).status).toBe(400);
  });

  it('lets an admin change firm defaults on the Portal setup page', async () => {
    const cookie = await t.staffCookie();
    const page = await t.get('/settings/portal', cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Account history');
    const res = await t.postForm('/settings/portal', { estimates: ['0', '1'], invoices: '0' }, cookie);
    expect(res.status).toBe(303);
    const body = (await (await t.api('GET', '/api/v1/portal-settings')).json()) as Record<string, boolean>;
    expect(body.estimates).toBe(true);
    expect(body.invoices).toBe(false);
  });

  it('saves a client override from the client Portal tab form', async () => {
    const cookie = await t.staffCookie();
    const res = await t.postForm(`/clients/${clientId}/portal-settings`, { documents: 'show', payments: 'inherit', statement: 'hide' }, cookie);
    expect(res.status).toBe(303);
    const body = (await (await t.api('GET', `/api/v1/clients/${clientId}/portal-settings`)).json()) as Record<string, unknown>;
    expect(body.documents).toBe(true);
    expect(body.payments).toBeNull();
    expect(body.statement).toBe(false);
  });

  it('validates the firm settings form and changes nothing on bad input', async () => {
    const cookie = await t.staffCookie();
    const bad = await t.postForm('/settings', { firm_name: '', default_currency: 'EURO', payment_terms_days: '-3' }, cookie);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('This field is required.');
    const good = await t.postForm('/settings', { firm_name: 'Βασιλείου & Συνεργάτες', default_currency: 'eur', default_language: 'el', payment_terms_days: '15', estimate_validity_days: '30', default_tax_rate: '24' }, cookie);
    expect(good.status).toBe(303);
    expect(await (await t.get('/settings', cookie)).text()).toContain('Βασιλείου &amp; Συνεργάτες');
  });
});

describe('the client Portal tab', () => {
  it('shows the visibility choices with what inheriting means and saves them', async () => {
    const t2 = await makeTestApp();
    try {
      const cookie = await t2.staffCookie();
      const client = await makeClient(t2.db, { name: 'Tab ΑΕ' });
      await t2.api('PATCH', '/api/v1/portal-settings', { invoices: true });
      const html = await (await t2.get(`/clients/${client.id}/portal`, cookie)).text();
      expect(html).toContain('As the firm (shown)');
      expect(html).toContain(`action="/clients/${client.id}/portal-settings"`);
      const saved = await t2.postForm(`/clients/${client.id}/portal-settings`, { invoices: 'hide' }, cookie);
      expect(saved.headers.get('location')).toBe(`/clients/${client.id}/portal?done=visibility_saved`);
      const after = await (await t2.get(saved.headers.get('location')!, cookie)).text();
      expect(after).toMatch(/value="hide"[^>]*checked|checked[^>]*value="hide"/);
    } finally {
      await t2.close();
    }
  });
});
