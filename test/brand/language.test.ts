import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateLanguage, headerLanguage } from '../../src/brand/language.js';
import { saveFirmSettings } from '../../src/settings/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.request(url, { headers });
const lang = async (res: Response) => /<html lang="(\w+)"/.exec(await res.text())?.[1];

describe('language negotiation', () => {
  it('prefers ?lang=, then the remembered choice, then the browser, then the firm default', () => {
    expect(negotiateLanguage({ query: 'en', cookie: 'el', acceptLanguage: 'el', firmDefault: 'el' })).toBe('en');
    expect(negotiateLanguage({ query: 'de', cookie: 'el', acceptLanguage: 'en', firmDefault: 'en' })).toBe('el');
    expect(negotiateLanguage({ cookie: 'xx', acceptLanguage: 'en-US,en;q=0.9', firmDefault: 'el' })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: 'fr-FR,de;q=0.5', firmDefault: 'el' })).toBe('el');
    expect(negotiateLanguage({ firmDefault: 'en' })).toBe('en');
    expect(headerLanguage('fr')).toBeNull();
    expect(headerLanguage('el-GR,en;q=0.3')).toBe('el');
  });

  it('shows the portal sign-in page in the browser\'s language', async () => {
    expect(await lang(await get('/portal/login', { 'Accept-Language': 'en-GB,en;q=0.9' }))).toBe('en');
    expect(await lang(await get('/portal/login', { 'Accept-Language': 'el-GR' }))).toBe('el');
  });

  it('falls back to the firm default on the portal\'s public pages', async () => {
    await saveFirmSettings(t.db, { default_language: 'el' });
    expect(await lang(await get('/portal/login', { 'Accept-Language': 'fr' }))).toBe('el');
    expect(await lang(await get('/portal/forgot'))).toBe('el');
    await saveFirmSettings(t.db, { default_language: 'en' });
    expect(await lang(await get('/portal/forgot'))).toBe('en');
  });

  it('remembers a switch with ?lang= in the stoa_lang cookie, which then beats the browser', async () => {
    const res = await get('/portal/login?lang=el', { 'Accept-Language': 'en' });
    expect(await lang(res)).toBe('el');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^stoa_lang=el;/);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const next = await get('/portal/forgot', { 'Accept-Language': 'en', Cookie: 'stoa_lang=el' });
    expect(await lang(next)).toBe('el');
  });

  it('offers the other language as a link on the public pages', async () => {
    const html = await (await get('/portal/login', { 'Accept-Language': 'en' })).text();
    expect(html).toContain('href="/portal/login?lang=el"');
    expect(html).toContain('Ελληνικά');
  });

  it('ignores an unknown ?lang= value without setting a cookie', async () => {
    const res = await get('/portal/login?lang=xx', { 'Accept-Language': 'en' });
    expect(res.status).toBe(200);
    expect(await lang(res)).toBe('en');
    expect(res.headers.get('set-cookie') ?? '').not.toContain('stoa_lang');
  });

  it('lets staff pick their language with the picker on every staff page, and view one page with ?lang=', async () => {
    const cookie = await t.staffCookie();
    const page = await (await t.get('/clients', cookie, { 'Accept-Language': 'en' })).text();
    expect(page).toContain('action="/me/language"');
    expect(page).toContain('name="language"');
    const greek = await t.get('/clients?lang=el', cookie, { 'Accept-Language': 'en' });
    expect(await lang(greek)).toBe('el');
    const remembered = greek.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(await lang(await t.get('/clients', `${cookie}; ${remembered}`, { 'Accept-Language': 'en' }))).toBe('el');
  });
});
