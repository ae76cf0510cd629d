// SECURITY.md row 26: script in every free-text field, entered through the forms and through
// the API, is shown escaped on every staff page (lists, tabs, documents, event logs, home),
// in re-rendered forms and in htmx partials; no attribute carries a javascript: URL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { concreteUrl, expectNoInjection, PAYLOAD, scriptInjections, staffRouteList, type World } from './support.js';

let t: TestApp;
let cookie: string;
const worlds: World[] = [];
const pages = new Map<string, string>();
/** Pages of records that are not in a World (voided ones, accepted estimates). */
const extraUrls: string[] = [];

/** The payload tagged with the field it went into, so we can see where it shows up. */
const p = (field: string) => `${PAYLOAD}#${field}`;
const SHORT = '"><img src=x onerror=alert(1)>';
const EMAIL = '"><svg/onload=alert(1)>@evil.com';

function idFrom(res: Response, pattern: RegExp): number {
  const m = pattern.exec(res.headers.get('location') ?? '');
  if (res.status !== 303 || !m) throw new Error(`expected a redirect matching ${pattern}, got ${res.status} ${res.headers.get('location')}`);
  return Number(m[1]);
}

async function form(url: string, fields: Record<string, string>): Promise<Response> {
  const res = await t.postForm(url, fields, cookie);
  if (res.status >= 400) throw new Error(`POST ${url} → ${res.status} ${(await res.text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(-1500)}`);
  return res;
}

function lines(tag: string, price = '100'): Record<string, string> {
  return { 'lines.0.description': p(`${tag}.line`), 'lines.0.quantity': '1', 'lines.0.unit_price': price, 'lines.0.tax_rate': '24' };
}

/** A client with everything, entered through the staff forms. */
async function throughForms(): Promise<World> {
  const clientId = idFrom(
    await form('/clients', {
      name: p('f.client.name'), email: EMAIL, phone: SHORT, vat_number: '<script>alert(1)</script>#v', address_line1: p('f.client.line1'),
      address_line2: p('f.client.line2'), city: p('f.client.city'), postcode: p('f.client.postcode'), country: 'GR', currency: 'EUR', language: 'en', notes: p('f.client.notes'),
    }),
    /\/clients\/(\d+)/,
  );
  await form(`/clients/${clientId}/contacts`, { name: p('f.contact.name'), email: EMAIL, phone: SHORT });
  await form(`/clients/${clientId}/projects`, { name: p('f.project.name'), email: EMAIL });
  const contactId = (await t.db.selectFrom('contacts').select('id').where('client_id', '=', clientId).executeTakeFirstOrThrow()).id;
  const projectId = (await t.db.selectFrom('projects').select('id').where('client_id', '=', clientId).executeTakeFirstOrThrow()).id;

  const draftInvoiceId = idFrom(await form('/invoices', { client_id: String(clientId), project_id: String(projectId), notes: p('f.invoice.notes'), ...lines('f.draft') }), /\/invoices\/(\d+)/);
  const invoiceId = idFrom(await form('/invoices', { client_id: String(clientId), notes: p('f.invoice.notes'), ...lines('f.invoice') }), /\/invoices\/(\d+)/);
  await form(`/invoices/${invoiceId}/finalize`, {});
  const voided = idFrom(await form('/invoices', { client_id: String(clientId), ...lines('f.voided') }), /\/invoices\/(\d+)/);
  await form(`/invoices/${voided}/finalize`, {});
  await form(`/invoices/${voided}/void`, { reason: p('f.invoice.void_reason') });
  extraUrls.push(`/invoices/${voided}`);

  const paymentId = idFrom(
    await form('/payments', { client_id: String(clientId), amount: '10', date: '2026-01-05', method: 'bank_transfer', reference: p('f.pay.ref'), notes: p('f.pay.notes'), [`alloc_${invoiceId}`]: '10' }),
    /\/payments\/(\d+)/,
  );
  const voidPay = idFrom(await form('/payments', { client_id: String(clientId), amount: '1', date: '2026-01-05', method: 'cash', reference: p('f.pay2.ref'), keep_as_credit: '1' }), /\/payments\/(\d+)/);
  await form(`/payments/${voidPay}/void`, { reason: p('f.pay.void_reason') });
  extraUrls.push(`/payments/${voidPay}`);

  const estimateId = idFrom(await form('/estimates', { client_id: String(clientId), notes: p('f.estimate.notes'), ...lines('f.estimate') }), /\/estimates\/(\d+)/);
  await form(`/estimates/${estimateId}/send`, {});
  await form(`/estimates/${estimateId}/reject`, { comment: p('f.estimate.comment') });
  const accepted = idFrom(await form('/estimates', { client_id: String(clientId), ...lines('f.accepted') }), /\/estimates\/(\d+)/);
  await form(`/estimates/${accepted}/send`, {});
  await form(`/estimates/${accepted}/accept`, { comment: p('f.estimate.accept_comment') });
  const converted = idFrom(await form(`/estimates/${accepted}/convert`, {}), /\/invoices\/(\d+)/);
  extraUrls.push(`/estimates/${accepted}`, `/invoices/${converted}`, `/invoices/${converted}/edit`);

  const creditNoteId = idFrom(await form('/credit-notes', { client_id: String(clientId), notes: p('f.cn.notes'), ...lines('f.cn', '1') }), /\/credit-notes\/(\d+)/);
  await form(`/credit-notes/${creditNoteId}/finalize`, {});
  await form(`/credit-notes/${creditNoteId}/apply`, { invoice_id: String(invoiceId), amount: '1' });

  // A rename leaves the old and new names in the event log.
  await form(`/clients/${clientId}`, { name: p('f.client.renamed'), currency: 'EUR', language: 'en' });
  return { clientId, otherClientId: clientId, contactId, projectId, draftInvoiceId, invoiceId, estimateId, creditNoteId, paymentId };
}

