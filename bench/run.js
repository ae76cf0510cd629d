// `npm run bench`: the real server under load (issue 8, points 1 and 4).
//
// 1. Builds (or reuses) the benchmark database: 10,000 clients, 1,000,000 invoices (generate.js).
// 2. Starts `node dist/src/server.js` on a copy of it, pinned to core 0 (`taskset -c 0`), and
//    drives the load from this process pinned to core 1, over loopback, with autocannon:
//    10 connections, a warm-up, then 3 runs per route; the median of each figure is reported.
// 3. Signs in as the bench client's portal user and as staff, checks every route answers 200
//    (a page that does not exist yet is reported as missing, not measured), measures it, and
//    samples the server's peak RSS (VmHWM) while it runs.
// 4. While load runs, `stoa backup` copies the database; the copy must open, pass
//    `PRAGMA integrity_check` and hold a payment recorded through the API just before.
// 5. Prints the table and writes bench/results.json (or --out PATH).
//
//   node bench/run.js [--quick] [--out PATH] [--fresh] [--routes a,b] [--profile] [--no-backup] [--server-flags '…']

import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_LOGINS, ensureBenchDatabase } from './generate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line = '') => process.stdout.write(line + '\n');

/** The targets of issue 8. */
export const TARGETS = {
  dashboard: { ratio: 0.05, p99: 20 },
  invoice_list: { ratio: 0.03, p99: 20 },
  statement_year: { p99: 50 },
  rssMb: 200,
};

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    out: { type: 'string' },
    fresh: { type: 'boolean' },
    routes: { type: 'string' },
    profile: { type: 'boolean' },
    'no-backup': { type: 'boolean' },
    connections: { type: 'string' },
    'server-flags': { type: 'string' },
  },
  strict: true,
});
const CONNECTIONS = args.connections ? Number(args.connections) : 10;
const WARMUP_S = args.quick ? 1 : 3;
const RUN_S = args.quick ? 2 : 5;
const RUNS = 3;

function hasTaskset() {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return os.availableParallelism() >= 2;
  } catch {
    return false;
  }
}

/** The node options of package.json's start script ("node --flag … dist/src/server.js"). */
function startScriptFlags() {
  const start = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts?.start ?? '';
  return /^node\s+(.*?)\s*dist\/src\/server\.js/.exec(start)?.[1] ?? '';
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Peak and current RSS of a process, in MB, from /proc (null where /proc is absent). */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (null where absent). */
function cpuMsOf(pid) {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function cannon(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, pipelining: 1, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
    if (opts.onInstance) opts.onInstance(instance);
  });
}

