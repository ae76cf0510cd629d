import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    pool: 'forks',
    env: { STOA_LOG: 'silent', TZ: 'Europe/Athens' },
    testTimeout: 20000,
    hookTimeout: 60000,
  },
});
