import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortalSession } from '../../src/auth/portal-session.js';
import { randomToken, sha256Hex } from '../../src/auth/tokens.js';
import { lookupInvitation } from '../../src/portal-access/invitations.js';
import { requestPasswordReset, resetPassword } from '../../src/portal/auth-service.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { getPage, mailsTo, portalCookieOf, portalLogin, post, resetTokenFromMail, textOf } from './support.js';

let t: TestApp;
let clientId: number;
let ipCounter = 0;
const freshIp = () => `10.1.0.${++ipCounter}`;

beforeAll(async () => {
  t = await makeTestApp({ TRUST_PROXY: 'true' });
  clientId = (await makeClient(t.db, { name: 'Acme Heating Ltd' })).id;
});
afterAll(() => t.close());

async function forgot(email: string, ip = freshIp(), headers: Record<string, string> = {}) {
  return post(t, '/portal/forgot', { email }, { ip, headers });
}

describe('forgot password', () => {
  it('shows a form asking for the email address', async () => {
    const res = await getPage(t, '/portal/forgot');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('action="/portal/forgot"');
    expect(html).toContain('name="email"');
  });

  it('answers the same for a known and an unknown address, and mails a link only to the real one', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const known = await forgot(m.email);
    const unknown = await forgot('nobody-here@client.test');
    expect(known.status).toBe(303);
    expect(unknown.status).toBe(303);
    expect(known.headers.get('location')).toBe(unknown.headers.get('location'));
    const page = await getPage(t, known.headers.get('location') ?? '');
    expect(await textOf(page)).toContain('If an account exists for that address, we have sent a link');
    expect(await mailsTo(t.db, m.email, 'portal-password-reset')).toHaveLength(1);
    expect(await mailsTo(t.db, 'nobody-here@client.test')).toHaveLength(0);
  });

  it('stores only the hash of a one-hour, single-kind reset token', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const before = Date.now();
    await forgot(m.email);
    const token = await resetTokenFromMail(t.db, m.email);
    const row = await t.db.selectFrom('one_time_tokens').selectAll().where('subject_id', '=', m.userId).where('kind', '=', 'portal_reset').executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256Hex(token));
    expect(row.token_hash).not.toContain(token);
    const lifetime = Date.parse(row.expires_at) - before;
    expect(lifetime).toBeGreaterThan(59 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(61 * 60_000);
  });

  it('sends nothing to a disabled login or one whose access was revoked', async () => {
    const disabled = await makePortalMember(t, clientId, { signIn: 'direct' });
    await t.db.updateTable('portal_users').set({ disabled_at: new Date().toISOString() }).where('id', '=', disabled.userId).execute();
    const revoked = await makePortalMember(t, clientId, { status: 'revoked' });
    expect((await forgot(disabled.email)).status).toBe(303);
    expect((await forgot(revoked.email)).status).toBe(303);
    expect(await mailsTo(t.db, disabled.email)).toHaveLength(0);
    expect(await mailsTo(t.db, revoked.email)).toHaveLength(0);
  });

  it('answers repeated requests for one address with 429 and does not flood the mail queue', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 8; i++) {
      last = await forgot(m.email);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 3)).toEqual([303, 303, 303]);
    expect(statuses.slice(3).every((s) => s === 429)).toBe(true);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await textOf(last!)).toContain('Too many requests for a reset link');
    expect((await mailsTo(t.db, m.email, 'portal-password-reset')).length).toBe(3);
    // The same for an address without an account: no difference to observe.
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) unknown.push((await forgot('ghost@client.test')).status);
    expect(unknown).toEqual([303, 303, 303, 429]);
  });

  it('throttles one client address asking for many different addresses', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await forgot(`someone${i}@client.test`, ip)).status);
    expect(statuses.slice(0, 20).every((s) => s === 303)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('builds the link from PUBLIC_URL, never from the Host or X-Forwarded-Host headers', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    await forgot(m.email, freshIp(), { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' });
    const [mail] = await mailsTo(t.db, m.email, 'portal-password-reset');
    expect(mail?.text_body).toContain(`${ORIGIN}/portal/reset/`);
    expect(mail?.text_body).not.toContain('evil.example');
    expect(mail?.html_body).not.toContain('evil.example');
  });

  it('asks for a real email address (422) and keeps what was typed', async () => {
    const empty = await forgot('');
    expect(empty.status).toBe(422);
    expect(await textOf(empty)).toContain('Enter your email address.');
    const bad = await forgot('not-an-address');
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('value="not-an-address"');
  });

  it('sends the reset email in the member\'s language', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct', language: 'el' });
    await forgot(m.email);
    const [mail] = await mailsTo(t.db, m.email, 'portal-password-reset');
    expect(mail?.text_body).toMatch(/[α-ω]/);
  });
});

