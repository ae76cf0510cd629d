// SECURITY.md row 25: a state change must come from our own origin. The list of routes comes
// from the app itself, so a route added later is covered without touching this file.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { browserRouteList, buildWorld, concreteUrl, snapshot, staffRouteList, type World } from './support.js';

let t: TestApp;
let w: World;
let cookie: string;

beforeAll(async () => {
  t = await makeTestApp();
  w = await buildWorld(t);
  cookie = await t.staffCookie();
});
afterAll(() => t.close());

const FORM = 'application/x-www-form-urlencoded';
// A body that would do something on every route if it were accepted.
const BODY = new URLSearchParams({
  name: 'Hijacked', email: 'evil@evil.test', currency: 'EUR', language: 'en', reason: 'csrf', comment: 'csrf', amount: '1',
  date: '2026-01-05', method: 'cash', keep_as_credit: '1', password: 'correct horse battery', 'lines.0.description': 'x', 'lines.0.unit_price': '1',
}).toString();

/** The forged requests a hostile page (or a confused browser) can send with the staff cookie. */
const FORGERIES: Array<{ name: string; headers: Record<string, string> }> = [
  { name: 'cross-site Origin', headers: { Origin: 'https://evil.example', 'Content-Type': FORM } },
  { name: 'an Origin that only starts like ours', headers: { Origin: `${ORIGIN}.evil.example`, 'Content-Type': FORM } },
  { name: 'Origin "null" (sandboxed frame, redirect)', headers: { Origin: 'null', 'Content-Type': FORM } },
  { name: 'no Origin at all', headers: { 'Content-Type': FORM } },
  { name: 'no Origin and text/plain', headers: { 'Content-Type': 'text/plain' } },
  { name: 'no Origin and no Content-Type', headers: {} },
  { name: 'Sec-Fetch-Site: cross-site without Origin', headers: { 'Sec-Fetch-Site': 'cross-site', 'Content-Type': FORM } },
  { name: 'Sec-Fetch-Site: same-site (a sibling subdomain)', headers: { 'Sec-Fetch-Site': 'same-site', 'Content-Type': FORM } },
  { name: 'our Origin but Sec-Fetch-Site: cross-site', headers: { Origin: ORIGIN, 'Sec-Fetch-Site': 'cross-site', 'Content-Type': FORM } },
];

describe('CSRF on every state-changing browser route', () => {
  it('finds the state-changing routes in the app itself', () => {
    const posts = browserRouteList(t, 'POST').map((r) => r.path);
    // A sample the foundation must have; anything added later is picked up the same way.
    for (const p of ['/login', '/logout', '/clients', '/invoices/:id{[0-9]+}/finalize', '/payments', '/credit-notes/:id{[0-9]+}/apply']) expect(posts).toContain(p);
    // Only GET and POST are used by staff pages: no PUT/PATCH/DELETE slips past a POST-only list.
    for (const m of ['PUT', 'PATCH', 'DELETE']) expect(browserRouteList(t, m)).toEqual([]);
  });

  for (const forgery of FORGERIES) {
    it(`refuses ${forgery.name} on every POST route and changes nothing`, async () => {
      const before = await snapshot(t.db);
      // Staff and portal routes alike: the check runs before any route, so none is exempt.
      const routes = browserRouteList(t, 'POST');
      for (const route of routes) {
        for (const draft of [false, true]) {
          const url = concreteUrl(route.path, w, { draft });
          const res = await t.app.request(url, { method: 'POST', headers: { Cookie: cookie, ...forgery.headers }, body: BODY });
          expect(res.status, `POST ${url}`).toBe(403);
          expect(await res.text(), `POST ${url}`).toContain('another site');
        }
      }
      expect(await snapshot(t.db)).toBe(before);
    });
  }

  it('accepts the same request from our own origin (the refusals above are the CSRF check)', async () => {
    const res = await t.postForm(`/clients/${w.clientId}/contacts`, { name: 'Real Person', email: 'real@alpha.test' }, cookie);
    expect(res.status).toBe(303);
    const sameOrigin = await t.app.request(`/clients/${w.clientId}/contacts`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': FORM },
      body: new URLSearchParams({ name: 'No Origin Header', email: 'old@alpha.test' }),
    });
    expect(sameOrigin.status).toBe(303);
  });

  it('checks the Origin against PUBLIC_URL, not the Host header a proxy or attacker sets', async () => {
    const res = await t.app.request(`http://evil.example/clients/${w.clientId}/contacts`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: 'http://evil.example', Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'Content-Type': FORM },
      body: new URLSearchParams({ name: 'Host Trick', email: 'host@alpha.test' }),
    });
    expect(res.status).toBe(403);
  });

  it('lets the bearer-token API through without Origin, but never on a cookie alone', async () => {
    const withCookie = await t.app.request('/api/v1/clients', { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'text/plain' }, body: '{"name":"Cookie Only"}' });
    expect(withCookie.status).toBe(401);
    const withToken = await t.api('POST', '/api/v1/clients', { name: 'Token Client' });
    expect(withToken.status).toBe(201);
  });
});

describe('GET changes nothing', () => {
  it('leaves every business table as it was after visiting every staff page', async () => {
    const before = await snapshot(t.db);
    const routes = staffRouteList(t, 'GET');
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      for (const draft of [false, true]) {
        const url = concreteUrl(route.path, w, { draft });
        for (const query of ['', '?done=created&jump=1&q=Alpha&archived=1', `?client_id=${w.clientId}&invoice_id=${w.invoiceId}`]) {
          const res = await t.get(url + query, cookie, { 'HX-Request': 'true' });
          expect(res.status, `GET ${url}${query}`).toBeLessThan(500);
          const plain = await t.get(url + query, cookie);
          expect(plain.status, `GET ${url}${query}`).toBeLessThan(500);
        }
      }
    }
    expect(await snapshot(t.db)).toBe(before);
  });

  it('does not sign out or in through GET', async () => {
    expect((await t.get('/logout', cookie)).status).toBe(404);
    expect((await t.get(`/login?email=admin@firm.test&password=correct+horse+battery`)).headers.get('set-cookie')).toBeNull();
    expect((await t.get('/', cookie)).status).toBe(200);
  });
});
