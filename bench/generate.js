// Builds the benchmark database: 10,000 clients and 1,000,000 invoices with lines, payments
// and their allocations, credit notes, estimates and events, in well under a minute.
//
// How: the real migrator creates the schema (so the tables are exactly the app's); then the
// secondary indexes are dropped, every row goes in through raw better-sqlite3 prepared
// statements in large transactions with journal_mode=OFF and synchronous=OFF (this file is a
// throw-away copy: nothing here is how the app writes), the indexes are rebuilt from the
// definitions read back from sqlite_master, and ANALYZE gives the planner its statistics.
//
// One client, "Bench Client", gets exactly `benchInvoices` invoices (issued across the last
// three years: paid, partially paid, overdue, void), payments, credit notes and estimates; it
// has a portal user with an active owner membership and a staff admin to look at it.
//
//   node bench/generate.js [--fresh] [--clients N] [--invoices N] [--out FILE]
//
// The result is cached under bench/.data/, keyed by GENERATOR_VERSION, the sizes and the
// compiled migrations, so a rerun reuses it; --fresh builds it anew.

import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** Bump when the generated data changes shape: cached databases of another version are rebuilt. */
export const GENERATOR_VERSION = 1;

/** Full size of the benchmark (issue 8). */
export const FULL_SIZE = { clients: 10_000, invoices: 1_000_000, benchInvoices: 1_000 };