async function main() {
  const cpus = os.availableParallelism();
  const pinned = hasTaskset();
  say(`Stoa benchmark — ${cpus} CPUs (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (!pinned) say('taskset not available (or a single CPU): server and load generator share the CPUs; figures are not comparable');

  // 1. The database (generated on every core; only then is this process pinned to core 1).
  const meta = await ensureBenchDatabase({ fresh: args.fresh ?? false, log: (l) => say('  ' + l) });
  say(`database: ${meta.size.clients} clients, ${meta.counts.invoices} invoices, ${meta.counts.lines} lines, ${meta.counts.payments} payments, ${meta.counts.events} events` +
    (meta.cached ? ' (cached)' : ` (generated in ${meta.seconds} s)`));
  if (pinned) execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });

  // 2. A copy for this run (the server writes sessions and events into it).
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'stoa-bench-'));
  const dbFile = path.join(dataDir, 'stoa.sqlite');
  copyFileSync(meta.file, dbFile, constants.COPYFILE_FICLONE);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: origin,
    LOG_REQUESTS: 'false',
    SMTP_URL: '',
  };
  const profDir = path.join(ROOT, 'bench', '.prof');
  if (args.profile) mkdirSync(profDir, { recursive: true });
  // The server runs with the V8 options of `npm start` (package.json), so the bench measures
  // what a firm runs; --server-flags='--max-semi-space-size=4' tries others instead.
  const serverFlags = (args['server-flags'] ?? startScriptFlags()).split(/\s+/).filter(Boolean);
  const nodeArgs = [...serverFlags, ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), path.join(ROOT, 'dist', 'src', 'server.js')];
  const server = pinned
    ? spawn('taskset', ['-c', '0', process.execPath, ...nodeArgs], { env, cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, nodeArgs, { env, cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout.on('data', (d) => (serverLog = (serverLog + d).slice(-20_000)));
  server.stderr.on('data', (d) => (serverLog = (serverLog + d).slice(-20_000)));
  let exited = false;
  server.on('exit', () => (exited = true));
  const cleanup = async () => {
    if (!exited) {
      server.kill('SIGTERM');
      for (let i = 0; i < 100 && !exited; i++) await sleep(100);
      if (!exited) server.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('SIGINT', async () => {
    await cleanup();
    process.exit(130);
  });

  let sampler = null;
  try {
    await waitForHealth(origin, () => exited, () => serverLog);
    say(`server: pid ${server.pid}${pinned ? ' on core 0, load from core 1' : ''}, node ${serverFlags.join(' ') || '(no options)'}, ${origin}, data in ${dataDir}`);

    // 3. Sign in as the portal user and as staff.
    const portalCookie = await signIn(origin, '/portal/login', BENCH_LOGINS.portal, 'stoa_portal');
    const staffCookie = await signIn(origin, '/login', BENCH_LOGINS.staff, 'stoa_staff');
    const year = meta.today.slice(0, 4);
    const invoiceId = meta.bench.sampleInvoiceIds.overdue || meta.bench.sampleInvoiceIds.paid;
    const routes = [
      { name: 'ceiling', path: '/healthz', cookie: null },
      { name: 'dashboard', path: '/portal', cookie: portalCookie },
      { name: 'invoice_list', path: '/portal/invoices', cookie: portalCookie },
      { name: 'invoice_list_filtered', path: '/portal/invoices?period=last_year&status=overdue', cookie: portalCookie },
      { name: 'invoice', path: `/portal/invoices/${invoiceId}`, cookie: portalCookie },
      { name: 'statement_year', path: `/portal/statement?from=${year}-01-01&to=${year}-12-31`, cookie: portalCookie },
      { name: 'invoice_pdf', path: `/portal/invoices/${invoiceId}/pdf`, cookie: portalCookie },
      { name: 'staff_client', path: `/clients/${meta.bench.clientId}`, cookie: staffCookie },
    ];
    const only = args.routes ? new Set(['ceiling', ...args.routes.split(',')]) : null;

    let peak = memoryOf(server.pid);
    sampler = setInterval(() => {
      const m = memoryOf(server.pid);
      if (m && peak && m.hwm >= peak.hwm) peak = m;
    }, 250);

    // 4. Each route: must answer 200 first; then warm-up and 3 runs.
    const measured = [];
    for (const route of routes) {
      if (only && !only.has(route.name)) continue;
      const headers = route.cookie ? { cookie: route.cookie } : {};
      const res = await fetch(origin + route.path, { headers, redirect: 'manual' });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status === 404) {
        say(`${route.name.padEnd(22)} MISSING: GET ${route.path} answers 404 (the page does not exist yet); not measured`);
        continue;
      }
      if (res.status !== 200) {
        say(`${route.name.padEnd(22)} SKIPPED: GET ${route.path} answers ${res.status}, not 200; not measured`);
        continue;
      }
      const url = origin + route.path;
      await cannon({ url, headers, duration: WARMUP_S });
      const runs = [];
      const cpuBefore = cpuMsOf(server.pid);
      for (let i = 0; i < RUNS; i++) {
        const r = await cannon({ url, headers, duration: RUN_S });
        if (r.errors || r.timeouts || r.non2xx) throw new Error(`${route.name}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx answers under load`);
        runs.push(r);
      }
      const row = {
        name: route.name,
        rps: Math.round(median(runs.map((r) => r.requests.average))),
        p50_ms: median(runs.map((r) => r.latency.p50)),
        p99_ms: median(runs.map((r) => r.latency.p99)),
        bytes: body.length,
      };
      // Server CPU per request: what the route costs, whatever else the machine is doing.
      const cpuAfter = cpuMsOf(server.pid);
      const served = runs.reduce((n, r) => n + r.requests.total, 0);
      row.cpuMs = cpuBefore !== null && cpuAfter !== null && served > 0 ? (cpuAfter - cpuBefore) / served : null;
      measured.push(row);
      const now = memoryOf(server.pid);
      say(`${route.name.padEnd(22)} ${String(row.rps).padStart(6)} req/s  p50 ${row.p50_ms} ms  p99 ${row.p99_ms} ms  server CPU ${row.cpuMs === null ? '?' : row.cpuMs.toFixed(2)} ms/req  (${(body.length / 1024).toFixed(1)} KB; server RSS ${now ? now.rss.toFixed(0) : '?'} MB, peak so far ${now ? now.hwm.toFixed(0) : '?'} MB)`);
    }

    // 5. Backup under load.
    let backup = null;
    if (!args['no-backup']) backup = await backupUnderLoad({ origin, dataDir, env, pinned, portalCookie, clientId: meta.bench.clientId, staffEmail: BENCH_LOGINS.staff.email });

    clearInterval(sampler);
    const last = memoryOf(server.pid);
    if (last && peak && last.hwm > peak.hwm) peak = last;
    const ceiling = measured.find((r) => r.name === 'ceiling')?.rps ?? null;
    const routesOut = measured.map((r) => ({ name: r.name, rps: r.rps, p50_ms: r.p50_ms, p99_ms: r.p99_ms, ratio: ceiling ? Math.round((r.rps / ceiling) * 10_000) / 10_000 : null }));
    const results = { node: process.version, cpus, rss_mb: peak ? Math.round(peak.hwm) : null, routes: routesOut };

    // 6. Report.
    say('');
    const ceilingCpu = measured.find((r) => r.name === 'ceiling')?.cpuMs ?? null;
    say('| route | req/s | p50 ms | p99 ms | ratio to ceiling | server CPU ms/req | CPU ratio |');
    say('|---|---:|---:|---:|---:|---:|---:|');
    for (const [i, r] of routesOut.entries()) {
      const cpu = measured[i].cpuMs;
      const cpuRatio = cpu && ceilingCpu ? ((ceilingCpu / cpu) * 100).toFixed(1) + ' %' : '–';
      say(`| ${r.name} | ${r.rps} | ${r.p50_ms} | ${r.p99_ms} | ${r.ratio === null ? '–' : (r.ratio * 100).toFixed(1) + ' %'} | ${cpu === null ? '–' : cpu.toFixed(2)} | ${cpuRatio} |`);
    }
    say('(CPU ratio = the ceiling\'s server CPU per request / the route\'s: the ratio an otherwise idle core would give.)');
    say('');
    if (peak) say(`server peak RSS ${peak.hwm.toFixed(0)} MB (at the peak sample: anonymous ${peak.anon.toFixed(0)} MB, file-backed incl. mmap ${peak.file.toFixed(0)} MB)`);
    for (const line of targetLines(routesOut, results.rss_mb)) say(line);
    if (backup) say(backup.line);
    const out = path.resolve(args.out ?? path.join(ROOT, 'bench', 'results.json'));
    writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
    say(`results written to ${path.relative(process.cwd(), out) || out}`);
    if (backup && !backup.ok) process.exitCode = 1;
  } catch (err) {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n--- server output (last lines) ---\n${serverLog.slice(-4000)}\n`);
    process.exitCode = 1;
  } finally {
    if (sampler) clearInterval(sampler);
    await cleanup();
  }
}

