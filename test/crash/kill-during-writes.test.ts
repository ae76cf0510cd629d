// Crash safety (issue 8 point 3; SECURITY.md rows 35 and 38). The real server process
// (dist/src/server.js) takes a stream of concurrent API writes — payments with and without
// allocations, invoice finalizations, portal invitations whose emails go through the outbox to a
// loopback SMTP server — and is killed with SIGKILL in the middle, five times. After each restart
// on the same DATA_DIR the database is read directly (read-only): nothing is half-written, every
// answered write is there in full, numbers are gapless, balances never negative, and in the end
// every queued email is delivered, each outbox row under its one Message-ID.
//
// The timing is random; CRASH_SEED=<n> repeats the same choices of requests and kill delays.

import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoa, startServerProcess, tempDataDir } from '../helpers/process.js';
import { startSlowSink, type SlowSink } from './slow-smtp-sink.js';

const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUNDS = 5;
const CONCURRENCY = 12;
const ADMIN = 'owner@firm.test';

/** Labels every assertion with the seed, so a failure can be replayed. */
const at = (what: string) => `${what} [CRASH_SEED=${SEED}]`;

// mulberry32: a small seeded generator for the requests and the kill delays.
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = generator(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface AllocationJson { invoice_id: string; amount: number }
interface PaymentJson { id: string; amount: number; reference: string | null; allocations: AllocationJson[] }
interface DocumentJson { id: string; number: string | null; status: string }

/** One request of the stream and what (if anything) came back before the kill. */
type Op =
  | { kind: 'payment'; reference: string; amount: number; allocations: AllocationJson[] | null; keyed: boolean; status: number | null; body: PaymentJson | null; retryStatus?: number | null }
  | { kind: 'finalize'; invoiceId: string; status: number | null; body: DocumentJson | null }
  | { kind: 'invite'; email: string; status: number | null };

interface Server { child: ChildProcess; url: string; output: () => string }

let dataDir: string;
let token: string;
let sink: SlowSink;
let server: Server | null = null;
const ops: Op[] = [];
let kills = 0;
let killsMidSend = 0;

function env(): Record<string, string> {
  return { DATA_DIR: dataDir, SMTP_URL: sink.url, MAIL_FROM: 'Acme Accounting <billing@acme.test>' };
}

async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // the body was cut off by the kill: the status is what we know
  }
  return { status: res.status, json };
}

async function created(url: string, path: string, body: unknown): Promise<string> {
  const res = await call(url, 'POST', path, body);
  if (res.status !== 201) throw new Error(`setup ${path} failed: ${res.status} ${JSON.stringify(res.json)}`);
  return (res.json as { id: string }).id;
}

async function killHard(s: Server): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) resolve();
    else s.child.once('exit', () => resolve());
  });
  s.child.kill('SIGKILL');
  await exited;
  kills++;
}

/** A client with open invoices to pay, drafts to finalize and contacts to invite. */
async function prepareRound(url: string, round: number) {
  const clientId = await created(url, '/api/v1/clients', { name: `Crash round ${round}`, currency: 'EUR', language: 'en' });
  const line = { description: 'Monthly bookkeeping', quantity: '1', unit_price: 50_000, tax_rate: '0' };
  const open = await Promise.all(Array.from({ length: 6 }, () => created(url, '/api/v1/invoices', { client_id: clientId, lines: [line], finalize: true })));
  const drafts = await Promise.all(Array.from({ length: 40 }, () => created(url, '/api/v1/invoices', { client_id: clientId, lines: [line] })));
  const emails = Array.from({ length: 6 }, (_v, i) => `round${round}-person${i}@client.test`);
  const contacts = await Promise.all(emails.map((email, i) => created(url, `/api/v1/clients/${clientId}/contacts`, { name: `Person ${round}.${i}`, email }).then((id) => ({ id, email }))));
  return { clientId, open, drafts, contacts };
}

