import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember, portalCookie } from '../helpers/portal.js';
import { getPage, mailsTo, portalCookieOf, portalLogin, post, textOf } from './support.js';

let t: TestApp;
let clientId: number;
let ipCounter = 0;
const freshIp = () => `10.2.0.${++ipCounter}`;

beforeAll(async () => {
  t = await makeTestApp({ TRUST_PROXY: 'true' });
  clientId = (await makeClient(t.db, { name: 'Acme Heating Ltd' })).id;
});
afterAll(() => t.close());

function changePassword(cookie: string, fields: Record<string, string>, ip = freshIp()) {
  return post(t, '/portal/settings/password', fields, { cookie, ip });
}

describe('member settings page', () => {
  it('shows the password and language forms inside the portal, with Settings current in the menu', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const res = await getPage(t, '/portal/settings', m.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('action="/portal/settings/password"');
    expect(html).toContain('name="current_password"');
    expect(html).toContain('action="/portal/language"');
    expect(html).toMatch(/<a href="\/portal\/settings" aria-current="page">Settings<\/a>/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    for (const odd of ['toString', '__proto__', 'constructor']) {
      expect((await getPage(t, `/portal/settings?saved=${odd}`, m.cookie)).status).toBe(200);
    }
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    const res = await getPage(t, '/portal/settings');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal/login');
  });
});

describe('changing the password', () => {
  it('requires the current password', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const missing = await changePassword(m.cookie, { password: 'new harbour lamps', password_confirm: 'new harbour lamps' });
    expect(missing.status).toBe(422);
    expect(await textOf(missing)).toContain('Enter your current password.');
    const wrong = await changePassword(m.cookie, { current_password: 'not my password', password: 'new harbour lamps', password_confirm: 'new harbour lamps' });
    expect(wrong.status).toBe(422);
    expect(await textOf(wrong)).toContain('Your current password is not right.');
    expect((await portalLogin(t, m.email, m.password, { ip: freshIp() })).status).toBe(303);
    expect(await mailsTo(t.db, m.email, 'portal-password-changed')).toHaveLength(0);
  });

  it('refuses a short, common, reused or mismatched new password', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const cases: Array<[Record<string, string>, string]> = [
      [{ password: 'short', password_confirm: 'short' }, 'at least 8 characters'],
      [{ password: 'qwerty123', password_confirm: 'qwerty123' }, 'too easy to guess'],
      [{ password: m.password, password_confirm: m.password }, 'must differ from the current one'],
      [{ password: 'harbour lamps one', password_confirm: 'harbour lamps two' }, 'The two passwords do not match.'],
    ];
    for (const [fields, message] of cases) {
      const res = await changePassword(m.cookie, { current_password: m.password, ...fields });
      expect(res.status).toBe(422);
      expect(await textOf(res)).toContain(message);
    }
  });

  it('changes it, signs out every other device, rotates this session and mails a notice', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const otherDevice = await portalCookie(t, m.userId, m.email, m.password, clientId, 'direct');
    const res = await changePassword(m.cookie, { current_password: m.password, password: 'fresh harbour lamps', password_confirm: 'fresh harbour lamps' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal/settings?saved=password');
    const rotated = portalCookieOf(t, res);
    expect(rotated).not.toBe('');
    expect(rotated).not.toBe(m.cookie);
    expect((await getPage(t, '/portal', otherDevice)).status).toBe(303);
    expect((await getPage(t, '/portal', m.cookie)).status).toBe(303);
    const after = await getPage(t, '/portal/settings?saved=password', rotated);
    expect(await textOf(after)).toContain('Your password has been changed.');
    const [mail] = await mailsTo(t.db, m.email, 'portal-password-changed');
    expect(mail).toBeDefined();
    expect((await portalLogin(t, m.email, 'fresh harbour lamps', { ip: freshIp() })).status).toBe(303);
  });

  it('counts wrong current passwords like failed sign-ins and blocks with 429', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    for (let i = 0; i < 10; i++) await changePassword(m.cookie, { current_password: `wrong guess ${i}`, password: 'new harbour lamps', password_confirm: 'new harbour lamps' });
    const blocked = await changePassword(m.cookie, { current_password: m.password, password: 'new harbour lamps', password_confirm: 'new harbour lamps' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await textOf(blocked)).toContain('Too many wrong passwords.');
  });

  it('refuses a password change posted from another site', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const res = await post(t, '/portal/settings/password', { current_password: m.password, password: 'evil harbour lamps', password_confirm: 'evil harbour lamps' }, { cookie: m.cookie, headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect((await portalLogin(t, m.email, m.password, { ip: freshIp() })).status).toBe(303);
  });
});

describe('portal language', () => {
  it('switches the whole portal at once and returns to the page it came from', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const res = await post(t, '/portal/language', { language: 'el' }, { cookie: m.cookie, headers: { Referer: `${ORIGIN}/portal/settings` } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal/settings?saved=language');
    const page = await getPage(t, '/portal', m.cookie);
    const html = await page.text();
    expect(html).toContain('<html lang="el">');
    expect(html).toContain('Ρυθμίσεις');
    const user = await t.db.selectFrom('portal_users').select('language').where('id', '=', m.userId).executeTakeFirstOrThrow();
    expect(user.language).toBe('el');
  });

  it('returns to the portal page given as back, and never leaves the portal', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const to = async (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      (await post(t, '/portal/language', { language: 'en', ...fields }, { cookie: m.cookie, headers })).headers.get('location');
    expect(await to({ back: '/portal' })).toBe('/portal');
    expect(await to({}, { Referer: `${ORIGIN}/portal` })).toBe('/portal');
    expect(await to({ back: 'https://evil.example/portal' })).toBe('/portal');
    expect(await to({ back: '/clients' })).toBe('/portal');
    expect(await to({}, { Referer: 'https://evil.example/portal/settings' })).toBe('/portal');
  });

  it('refuses a language it does not speak with 422 and changes nothing', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    for (const language of ['de', '', 'EN']) {
      const res = await post(t, '/portal/language', { language }, { cookie: m.cookie });
      expect(res.status).toBe(422);
      expect(await textOf(res)).toContain('Choose English or Greek.');
    }
    const user = await t.db.selectFrom('portal_users').select('language').where('id', '=', m.userId).executeTakeFirstOrThrow();
    expect(user.language).toBe('en');
  });
});

describe('switching clients', () => {
  it('switches a multi-client login to another client it is an active member of', async () => {
    const other = await makeClient(t.db, { name: 'Blue Harbour Taverna' });
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    await makePortalMember(t, other.id, { email: m.email, signIn: 'direct' });
    const cookie = await portalCookie(t, m.userId, m.email, m.password, clientId, 'direct');
    const before = await textOf(await getPage(t, '/portal', cookie));
    expect(before).toContain('You are viewing the account of Acme Heating Ltd.');
    const res = await post(t, `/portal/switch/${other.id}`, {}, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal');
    expect(await textOf(await getPage(t, '/portal', cookie))).toContain('You are viewing the account of Blue Harbour Taverna.');
  });

  it('answers 404 for a client the login is not a member of, a revoked one, and a malformed id', async () => {
    const stranger = await makeClient(t.db, { name: 'Stranger Client' });
    const former = await makeClient(t.db, { name: 'Former Client' });
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    await makePortalMember(t, former.id, { email: m.email, status: 'revoked' });
    for (const id of [String(stranger.id), String(former.id), 'abc', '0', '-1', '99999999', '1e3']) {
      const res = await post(t, `/portal/switch/${id}`, {}, { cookie: m.cookie });
      expect(res.status).toBe(404);
    }
    expect(await textOf(await getPage(t, '/portal', m.cookie))).toContain('Acme Heating Ltd');
  });
});

describe('staff preview of the settings page', () => {
  it('renders the settings with every control disabled and refuses its forms', async () => {
    const staff = await t.staffCookie();
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const res = await getPage(t, `/preview/${clientId}/${m.contactId}/settings`, staff);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`action="/preview/${clientId}/${m.contactId}/settings/password"`);
    expect(html.match(/<fieldset disabled="" class="plain">/g)?.length).toBe(2);
    for (const path of ['settings/password', 'language', `switch/${clientId}`]) {
      const refused = await post(t, `/preview/${clientId}/${m.contactId}/${path}`, { language: 'el', current_password: 'x', password: 'y', password_confirm: 'y' }, { cookie: staff });
      expect(refused.status).toBe(403);
    }
    const user = await t.db.selectFrom('portal_users').select('language').where('id', '=', m.userId).executeTakeFirstOrThrow();
    expect(user.language).toBe('en');
  });
});

describe('every page in English and Greek', () => {
  const greek = { 'Accept-Language': 'el-GR,el;q=0.9' };

  it('shows sign-in and forgot-password pages in the browser\'s language or the one asked for', async () => {
    const elLogin = await textOf(await getPage(t, '/portal/login', undefined, greek));
    expect(elLogin).toContain('Σύνδεση');
    expect(elLogin).toContain('Ξεχάσατε τον κωδικό σας;');
    expect(await textOf(await getPage(t, '/portal/login?lang=el'))).toContain('Ξεχάσατε τον κωδικό σας;');
    expect(await textOf(await getPage(t, '/portal/login?lang=en', undefined, greek))).toContain('Forgot your password?');
    expect(await textOf(await getPage(t, '/portal/forgot', undefined, greek))).toContain('Επαναφορά κωδικού');
    expect(await textOf(await getPage(t, '/portal/forgot?sent=1&lang=el'))).toContain('Αν υπάρχει λογαριασμός με αυτή τη διεύθυνση');
    expect(await textOf(await getPage(t, '/portal/login?reason=no_access&lang=el'))).toContain('Η πρόσβασή σας έχει λήξει');
    expect(await textOf(await getPage(t, '/portal/reset/unknowntokenunknowntoken?lang=el'))).toContain('Ο σύνδεσμος δεν ισχύει πια');
  });

  it('answers a failed Greek sign-in in Greek', async () => {
    const res = await post(t, '/portal/login', { email: 'x@client.test', password: 'wrong password', lang: 'el' }, { ip: freshIp() });
    expect(res.status).toBe(400);
    expect(await textOf(res)).toContain('Το email ή ο κωδικός δεν είναι σωστός.');
  });

  it('shows the settings page in the member\'s language', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct', language: 'el' });
    const text = await textOf(await getPage(t, '/portal/settings', m.cookie));
    expect(text).toContain('Οι ρυθμίσεις σας');
    expect(text).toContain('Αλλαγή κωδικού');
    expect(text).toContain('Γλώσσα της πύλης');
    const bad = await changePassword(m.cookie, { current_password: '', password: 'x', password_confirm: 'x' });
    expect(await textOf(bad)).toContain('Γράψτε τον τρέχοντα κωδικό σας.');
  });

  it('signs a Greek member out to a Greek sign-in page', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct', language: 'el' });
    const res = await post(t, '/portal/logout', {}, { cookie: m.cookie });
    expect(res.headers.get('location')).toBe('/portal/login?reason=signed_out&lang=el');
    expect(await textOf(await getPage(t, res.headers.get('location') ?? ''))).toContain('Αποσυνδεθήκατε.');
  });
});

describe('sign-in through the helper', () => {
  it('signs in with the form the shared test helper uses', async () => {
    const m = await makePortalMember(t, clientId);
    expect(m.cookie).toMatch(/^stoa_portal=/);
    expect((await getPage(t, '/portal', m.cookie)).status).toBe(200);
  });
});
