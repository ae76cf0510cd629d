import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** Typed, validated process configuration (see API.md "Process and configuration"). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  /** Origins accepted on state-changing requests (PUBLIC_URL's, plus 127.0.0.1 when PUBLIC_URL is the default). */
  allowedOrigins: string[];
  secureCookies: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  sessionSecret: string;
  stripeSecretKey: string | null;
  stripeWebhookSecret: string | null;
  /** Where the Stripe SDK sends its requests instead of api.stripe.com (STRIPE_API_BASE: tests and self-hosted mocks only). */
  stripeApiBase: { protocol: 'http' | 'https'; host: string; port: number } | null;
  trustProxy: boolean;
  logRequests: boolean;
}

/** Raised for a bad configuration value; its message is the one line printed at start. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function fail(variable: string, why: string, value: string): never {
  throw new ConfigError(`Invalid ${variable}: ${why} (got ${JSON.stringify(value)})`);
}

function parsePort(env: Env): number {
  const raw = env.PORT;
  if (raw === undefined || raw === '') return 3000;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) fail('PORT', 'must be an integer from 1 to 65535', raw);
  return Number(raw);
}

function parseUrl(variable: string, raw: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(variable, 'must be an absolute URL', raw);
  }
  if (!protocols.includes(url.protocol)) fail(variable, `must start with ${protocols.map((p) => p + '//').join(' or ')}`, raw);
  return url;
}

function parseBool(variable: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '') return false;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  return fail(variable, 'must be true or false', raw);
}

/** STRIPE_API_BASE (e.g. `http://127.0.0.1:12111`): a Stripe API mock for tests; unset in production. */
function parseStripeApiBase(raw: string | undefined): Config['stripeApiBase'] {
  if (raw === undefined || raw === '') return null;
  const url = parseUrl('STRIPE_API_BASE', raw, ['http:', 'https:']);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) fail('STRIPE_API_BASE', 'must be a scheme, host and port only', raw);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return { protocol, host: url.hostname, port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80 };
}

/** Reads SESSION_SECRET, or generates one once into DATA_DIR so restarts keep it. */
function sessionSecret(env: Env, dataDir: string): string {
  const raw = env.SESSION_SECRET;
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) fail('SESSION_SECRET', 'must be at least 32 characters', '…');
    return raw;
  }
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** Builds the configuration from an environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = parsePort(env);
  const host = env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1';
  if (!/^[\w.:[\]-]+$/.test(host)) fail('HOST', 'must be a host name or IP address', host);
  const dataDir = path.resolve(env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : './data');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch {
    fail('DATA_DIR', 'cannot be created', dataDir);
  }
  const publicUrlSet = env.PUBLIC_URL !== undefined && env.PUBLIC_URL !== '';
  const publicUrl = publicUrlSet ? parseUrl('PUBLIC_URL', env.PUBLIC_URL!, ['http:', 'https:']) : new URL(`http://localhost:${port}`);
  if (publicUrl.search || publicUrl.hash) fail('PUBLIC_URL', 'must not have a query or fragment', publicUrl.href);
  const allowedOrigins = [publicUrl.origin];
  if (!publicUrlSet) allowedOrigins.push(`http://127.0.0.1:${port}`);
  const smtpUrl = env.SMTP_URL && env.SMTP_URL !== '' ? parseUrl('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:']).href : null;
  const mailFrom = env.MAIL_FROM && env.MAIL_FROM !== '' ? env.MAIL_FROM : 'Stoa <no-reply@localhost>';
  if (/[\r\n]/.test(mailFrom) || !/@/.test(mailFrom)) fail('MAIL_FROM', 'must be an email address, optionally with a name', mailFrom);
  const stripeSecretKey = env.STRIPE_SECRET_KEY && env.STRIPE_SECRET_KEY !== '' ? env.STRIPE_SECRET_KEY : null;
  if (stripeSecretKey && !/^(sk|rk)_(test|live)_\w+$/.test(stripeSecretKey)) fail('STRIPE_SECRET_KEY', 'must look like sk_test_… or sk_live_…', '…');
  const stripeWebhookSecret = env.STRIPE_WEBHOOK_SECRET && env.STRIPE_WEBHOOK_SECRET !== '' ? env.STRIPE_WEBHOOK_SECRET : null;
  if (stripeWebhookSecret && !stripeWebhookSecret.startsWith('whsec_')) fail('STRIPE_WEBHOOK_SECRET', 'must start with whsec_', '…');
  const stripeApiBase = parseStripeApiBase(env.STRIPE_API_BASE);
  return {
    port,
    host,
    dataDir,
    publicUrl: publicUrl.href.replace(/\/$/, ''),
    allowedOrigins,
    secureCookies: publicUrl.protocol === 'https:',
    smtpUrl,
    mailFrom,
    sessionSecret: sessionSecret(env, dataDir),
    stripeSecretKey,
    stripeWebhookSecret,
    stripeApiBase,
    trustProxy: parseBool('TRUST_PROXY', env.TRUST_PROXY),
    logRequests: env.LOG_REQUESTS === undefined ? true : parseBool('LOG_REQUESTS', env.LOG_REQUESTS),
  };
}

/** Loads ./.env into process.env (existing variables win), as API.md promises. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
