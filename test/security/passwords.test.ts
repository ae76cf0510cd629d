// SECURITY.md row 14 and the argon2id settings: what `stoa create-admin` accepts as a password.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli.js';
import { databaseFile, openDatabase } from '../../src/db/index.js';
import { PASSWORD_MAX } from '../../src/auth/password.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'stoa-sec-cli-'));
  vi.stubEnv('DATA_DIR', dataDir);
  vi.stubEnv('PUBLIC_URL', 'http://stoa.test');
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `stoa create-admin` in this process; returns the exit code and what it printed. */
async function createAdmin(email: string, password: string): Promise<{ code: number; out: string }> {
  let out = '';
  const capture = (chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    const code = await runCli(['create-admin', '--email', email, '--password', password]);
    return { code, out };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

/** Signs in against the CLI's database through the app. */
async function canSignIn(email: string, password: string): Promise<boolean> {
  const database = openDatabase(databaseFile(dataDir));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'http://stoa.test', LOG_REQUESTS: 'false' });
    const app = createApp({ db: database.db, config });
    const res = await app.request('/login', {
      method: 'POST',
      headers: { Origin: 'http://stoa.test', 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': email },
      body: new URLSearchParams({ email, password }),
    });
    return res.status === 303;
  } finally {
    await database.close();
  }
}

describe('password rules of create-admin (row 14)', () => {
  it('refuses a 7-character password and names the problem', async () => {
    const res = await createAdmin('short@firm.test', 'abc1234');
    expect(res.code).toBe(2);
    expect(res.out).toContain('password too short');
  });

  it('refuses very common passwords, whatever their case, and the email itself', async () => {
    for (const pw of ['password', 'Password1', 'QWERTY123', '12345678', 'aaaaaaaaaaaa']) {
      const res = await createAdmin('common@firm.test', pw);
      expect(res.code, pw).toBe(2);
      expect(res.out, pw).toContain('password too common');
    }
    expect((await createAdmin('me@firm.test', 'ME@firm.test')).code).toBe(2);
  });

  it('accepts a long passphrase whole: a prefix of it does not sign in', async () => {
    const long = 'the quick brown fox jumps over the lazy dog while the cat watches the rain 42!';
    expect(long.length).toBeGreaterThan(72);
    expect((await createAdmin('long@firm.test', long)).code).toBe(0);
    expect(await canSignIn('long@firm.test', long)).toBe(true);
    // bcrypt-style truncation at 72 bytes would let this in.
    expect(await canSignIn('long@firm.test', long.slice(0, 72))).toBe(false);
    expect(await canSignIn('long@firm.test', long.slice(0, -1))).toBe(false);
  });

  it('refuses an absurdly long password rather than hashing megabytes', async () => {
    const res = await createAdmin('huge@firm.test', 'x1'.repeat(PASSWORD_MAX));
    expect(res.code).toBe(2);
    expect(res.out).toContain('password too long');
  });

  it('stores argon2id with at least 19 MiB, 2 passes, parallelism 1 (ASVS 5 appendix C)', async () => {
    expect((await createAdmin('hash@firm.test', 'a sound passphrase')).code).toBe(0);
    const database = openDatabase(databaseFile(dataDir));
    try {
      const row = await database.db.selectFrom('staff_users').select('password_hash').where('email', '=', 'hash@firm.test').executeTakeFirstOrThrow();
      const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(row.password_hash);
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(19456);
      expect(Number(m![2])).toBeGreaterThanOrEqual(2);
      expect(Number(m![3])).toBe(1);
      expect(row.password_hash).not.toContain('a sound passphrase');
    } finally {
      await database.close();
    }
  });
});

describe('the sign-in form and long input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('answers a 100 kB password with the usual refusal, not an error or a long hash', async () => {
    await t.staffCookie();
    const start = performance.now();
    const res = await t.postForm('/login', { email: 'admin@firm.test', password: 'x'.repeat(100_000) });
    expect(res.status).toBe(400);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