async function waitForHealth(origin, hasExited, output) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`the server exited at start:\n${output()}`);
    try {
      const res = await fetch(origin + '/healthz');
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('the server did not answer /healthz within 2 minutes');
}

/** Signs in through the real form (Origin = PUBLIC_URL) and returns the session cookie. */
async function signIn(origin, loginPath, login, cookieName) {
  const res = await fetch(origin + loginPath, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ email: login.email, password: login.password }).toString(),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith(cookieName + '='));
  if (res.status !== 303 || !cookie) throw new Error(`sign-in at ${loginPath} failed: ${res.status}`);
  return cookie;
}

function targetLines(routes, rssMb) {
  const by = new Map(routes.map((r) => [r.name, r]));
  const lines = [];
  const check = (ok, text) => lines.push(`${ok ? 'MET   ' : 'MISSED'} ${text}`);
  for (const name of ['dashboard', 'invoice_list']) {
    const r = by.get(name);
    const t = TARGETS[name];
    if (!r) {
      lines.push(`n/a    ${name}: not measured`);
      continue;
    }
    check(r.ratio !== null && r.ratio >= t.ratio, `${name} ≥ ${t.ratio * 100} % of the ceiling: ${r.ratio === null ? '–' : (r.ratio * 100).toFixed(1) + ' %'}`);
    check(r.p99_ms <= t.p99, `${name} p99 ≤ ${t.p99} ms: ${r.p99_ms} ms`);
  }
  const st = by.get('statement_year');
  if (st) check(st.p99_ms <= TARGETS.statement_year.p99, `statement_year p99 ≤ ${TARGETS.statement_year.p99} ms: ${st.p99_ms} ms`);
  else lines.push('n/a    statement_year: not measured');
  if (rssMb !== null) check(rssMb <= TARGETS.rssMb, `server peak RSS ≤ ${TARGETS.rssMb} MB: ${rssMb} MB`);
  return lines;
}

