import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/clients/service.js';
import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let cookie: string;
const ids: Record<string, number> = {};

async function add(name: string, extra: Record<string, string> = {}) {
  const r = await createClient(t.db, SYSTEM_ACTOR, { name, ...extra });
  if (!r.ok) throw new Error('create failed');
  ids[name] = r.client.id;
  return r.client.id;
}

beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
  await add('Παπαδόπουλος Ιωάννης', { email: 'papadopoulos@otenet.gr', phone: '2101112222', city: 'Αθήνα' });
  await add('Παπαδοπούλου Μαρία', { email: 'maria@example.gr' });
  await add('Acme Trading Ltd', { email: 'accounts@acme.co.uk', currency: 'GBP', city: 'London' });
  await add('Acme', { email: 'hello@acme.gr' });
  await add('Ωμέγα Τεχνική', { vat_number: '800123456' });
  for (let i = 1; i <= 27; i++) await add(`Zeta Client ${String(i).padStart(2, '0')}`);
});
afterAll(() => t.close());

function rowNames(html: string): string[] {
  return [...html.matchAll(/<a href="\/clients\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]!);
}

describe('clients list', () => {
  it('shows name, email, phone, city and currency in name order', async () => {
    const res = await t.get('/clients', cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('accounts@acme.co.uk');
    expect(html).toContain('London');
    expect(html).toContain('GBP');
    expect(rowNames(html).slice(0, 3)).toEqual(['Acme', 'Acme Trading Ltd', 'Zeta Client 01']);
    const greek = await (await t.get('/clients?q=' + encodeURIComponent('Ιωάννης'), cookie)).text();
    for (const text of ['papadopoulos@otenet.gr', '2101112222', 'Αθήνα', 'EUR']) expect(greek).toContain(text);
  });

  it('finds Greek names without accents or case, and by email or VAT number', async () => {
    const byName = rowNames(await (await t.get('/clients?q=' + encodeURIComponent('παπαδοπουλος'), cookie)).text());
    expect(byName).toEqual(['Παπαδόπουλος Ιωάννης']);
    const upper = rowNames(await (await t.get('/clients?q=' + encodeURIComponent('ΠΑΠΑΔΟΠΟΥΛ'), cookie)).text());
    expect(upper).toEqual(['Παπαδόπουλος Ιωάννης', 'Παπαδοπούλου Μαρία']);
    expect(rowNames(await (await t.get('/clients?q=papadopoulos%40', cookie)).text())).toEqual(['Παπαδόπουλος Ιωάννης']);
    expect(rowNames(await (await t.get('/clients?q=800123', cookie)).text())).toEqual(['Ωμέγα Τεχνική']);
    expect(rowNames(await (await t.get('/clients?q=' + encodeURIComponent('ωμεγα τεχν'), cookie)).text())).toEqual(['Ωμέγα Τεχνική']);
  });

  it('treats % and _ in a search as plain characters', async () => {
    const html = await (await t.get('/clients?q=%25', cookie)).text();
    expect(rowNames(html)).toEqual([]);
    expect(html).toContain('No client matches “%”.');
  });

  it('pages 25 clients at a time, keeping the search in the links', async () => {
    const first = await (await t.get('/clients?q=zeta', cookie)).text();
    expect(rowNames(first)).toHaveLength(25);
    expect(first).toContain('href="/clients?q=zeta&amp;page=2"');
    const second = await (await t.get('/clients?q=zeta&page=2', cookie)).text();
    expect(rowNames(second)).toEqual(['Zeta Client 26', 'Zeta Client 27']);
    expect(second).toContain('href="/clients?q=zeta"');
    const silly = await t.get('/clients?page=-3', cookie);
    expect(silly.status).toBe(200);
  });

  it('hides archived clients unless asked', async () => {
    await t.postForm(`/clients/${ids['Acme Trading Ltd']}/archive`, {}, cookie);
    expect(rowNames(await (await t.get('/clients?q=acme', cookie)).text())).toEqual(['Acme']);
    const all = await (await t.get('/clients?q=acme&archived=1', cookie)).text();
    expect(rowNames(all)).toEqual(['Acme', 'Acme Trading Ltd']);
    expect(all).toContain('badge-void');
    await t.postForm(`/clients/${ids['Acme Trading Ltd']}/restore`, {}, cookie);
  });

  it('answers the live search with just the results table, from the same component', async () => {
    const res = await t.get('/clients?q=acme', cookie, { 'HX-Request': 'true', 'HX-Target': 'clients-results' });
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toContain('HX-Request');
    const html = await res.text();
    expect(html.startsWith('<div id="clients-results"')).toBe(true);
    expect(html).not.toContain('<html');
    expect(rowNames(html)).toEqual(['Acme', 'Acme Trading Ltd']);
    const full = await (await t.get('/clients?q=acme', cookie)).text();
    expect(full).toContain('hx-get="/clients"');
    expect(full).toContain('hx-push-url="true"');
    expect(full).toContain('<div id="clients-results"');
    const boosted = await t.get('/clients', cookie, { 'HX-Request': 'true', 'HX-Boosted': 'true' });
    expect(await boosted.text()).toContain('<html');
  });

  it('goes straight to the client when a jump-box search matches one client or one exact name', async () => {
    const one = await t.get('/clients?q=' + encodeURIComponent('ωμεγα') + '&jump=1', cookie);
    expect(one.status).toBe(302);
    expect(one.headers.get('location')).toBe(`/clients/${ids['Ωμέγα Τεχνική']}`);
    const exact = await t.get('/clients?q=acme&jump=1', cookie);
    expect(exact.headers.get('location')).toBe(`/clients/${ids['Acme']}`);
    const many = await t.get('/clients?q=zeta&jump=1', cookie);
    expect(many.status).toBe(200);
    const plain = await t.get('/clients?q=' + encodeURIComponent('ωμεγα'), cookie);
    expect(plain.status).toBe(200);
  });

  it('suggests at most ten active client names for the jump box', async () => {
    const res = await t.get('/clients/jump?q=zeta', cookie, { 'HX-Request': 'true' });
    const html = await res.text();
    expect(html.startsWith('<datalist id="jump-results">')).toBe(true);
    expect(html.match(/<option /g)).toHaveLength(10);
    expect(await (await t.get('/clients/jump?q=', cookie)).text()).toBe('<datalist id="jump-results"></datalist>');
    expect(await (await t.get('/clients/jump?q=' + encodeURIComponent('παπαδοπουλου'), cookie)).text()).toContain('value="Παπαδοπούλου Μαρία"');
  });

  it('links each client to its neighbours in list order, keeping the tab', async () => {
    const html = await (await t.get(`/clients/${ids['Acme Trading Ltd']}/contacts`, cookie)).text();
    expect(html).toContain(`href="/clients/${ids['Acme']}/contacts" rel="prev"`);
    expect(html).toMatch(/href="\/clients\/\d+\/contacts" rel="next"/);
    const first = await (await t.get(`/clients/${ids['Acme']}`, cookie)).text();
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain(`href="/clients/${ids['Acme Trading Ltd']}" rel="next"`);
  });
});
