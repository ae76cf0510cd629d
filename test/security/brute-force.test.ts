// SECURITY.md rows 11–13: guessing passwords, per account and per address, without telling
// which accounts exist; the limits live in the database so a restart does not reset them.

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { signInStaff, upsertAdmin } from '../../src/auth/service.js';
import { LOGIN_PER_ACCOUNT, LOGIN_PER_IP } from '../../src/auth/rate-limit.js';
import { databaseFile, openDatabase } from '../../src/db/index.js';
import { log } from '../../src/util/log.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';

const PASSWORD = 'correct horse battery';

function signIn(t: TestApp, email: string, password: string, ip?: string) {
  return t.postForm('/login', { email, password }, undefined, ip ? { 'X-Forwarded-For': ip } : {});
}

/** The page text without the email typed back into the form. */
async function pageWithout(res: Response, email: string): Promise<string> {
  return (await res.text()).split(email).join('EMAIL');
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('one account under attack (row 11)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After once the limit is reached, refuses even the right password, and logs it', async () => {
    await upsertAdmin(t.db, { email: 'bob@firm.test', password: PASSWORD, name: 'Bob' });
    const warn = vi.spyOn(log, 'warn');
    for (let i = 0; i < LOGIN_PER_ACCOUNT.limit; i++) expect((await signIn(t, 'bob@firm.test', `wrong-${i}`)).status).toBe(400);
    const blocked = await signIn(t, 'bob@firm.test', PASSWORD);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_PER_ACCOUNT.blockMs / 1000);
    expect(blocked.headers.get('set-cookie')).toBeNull();
    expect(warn).toHaveBeenCalledWith('sign-in blocked', expect.objectContaining({ kind: 'staff' }));
    // No password ever reaches the log.
    expect(JSON.stringify(warn.mock.calls)).not.toContain('wrong-');
    expect(JSON.stringify(warn.mock.calls)).not.toContain(PASSWORD);
  });

  it('lets the real user back in once the block has run out', async () => {
    await upsertAdmin(t.db, { email: 'carol@firm.test', password: PASSWORD, name: 'Carol' });
    for (let i = 0; i < LOGIN_PER_ACCOUNT.limit; i++) await signIn(t, 'carol@firm.test', `wrong-${i}`);
    expect((await signIn(t, 'carol@firm.test', PASSWORD)).status).toBe(429);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + LOGIN_PER_ACCOUNT.blockMs + 1000);
    expect((await signIn(t, 'carol@firm.test', PASSWORD)).status).toBe(303);
  });

  it('keeps what it stores and echoes short, whatever is typed as the email', async () => {
    const huge = 'a'.repeat(500_000) + '@firm.test';
    const res = await signIn(t, huge, 'wrong-password');
    expect(res.status).toBe(400);
    expect((await res.text()).length).toBeLessThan(20_000);
    const keys = await t.db.selectFrom('rate_limits').select('key').execute();
    for (const { key } of keys) expect(key.length).toBeLessThanOrEqual(400);
  });

  it('does not let parallel guesses slip past the limit', async () => {
    await upsertAdmin(t.db, { email: 'dave@firm.test', password: PASSWORD, name: 'Dave' });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(t, 'dave@firm.test', `wrong-${i}`)));
    const statuses = results.map((r) => r.status);
    // Each password actually checked is an attempt; no more than the limit may be checked.
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(LOGIN_PER_ACCOUNT.limit);
    expect((await signIn(t, 'dave@firm.test', PASSWORD)).status).toBe(429);
  });
});

describe('one address against many accounts, many addresses against one (row 12)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ TRUST_PROXY: 'true' });
    await upsertAdmin(t.db, { email: 'anna@firm.test', password: PASSWORD, name: 'Anna' });
  });
  afterAll(() => t.close());

  it('trips the address throttle when one address tries many accounts, without locking out others', async () => {
    for (let i = 0; i < LOGIN_PER_IP.limit; i++) await signIn(t, `user${i}@firm.test`, 'wrong-password', '203.0.113.9');
    const fromAttacker = await signIn(t, 'anna@firm.test', PASSWORD, '203.0.113.9');
    expect(fromAttacker.status).toBe(429);
    expect(Number(fromAttacker.headers.get('retry-after'))).toBeGreaterThan(0);
    // Anna, from her own address, is not affected.
    expect((await signIn(t, 'anna@firm.test', PASSWORD, '198.51.100.7')).status).toBe(303);
  });

  it('counts only failures against an address: an office signing in many times is never blocked', async () => {
    for (let i = 0; i < LOGIN_PER_IP.limit + 10; i++) expect((await signIn(t, 'anna@firm.test', PASSWORD, '198.51.100.200')).status, `sign-in ${i}`).toBe(303);
    expect((await signIn(t, 'anna@firm.test', 'wrong-password', '198.51.100.200')).status).toBe(400);
  });

  it('counts the address our proxy saw, not one the client wrote into X-Forwarded-For', async () => {
    // The reverse proxy appends the real peer address; what comes before it is the client's own claim.
    for (let i = 0; i < LOGIN_PER_IP.limit; i++) await signIn(t, `other${i}@firm.test`, 'wrong-password', `10.0.${i}.1, 192.0.2.44`);
    expect((await signIn(t, 'anna@firm.test', PASSWORD, '10.9.9.9, 192.0.2.44')).status).toBe(429);
  });

  it('blocks an account attacked from many addresses, only for a short while', async () => {
    await upsertAdmin(t.db, { email: 'erin@firm.test', password: PASSWORD, name: 'Erin' });
    for (let i = 0; i < LOGIN_PER_ACCOUNT.limit; i++) await signIn(t, 'erin@firm.test', 'wrong-password', `198.18.0.${i + 1}`);
    expect((await signIn(t, 'erin@firm.test', PASSWORD, '198.51.100.8')).status).toBe(429);
    expect(LOGIN_PER_ACCOUNT.blockMs).toBeLessThanOrEqual(15 * 60_000);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + LOGIN_PER_ACCOUNT.blockMs + 1000);
    expect((await signIn(t, 'erin@firm.test', PASSWORD, '198.51.100.8')).status).toBe(303);
  });

  it('ignores X-Forwarded-For when TRUST_PROXY is off', async () => {
    const plain = await makeTestApp();
    try {
      for (let i = 0; i < LOGIN_PER_IP.limit; i++) await signIn(plain, `nobody${i}@firm.test`, 'wrong-password', `203.0.113.${i}`);
      // Every attempt came from the same socket, whatever the header said.
      expect((await signIn(plain, 'someone@firm.test', 'wrong-password', '198.51.100.99')).status).toBe(429);
    } finally {
      await plain.close();
    }
  });
});

