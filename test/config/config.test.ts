import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'stoa-config-'));

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.smtpUrl).toBeNull();
    expect(config.mailFrom).toBe('Stoa <no-reply@localhost>');
    expect(config.secureCookies).toBe(false);
  });

  it('sends Stripe requests to STRIPE_API_BASE only when it is set (tests and self-hosted mocks)', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).stripeApiBase).toBeNull();
    expect(loadConfig({ DATA_DIR: dataDir(), STRIPE_API_BASE: 'http://127.0.0.1:12111' }).stripeApiBase).toEqual({ protocol: 'http', host: '127.0.0.1', port: 12111 });
    expect(loadConfig({ DATA_DIR: dataDir(), STRIPE_API_BASE: 'https://stripe-mock.internal/' }).stripeApiBase).toEqual({ protocol: 'https', host: 'stripe-mock.internal', port: 443 });
  });

  it('generates SESSION_SECRET once into DATA_DIR and keeps it across restarts', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).sessionSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(first);
    expect(readFileSync(path.join(dir, 'session-secret'), 'utf8').trim()).toBe(first);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PUBLIC_URL', 'not a url'],
    ['PUBLIC_URL', 'ftp://example.com'],
    ['SMTP_URL', 'http://mail.example.com'],
    ['SESSION_SECRET', 'short'],
    ['STRIPE_SECRET_KEY', 'nope'],
    ['STRIPE_WEBHOOK_SECRET', 'nope'],
    ['TRUST_PROXY', 'maybe'],
    ['STRIPE_API_BASE', 'ftp://127.0.0.1:12111'],
    ['STRIPE_API_BASE', 'http://127.0.0.1:12111/v1'],
  ])('refuses a bad %s with one line naming it', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir(), [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).not.toContain('\n');
  });

  it('marks cookies secure and builds links from an https PUBLIC_URL', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'https://portal.firm.gr/' });
    expect(config.secureCookies).toBe(true);
    expect(config.publicUrl).toBe('https://portal.firm.gr');
    expect(config.allowedOrigins).toEqual(['https://portal.firm.gr']);
  });
});