async function apiCreate(url: string, body: unknown): Promise<number> {
  const res = await t.api('POST', url, body);
  const json = (await res.json()) as { id?: string };
  if (res.status !== 201 || !json.id) throw new Error(`POST ${url} → ${res.status} ${JSON.stringify(json)}`);
  return Number(json.id);
}

async function apiAction(method: string, url: string, body?: unknown): Promise<void> {
  const res = await t.api(method, url, body);
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
}

/** A client with everything, entered through the JSON API. */
async function throughApi(): Promise<World> {
  const clientId = await apiCreate('/api/v1/clients', {
    name: p('a.client.name'), email: EMAIL, phone: SHORT, vat_number: '<script>alert(1)</script>#v', notes: p('a.client.notes'), currency: 'EUR', language: 'en',
    billing_address: { line1: p('a.client.line1'), line2: p('a.client.line2'), city: p('a.client.city'), postcode: p('a.client.postcode'), country: 'GR' },
  });
  const contactId = await apiCreate(`/api/v1/clients/${clientId}/contacts`, { name: p('a.contact.name'), email: EMAIL, phone: SHORT });
  const projectId = await apiCreate('/api/v1/projects', { client_id: String(clientId), name: p('a.project.name'), email: EMAIL });
  const line = (tag: string, price = 10000) => [{ description: p(`${tag}.line`), quantity: '1', unit_price: price, tax_rate: '24' }];
  const draftInvoiceId = await apiCreate('/api/v1/invoices', { client_id: String(clientId), project_id: String(projectId), notes: p('a.invoice.notes'), lines: line('a.draft') });
  const invoiceId = await apiCreate('/api/v1/invoices', { client_id: String(clientId), notes: p('a.invoice.notes'), lines: line('a.invoice'), finalize: true });
  const voided = await apiCreate('/api/v1/invoices', { client_id: String(clientId), lines: line('a.voided'), finalize: true });
  await apiAction('POST', `/api/v1/invoices/${voided}/void`, { reason: p('a.invoice.void_reason') });
  extraUrls.push(`/invoices/${voided}`);
  const paymentId = await apiCreate('/api/v1/payments', { client_id: String(clientId), amount: 1000, reference: p('a.pay.ref'), notes: p('a.pay.notes'), allocations: [{ invoice_id: String(invoiceId), amount: 1000 }] });
  const voidPay = await apiCreate('/api/v1/payments', { client_id: String(clientId), amount: 100, reference: p('a.pay2.ref'), allocations: [] });
  await apiAction('POST', `/api/v1/payments/${voidPay}/void`, { reason: p('a.pay.void_reason') });
  extraUrls.push(`/payments/${voidPay}`);
  const estimateId = await apiCreate('/api/v1/estimates', { client_id: String(clientId), notes: p('a.estimate.notes'), lines: line('a.estimate'), send: true });
  await apiAction('POST', `/api/v1/estimates/${estimateId}/reject`, { comment: p('a.estimate.comment') });
  const creditNoteId = await apiCreate('/api/v1/credit-notes', { client_id: String(clientId), notes: p('a.cn.notes'), lines: line('a.cn', 100), finalize: true });
  await apiAction('POST', `/api/v1/credit-notes/${creditNoteId}/apply`, { invoice_id: String(invoiceId), amount: 100 });
  await apiAction('PATCH', `/api/v1/clients/${clientId}`, { name: p('a.client.renamed') });
  return { clientId, otherClientId: clientId, contactId, projectId, draftInvoiceId, invoiceId, estimateId, creditNoteId, paymentId };
}

beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
  worlds.push(await throughForms(), await throughApi());
  // Every staff page the app has, for each client, as a page and as an htmx request.
  const urls = new Set<string>();
  for (const route of staffRouteList(t, 'GET')) {
    for (const w of worlds) for (const draft of [false, true]) urls.add(concreteUrl(route.path, w, { draft }));
  }
  for (const url of extraUrls) urls.add(url);
  for (const w of worlds) {
    urls.add(`/payments/new?client_id=${w.clientId}&invoice_id=${w.invoiceId}`);
    for (const kind of ['invoices', 'estimates', 'credit-notes']) urls.add(`/${kind}/new?client_id=${w.clientId}&invoice_id=${w.invoiceId}`);
    urls.add(`/clients/${w.clientId}/events?before=999999`);
  }
  for (const list of ['/clients', '/invoices', '/estimates', '/credit-notes', '/payments', '/clients/jump']) {
    urls.add(`${list}?q=${encodeURIComponent('alert')}`);
    urls.add(`${list}?q=${encodeURIComponent(PAYLOAD)}`);
    urls.add(`${list}?q=${encodeURIComponent(PAYLOAD)}&from=${encodeURIComponent(PAYLOAD)}&to=${encodeURIComponent(SHORT)}&status=${encodeURIComponent(SHORT)}&period=${encodeURIComponent(SHORT)}&method=${encodeURIComponent(SHORT)}&page=${encodeURIComponent(SHORT)}`);
  }
  for (const url of urls) {
    for (const headers of [{}, { 'HX-Request': 'true', 'HX-Target': 'results' }] as Array<Record<string, string>>) {
      const res = await t.get(url, cookie, headers);
      expect(res.status, url).toBeLessThan(500);
      pages.set(`${url} ${JSON.stringify(headers)}`, await res.text());
    }
  }
  const login = await t.get(`/login?next=${encodeURIComponent('/' + PAYLOAD)}`);
  pages.set('/login?next=…', await login.text());
});
afterAll(() => t.close());

describe('stored script in free-text fields', () => {
  it('swept a real number of pages', () => {
    expect(pages.size).toBeGreaterThan(100);
  });

  it('never shows a payload unescaped, as a tag, an event handler or a javascript: URL', () => {
    for (const [url, html] of pages) expectNoInjection(url, html);
  });

  it('shows every field people see, escaped, somewhere on the staff pages', () => {
    const all = [...pages.values()].join('\n');
    const escaped = (field: string) => `javascript:alert(1)//&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;#${field}`;
    const shown = [
      'client.renamed', 'client.line1', 'client.line2', 'client.city', 'client.postcode', 'client.notes', 'contact.name', 'project.name',
      'invoice.line', 'draft.line', 'invoice.notes', 'estimate.line', 'estimate.notes', 'cn.line', 'cn.notes', 'pay.ref', 'pay.notes', 'pay2.ref',
      'invoice.void_reason', 'pay.void_reason',
    ];
    const missing: string[] = [];
    for (const via of ['f', 'a']) for (const field of shown) if (!all.includes(escaped(`${via}.${field}`))) missing.push(`${via}.${field}`);
    expect(missing).toEqual([]);
    expect(all).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(all).toContain('&lt;script&gt;alert(1)&lt;/script&gt;#v');
  });
});