describe('no account enumeration (row 13)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ TRUST_PROXY: 'true' });
    await upsertAdmin(t.db, { email: 'anna@firm.test', password: PASSWORD, name: 'Anna' });
    await upsertAdmin(t.db, { email: 'off@firm.test', password: PASSWORD, name: 'Off' });
    await t.db.updateTable('staff_users').set({ disabled_at: new Date().toISOString() }).where('email', '=', 'off@firm.test').execute();
  });
  afterAll(() => t.close());

  it('answers an unknown email, a wrong password and a disabled account alike', async () => {
    const unknown = await signIn(t, 'nobody@firm.test', 'wrong-password', '192.0.2.1');
    const wrong = await signIn(t, 'anna@firm.test', 'wrong-password', '192.0.2.2');
    const disabled = await signIn(t, 'off@firm.test', PASSWORD, '192.0.2.3');
    expect([unknown.status, wrong.status, disabled.status]).toEqual([400, 400, 400]);
    const a = await pageWithout(unknown, 'nobody@firm.test');
    expect(await pageWithout(wrong, 'anna@firm.test')).toBe(a);
    expect(await pageWithout(disabled, 'off@firm.test')).toBe(a);
  });

  it('blocks an unknown email exactly like a real one, so a block reveals nothing', async () => {
    for (let i = 0; i < LOGIN_PER_ACCOUNT.limit; i++) {
      await signIn(t, 'ghost@firm.test', 'wrong-password', `192.0.2.${100 + i}`);
      await signIn(t, 'anna@firm.test', 'wrong-password', `192.0.2.${150 + i}`);
    }
    const ghost = await signIn(t, 'ghost@firm.test', 'wrong-password', '192.0.2.200');
    const anna = await signIn(t, 'anna@firm.test', 'wrong-password', '192.0.2.201');
    expect(ghost.status).toBe(429);
    expect(anna.status).toBe(429);
    expect(await pageWithout(ghost, 'ghost@firm.test')).toBe(await pageWithout(anna, 'anna@firm.test'));
  });

  it('spends about as long on an unknown email as on a wrong password (a dummy hash is checked)', async () => {
    await upsertAdmin(t.db, { email: 'timing@firm.test', password: PASSWORD, name: 'Timing' });
    const time = async (email: string, ip: string) => {
      const start = performance.now();
      const result = await signInStaff(t.db, { email, password: 'wrong-password', ip });
      expect(result.ok).toBe(false);
      return performance.now() - start;
    };
    await time('warmup@firm.test', '192.0.2.250');
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 5; i++) {
      unknown.push(await time(`missing${i}@firm.test`, `198.51.100.${i}`));
      wrong.push(await time('timing@firm.test', `198.51.100.${50 + i}`));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[2]!;
    // argon2id takes tens of milliseconds; skipping it for unknown emails would take ~1 ms.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.3);
  });
});

describe('limits survive a restart (row 11)', () => {
  it('keeps an account blocked in a new app instance on the same database file', async () => {
    const t = await makeTestApp();
    try {
      await upsertAdmin(t.db, { email: 'frank@firm.test', password: PASSWORD, name: 'Frank' });
      for (let i = 0; i < LOGIN_PER_ACCOUNT.limit; i++) await signIn(t, 'frank@firm.test', `wrong-${i}`);
      // A second process (or the restarted one) opens the same file.
      const second = openDatabase(databaseFile(t.dataDir));
      try {
        const app = createApp({ db: second.db, config: t.config });
        const res = await app.request('/login', {
          method: 'POST',
          headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ email: 'frank@firm.test', password: PASSWORD }),
        });
        expect(res.status).toBe(429);
      } finally {
        await second.close();
      }
    } finally {
      await t.close();
    }
  });
});