/** The logins the benchmark signs in with (a throw-away local database). */
export const BENCH_LOGINS = {
  staff: { email: 'bench-admin@stoa.bench', name: 'Bench Admin', password: 'bench load test 2026' },
  portal: { email: 'bench-portal@stoa.bench', name: 'Petra Bench', password: 'bench load test 2026' },
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const CACHE_DIR = path.join(ROOT, 'bench', '.data');

/** Imports a compiled module of the app (npm run build makes dist/). */
async function fromDist(relative) {
  const file = path.join(DIST, relative);
  if (!existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run "npm run build" first`);
  return import(pathToFileURL(file).href);
}

/** A small deterministic generator (mulberry32), so every benchmark database holds the same data. */
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** YYYY-MM-DD of a UTC day number. */
function isoDay(dayNumber) {
  return new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
}

function dayNumberOf(iso) {
  return Math.round(Date.parse(iso + 'T00:00:00Z') / 86_400_000);
}

/**
 * Fingerprint of the schema the migrations build (tables, indexes, migration names), taken from
 * a scratch database: a new migration or a changed index invalidates the cache, an edit that
 * changes nothing in the schema does not.
 */
async function schemaFingerprint() {
  const { openDatabase, migrateToLatest } = await fromDist('src/db/index.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stoa-bench-schema-'));
  const opened = openDatabase(path.join(dir, 'schema.sqlite'));
  try {
    await migrateToLatest(opened.db);
    const h = createHash('sha256');
    for (const r of opened.sqlite.prepare("select type, name, sql from sqlite_master where name not like 'sqlite_%' order by type, name").all()) h.update(`${r.type}|${r.name}|${r.sql}\n`);
    for (const r of opened.sqlite.prepare('select name from kysely_migration order by name').all()) h.update(r.name + '\n');
    return h.digest('hex').slice(0, 12);
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where the cached database of a size lives, and its metadata. */
export async function cachePaths(size = FULL_SIZE) {
  const key = `v${GENERATOR_VERSION}-${size.clients}c-${size.invoices}i-${await schemaFingerprint()}`;
  return { key, file: path.join(CACHE_DIR, `${key}.sqlite`), meta: path.join(CACHE_DIR, `${key}.json`) };
}

/**
 * The cached benchmark database, generated first when missing (or when `fresh`).
 * Returns its metadata (file, ids, logins, counts) as generate() does.
 */
export async function ensureBenchDatabase({ fresh = false, size = FULL_SIZE, log = () => {} } = {}) {
  const paths = await cachePaths(size);
  if (!fresh && existsSync(paths.file) && existsSync(paths.meta)) {
    const meta = JSON.parse(readFileSync(paths.meta, 'utf8'));
    log(`using cached database ${path.relative(process.cwd(), paths.file)} (generated ${meta.generatedAt}, --fresh to rebuild)`);
    return { ...meta, file: paths.file, cached: true };
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  // Databases of the same size but another generator version or schema are stale.
  const sameSize = `-${size.clients}c-${size.invoices}i-`;
  for (const name of readdirSync(CACHE_DIR)) if (name.includes(sameSize) && !name.startsWith(paths.key)) rmSync(path.join(CACHE_DIR, name), { force: true });
  const tmp = paths.file + '.tmp';
  const meta = await generate({ file: tmp, ...size, log });
  renameSync(tmp, paths.file);
  const stored = { ...meta, file: undefined, key: paths.key };
  writeFileSync(paths.meta, JSON.stringify(stored, null, 2) + '\n');
  return { ...stored, file: paths.file, cached: false };
}

/**
 * Generates a benchmark database at `file` (replaced if it exists).
 * @param {{file: string, clients?: number, invoices?: number, benchInvoices?: number, today?: string, log?: (line: string) => void}} opts
 */
export async function generate(opts) {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const log = opts.log ?? (() => {});
  const clientCount = opts.clients ?? FULL_SIZE.clients;
  const invoiceCount = opts.invoices ?? FULL_SIZE.invoices;
  const benchTarget = opts.benchInvoices ?? Math.min(FULL_SIZE.benchInvoices, Math.floor(invoiceCount / 2));
  if (clientCount < 2) throw new Error('need at least 2 clients');
  if (benchTarget < 10 || benchTarget > invoiceCount / 2) throw new Error('benchInvoices must be between 10 and half the invoices');

  const [{ openDatabase, migrateToLatest }, { documentNumber }, { fold }, { hashPassword }, time] = await Promise.all([
    fromDist('src/db/index.js'),
    fromDist('src/documents/kinds.js'),
    fromDist('src/i18n/fold.js'),
    fromDist('src/auth/password.js'),
    fromDist('src/util/time.js'),
  ]);
  const today = opts.today ?? time.today();

  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(opts.file + suffix, { force: true });
  // 1. Schema through the real migrator, exactly as the server would create it.
  const opened = openDatabase(opts.file);
  await migrateToLatest(opened.db);
  await opened.close();

  const db = new BetterSqlite3(opts.file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -400000');
  db.pragma('foreign_keys = OFF');
  db.pragma('threads = 2'); // CREATE INDEX sorts with a helper thread on the second core

  // 2. Secondary indexes out (their definitions kept, so new migrations stay in step);
  // the implicit ones of UNIQUE and PRIMARY KEY constraints (sql is null) cannot be dropped and stay.
  const indexes = db.prepare("select name, sql from sqlite_master where type = 'index' and sql is not null").all();
  for (const ix of indexes) db.exec(`drop index "${ix.name}"`);
  log(`schema ready; ${indexes.length} secondary indexes dropped for the load`);

  const rand = prng(8_2026);
  const password = await hashPassword(BENCH_LOGINS.staff.password); // one argon2id hash, our parameters, for both logins
  const stamp = `${today}T08:00:00.000Z`;

  // 3. Firm, staff, portal defaults.
  db.prepare('insert into settings (key, value) values (?, ?)').run(
    'firm',
    JSON.stringify({ firm_name: 'Bench & Partners', default_currency: 'EUR', default_language: 'en', payment_terms_days: 30, estimate_validity_days: 30, default_tax_rate: '24' }),
  );
  const staffId = Number(
    db.prepare("insert into staff_users (email, name, password_hash, role, email_verified_at, created_at, updated_at) values (?, ?, ?, 'admin', ?, ?, ?)")
      .run(BENCH_LOGINS.staff.email, BENCH_LOGINS.staff.name, password, stamp, stamp, stamp).lastInsertRowid,
  );
  const insertDefault = db.prepare('insert into portal_defaults (key, value) values (?, 1)');
  for (const key of ['invoices', 'payments', 'estimates', 'credit_notes', 'statement', 'balances']) insertDefault.run(key);

  // 4. Clients (the bench client first) with one contact each; a few projects for the bench client.
  const insertClient = db.prepare(
    "insert into clients (id, name, search_text, email, phone, vat_number, address_line1, city, postcode, country, currency, language, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'GR', 'EUR', ?, ?, ?)",
  );
  const insertContact = db.prepare('insert into contacts (id, client_id, name, email, created_at, updated_at) values (?, ?, ?, ?, ?, ?)');
  const snapshots = new Array(clientCount + 1);
  const BENCH = 1;
  const cities = ['Αθήνα', 'Θεσσαλονίκη', 'Πάτρα', 'Ηράκλειο', 'Λάρισα', 'Βόλος', 'Ιωάννινα', 'Χανιά'];
  const created = `${isoDay(dayNumberOf(today) - 3 * 365 - 30)}T09:00:00.000Z`;
  db.transaction(() => {
    for (let id = 1; id <= clientCount; id++) {
      const name = id === BENCH ? 'Bench Client' : `${rand() < 0.5 ? 'Εταιρεία' : 'Company'} ${String(id).padStart(5, '0')} ${rand() < 0.5 ? 'Α.Ε.' : 'Ltd'}`;
      const email = `accounts${id}@client${id}.bench`;
      const vat = String(100_000_000 + id);
      const city = cities[id % cities.length];
      const address = `Οδός ${id % 300} ${1 + (id % 90)}`;
      const postcode = String(10_000 + (id % 80_000));
      insertClient.run(id, name, fold(`${name} ${email} ${vat}`), email, '+30 210 000 0000', vat, address, city, postcode, id % 3 === 0 ? 'el' : 'en', created, created);
      insertContact.run(id, id, id === BENCH ? BENCH_LOGINS.portal.name : `Contact ${id}`, id === BENCH ? BENCH_LOGINS.portal.email : `person${id}@client${id}.bench`, created, created);
      snapshots[id] = JSON.stringify({ name, email, vat_number: vat, address_line1: address, address_line2: null, city, postcode, country: 'GR' });
    }
  })();
  const projectIds = [];
  const insertProject = db.prepare("insert into projects (client_id, name, portal_visible, portal_time, created_at, updated_at) values (?, ?, 1, 'billable', ?, ?)");
  for (const name of ['Bookkeeping', 'Payroll', 'Annual accounts']) projectIds.push(Number(insertProject.run(BENCH, name, created, created).lastInsertRowid));

  const portalUserId = Number(
    db.prepare("insert into portal_users (email, name, password_hash, language, created_at, updated_at) values (?, ?, ?, 'en', ?, ?)")
      .run(BENCH_LOGINS.portal.email, BENCH_LOGINS.portal.name, password, stamp, stamp).lastInsertRowid,
  );
  db.prepare(
    "insert into portal_memberships (portal_user_id, client_id, contact_id, role, can_view_finances, can_pay, can_approve, can_raise_tickets, can_message, can_edit_company, status, created_at, updated_at) values (?, ?, ?, 'owner', 1, 1, 1, 1, 1, 1, 'active', ?, ?)",
  ).run(portalUserId, BENCH, BENCH, stamp, stamp);

  // 5. Documents, lines, payments, allocations, credit, events — in date order, so ids and
  // numbers grow with the issue date as a real firm's would.
  const insertDoc = db.prepare(
    `insert into documents (id, kind, client_id, project_id, number, series_year, seq, status, issue_date, due_date, valid_until, related_invoice_id, converted_invoice_id,
       currency, subtotal, tax, total, client_snapshot, finalized_at, voided_at, void_reason, responded_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'EUR', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLine = db.prepare('insert into document_lines (document_id, position, description, quantity, unit_price, tax_rate, net, tax) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertPayment = db.prepare("insert into payments (id, client_id, amount, currency, date, method, reference, source, created_at) values (?, ?, ?, 'EUR', ?, ?, ?, 'staff', ?)");
  const insertAllocation = db.prepare('insert into payment_allocations (payment_id, invoice_id, amount, created_at) values (?, ?, ?, ?)');
  const insertCredit = db.prepare('insert into credit_applications (credit_note_id, invoice_id, amount, date, created_at) values (?, ?, ?, ?, ?)');
  const insertEvent = db.prepare(
    "insert into events (at, actor_type, actor_id, actor_name, client_id, subject_type, subject_id, action, detail) values (?, 'staff', ?, ?, ?, ?, ?, ?, ?)",
  );
  const actorName = BENCH_LOGINS.staff.name;
  const services = ['Monthly bookkeeping', 'Payroll processing', 'VAT return', 'Advisory (hours)', 'Annual financial statements', 'Τήρηση βιβλίων', 'Μισθοδοσία', 'Δήλωση ΦΠΑ'];
  const methods = ['bank_transfer', 'bank_transfer', 'bank_transfer', 'card', 'cash', 'cheque'];

  const todayNo = dayNumberOf(today);
  const firstDay = todayNo - 3 * 365;
  const span = todayNo - firstDay + 1;
  const dates = Array.from({ length: span + 120 }, (_, i) => isoDay(firstDay + i));
  const dateOf = (dayNo) => dates[Math.min(dayNo, todayNo + 119) - firstDay];
  const seqs = { invoice: new Map(), estimate: new Map(), credit_note: new Map() };
  const nextNumber = (kind, year) => {
    const seq = (seqs[kind].get(year) ?? 0) + 1;
    seqs[kind].set(year, seq);
    return { seq, number: documentNumber(kind, year, seq) };
  };

  let docId = 0;
  let paymentId = 0;
  const counts = { invoices: 0, estimates: 0, credit_notes: 0, lines: 0, payments: 0, allocations: 0, credit_applications: 0, events: 0 };
  const bench = { invoices: 0, paid: 0, partially_paid: 0, overdue: 0, open: 0, void: 0, draft: 0, estimates: 0, credit_notes: 0 };
  const samples = { paid: 0, overdue: 0, partially_paid: 0 };

  // Lines of a document; returns its totals.
  const writeLines = (id, n) => {
    let subtotal = 0;
    let tax = 0;
    for (let pos = 1; pos <= n; pos++) {
      const quantity = 1 + Math.floor(rand() * 4);
      const unit = (20 + Math.floor(rand() * 480)) * 100;
      const rate = rand() < 0.9 ? 24 : 0;
      const net = quantity * unit;
      const lineTax = Math.round((net * rate) / 100);
      insertLine.run(id, pos, services[Math.floor(rand() * services.length)], String(quantity), unit, String(rate), net, lineTax);
      subtotal += net;
      tax += lineTax;
    }
    counts.lines += n;
    return { subtotal, tax, total: subtotal + tax };
  };
  const event = (at, clientId, subject, subjectId, action, detail) => {
    insertEvent.run(at, staffId, actorName, clientId, subject, subjectId, action, detail);
    counts.events++;
  };
  const pay = (clientId, invoiceId, number, amount, dayNo) => {
    const date = dateOf(Math.min(dayNo, todayNo));
    const at = `${date}T10:00:00.000Z`;
    const method = methods[Math.floor(rand() * methods.length)];
    const reference = method === 'cash' ? null : number;
    paymentId++;
    insertPayment.run(paymentId, clientId, amount, date, method, reference, at);
    insertAllocation.run(paymentId, invoiceId, amount, at);
    event(at, clientId, 'payment', paymentId, 'recorded', `{"label":${JSON.stringify(reference ?? '#' + paymentId)},"amount":${amount},"currency":"EUR","unallocated":0}`);
    counts.payments++;
    counts.allocations++;
  };
  // A document that is not an invoice: an estimate or a credit note of the same day.
  const sideDocument = (kind, clientId, dayNo, status, extra) => {
    const id = ++docId;
    const date = dateOf(dayNo);
    const at = `${date}T09:00:00.000Z`;
    const year = Number(date.slice(0, 4));
    const numbered = status !== 'draft' ? nextNumber(kind, year) : null;
    const validUntil = kind === 'estimate' ? dateOf(dayNo + 30) : null;
    // The lines come first (their ids need not follow the document's), then the document with its totals.
    const totals = writeLines(id, 1 + Math.floor(rand() * 2));
    insertDoc.run(
      id, kind, clientId, null, numbered?.number ?? null, numbered ? year : null, numbered?.seq ?? null, status, date, null, validUntil,
      extra.relatedInvoiceId ?? null, extra.convertedInvoiceId ?? null, totals.subtotal, totals.tax, totals.total,
      numbered ? snapshots[clientId] : null, numbered ? at : null, status === 'void' ? at : null, status === 'void' ? 'Issued in error' : null,
      ['accepted', 'rejected', 'converted'].includes(status) ? `${dateOf(dayNo + 5)}T12:00:00.000Z` : null, at, at,
    );
    if (numbered) event(at, clientId, kind, id, kind === 'estimate' ? 'sent' : 'finalized', `{"label":"${numbered.number}"}`);
    if (kind === 'estimate') counts.estimates++;
    else counts.credit_notes++;
    return { id, number: numbered?.number ?? null, total: totals.total };
  };

  const stride = Math.floor(invoiceCount / benchTarget);
  const benchOffset = Math.floor(stride / 2);
  const loadStart = performance.now();
  const CHUNK = 50_000;
  const chunk = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const dayNo = firstDay + Math.floor((i * span) / invoiceCount);
      const isBench = i % stride === benchOffset && bench.invoices < benchTarget;
      const clientId = isBench ? BENCH : 2 + Math.floor(rand() * (clientCount - 1));
      const age = todayNo - dayNo;
      const date = dateOf(dayNo);
      const at = `${date}T09:00:00.000Z`;
      const year = Number(date.slice(0, 4));
      const r = rand();
      // Lifecycle: a few drafts among the last fortnight's, 2 % void; the rest issued.
      const status = age < 14 && r < 0.05 ? 'draft' : r > 0.98 ? 'void' : 'issued';
      const numbered = status === 'draft' ? null : nextNumber('invoice', year);
      const id = ++docId;
      const totals = writeLines(id, 1 + Math.floor(rand() * 3));
      const projectId = isBench && rand() < 0.5 ? projectIds[Math.floor(rand() * projectIds.length)] : null;
      insertDoc.run(
        id, 'invoice', clientId, projectId, numbered?.number ?? null, numbered ? year : null, numbered?.seq ?? null, status, date, dateOf(dayNo + 30), null, null, null,
        totals.subtotal, totals.tax, totals.total, numbered ? snapshots[clientId] : null, numbered ? at : null,
        status === 'void' ? at : null, status === 'void' ? 'Issued in error' : null, null, at, at,
      );
      counts.invoices++;
      if (numbered) event(at, clientId, 'invoice', id, 'finalized', `{"label":"${numbered.number}"}`);

      // Settlement: old invoices are mostly paid, recent ones mostly open.
      let outcome = status;
      if (status === 'issued') {
        const s = rand();
        const paidShare = age > 90 ? 0.9 : age > 30 ? 0.6 : 0.3;
        if (s < paidShare) {
          // (The app also records an invoice 'paid' event here; left out to keep the load under a minute.)
          pay(clientId, id, numbered.number, totals.total, dayNo + 5 + Math.floor(rand() * 40));
          outcome = 'paid';
        } else if (s < paidShare + 0.05) {
          pay(clientId, id, numbered.number, Math.floor(totals.total / 2), dayNo + 10);
          outcome = 'partially_paid';
        } else {
          outcome = dayNo + 30 < todayNo ? 'overdue' : 'open';
        }
        // Some open invoices get a credit note applied to them (it never exceeds what is owed).
        if (outcome !== 'paid' && rand() < (isBench ? 0.15 : 0.02)) {
          const cn = sideDocument('credit_note', clientId, dayNo, 'issued', { relatedInvoiceId: id });
          const amount = Math.min(cn.total, Math.floor(totals.total / 3));
          if (amount > 0) {
            insertCredit.run(cn.id, id, amount, date, at);
            counts.credit_applications++;
            event(at, clientId, 'credit_note', cn.id, 'applied', `{"label":"${cn.number}","invoice_id":${id},"invoice":"${numbered.number}","amount":${amount}}`);
          }
          if (isBench) bench.credit_notes++;
        }
      }
      // Estimates: about one per 30 invoices for everybody, more for the bench client.
      if (rand() < (isBench ? 0.12 : 0.03)) {
        const e = rand();
        const estimateStatus = age < 20 ? (e < 0.2 ? 'draft' : 'sent') : e < 0.3 ? 'accepted' : e < 0.55 ? 'rejected' : e < 0.75 ? 'sent' : status === 'issued' ? 'converted' : 'accepted';
        sideDocument('estimate', clientId, dayNo, estimateStatus, { convertedInvoiceId: estimateStatus === 'converted' ? id : null });
        if (isBench) bench.estimates++;
      }
      if (isBench) {
        bench.invoices++;
        bench[outcome]++;
        if (outcome in samples) samples[outcome] = id;
      }
    }
  });
  for (let from = 0; from < invoiceCount; from += CHUNK) chunk(from, Math.min(invoiceCount, from + CHUNK));

  // The bench client's unapplied credit: a void credit note and one left to apply; a payment on account.
  db.transaction(() => {
    sideDocument('credit_note', BENCH, todayNo - 40, 'void', {});
    sideDocument('credit_note', BENCH, todayNo - 20, 'issued', {});
    bench.credit_notes += 2;
    paymentId++;
    const date = dateOf(todayNo - 3);
    insertPayment.run(paymentId, BENCH, 50_000, date, 'bank_transfer', 'Retainer', `${date}T10:00:00.000Z`);
    event(`${date}T10:00:00.000Z`, BENCH, 'payment', paymentId, 'recorded', '{"label":"Retainer","amount":50000,"currency":"EUR","unallocated":50000}');
    counts.payments++;
  })();
  const loadSeconds = (performance.now() - loadStart) / 1000;
  log(`rows loaded in ${loadSeconds.toFixed(1)} s: ${counts.invoices} invoices, ${counts.lines} lines, ${counts.payments} payments, ${counts.events} events`);

  // 6. Indexes back, statistics, and the file left ready for WAL like the app's.
  const indexStart = performance.now();
  for (const ix of indexes) db.exec(ix.sql);
  const indexSeconds = (performance.now() - indexStart) / 1000;
  const analyzeStart = performance.now();
  db.pragma('analysis_limit = 1000');
  db.exec('ANALYZE');
  const analyzeSeconds = (performance.now() - analyzeStart) / 1000;
  db.pragma('locking_mode = NORMAL');
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = WAL');
  db.close();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  log(`${indexes.length} indexes rebuilt in ${indexSeconds.toFixed(1)} s, ANALYZE ${analyzeSeconds.toFixed(1)} s; total ${seconds.toFixed(1)} s (CPU ${cpuSeconds.toFixed(1)} s; load average ${os.loadavg()[0].toFixed(1)})`);

  return {
    version: GENERATOR_VERSION,
    file: opts.file,
    generatedAt: new Date().toISOString(),
    today,
    seconds: Math.round(seconds * 10) / 10,
    cpuSeconds: round1(cpuSeconds),
    phases: { load: round1(loadSeconds), indexes: round1(indexSeconds), analyze: round1(analyzeSeconds) },
    size: { clients: clientCount, invoices: invoiceCount, benchInvoices: benchTarget },
    counts,
    bench: { clientId: BENCH, ...bench, sampleInvoiceIds: samples, projectIds },
    logins: BENCH_LOGINS,
    staffUserId: staffId,
    portalUserId,
  };
}

function round1(n) {
  return Math.round(n * 10) / 10;
}

async function main() {
  const { values } = parseArgs({
    options: { fresh: { type: 'boolean' }, clients: { type: 'string' }, invoices: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const size = {
    clients: values.clients ? Number(values.clients) : FULL_SIZE.clients,
    invoices: values.invoices ? Number(values.invoices) : FULL_SIZE.invoices,
  };
  size.benchInvoices = Math.min(FULL_SIZE.benchInvoices, Math.floor(size.invoices / 2));
  const log = (line) => process.stdout.write(line + '\n');
  const meta = values.out
    ? await generate({ file: path.resolve(values.out), ...size, log })
    : await ensureBenchDatabase({ fresh: values.fresh ?? false, size, log });
  process.stdout.write(JSON.stringify({ file: meta.file, seconds: meta.seconds, counts: meta.counts, bench: meta.bench }, null, 2) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
