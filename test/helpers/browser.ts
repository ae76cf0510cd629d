import { existsSync } from 'node:fs';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { makeTestApp, type TestApp } from './app.js';
import { freePort } from './process.js';

/** Debian's chromium; browser tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless chromium with the flags this machine's closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install it with "apt-get install -y chromium" (bash .ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A real HTTP server on loopback around a fresh test app, with PUBLIC_URL set to its address. */
export async function startLiveApp(env: Record<string, string> = {}): Promise<TestApp & { url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t = await makeTestApp({ PUBLIC_URL: url, PORT: String(port), ...env });
  const server: ServerType = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' });
  return {
    ...t,
    url,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}