/** Runs CONCURRENCY request loops against the server until it dies. */
async function stream(url: string, round: number, world: Awaited<ReturnType<typeof prepareRound>>, stopped: () => boolean): Promise<void> {
  let n = 0;
  // The invitations go first, so the mail worker is still sending them when the kill comes.
  const invite = async () => {
    while (!stopped() && world.contacts.length > 0) {
      const contact = world.contacts.shift()!;
      const op: Op = { kind: 'invite', email: contact.email, status: null };
      ops.push(op);
      try {
        op.status = (await call(url, 'POST', `/api/v1/clients/${world.clientId}/portal-invitations`, { contact_id: contact.id, method: 'link' })).status;
      } catch {
        return;
      }
    }
  };
  const loop = async () => {
    while (!stopped()) {
      const roll = rand();
      n++;
      if (roll < 0.2 && world.drafts.length > 0) {
        const invoiceId = world.drafts.shift()!;
        const op: Op = { kind: 'finalize', invoiceId, status: null, body: null };
        ops.push(op);
        try {
          const res = await call(url, 'POST', `/api/v1/invoices/${invoiceId}/finalize`);
          op.status = res.status;
          op.body = res.json as DocumentJson | null;
        } catch {
          return;
        }
      } else {
        const reference = `crash-${round}-${n}`;
        let allocations: AllocationJson[] | null = null;
        let amount: number;
        if (roll < 0.7) {
          // Explicit allocations to one or two open invoices (now and then none: all client credit).
          const count = rand() < 0.1 ? 0 : 1 + Math.floor(rand() * 2);
          const chosen = new Set<string>();
          while (chosen.size < count) chosen.add(pick(world.open));
          allocations = [...chosen].map((invoice_id) => ({ invoice_id, amount: 1 + Math.floor(rand() * 300) }));
          amount = allocations.reduce((s, a) => s + a.amount, 0) + (rand() < 0.3 ? 100 : 0) + (count === 0 ? 50 : 0);
        } else {
          amount = 1 + Math.floor(rand() * 2000); // oldest due first
        }
        // Some of them carry an Idempotency-Key, to be retried after the restart when unanswered.
        const op: Op = { kind: 'payment', reference, amount, allocations, keyed: rand() < 0.3, status: null, body: null };
        ops.push(op);
        try {
          const res = await call(url, 'POST', '/api/v1/payments', paymentBody(world.clientId, op), op.keyed ? { 'Idempotency-Key': reference } : {});
          op.status = res.status;
          op.body = res.json as PaymentJson | null;
        } catch {
          return;
        }
      }
    }
  };
  await Promise.all([invite(), ...Array.from({ length: CONCURRENCY }, loop)]);
}

function paymentBody(clientId: string, op: Extract<Op, { kind: 'payment' }>) {
  return { client_id: clientId, amount: op.amount, method: 'bank_transfer', reference: op.reference, ...(op.allocations ? { allocations: op.allocations } : {}) };
}

const key = (a: { invoice_id: number | string; amount: number }) => `${a.invoice_id}:${a.amount}`;

