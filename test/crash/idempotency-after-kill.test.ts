// An Idempotency-Key request cut off by a crash (API.md: "a retry with the same key returns the
// first response and creates nothing new"). The real server (dist/src/server.js) takes a burst of
// keyed payment requests and is killed with SIGKILL while most are still in flight. After a
// restart on the same DATA_DIR every request is retried with its key: each retry learns the real
// outcome — the stored first response when the payment was written, a fresh run when it was not —
// and never a 409 left behind by the dead process. Each payment exists exactly once.

import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoa, startServerProcess, tempDataDir } from '../helpers/process.js';

const ROUNDS = 5;
const REQUESTS = 40;
const ADMIN = 'owner@firm.test';

interface Answer { status: number; json: unknown; replayed: boolean }

let dataDir: string;
let token: string;
let server: { child: ChildProcess; url: string } | null = null;

async function call(url: string, path: string, body: unknown, key?: string): Promise<Answer> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
    body: JSON.stringify(body),
  });
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // the body was cut off by the kill: the status is what we know
  }
  return { status: res.status, json, replayed: res.headers.get('idempotent-replayed') === 'true' };
}

beforeAll(async () => {
  dataDir = tempDataDir();
  const admin = await runStoa(['create-admin', '--email', ADMIN, '--password', 'correct horse battery', '--name', 'Olga Owner'], { DATA_DIR: dataDir });
  if (admin.code !== 0) throw new Error(admin.stderr);
  const created = await runStoa(['create-token', '--email', ADMIN], { DATA_DIR: dataDir });
  if (created.code !== 0) throw new Error(created.stderr);
  token = created.stdout.trim().split('\n').pop()!;
});

afterAll(() => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('keyed API requests interrupted by SIGKILL', () => {
  it('get their real outcome on retry after the restart — the first response or one fresh payment — never 409', async () => {
    server = await startServerProcess({ DATA_DIR: dataDir });
    const client = await call(server.url, '/api/v1/clients', { name: 'Kill Test ΑΕ', currency: 'EUR' });
    expect(client.status).toBe(201);
    const clientId = (client.json as { id: string }).id;

    for (let round = 1; round <= ROUNDS; round++) {
      const requests = Array.from({ length: REQUESTS }, (_v, i) => ({
        key: `kill-${round}-${i}`,
        body: { client_id: clientId, amount: 100 + i, method: 'bank_transfer', reference: `kill-${round}-${i}` },
      }));

      // A burst of keyed payments; the plug is pulled the moment a few (a different number each
      // round) are answered, while the server is busy with the next ones.
      const answers = new Map<string, Answer>();
      const { url, child } = server;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const burst = Promise.all(
        requests.map((r) =>
          call(url, '/api/v1/payments', r.body, r.key).then(
            (answer) => {
              answers.set(r.key, answer);
              if (answers.size === round) child.kill('SIGKILL');
            },
            () => undefined, // no answer: cut off by the kill
          ),
        ),
      );
      await exited;
      await burst;
      expect(answers.size, `round ${round}: some requests in flight at the kill`).toBeLessThan(REQUESTS);
      for (const answer of answers.values()) expect(answer.status).toBe(201);

      server = await startServerProcess({ DATA_DIR: dataDir });
      for (const r of requests) {
        const retry = await call(server.url, '/api/v1/payments', r.body, r.key);
        expect(retry.status, `round ${round}: retry of ${r.key}: ${JSON.stringify(retry.json)}`).toBe(201);
        expect((retry.json as { reference: string }).reference).toBe(r.key);
        const first = answers.get(r.key);
        if (first?.json) {
          // Answered before the kill: the retry replays exactly that answer.
          expect(retry.replayed, `round ${round}: retry of ${r.key} replayed`).toBe(true);
          expect(retry.json).toEqual(first.json);
        }
        // A second retry replays whatever the first retry got.
        const again = await call(server.url, '/api/v1/payments', r.body, r.key);
        expect(again.status).toBe(201);
        expect(again.replayed).toBe(true);
        expect(again.json).toEqual(retry.json);
      }
    }

    const sqlite = new BetterSqlite3(path.join(dataDir, 'stoa.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const rows = sqlite.prepare("select reference, count(*) as n from payments where reference like 'kill-%' group by reference").all() as Array<{ reference: string; n: number }>;
      expect(rows.length).toBe(ROUNDS * REQUESTS);
      expect(rows.filter((row) => row.n !== 1)).toEqual([]);
    } finally {
      sqlite.close();
    }

    server.child.kill('SIGTERM');
    await new Promise((resolve) => server?.child.once('exit', resolve));
  }, 90_000);
});
