import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staffLanguage, withoutLangParam } from '../../src/brand/language.js';
import { tellStaff } from '../../src/messages/notify.js';
import { groupByMailLanguage, staffMailLanguage } from '../../src/notifications/mail-language.js';
import { saveFirmSettings } from '../../src/settings/service.js';
import { uiFor } from '../../src/web/ui.js';
import { ORIGIN, makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const en = uiFor('en').t;
const el = uiFor('el').t;
const htmlLang = (html: string) => /<html lang="(\w+)"/.exec(html)?.[1];

/** What a staff page shows: its language and its text. */
async function view(url: string, cookie: string, headers: Record<string, string> = {}) {
  const res = await t.get(url, cookie, headers);
  const html = await res.text();
  return { status: res.status, lang: htmlLang(html), html, setCookie: res.headers.get('set-cookie') ?? '' };
}

/** A brand-new session of a staff member (another device: no cookie but the session's). */
async function signInAgain(email: string): Promise<string> {
  const res = await t.app.request('/login', {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: 'correct horse battery' }),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const storedLanguage = async (email: string) => (await t.db.selectFrom('staff_users').select('language').where('email', '=', email).executeTakeFirstOrThrow()).language;

describe('a staff member\'s own language', () => {
  it('is stored by the switcher and shown in every later session, on any device, over the browser\'s language', async () => {
    const cookie = await t.staffCookie('anna@firm.test');
    expect((await view('/clients', cookie, { 'Accept-Language': 'en' })).lang).toBe('en');

    const res = await t.postForm('/me/language', { language: 'el', back: '/clients?q=acme' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/clients?q=acme');
    // Remembered in this browser too.
    expect(res.headers.get('set-cookie') ?? '').toMatch(/^stoa_lang=el;/);
    expect(await storedLanguage('anna@firm.test')).toBe('el');

    // Same session, cookie not sent back, an English browser: still Greek.
    const same = await view('/clients', cookie, { 'Accept-Language': 'en-GB,en;q=0.9' });
    expect(same.lang).toBe('el');
    expect(same.html).toContain(el('common:nav.clients'));
    expect(same.html).not.toContain(`>${en('common:nav.invoices')}<`);

    // Another device: a new session, no stoa_lang cookie, and a cookie left over saying English.
    const other = await signInAgain('anna@firm.test');
    expect((await view('/', other, { 'Accept-Language': 'en' })).lang).toBe('el');
    expect((await view('/invoices', `${other}; stoa_lang=en`, { 'Accept-Language': 'en' })).lang).toBe('el');
  });

  it('puts the stored choice in the browser\'s cookie, so the sign-in page after signing out speaks it too', async () => {
    const cookie = await t.staffCookie('anna@firm.test');
    await t.postForm('/me/language', { language: 'el' }, cookie);
    const other = await signInAgain('anna@firm.test');
    const page = await view('/clients', other, { 'Accept-Language': 'en' });
    expect(page.setCookie).toMatch(/^stoa_lang=el;/);
    const signedOut = await t.get('/login', undefined, { Cookie: 'stoa_lang=el', 'Accept-Language': 'en' });
    expect(htmlLang(await signedOut.text())).toBe('el');
  });

  it('lets ?lang= show one page in the other language without changing the stored choice', async () => {
    const cookie = await t.staffCookie('anna@firm.test');
    await t.postForm('/me/language', { language: 'el' }, cookie);
    expect((await view('/clients?lang=en', cookie)).lang).toBe('en');
    expect((await view('/clients', cookie)).lang).toBe('el');
    expect(await storedLanguage('anna@firm.test')).toBe('el');
  });

  it('switches back to English the same way', async () => {
    const cookie = await t.staffCookie('anna@firm.test');
    await t.postForm('/me/language', { language: 'el' }, cookie);
    const res = await t.postForm('/me/language', { language: 'en', back: '/invoices' }, cookie);
    expect(res.headers.get('location')).toBe('/invoices');
    expect((await view('/invoices', cookie, { 'Accept-Language': 'el' })).lang).toBe('en');
  });

  it('is each person\'s own: a colleague keeps theirs', async () => {
    const anna = await t.staffCookie('anna@firm.test');
    const bob = await t.staffCookie('bob@firm.test');
    await t.postForm('/me/language', { language: 'el' }, anna);
    expect((await view('/clients', anna, { 'Accept-Language': 'en' })).lang).toBe('el');
    expect((await view('/clients', bob, { 'Accept-Language': 'en' })).lang).toBe('en');
    expect(await storedLanguage('bob@firm.test')).toBeNull();
  });
});

describe('staff pages before a staff member chooses', () => {
  it('fall back to the firm\'s default language when the browser names neither of ours', async () => {
    await saveFirmSettings(t.db, { default_language: 'el' });
    const cookie = await t.staffCookie('new@firm.test');
    const home = await view('/', cookie);
    expect(home.lang).toBe('el');
    expect(home.html).toContain(el('common:nav.clients'));
    expect((await view('/clients', cookie, { 'Accept-Language': 'fr-FR,de;q=0.5' })).lang).toBe('el');
    // Nothing was chosen, so nothing is stored or remembered.
    expect(home.setCookie).not.toContain('stoa_lang');
    expect(await storedLanguage('new@firm.test')).toBeNull();

    await saveFirmSettings(t.db, { default_language: 'en' });
    expect((await view('/', cookie)).lang).toBe('en');
  });

  it('follow the browser\'s Accept-Language over the firm default, and the stoa_lang cookie over both', async () => {
    await saveFirmSettings(t.db, { default_language: 'el' });
    const cookie = await t.staffCookie('new@firm.test');
    expect((await view('/clients', cookie, { 'Accept-Language': 'en-GB,en;q=0.9' })).lang).toBe('en');
    expect((await view('/clients', `${cookie}; stoa_lang=en`)).lang).toBe('en');
    await saveFirmSettings(t.db, { default_language: 'en' });
    expect((await view('/clients', cookie, { 'Accept-Language': 'el-GR' })).lang).toBe('el');
  });
});

describe('the staff sign-in page', () => {
  it('falls back to the firm\'s default language, after ?lang=, the cookie and the browser', async () => {
    await saveFirmSettings(t.db, { default_language: 'el' });
    expect(htmlLang(await (await t.get('/login')).text())).toBe('el');
    expect(htmlLang(await (await t.get('/login', undefined, { 'Accept-Language': 'en' })).text())).toBe('en');
    expect(htmlLang(await (await t.get('/login', undefined, { Cookie: 'stoa_lang=en' })).text())).toBe('en');
    const switched = await t.get('/login?lang=en&next=%2Finvoices');
    expect(htmlLang(await switched.text())).toBe('en');
    expect(switched.headers.get('set-cookie') ?? '').toMatch(/^stoa_lang=en;/);
    await saveFirmSettings(t.db, { default_language: 'en' });
    expect(htmlLang(await (await t.get('/login')).text())).toBe('en');
  });

  it('links to itself in the other language with ?lang=, keeping where to go after signing in', async () => {
    const html = await (await t.get('/login?next=%2Finvoices%3Fq%3Da', undefined, { 'Accept-Language': 'en' })).text();
    expect(html).toContain('href="/login?next=%2Finvoices%3Fq%3Da&amp;lang=el"');
    expect(html).toContain('Ελληνικά');
    const greek = await (await t.get('/login', undefined, { 'Accept-Language': 'el' })).text();
    expect(greek).toContain('href="/login?lang=en"');
  });
});

describe('the staff language switcher', () => {
  it('is a form posting to /me/language with this page as `back` and a submit button (works without JavaScript)', async () => {
    const cookie = await t.staffCookie();
    const html = (await view('/clients?q=acme&page=2', cookie, { 'Accept-Language': 'en' })).html;
    const form = /<form method="post" action="\/me\/language"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
    expect(form).toContain('<input type="hidden" name="back" value="/clients?q=acme&amp;page=2"/>');
    expect(form).toContain('name="language"');
    expect(form).toContain('data-autosubmit');
    expect(form).toMatch(/<button type="submit"[^>]*>Change language<\/button>/);
    expect(html).not.toContain('name="lang"');
  });

  it('refuses a cross-origin POST with 403 and stores nothing', async () => {
    const cookie = await t.staffCookie('anna@firm.test');
    const evil = await t.postForm('/me/language', { language: 'el' }, cookie, { Origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    const cookie2 = await t.app.request('/me/language', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'cross-site' },
      body: new URLSearchParams({ language: 'el' }),
    });
    expect(cookie2.status).toBe(403);
    expect(await storedLanguage('anna@firm.test')).toBeNull();
  });

  it('refuses a language that is not one of ours with a translated message, storing nothing', async () => {
    const cookie = await t.staffCookie('anna@firm.test');
    for (const language of ['de', '', 'EL', 'el ']) {
      const res = await t.postForm('/me/language', { language }, cookie, { 'Accept-Language': 'el' });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(el('brand:language.invalid'));
      expect(res.headers.get('set-cookie') ?? '').not.toContain('stoa_lang');
    }
    const english = await t.postForm('/me/language', { language: 'fr' }, cookie, { 'Accept-Language': 'en' });
    expect(await english.text()).toContain('Choose English or Greek.');
    expect(await storedLanguage('anna@firm.test')).toBeNull();
  });

  it('never sends the browser off-site, whatever `back` says', async () => {
    const cookie = await t.staffCookie();
    const cases: Array<[string, string]> = [
      ['https://evil.example/x', '/'],
      ['//evil.example/x', '/'],
      ['/\\evil.example', '/'],
      ['/\t/evil.example', '/'],
      ['javascript:alert(1)', '/'],
      ['', '/'],
      ['/clients/7?tab=portal', '/clients/7?tab=portal'],
      // The page's own ?lang= would show it once more in the language just left.
      ['/clients?lang=en&q=a', '/clients?q=a'],
      ['/clients?lang=en', '/clients'],
    ];
    for (const [back, location] of cases) {
      const res = await t.postForm('/me/language', { language: 'el', back }, cookie);
      expect(res.status, back).toBe(303);
      expect(res.headers.get('location'), back).toBe(location);
    }
  });

  it('needs a signed-in staff member', async () => {
    const res = await t.postForm('/me/language', { language: 'el' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login/);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('stoa_lang');
  });
});

describe('emails to staff', () => {
  const staffRow = (email: string) => t.db.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();

  it('verify-email mails speak the staff member\'s own language, else the firm default', async () => {
    await saveFirmSettings(t.db, { default_language: 'en' });
    const client = await makeClient(t.db);
    const greek = await t.staffCookie('greek@firm.test');
    const plain = await t.staffCookie('plain@firm.test');
    await t.db.updateTable('staff_users').set({ email_verified_at: null }).execute();
    await t.postForm('/me/language', { language: 'el' }, greek);
    expect((await t.postForm(`/clients/${client.id}/portal/verify-email`, {}, greek)).status).toBe(303);
    expect((await t.postForm(`/clients/${client.id}/portal/verify-email`, {}, plain)).status).toBe(303);
    const mails = await t.db.selectFrom('mail_outbox').select(['to_addresses', 'text_body']).orderBy('id').execute();
    expect(mails.map((m) => m.to_addresses)).toEqual(['greek@firm.test', 'plain@firm.test']);
    expect(mails[0]?.text_body).toContain(el('emails:staffVerifyEmail.intro'));
    expect(mails[1]?.text_body).toContain(en('emails:staffVerifyEmail.intro'));
  });

  it('notices go out once per language: each staff member reads their own, else the firm default', async () => {
    await saveFirmSettings(t.db, { default_language: 'en' });
    const client = await makeClient(t.db);
    for (const email of ['a@firm.test', 'b@firm.test', 'c@firm.test']) await t.staffCookie(email);
    await t.db.updateTable('staff_users').set({ language: 'el' }).where('email', '=', 'b@firm.test').execute();
    await t.db.transaction().execute((trx) =>
      tellStaff(trx, {
        kind: 'message_received',
        clientId: client.id,
        data: {},
        path: '/messages',
        email: (tr) => ({ heading: tr('common:nav.clients'), paragraphs: [tr('common:nav.invoices')], actionLabel: tr('common:nav.home') }),
        subjectType: 'client',
        subjectId: client.id,
      }, { publicUrl: ORIGIN }),
    );
    const mails = await t.db.selectFrom('mail_outbox').select(['to_addresses', 'text_body']).orderBy('id').execute();
    expect(mails.map((m) => m.to_addresses)).toEqual(['a@firm.test,c@firm.test', 'b@firm.test']);
    expect(mails[0]?.text_body).toContain(en('common:nav.invoices'));
    expect(mails[1]?.text_body).toContain(el('common:nav.invoices'));
    expect((await staffRow('b@firm.test')).language).toBe('el');
  });
});

describe('language rules', () => {
  it('on staff pages: ?lang=, then the stored choice, then the negotiation', () => {
    expect(staffLanguage({ query: 'en', stored: 'el', negotiated: 'el' })).toBe('en');
    expect(staffLanguage({ query: 'xx', stored: 'el', negotiated: 'en' })).toBe('el');
    expect(staffLanguage({ stored: null, negotiated: 'el' })).toBe('el');
  });

  it('emails to staff: their own language, else the firm default, grouped in first-seen order', () => {
    expect(staffMailLanguage({ language: null }, 'el')).toBe('el');
    expect(staffMailLanguage({ language: 'en' }, 'el')).toBe('en');
    const people = [{ id: 1, language: null }, { id: 2, language: 'el' as const }, { id: 3, language: 'en' as const }, { id: 4, language: 'el' as const }];
    expect(groupByMailLanguage(people, 'en').map((g) => [g.language, g.recipients.map((p) => p.id)])).toEqual([['en', [1, 3]], ['el', [2, 4]]]);
    expect(groupByMailLanguage([], 'en')).toEqual([]);
  });

  it('drops only the lang parameter of a return path', () => {
    expect(withoutLangParam('/clients')).toBe('/clients');
    expect(withoutLangParam('/clients?q=a&lang=el&page=2')).toBe('/clients?q=a&page=2');
    expect(withoutLangParam('/clients?lang=el')).toBe('/clients');
    expect(withoutLangParam('/clients?q=%CE%B1#top')).toBe('/clients?q=%CE%B1#top');
    expect(withoutLangParam('/clients?lang=el#top')).toBe('/clients#top');
  });
});