/** Reads the database read-only and checks every promise of rows 35 and 38 that holds at any moment. */
function checkLedger(label: string): void {
  const sqlite = new BetterSqlite3(path.join(dataDir, 'stoa.sqlite'), { readonly: true, fileMustExist: true });
  try {
    expect(sqlite.pragma('integrity_check', { simple: true }), at(`${label}: integrity_check`)).toBe('ok');
    expect(sqlite.pragma('foreign_key_check'), at(`${label}: foreign_key_check`)).toEqual([]);

    // Payments: each one whole — its event and its allocations, exactly as asked.
    const payments = sqlite.prepare('select id, amount, reference from payments').all() as Array<{ id: number; amount: number; reference: string | null }>;
    const allocations = new Map<number, string[]>();
    for (const a of sqlite.prepare('select payment_id, invoice_id, amount from payment_allocations').all() as Array<{ payment_id: number; invoice_id: number; amount: number }>) {
      allocations.set(a.payment_id, [...(allocations.get(a.payment_id) ?? []), key(a)]);
    }
    const recorded = new Map<number, { unallocated: number }>();
    for (const e of sqlite.prepare("select subject_id, detail from events where subject_type = 'payment' and action = 'recorded'").all() as Array<{ subject_id: number; detail: string }>) {
      recorded.set(e.subject_id, JSON.parse(e.detail) as { unallocated: number });
    }
    const byReference = new Map<string, number>();
    const paymentOps = new Map(ops.filter((o) => o.kind === 'payment').map((o) => [o.reference, o]));
    for (const p of payments) {
      const allocated = (allocations.get(p.id) ?? []).reduce((s, k) => s + Number(k.split(':')[1]), 0);
      expect(allocated, at(`${label}: payment ${p.id} allocates more than its amount`)).toBeLessThanOrEqual(p.amount);
      const event = recorded.get(p.id);
      expect(event, at(`${label}: payment ${p.id} has no 'recorded' event`)).toBeDefined();
      expect(allocated, at(`${label}: payment ${p.id}'s allocations differ from what was recorded`)).toBe(p.amount - (event?.unallocated ?? NaN));
      if (!p.reference?.startsWith('crash-')) continue;
      byReference.set(p.reference, (byReference.get(p.reference) ?? 0) + 1);
      const op = paymentOps.get(p.reference);
      expect(op, at(`${label}: payment ${p.reference} was never asked for`)).toBeDefined();
      if (!op) continue;
      expect(p.amount, at(`${label}: payment ${p.reference} amount`)).toBe(op.amount);
      if (op.allocations) {
        expect((allocations.get(p.id) ?? []).sort(), at(`${label}: payment ${p.reference} allocations`)).toEqual(op.allocations.map(key).sort());
      }
    }
    for (const [reference, count] of byReference) expect(count, at(`${label}: payment ${reference} recorded ${count} times`)).toBe(1);
    for (const op of paymentOps.values()) {
      const answered = op.retryStatus ?? op.status;
      if (answered === 201) {
        expect(byReference.get(op.reference), at(`${label}: payment ${op.reference} answered 201 is missing`)).toBe(1);
        if (op.body && op.status === 201) {
          const row = payments.find((p) => String(p.id) === op.body?.id);
          expect(row?.reference, at(`${label}: payment ${op.reference} answered 201 as #${op.body.id}`)).toBe(op.reference);
          expect((allocations.get(Number(op.body.id)) ?? []).sort(), at(`${label}: payment ${op.reference} allocations as answered`)).toEqual(op.body.allocations.map(key).sort());
        }
      } else if (answered !== null && answered >= 400 && answered !== 409) {
        expect(byReference.get(op.reference), at(`${label}: payment ${op.reference} answered ${answered} was written`)).toBeUndefined();
      }
    }

    // Balances: total − live allocations − credit applied, never below zero.
    const balances = sqlite.prepare(`
      select d.id, d.total
        - coalesce((select sum(a.amount) from payment_allocations a join payments p on p.id = a.payment_id where a.invoice_id = d.id and p.voided_at is null), 0)
        - coalesce((select sum(ca.amount) from credit_applications ca join documents cn on cn.id = ca.credit_note_id where ca.invoice_id = d.id and cn.status <> 'void'), 0) as balance
      from documents d where d.kind = 'invoice' and d.status = 'issued'`).all() as Array<{ id: number; balance: number }>;
    for (const b of balances) expect(b.balance, at(`${label}: invoice ${b.id} balance`)).toBeGreaterThanOrEqual(0);

    // Numbers: per kind and year exactly 1..n, unique, each numbered document with its event.
    const numbered = sqlite.prepare('select id, kind, series_year, seq, number, status from documents where seq is not null order by kind, series_year, seq').all() as Array<{ id: number; kind: string; series_year: number; seq: number; number: string; status: string }>;
    const series = new Map<string, number[]>();
    for (const d of numbered) series.set(`${d.kind} ${d.series_year}`, [...(series.get(`${d.kind} ${d.series_year}`) ?? []), d.seq]);
    for (const [name, seqs] of series) expect(seqs, at(`${label}: ${name} numbering`)).toEqual(seqs.map((_s, i) => i + 1));
    expect(new Set(numbered.map((d) => d.number)).size, at(`${label}: unique numbers`)).toBe(numbered.length);
    const unnumbered = sqlite.prepare("select count(*) as n from documents where kind = 'invoice' and status = 'issued' and (seq is null or number is null)").get() as { n: number };
    expect(unnumbered.n, at(`${label}: issued invoices without a number`)).toBe(0);
    const finalizedEvents = new Set((sqlite.prepare("select subject_id from events where subject_type = 'invoice' and action = 'finalized'").all() as Array<{ subject_id: number }>).map((e) => e.subject_id));
    for (const d of numbered) if (d.kind === 'invoice') expect(finalizedEvents.has(d.id), at(`${label}: invoice ${d.number} has no 'finalized' event`)).toBe(true);
    const docs = new Map(numbered.map((d) => [String(d.id), d]));
    for (const op of ops) {
      if (op.kind !== 'finalize' || op.status !== 200) continue;
      expect(docs.get(op.invoiceId)?.status, at(`${label}: invoice ${op.invoiceId} answered 200 to finalize`)).toBe('issued');
      if (op.body) expect(docs.get(op.invoiceId)?.number, at(`${label}: invoice ${op.invoiceId}'s number`)).toBe(op.body.number);
    }

    // Invitations: each with exactly one outbox row, to its address.
    const invitations = sqlite.prepare('select id, email from portal_invitations').all() as Array<{ id: number; email: string }>;
    const outbox = sqlite.prepare("select subject_id, to_addresses from mail_outbox where subject_type = 'portal_invitation'").all() as Array<{ subject_id: number; to_addresses: string }>;
    for (const i of invitations) {
      expect(outbox.filter((m) => m.subject_id === i.id).map((m) => m.to_addresses), at(`${label}: outbox of invitation ${i.id}`)).toEqual([i.email]);
    }
    expect(outbox.length, at(`${label}: outbox rows without an invitation`)).toBe(invitations.length);
    const invited = new Set(invitations.map((i) => i.email));
    for (const op of ops) if (op.kind === 'invite' && op.status === 201) expect(invited.has(op.email), at(`${label}: invitation of ${op.email} answered 201`)).toBe(true);
  } finally {
    sqlite.close();
  }
}