/**
 * Issue 8 point 4: records a payment through the API, then runs `stoa backup` while portal
 * pages are under load; the copy must pass integrity_check and hold that payment.
 */
async function backupUnderLoad({ origin, dataDir, env, pinned, portalCookie, clientId, staffEmail }) {
  const cli = path.join(ROOT, 'bin', 'stoa.js');
  const run = (cliArgs) =>
    new Promise((resolve) => {
      const cmd = pinned ? 'taskset' : process.execPath;
      const argv = pinned ? ['-c', '1', process.execPath, cli, ...cliArgs] : [cli, ...cliArgs];
      const child = spawn(cmd, argv, { env, cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('exit', (code) => resolve({ code, out }));
    });
  const fail = (why) => ({ ok: false, line: `BACKUP FAILED: ${why}` });

  const token = await run(['create-token', '--email', staffEmail, '--name', 'bench']);
  if (token.code !== 0) return fail(`create-token exited ${token.code}: ${token.out.trim()}`);
  const bearer = token.out.trim().split('\n').pop().trim();

  let load = null;
  const loadDone = cannon({
    url: origin,
    headers: { cookie: portalCookie },
    requests: [{ path: '/portal' }, { path: '/portal/invoices' }],
    duration: 120,
    onInstance: (i) => (load = i),
  });
  await sleep(1000);
  // The payment is committed (the API answered) before the backup starts.
  const reference = `BENCH-BACKUP-${Date.now()}`;
  const paid = await fetch(`${origin}/api/v1/payments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: String(clientId), amount: 12_345, date: new Date().toISOString().slice(0, 10), method: 'bank_transfer', reference, allocations: [] }),
  });
  const payment = await paid.json().catch(() => null);
  if (paid.status !== 201 && paid.status !== 200) {
    load?.stop();
    await loadDone.catch(() => null);
    return fail(`POST /api/v1/payments answered ${paid.status}: ${JSON.stringify(payment)}`);
  }
  const target = path.join(dataDir, 'backup.sqlite');
  const t0 = performance.now();
  const result = await run(['backup', target]);
  const seconds = (performance.now() - t0) / 1000;
  load?.stop();
  const loadResult = await loadDone.catch(() => null);
  if (result.code !== 0) return fail(`stoa backup exited ${result.code}: ${result.out.trim()}`);
  if (!existsSync(target)) return fail('no backup file written');
  const copy = new BetterSqlite3(target, { readonly: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    const found = copy.prepare('select id, amount from payments where reference = ?').get(reference);
    const sizeMb = statSync(target).size / 1048576;
    const during = loadResult ? `, ${Math.round(loadResult.requests.average)} req/s of portal pages meanwhile` : '';
    if (integrity !== 'ok') return fail(`integrity_check says ${integrity}`);
    if (!found || String(found.id) !== String(payment?.id)) return fail(`payment ${payment?.id} (${reference}) recorded before the backup is not in the copy`);
    return { ok: true, line: `backup under load OK: ${sizeMb.toFixed(0)} MB in ${seconds.toFixed(1)} s${during}; integrity_check ok; payment ${found.id} recorded just before is in the copy` };
  } finally {
    copy.close();
  }
}

await main();
