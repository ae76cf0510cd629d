import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { missingServeFlags } from './util/node-flags.js';

// Kept small on purpose: bin/stoa.js loads this before (and, for the launcher, instead of) the app.

/** Set on the server process the launcher starts, so that it serves instead of relaunching again. */
const CHILD_MARK = 'STOA_SERVE_CHILD';
const FORWARDED = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * `stoa serve` runs the server with the V8 options of `npm start`. Node takes them only at start,
 * so a process started without them runs `node <options> <script> <args>` as a child with the same
 * stdio and environment, passes SIGTERM/SIGINT/SIGHUP on to it, and resolves with the exit code
 * to leave with (the child's, or 128 + the signal that ended it). Null when this process has the
 * options already (or is that child) and serves itself.
 */
export function relaunchForServe(script: string, args: readonly string[]): Promise<number> | null {
  if (process.env[CHILD_MARK]) return null;
  const missing = missingServeFlags(process.execArgv, process.env.NODE_OPTIONS);
  if (missing.length === 0) return null;
  // The IPC channel is only a lifeline: when this launcher dies, even by SIGKILL, the child notices.
  const child = spawn(process.execPath, [...missing, ...process.execArgv, script, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [CHILD_MARK]: '1' },
  });
  const forward = (signal: NodeJS.Signals) => {
    child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  return new Promise((resolve) => {
    const done = (code: number) => {
      for (const signal of FORWARDED) process.off(signal, forward);
      resolve(code);
    };
    child.once('error', (err) => {
      process.stderr.write(`stoa serve: ${err.message}\n`);
      done(1);
    });
    child.once('exit', (code, signal) => done(code ?? (signal ? 128 + constants.signals[signal] : 1)));
  });
}

/** In the server a launcher started: shuts down gracefully (SIGTERM) when the launcher is gone. */
export function followLauncher(): void {
  if (!process.env[CHILD_MARK] || !process.send) return;
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.channel?.unref();
}
