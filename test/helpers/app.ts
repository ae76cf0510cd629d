import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { createApiToken, upsertAdmin } from '../../src/auth/service.js';
import { loadConfig, type Config } from '../../src/config.js';
import { databaseFile, migrateToLatest, openDatabase, type Db, type OpenDatabase } from '../../src/db/index.js';

/** Origin of the test app (PUBLIC_URL); state-changing requests must carry it. */
export const ORIGIN = 'http://stoa.test';

/** A fresh app over a fresh temporary database, with helpers to act as staff or through the API. */
export interface TestApp {
  app: App;
  db: Db;
  database: OpenDatabase;
  config: Config;
  dataDir: string;
  /** Signs in a staff admin (created on first use) and returns its Cookie header value. */
  staffCookie(email?: string): Promise<string>;
  /** An API bearer token for a staff admin (created on first use). */
  apiToken(email?: string): Promise<string>;
  /** GET as signed-in staff. */
  get(url: string, cookie?: string, headers?: Record<string, string>): Promise<Response>;
  /** POST a form as signed-in staff, with our Origin. */
  postForm(url: string, fields: Record<string, string | string[]>, cookie?: string, headers?: Record<string, string>): Promise<Response>;
  /** Calls the JSON API with a bearer token. */
  api(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** Builds a TestApp; call close() in afterAll/afterEach. */
export async function makeTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stoa-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: ORIGIN, LOG_REQUESTS: 'false', ...env });
  const database = openDatabase(databaseFile(dataDir));
  await migrateToLatest(database.db);
  const app = createApp({ db: database.db, config });
  const cookies = new Map<string, string>();
  const tokens = new Map<string, string>();
  const admins = new Set<string>();
  // Created once: upsertAdmin resets a staff user's sessions, which would sign earlier cookies out.
  const ensureAdmin = async (email: string) => {
    if (admins.has(email)) return;
    await upsertAdmin(database.db, { email, password: 'correct horse battery', name: 'Anna Admin' });
    admins.add(email);
  };

  const t: TestApp = {
    app,
    db: database.db,
    database,
    config,
    dataDir,
    async staffCookie(email = 'admin@firm.test') {
      const known = cookies.get(email);
      if (known) return known;
      await ensureAdmin(email);
      const res = await app.request('/login', {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, password: 'correct horse battery' }),
      });
      const setCookie = res.headers.get('set-cookie') ?? '';
      const cookie = setCookie.split(';')[0] ?? '';
      if (res.status !== 303 || !cookie) throw new Error(`staff sign-in failed: ${res.status}`);
      cookies.set(email, cookie);
      return cookie;
    },
    async apiToken(email = 'admin@firm.test') {
      const known = tokens.get(email);
      if (known) return known;
      await ensureAdmin(email);
      const result = await createApiToken(database.db, { email, name: 'test' });
      if (!result.ok) throw new Error(result.error);
      tokens.set(email, result.token);
      return result.token;
    },
    async get(url, cookie, headers = {}) {
      return app.request(url, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } });
    },
    async postForm(url, fields, cookie, headers = {}) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      return app.request(url, {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}), ...headers },
        body,
      });
    },
    async api(method, url, body, headers = {}) {
      const token = await t.apiToken();
      return app.request(url, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async close() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}