/** The outbox rows (all of them) once the worker has nothing left to do, or what is left when time runs out. */
async function drainedOutbox(deadlineMs: number) {
  const file = path.join(dataDir, 'stoa.sqlite');
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const rows = sqlite.prepare('select id, message_id, to_addresses, status, attempts, last_error from mail_outbox order by id').all() as Array<{ id: number; message_id: string; to_addresses: string; status: string; attempts: number; last_error: string | null }>;
    sqlite.close();
    if (rows.every((r) => r.status === 'sent' || r.status === 'failed') || Date.now() > deadline) return rows;
    await sleep(100);
  }
}

beforeAll(async () => {
  dataDir = tempDataDir();
  sink = await startSlowSink(120);
  const admin = await runStoa(['create-admin', '--email', ADMIN, '--password', 'correct horse battery', '--name', 'Olga Owner'], { DATA_DIR: dataDir });
  if (admin.code !== 0) throw new Error(admin.stderr);
  const created = await runStoa(['create-token', '--email', ADMIN], { DATA_DIR: dataDir });
  if (created.code !== 0) throw new Error(created.stderr);
  token = created.stdout.trim().split('\n').pop()!;
});

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await sink.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a server killed with SIGKILL in the middle of writes', () => {
  it('keeps payments whole, numbers gapless, balances non-negative and every email delivered under one Message-ID', async () => {
    server = await startServerProcess(env());
    for (let round = 1; round <= ROUNDS; round++) {
      const world = await prepareRound(server.url, round);
      let stopped = false;
      const running = stream(server.url, round, world, () => stopped);
      // Let requests pile up, then pull the plug while they are in flight.
      await sleep(150 + Math.floor(rand() * 450));
      // …and while an email is on the wire, when there is one to wait for.
      for (let waited = 0; sink.open === 0 && waited < 500; waited += 5) await sleep(5);
      const inFlight = ops.filter((o) => o.status === null).length;
      if (sink.open > 0) killsMidSend++;
      await killHard(server);
      stopped = true;
      await running;
      expect(inFlight, at(`round ${round}: requests in flight at the kill`)).toBeGreaterThan(0);
      const answered = ops.filter((o) => o.status !== null);
      expect(answered.filter((o) => (o.status ?? 0) >= 500), at(`round ${round}: 5xx answers`)).toEqual([]);

      server = await startServerProcess(env());
      checkLedger(`round ${round} after restart`);

      // Retrying an unanswered payment with its Idempotency-Key never records it twice.
      const unanswered = ops.filter((o): o is Extract<Op, { kind: 'payment' }> => o.kind === 'payment' && o.keyed && o.status === null && o.reference.startsWith(`crash-${round}-`));
      for (const op of unanswered) {
        const res = await call(server.url, 'POST', '/api/v1/payments', paymentBody(world.clientId, op), { 'Idempotency-Key': op.reference });
        op.retryStatus = res.status;
        expect(res.status, at(`round ${round}: retry of ${op.reference}: ${JSON.stringify(res.json)}`)).toBeLessThan(500);
      }
      checkLedger(`round ${round} after retries`);
      // The restarted server works: the client's balance answers.
      expect((await call(server.url, 'GET', `/api/v1/clients/${world.clientId}/balance`)).status, at(`round ${round}: balance after restart`)).toBe(200);
    }
    expect(ops.filter((o) => o.kind === 'payment' && o.status === 201).length, at('payments answered 201 in all rounds')).toBeGreaterThan(0);
    expect(ops.filter((o) => o.kind === 'finalize' && o.status === 200).length, at('finalizations answered 200 in all rounds')).toBeGreaterThan(0);

    expect(killsMidSend, at('kills while an email was on the wire')).toBeGreaterThan(0);

    // The last restart sends what is left, promptly (not after a lease of minutes).
    sink.holdMs = 0;
    const rows = await drainedOutbox(20_000);
    expect(rows.length, at('invitations queued')).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status !== 'sent').map((r) => `#${r.id} ${r.status} attempts=${r.attempts} ${r.last_error ?? ''}`), at('outbox rows not sent after restart')).toEqual([]);
    const mailIds = new Set(rows.map((r) => r.message_id));
    for (const row of rows) {
      const deliveries = sink.deliveries.filter((d) => d.to.includes(row.to_addresses));
      expect(deliveries.length, at(`outbox #${row.id} delivered`)).toBeGreaterThan(0);
      expect([...new Set(deliveries.map((d) => d.messageId))], at(`outbox #${row.id}: Message-IDs delivered to ${row.to_addresses}`)).toEqual([row.message_id]);
    }
    expect(sink.deliveries.filter((d) => !mailIds.has(d.messageId)), at('deliveries of no outbox row')).toEqual([]);
    // The worker sends one message at a time: each kill can cause at most one same-ID duplicate.
    expect(sink.deliveries.length - mailIds.size, at('duplicate deliveries')).toBeLessThanOrEqual(kills);

    server.child.kill('SIGTERM');
    await new Promise((resolve) => server?.child.once('exit', resolve));
  }, 90_000);
});
