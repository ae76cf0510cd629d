// Secure headers on every response: a CSP without unsafe-inline/unsafe-eval on every HTML
// page (404 and 500 included), no framing, no sniffing, strict referrers, HSTS only behind
// https, and signed-in pages kept out of caches. Error pages never show internals.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { log } from '../../src/util/log.js';
import { buildWorld, concreteUrl, staffRouteList, type World } from './support.js';

let t: TestApp;
let w: World;
let cookie: string;

const SECRET_DETAIL = 'SECRET-DETAIL-7f3a in /work/main/src/fake.ts:12:7';

beforeAll(async () => {
  t = await makeTestApp();
  // Routes that fail the way a bug would, registered before the first request builds the router.
  t.app.get('/boom', () => {
    throw new Error(SECRET_DETAIL);
  });
  t.app.get('/api/v1/boom', () => {
    throw new Error(SECRET_DETAIL);
  });
  w = await buildWorld(t);
  cookie = await t.staffCookie();
});
afterAll(() => t.close());

/** Asserts the headers every response carries; `html` adds the CSP checks. */
function expectSecureHeaders(res: Response, label: string): void {
  const h = res.headers;
  const csp = h.get('content-security-policy') ?? '';
  expect(csp, label).toContain("default-src 'self'");
  expect(csp, label).toMatch(/script-src 'self'(;|$)/);
  expect(csp, label).toContain("frame-ancestors 'none'");
  expect(csp, label).toContain("object-src 'none'");
  expect(csp, label).toContain("base-uri 'none'");
  expect(csp, label).toContain("form-action 'self'");
  expect(csp, label).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
  expect(h.get('x-content-type-options'), label).toBe('nosniff');
  expect(h.get('x-frame-options'), label).toBe('DENY');
  // strict-origin everywhere; a page may choose stricter (a reset link's page sends no-referrer).
  expect(['strict-origin', 'no-referrer', 'same-origin'], label).toContain(h.get('referrer-policy'));
  expect(h.get('x-powered-by'), label).toBeNull();
  // No CORS: other origins' scripts may not read our answers.
  expect(h.get('access-control-allow-origin'), label).toBeNull();
}

describe('headers on every page', () => {
  it('sends them on every signed-in staff page, as a page and as an htmx partial, with no-store', async () => {
    const urls = staffRouteList(t, 'GET').filter((r) => r.path !== '/boom').map((r) => concreteUrl(r.path, w));
    expect(urls.length).toBeGreaterThan(20);
    for (const url of urls) {
      for (const headers of [{}, { 'HX-Request': 'true' }] as Array<Record<string, string>>) {
        const res = await t.get(url, cookie, headers);
        const label = `${url} ${JSON.stringify(headers)}`;
        expect(res.status, label).toBeLessThan(500);
        if (url === '/login') continue;
        expectSecureHeaders(res, label);
        if (res.status === 200) {
          // Downloads (document PDFs) are attachments; the email open pixel is a GIF; everything else is an HTML page.
          const download = (res.headers.get('content-disposition') ?? '').startsWith('attachment;');
          const pixel = url.startsWith('/o/');
          expect(res.headers.get('content-type'), label).toMatch(download ? /^application\/pdf$/ : pixel ? /^image\/gif$/ : /^text\/html; charset=utf-8/i);
          expect(res.headers.get('cache-control'), label).toContain('no-store');
        }
      }
    }
  });

  it('sends them on the sign-in page, static files, the API, redirects and refusals', async () => {
    const login = await t.get('/login');
    expectSecureHeaders(login, '/login');
    const css = /href="(\/static\/app\.[^"]+\.css)"/.exec(await login.text())?.[1];
    expect(css).toBeDefined();
    expectSecureHeaders(await t.get(css!), css!);
    expectSecureHeaders(await t.get('/clients'), 'redirect to sign-in');
    expectSecureHeaders(await t.app.request('/clients', { method: 'POST' }), 'CSRF refusal');
    expectSecureHeaders(await t.api('GET', '/api/v1/clients'), 'API');
    expectSecureHeaders(await t.app.request('/api/v1/clients'), 'API 401');
  });

  it('keeps signed-in answers out of caches, refusals and 404s included', async () => {
    for (const [label, res] of [
      ['404 page', await t.get('/clients/999999', cookie)],
      ['unknown path', await t.get('/no/such/page', cookie)],
      ['422 form', await t.postForm('/clients', { name: '' }, cookie)],
      ['redirect after POST', await t.postForm(`/clients/${w.clientId}/contacts`, { name: 'Cache Test', email: 'cache@alpha.test' }, cookie)],
    ] as const) {
      expect(res.headers.get('cache-control'), label).toContain('no-store');
      expectSecureHeaders(res, label);
    }
  });

  it('answers an unknown page with a 404 HTML page carrying the CSP', async () => {
    for (const url of ['/no-such-page', '/clients/abc', '/static/nothing.css', '/%ff', '/clients/99999999999999999999']) {
      const res = await t.get(url, cookie);
      expect(res.status, url).toBe(404);
      expectSecureHeaders(res, url);
      if (!url.startsWith('/static')) expect(res.headers.get('content-type'), url).toMatch(/^text\/html/);
    }
  });
});

describe('HSTS', () => {
  it('is not sent over plain http (a browser would pin a site that has no https)', async () => {
    expect((await t.get('/login')).headers.get('strict-transport-security')).toBeNull();
  });

  it('is sent on every answer when PUBLIC_URL is https', async () => {
    const s = await makeTestApp({ PUBLIC_URL: 'https://stoa.example' });
    try {
      for (const url of ['/login', '/clients', '/no-such-page', '/api/v1/clients']) {
        const res = await s.app.request('https://stoa.example' + url);
        expect(res.headers.get('strict-transport-security'), url).toMatch(/max-age=(\d{8,})/);
        expectSecureHeaders(res, url);
      }
    } finally {
      await s.close();
    }
  });
});

describe('error pages', () => {
  it('answers an unexpected failure with a 500 page that has the CSP and no internals', async () => {
    const error = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    try {
      const res = await t.get('/boom', cookie);
      expect(res.status).toBe(500);
      expectSecureHeaders(res, '500 page');
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toContain('no-store');
      const html = await res.text();
      expect(html).not.toContain('SECRET-DETAIL');
      expect(html).not.toMatch(/\.ts:\d+|node_modules|at async|Error:/);
      // The details go to the log instead.
      expect(JSON.stringify(error.mock.calls)).toContain('SECRET-DETAIL');
    } finally {
      error.mockRestore();
    }
  });

  it('answers an API failure with the JSON error shape and no internals', async () => {
    const error = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    try {
      const res = await t.api('GET', '/api/v1/boom');
      expect(res.status).toBe(500);
      expectSecureHeaders(res, 'API 500');
      expect(await res.json()).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    } finally {
      error.mockRestore();
    }
  });
});