describe('typed script in refused forms', () => {
  it('re-renders every refused form with the typed payload escaped', async () => {
    const w = worlds[0]!;
    const refused: Array<[string, Record<string, string>]> = [
      ['/clients', { name: p('r.client'), notes: p('r.notes'), email: 'not-an-email', currency: 'XXX', language: 'en' }],
      [`/clients/${w.clientId}`, { name: p('r.client'), city: p('r.city'), currency: 'EUR', language: 'zz' }],
      [`/clients/${w.clientId}/contacts`, { name: p('r.contact'), email: p('bad') }],
      [`/contacts/${w.contactId}`, { name: p('r.contact'), email: p('bad') }],
      [`/clients/${w.clientId}/projects`, { name: p('r.project'), email: p('bad') }],
      [`/projects/${w.projectId}`, { name: p('r.project'), email: p('bad'), portal_time: p('bad') }],
      ['/invoices', { client_id: String(w.clientId), notes: p('r.notes'), 'lines.0.description': p('r.line'), 'lines.0.quantity': p('q'), 'lines.0.unit_price': p('u'), 'lines.0.tax_rate': p('x'), issue_date: p('d') }],
      [`/invoices/${w.draftInvoiceId}`, { notes: p('r.notes'), 'lines.0.description': p('r.line'), 'lines.0.quantity': 'x', 'lines.0.unit_price': '1', due_date: p('d') }],
      ['/estimates', { client_id: String(w.clientId), valid_until: p('d'), 'lines.0.description': p('r.line'), 'lines.0.quantity': 'x' }],
      ['/credit-notes', { client_id: String(w.clientId), invoice_id: p('i'), 'lines.0.description': p('r.line'), 'lines.0.unit_price': 'x' }],
      ['/invoices', { client_id: p('c') }],
      ['/payments', { client_id: String(w.clientId), amount: p('a'), date: p('d'), method: p('m'), reference: p('r.ref'), notes: p('r.notes'), [`alloc_${w.invoiceId}`]: p('x') }],
      [`/payments/${w.paymentId}/allocate`, { [`alloc_${w.invoiceId}`]: p('x') }],
      [`/payments/${w.paymentId}/void`, { reason: p('r').repeat(10) }],
      [`/invoices/${w.invoiceId}/void`, { reason: p('r').repeat(15) }],
      [`/estimates/${w.estimateId}/accept`, { comment: p('r').repeat(15) }],
      [`/credit-notes/${w.creditNoteId}/apply`, { invoice_id: String(w.invoiceId), amount: p('x') }],
      [`/credit-notes/${w.creditNoteId}/apply`, { invoice_id: String(w.invoiceId), amount: p('x'), back: 'invoice' }],
      ['/login', { email: p('r.email'), password: 'x', next: '/' + PAYLOAD }],
    ];
    for (const [url, fields] of refused) {
      for (const headers of [{}, { 'HX-Request': 'true' }] as Array<Record<string, string>>) {
        const res = await t.postForm(url, fields, url === '/login' ? undefined : cookie, headers);
        expect(res.status, url).toBeGreaterThanOrEqual(400);
        expect(res.status, url).toBeLessThan(500);
        const html = await res.text();
        expectNoInjection(`POST ${url}`, html);
      }
    }
  });

  it('detects a planted script when there is one (the checker is not blind)', () => {
    expect(scriptInjections('<p><script>alert(1)</script></p>')).not.toEqual([]);
    expect(scriptInjections('<p>x"><img src=x onerror=alert(1)></p>')).not.toEqual([]);
    expect(scriptInjections('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(scriptInjections('<a href=" &#106;avascript:alert(1)">x</a>')).not.toEqual([]);
    expect(scriptInjections('<div hx-vals="js:{a: alert(1)}">x</div>')).not.toEqual([]);
    expect(scriptInjections('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><input value="javascript:alert(1)">')).toEqual([]);
  });
});
