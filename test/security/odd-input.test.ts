// Odd input never gets a 500: huge, negative and non-ASCII ids, repeated form fields, very long
// strings, malformed bodies, prototype names in query strings, a 2 MB body (413), and CRLF in
// names (SECURITY.md row 28, refused so it can never reach an email header).

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { log } from '../../src/util/log.js';
import { appRoutes, buildWorld, concreteUrl, snapshot, staffRouteList, type World } from './support.js';

let t: TestApp;
let w: World;
let cookie: string;
let errors: string[] = [];

beforeAll(async () => {
  t = await makeTestApp();
  w = await buildWorld(t);
  cookie = await t.staffCookie();
  // Every unhandled error is logged; a test fails on any of them, whatever the status says.
  vi.spyOn(log, 'error').mockImplementation((msg, fields) => {
    errors.push(`${msg} ${JSON.stringify(fields).slice(0, 300)}`);
  });
});
beforeEach(() => {
  errors = [];
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t.close();
});

function expectNoServerError(res: Response, label: string): void {
  expect(res.status, label).toBeLessThan(500);
  expect(errors, label).toEqual([]);
  errors = [];
}

const FORM = 'application/x-www-form-urlencoded';

/** Every field name any staff form reads, so odd values reach every handler. */
function allFields(value: string): Array<[string, string]> {
  const names = [
    'name', 'email', 'phone', 'vat_number', 'address_line1', 'address_line2', 'city', 'postcode', 'country', 'currency', 'language', 'notes',
    'portal_visible', 'portal_time', 'client_id', 'project_id', 'issue_date', 'due_date', 'valid_until', 'invoice_id', 'lines.0.description',
    'lines.0.quantity', 'lines.0.unit_price', 'lines.0.tax_rate', 'lines.9999.description', 'amount', 'date', 'method', 'reference',
    'keep_as_credit', `alloc_${w.invoiceId}`, 'alloc_99999999999999999999', 'reason', 'comment', 'back', 'next', 'password', 'q', 'page',
  ];
  return names.map((n) => [n, value]);
}

const ODD_VALUES = [
  '99999999999999999999', '-1', '0', '1e309', 'NaN', '1.5', '0x10', ' 1 ', '١٢٣', '𝟙𝟚𝟛', '\u202Eevil', 'a\u0000b', '\ud800', '%00', '../../etc/passwd',
  'toString', '__proto__', 'constructor', '[object Object]', '<>&"\'', 'x'.repeat(100_000),
];

describe('ids in URLs', () => {
  it('answers 404 to huge, negative, non-ASCII and malformed ids on every page with an id', async () => {
    const withId = staffRouteList(t, 'GET').filter((r) => r.path.includes(':id'));
    expect(withId.length).toBeGreaterThan(10);
    for (const route of withId) {
      for (const id of ['99999999999999999999', '-1', '0', '1.5', '1e3', 'abc', '%ff', '%00', '١', '1%2F2', '9007199254740993']) {
        const url = route.path.replace(/:id(\{[^}]*\})?/, id).replace(/:(\w+)(\{([^}|]*)[^}]*\})?/g, (_m, _n: string, _r: string, first: string | undefined) => first ?? '1');
        const res = await t.get(url, cookie);
        expectNoServerError(res, `GET ${url}`);
        expect(res.status, `GET ${url}`).toBe(404);
      }
    }
  });

  it('answers 404 in the API shape to odd ids on every API route with an id', async () => {
    for (const method of ['GET', 'POST', 'PATCH']) {
      for (const route of appRoutes(t, method).filter((r) => r.path.startsWith('/api/v1/') && r.path.includes(':id'))) {
        for (const id of ['99999999999999999999', '-1', '0', 'abc', '%ff', '1.0']) {
          const url = route.path.replace(/:id(\{[^}]*\})?/, id).replace(/:(\w+)\{([^}|]*)[^}]*\}/g, (_m, _n: string, first: string) => first);
          const res = await t.api(method, url, method === 'GET' ? undefined : {});
          expectNoServerError(res, `${method} ${url}`);
          expect(res.status, `${method} ${url}`).toBe(404);
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
        }
      }
    }
  });
});

