#!/usr/bin/env node
// The `stoa` command: runs the compiled CLI (npm install builds it; `npm run build` rebuilds).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('stoa is not built yet: run "npm run build" first\n');
  process.exit(1);
}
const { runCli } = await import(cli.href);
const code = await runCli(process.argv.slice(2));
if (code >= 0) process.exit(code);
