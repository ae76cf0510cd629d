#!/usr/bin/env node
// The `stoa` command: runs the compiled CLI (npm install builds it; `npm run build` rebuilds).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('stoa is not built yet: run "npm run build" first\n');
  process.exit(1);
}
const args = process.argv.slice(2);
if (args[0] === 'serve') {
  // `stoa serve` runs with the V8 options of `npm start`: relaunched with them when they are missing.
  const { followLauncher, relaunchForServe } = await import(new URL('../dist/src/serve-launch.js', import.meta.url).href);
  const relaunched = relaunchForServe(fileURLToPath(import.meta.url), args);
  if (relaunched) process.exit(await relaunched);
  followLauncher();
}
const { runCli } = await import(cli.href);
const code = await runCli(args);
if (code >= 0) process.exit(code);