describe('query strings', () => {
  it('never fails on odd values of any query parameter, on pages and partials', async () => {
    const params = ['q', 'page', 'done', 'status', 'period', 'from', 'to', 'method', 'client_id', 'invoice_id', 'before', 'archived', 'jump', 'next', 'sort', 'cols', 'tab', 'signed_out'];
    const urls = staffRouteList(t, 'GET').map((r) => concreteUrl(r.path, w));
    for (const url of urls) {
      for (const value of ODD_VALUES) {
        // URLs are short in real life (Node refuses headers over 16 kB); a lone surrogate is sent as raw bytes.
        const encoded = value === '\ud800' ? '%ED%A0%80' : encodeURIComponent(value.slice(0, 2000));
        const query = params.map((p) => `${p}=${encoded}`).join('&');
        for (const headers of [{}, { 'HX-Request': 'true', 'HX-Target': 'results' }] as Array<Record<string, string>>) {
          const res = await t.get(`${url}?${query}`, cookie, headers);
          expectNoServerError(res, `GET ${url}?…=${JSON.stringify(value.slice(0, 20))}`);
        }
      }
      // Repeated parameters and malformed percent-encoding.
      expectNoServerError(await t.get(`${url}?q=a&q=b&page=1&page=2&done=saved&done=created`, cookie), `${url} repeated`);
      expectNoServerError(await t.get(`${url}?q=%E0%A4%A&page=%&from=%ZZ`, cookie), `${url} bad percent`);
    }
    // Every staff GET route × every odd value × page and partial: well over the default 20 s as routes grow.
  }, 120_000);

  it('shows a success message only for the codes it knows, prototype names included', async () => {
    for (const url of [`/clients/${w.clientId}`, `/clients/${w.clientId}/contacts`, `/payments/${w.paymentId}`, `/invoices/${w.invoiceId}`, '/clients']) {
      for (const done of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
        const res = await t.get(`${url}?done=${done}`, cookie);
        expectNoServerError(res, `${url}?done=${done}`);
        expect(res.status).toBe(200);
        expect(await res.text(), `${url}?done=${done}`).not.toContain('class="flash flash-success');
      }
    }
  });

  it('never fails on odd headers', async () => {
    for (const headers of [
      { 'Accept-Language': 'toString' }, { 'Accept-Language': '__proto__;q=1' }, { 'Accept-Language': 'el;q=abc, *;q=-1' }, { 'Accept-Language': 'x'.repeat(8000) },
      { 'HX-Request': 'true', 'HX-Target': '__proto__' }, { 'HX-Current-URL': 'javascript:alert(1)' }, { Cookie: `${cookie}; stoa_staff=other` },
    ] as Array<Record<string, string>>) {
      const res = await t.get('/clients', headers.Cookie ? undefined : cookie, headers);
      expectNoServerError(res, JSON.stringify(headers).slice(0, 60));
    }
  });
});