describe('reset link', () => {
  async function memberWithLink(opts: { language?: 'en' | 'el' } = {}) {
    const m = await makePortalMember(t, clientId, { signIn: 'direct', ...opts });
    await forgot(m.email);
    return { m, token: await resetTokenFromMail(t.db, m.email) };
  }

  it('opens a form with two password inputs and keeps the link out of the Referer', async () => {
    const { m, token } = await memberWithLink();
    const res = await getPage(t, `/portal/reset/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('name="password"');
    expect(html).toContain('name="password_confirm"');
    expect(html).toContain(m.email);
  });

  it('sets the password, ends every session, mails a notice and signs this browser in', async () => {
    const { m, token } = await memberWithLink();
    const otherDevice = m.cookie;
    expect((await getPage(t, '/portal', otherDevice)).status).toBe(200);
    const res = await post(t, `/portal/reset/${token}`, { password: 'brand new harbour lamps', password_confirm: 'brand new harbour lamps' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = portalCookieOf(t, res);
    expect((await getPage(t, '/portal', cookie)).status).toBe(200);
    expect((await getPage(t, '/portal', otherDevice)).status).toBe(303);
    expect(await mailsTo(t.db, m.email, 'portal-password-changed')).toHaveLength(1);
    expect((await portalLogin(t, m.email, m.password, { ip: freshIp() })).status).toBe(400);
    expect((await portalLogin(t, m.email, 'brand new harbour lamps', { ip: freshIp() })).status).toBe(303);
  });

  it('works once: the same link is refused afterwards', async () => {
    const { token } = await memberWithLink();
    const first = await post(t, `/portal/reset/${token}`, { password: 'first harbour lamps', password_confirm: 'first harbour lamps' });
    expect(first.status).toBe(303);
    const again = await post(t, `/portal/reset/${token}`, { password: 'second harbour lamps', password_confirm: 'second harbour lamps' });
    expect(again.status).toBe(404);
    expect(portalCookieOf(t, again)).toBe('');
    expect(await textOf(again)).toContain('This link has expired or has already been used');
    expect((await getPage(t, `/portal/reset/${token}`)).status).toBe(404);
  });

  it('stops working after one hour', async () => {
    const m = await makePortalMember(t, clientId, { signIn: 'direct' });
    const past = Date.now() - 61 * 60_000;
    await requestPasswordReset(t.db, { email: m.email, ip: freshIp() }, { publicUrl: ORIGIN }, past);
    const token = await resetTokenFromMail(t.db, m.email);
    const res = await getPage(t, `/portal/reset/${token}`);
    expect(res.status).toBe(404);
    expect(await textOf(res)).toContain('This link has expired or has already been used');
    const direct = await resetPassword(t.db, { token, password: 'late harbour lamps', passwordConfirm: 'late harbour lamps' }, { publicUrl: ORIGIN });
    expect(direct).toEqual({ ok: false, error: 'InvalidToken' });
  });

  it('keeps only the newest link: an earlier one stops working when another is sent', async () => {
    const { m, token: first } = await memberWithLink();
    await forgot(m.email);
    const second = await resetTokenFromMail(t.db, m.email);
    expect(second).not.toBe(first);
    expect((await getPage(t, `/portal/reset/${first}`)).status).toBe(404);
    expect((await getPage(t, `/portal/reset/${second}`)).status).toBe(200);
  });

  it('refuses weak, mismatched and missing passwords with 422 and keeps the link usable', async () => {
    const { token } = await memberWithLink();
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'Enter a new password.'],
      [{ password: 'short', password_confirm: 'short' }, 'at least 8 characters'],
      [{ password: 'password123', password_confirm: 'password123' }, 'too easy to guess'],
      [{ password: 'harbour lamps one', password_confirm: 'harbour lamps two' }, 'The two passwords do not match.'],
    ];
    for (const [fields, message] of cases) {
      const res = await post(t, `/portal/reset/${token}`, fields);
      expect(res.status).toBe(422);
      expect(await textOf(res)).toContain(message);
    }
    expect((await getPage(t, `/portal/reset/${token}`)).status).toBe(200);
  });

  it('accepts a long passphrase whole', async () => {
    const { m, token } = await memberWithLink();
    const long = 'a long and winding harbour road with lamps '.repeat(3);
    expect((await post(t, `/portal/reset/${token}`, { password: long, password_confirm: long })).status).toBe(303);
    expect((await portalLogin(t, m.email, long, { ip: freshIp() })).status).toBe(303);
    expect((await portalLogin(t, m.email, long.slice(0, 72), { ip: freshIp() })).status).toBe(400);
  });

  it('ends a session fixed in the browser before the reset', async () => {
    const { token } = await memberWithLink();
    const stranger = await makePortalMember(t, clientId, { signIn: 'direct' });
    const res = await post(t, `/portal/reset/${token}`, { password: 'fixation harbour lamps', password_confirm: 'fixation harbour lamps' }, { cookie: stranger.cookie });
    expect(res.status).toBe(303);
    expect(portalCookieOf(t, res)).not.toBe(stranger.cookie);
    expect((await getPage(t, '/portal', stranger.cookie)).status).toBe(303);
  });

  it('refuses unknown and malformed tokens with the same page', async () => {
    for (const token of [randomToken(), 'short', 'x'.repeat(200), 'ABC%20def']) {
      const res = await getPage(t, `/portal/reset/${token}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('binds tokens to their kind: an invitation or staff-verification token opens no reset, a reset token no invitation', async () => {
    const m = await makePortalMember(t, clientId, { status: 'invited' });
    const inviteToken = randomToken(32);
    await t.db.insertInto('portal_invitations').values({
      client_id: clientId, contact_id: m.contactId, membership_id: m.membershipId, email: m.email, token_hash: sha256Hex(inviteToken),
      method: 'link', role: 'accounts', language: 'en', status: 'pending', expires_at: new Date(Date.now() + 86_400_000).toISOString(), sent_by: null,
      accepted_at: null, revoked_at: null,
    }).execute();
    expect((await getPage(t, `/portal/reset/${inviteToken}`)).status).toBe(404);

    const staffToken = randomToken();
    await t.db.insertInto('one_time_tokens').values({ token_hash: sha256Hex(staffToken), kind: 'staff_verify', subject_id: m.userId, expires_at: new Date(Date.now() + 3_600_000).toISOString(), used_at: null }).execute();
    expect((await getPage(t, `/portal/reset/${staffToken}`)).status).toBe(404);
    expect((await post(t, `/portal/reset/${staffToken}`, { password: 'kind harbour lamps', password_confirm: 'kind harbour lamps' })).status).toBe(404);

    const { token: resetToken } = await memberWithLink();
    expect((await lookupInvitation(t.db, resetToken)).ok).toBe(false);
    expect((await getPage(t, `/portal/invite/${resetToken}`)).status).toBe(404);
    expect((await getPage(t, `/portal/reset/${resetToken}`)).status).toBe(200);
  });

  it('throttles a client address that keeps trying bad links', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) await getPage(t, `/portal/reset/${randomToken()}`, undefined, { 'X-Forwarded-For': ip });
    const { token } = await memberWithLink();
    const blocked = await getPage(t, `/portal/reset/${token}`, undefined, { 'X-Forwarded-For': ip });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).not.toBeNull();
    expect((await getPage(t, `/portal/reset/${token}`, undefined, { 'X-Forwarded-For': freshIp() })).status).toBe(200);
  });

  it('shows the reset page in the member\'s language, or the one asked for', async () => {
    const { token } = await memberWithLink({ language: 'el' });
    const el = await getPage(t, `/portal/reset/${token}`);
    expect(await el.text()).toContain('<html lang="el">');
    const en = await getPage(t, `/portal/reset/${token}?lang=en`);
    expect(await textOf(en)).toContain('Choose a new password');
  });

  it('signs in with the new password even when another session of the login had been made directly', async () => {
    const { m, token } = await memberWithLink();
    const direct = await createPortalSession(t.db, m.userId);
    await post(t, `/portal/reset/${token}`, { password: 'direct harbour lamps', password_confirm: 'direct harbour lamps' });
    expect((await getPage(t, '/portal', `stoa_portal=${direct}`)).status).toBe(303);
  });
});
