import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SERVE_V8_FLAGS } from '../../src/util/node-flags.js';
import { ROOT, runStoa, startServerProcess, tempDataDir } from '../helpers/process.js';

const STOA_SERVE = [path.join(ROOT, 'bin/stoa.js'), 'serve'];

/** The heap limit (MB) node has with these options: what the server's 'listening' line should say. */
function heapLimitWith(flags: string[]): number {
  const run = spawnSync(process.execPath, [...flags, '-p', 'Math.round(require("node:v8").getHeapStatistics().heap_size_limit / 2 ** 20)'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return Number(run.stdout.trim());
}

/** The heapLimitMb of the server's 'listening' log line. */
function loggedHeapLimit(output: string): number | undefined {
  const line = output.split('\n').find((l) => l.includes('"msg":"listening"'));
  return line ? (JSON.parse(line) as { heapLimitMb?: number }).heapLimitMb : undefined;
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Resolves once nothing answers at url any more (false if something still does after 10 s). */
async function goneQuiet(url: string): Promise<boolean> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    try {
      await fetch(url + '/healthz');
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('the stoa command and the server process', () => {
  it('exits 2 with one line on bad arguments', async () => {
    const env = { DATA_DIR: tempDataDir() };
    const unknown = await runStoa(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    const missing = await runStoa(['create-admin', '--email', 'a@b.test'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('missing --password');
  });

  it('stops at start with one line naming a bad variable', async () => {
    const res = await runStoa(['migrate'], { DATA_DIR: tempDataDir(), PORT: 'eighty' });
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('PORT');
  });

  it('migrates, creates an admin and an API token printed alone on the last line', async () => {
    const env = { DATA_DIR: tempDataDir() };
    expect((await runStoa(['migrate'], env)).code).toBe(0);
    const admin = await runStoa(['create-admin', '--email', 'Owner@Firm.test', '--password', 'correct horse battery', '--name', 'Owner'], env);
    expect(admin.code).toBe(0);
    const token = await runStoa(['create-token', '--email', 'owner@firm.test'], env);
    expect(token.code).toBe(0);
    const last = token.stdout.trim().split('\n').pop()!;
    expect(last).toMatch(/^stoa_[a-z0-9]{32}$/);
    const weak = await runStoa(['create-admin', '--email', 'x@firm.test', '--password', 'password'], env);
    expect(weak.code).toBe(2);
  });

  it('serves /healthz, answers the API with the token, backs up while running, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDataDir();
    const env = { DATA_DIR: dataDir };
    await runStoa(['create-admin', '--email', 'owner@firm.test', '--password', 'correct horse battery'], env);
    const token = (await runStoa(['create-token', '--email', 'owner@firm.test'], env)).stdout.trim().split('\n').pop()!;
    const server = await startServerProcess(env);
    try {
      const created = await fetch(server.url + '/api/v1/clients', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Backup Test ΑΕ' }),
      });
      expect(created.status).toBe(201);
      const backupFile = path.join(tempDataDir(), 'copy.sqlite');
      const backup = await runStoa(['backup', backupFile], env);
      expect(backup.code).toBe(0);
      const copy = new BetterSqlite3(backupFile, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('select name from clients').all()).toEqual([{ name: 'Backup Test ΑΕ' }]);
      copy.close();
      expect((await runStoa(['backup', backupFile], env)).code).toBe(2); // never overwrites
    } finally {
      server.child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => server.child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    expect(existsSync(path.join(dataDir, 'stoa.sqlite'))).toBe(true);
  });

  it('`stoa serve` runs the server with the heap cap of `npm start` and stops cleanly on SIGTERM', async () => {
    const server = await startServerProcess({ DATA_DIR: tempDataDir(), NODE_OPTIONS: '' }, STOA_SERVE);
    try {
      expect((await fetch(server.url + '/healthz')).status).toBe(200);
      const capped = heapLimitWith([...SERVE_V8_FLAGS]);
      expect(capped).toBeLessThan(heapLimitWith([]));
      expect(loggedHeapLimit(server.output())).toBe(capped);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await exitOf(server.child)).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('"msg":"stopped"');
    expect(await goneQuiet(server.url)).toBe(true);
  });

  it('`stoa serve` keeps a heap cap raised in NODE_OPTIONS', async () => {
    const server = await startServerProcess({ DATA_DIR: tempDataDir(), NODE_OPTIONS: '--max-old-space-size=512' }, STOA_SERVE);
    try {
      expect(loggedHeapLimit(server.output())).toBe(heapLimitWith(['--max-semi-space-size=8', '--max-old-space-size=512']));
    } finally {
      server.child.kill('SIGTERM');
    }
    expect((await exitOf(server.child)).code).toBe(0);
  });

  it('`stoa serve` leaves no server behind when the command itself is killed', async () => {
    const server = await startServerProcess({ DATA_DIR: tempDataDir(), NODE_OPTIONS: '' }, STOA_SERVE);
    server.child.kill('SIGKILL');
    await exitOf(server.child);
    expect(await goneQuiet(server.url)).toBe(true);
  });
});