describe('form bodies', () => {
  const posts = () => staffRouteList(t, 'POST').filter((r) => r.path !== '/logout');

  it('never fails on repeated fields (name=a&name=b) on any form', async () => {
    for (const route of posts()) {
      const url = concreteUrl(route.path, w, { draft: true });
      const body = new URLSearchParams();
      for (const [k] of allFields('')) {
        body.append(k, 'a');
        body.append(k, 'b');
      }
      const res = await t.app.request(url, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': FORM }, body });
      expectNoServerError(res, `POST ${url} repeated`);
    }
  });

  it('never fails on odd values in every field of every form', async () => {
    for (const route of posts()) {
      for (const value of ODD_VALUES) {
        const url = concreteUrl(route.path, w, { draft: true });
        const res = await t.app.request(url, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': FORM }, body: new URLSearchParams(allFields(value)) });
        expectNoServerError(res, `POST ${url} ${JSON.stringify(value.slice(0, 20))}`);
      }
    }
  });

  it('answers a malformed or mistyped body with 4xx on every form, sign-in included', async () => {
    const bodies: Array<[string, Record<string, string>, string]> = [
      ['broken multipart', { 'Content-Type': 'multipart/form-data; boundary=xyz' }, 'garbage'],
      ['multipart without boundary', { 'Content-Type': 'multipart/form-data' }, 'garbage'],
      ['multipart cut short', { 'Content-Type': 'multipart/form-data; boundary=b' }, '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nAcme'],
      ['JSON to a form', { 'Content-Type': 'application/json' }, '{"name":["a"],"__proto__":{"x":1}}'],
      ['text/plain', { 'Content-Type': 'text/plain' }, 'name=Acme'],
      ['no body', {}, ''],
      ['binary junk', { 'Content-Type': FORM }, '\u0000\u00ff%%%&&&==='],
    ];
    for (const route of [...posts(), { method: 'POST', path: '/login' }]) {
      const url = concreteUrl(route.path, w, { draft: true });
      for (const [label, headers, body] of bodies) {
        const res = await t.app.request(url, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie, ...headers }, body: body === '' ? undefined : body });
        expectNoServerError(res, `POST ${url} ${label}`);
      }
    }
  });

  it('refuses very long text with field errors and writes nothing', async () => {
    const before = await snapshot(t.db);
    const long = 'x'.repeat(200_000);
    for (const [url, fields] of [
      ['/clients', { name: long, currency: 'EUR', language: 'en' }],
      [`/clients/${w.clientId}`, { name: 'Ok', notes: long, currency: 'EUR', language: 'en' }],
      [`/clients/${w.clientId}/contacts`, { name: long, email: 'a@b.test' }],
      [`/clients/${w.clientId}/projects`, { name: long }],
      ['/invoices', { client_id: String(w.clientId), 'lines.0.description': long, 'lines.0.unit_price': '1' }],
      ['/payments', { client_id: String(w.clientId), amount: '1', date: '2026-01-05', method: 'cash', reference: long }],
      [`/invoices/${w.invoiceId}/void`, { reason: long }],
      [`/payments/${w.paymentId}/void`, { reason: long }],
    ] as const) {
      const res = await t.postForm(url, fields, cookie);
      expectNoServerError(res, `POST ${url}`);
      expect(res.status, url).toBe(422);
    }
    expect(await snapshot(t.db)).toBe(before);
  });

  it('answers 413 to a 2 MB body, with or without Content-Length, on forms, sign-in and the API', async () => {
    const big = 'name=' + 'a'.repeat(2 * 1024 * 1024);
    for (const url of ['/clients', '/login', `/invoices/${w.draftInvoiceId}`]) {
      for (const length of [true, false]) {
        const res = await t.app.request(url, {
          method: 'POST',
          headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': FORM, ...(length ? { 'Content-Length': String(big.length) } : {}) },
          body: big,
        });
        expectNoServerError(res, `POST ${url}`);
        expect(res.status, url).toBe(413);
      }
    }
    const json = JSON.stringify({ name: 'a'.repeat(2 * 1024 * 1024) });
    for (const headers of [{}, { 'Idempotency-Key': 'big-body' }, { 'Content-Length': String(json.length) }] as Array<Record<string, string>>) {
      const res = await t.api('POST', '/api/v1/clients', json, headers);
      expectNoServerError(res, 'API 2 MB');
      expect(res.status).toBe(413);
    }
  });
});

describe('JSON bodies', () => {
  it('never fails on wrongly typed JSON on any API write', async () => {
    const writes = [...appRoutes(t, 'POST'), ...appRoutes(t, 'PATCH')].filter((r) => r.path.startsWith('/api/v1/'));
    const typeJunk = (v: unknown) => Object.fromEntries(
      ['name', 'email', 'client_id', 'project_id', 'invoice_id', 'amount', 'lines', 'allocations', 'reason', 'comment', 'notes', 'billing_address', 'archived', 'finalize', 'send', 'date', 'currency', 'reference', 'portal_visible', 'issue_date']
        .map((k) => [k, v]),
    );
    const bodies: unknown[] = [
      null, [], 'x', 42, {}, typeJunk(['a', 'b']), typeJunk({ a: 1 }), typeJunk(1e309), typeJunk(-1), typeJunk(99999999999999999999), typeJunk('x'.repeat(100_000)),
      typeJunk(null), typeJunk(true), { lines: [{ description: 'x', quantity: '1e400', unit_price: 1e15, tax_rate: 'NaN' }], client_id: String(w.clientId) },
      { lines: Array.from({ length: 5000 }, () => ({ description: 'x', quantity: '1', unit_price: 1 })), client_id: String(w.clientId) },
      { allocations: Array.from({ length: 5000 }, () => ({ invoice_id: String(w.invoiceId), amount: 1 })), client_id: String(w.clientId), amount: 1 },
    ];
    for (const route of writes) {
      const url = concreteUrl(route.path.slice('/api/v1'.length), w, { draft: true });
      for (const body of bodies) {
        const res = await t.api(route.method, '/api/v1' + url, JSON.stringify(body));
        expectNoServerError(res, `${route.method} ${url} ${JSON.stringify(body).slice(0, 60)}`);
      }
      for (const raw of ['{', '{"name":', '\u0000', '[[[[[[[[[[', '{"a":1}{"b":2}', '"\\ud800"']) {
        expectNoServerError(await t.api(route.method, '/api/v1' + url, raw), `${route.method} ${url} ${raw}`);
      }
    }
  });

  it('does not let __proto__ in JSON reach anything', async () => {
    const res = await t.api('POST', '/api/v1/clients', '{"name":"Proto Ltd","__proto__":{"archived":true,"currency":"USD"},"constructor":{"prototype":{"x":1}}}');
    expect(res.status).toBe(201);
    const body = (await res.json()) as { currency: string; archived: boolean };
    expect(body.currency).toBe('EUR');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('CRLF in names (row 28)', () => {
  const CRLF = ['Acme\r\nBcc: victim@evil.test', 'Acme\nSubject: hi', 'Acme\rX'];
  // Fresh records: the fuzzing above may have archived the world's.
  let f: World;
  beforeAll(async () => {
    f = await buildWorld(t);
  });

  it('refuses a line break in single-line fields of the forms and writes nothing', async () => {
    const before = await snapshot(t.db);
    for (const value of CRLF) {
      for (const [url, fields] of [
        ['/clients', { name: value, currency: 'EUR', language: 'en' }],
        [`/clients/${f.clientId}`, { name: value, currency: 'EUR', language: 'en' }],
        [`/clients/${f.clientId}/contacts`, { name: value, email: 'crlf@alpha.test' }],
        [`/contacts/${f.contactId}`, { name: value, email: 'crlf@alpha.test' }],
        [`/clients/${f.clientId}/projects`, { name: value }],
        [`/projects/${f.projectId}`, { name: value }],
        [`/clients/${f.clientId}/contacts`, { name: 'Ok', email: `crlf@alpha.test${value.slice(4)}` }],
      ] as const) {
        const res = await t.postForm(url, fields, cookie);
        expect(res.status, `${url} ${JSON.stringify(value)}`).toBe(422);
      }
    }
    expect(await snapshot(t.db)).toBe(before);
  });

  it('refuses a line break in names and emails through the API', async () => {
    for (const value of CRLF) {
      for (const [method, url, body] of [
        ['POST', '/api/v1/clients', { name: value }],
        ['PATCH', `/api/v1/clients/${f.clientId}`, { name: value }],
        ['POST', '/api/v1/clients', { name: 'Ok', email: `a@b.test${value.slice(4)}` }],
        ['POST', `/api/v1/clients/${f.clientId}/contacts`, { name: value, email: 'crlf@alpha.test' }],
        ['PATCH', `/api/v1/contacts/${f.contactId}`, { name: value }],
        ['POST', '/api/v1/projects', { client_id: String(f.clientId), name: value }],
        ['PATCH', `/api/v1/projects/${f.projectId}`, { name: value }],
      ] as const) {
        const res = await t.api(method, url, body);
        expect(res.status, `${method} ${url} ${JSON.stringify(value)}`).toBe(422);
      }
    }
  });
});
