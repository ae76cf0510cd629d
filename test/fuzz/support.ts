// Bad-input fuzzing (issue 8 point 5): the harness shared by the fuzz files. Routes come from the
// app's own route table, so a new route is fuzzed without anyone listing it; a form's fields come
// from the forms the app itself renders (every GET page is fetched once and its <form>s read), an
// API body starts from what the API shows for the same resource. Each request is then broken in
// one of many ways — random, oversized, wrong-typed, malformed, boundary values — and the answer
// must be a 4xx with a message (or a 2xx/3xx when the input happened to be valid), never a 500,
// with nothing logged as an error and, for a 4xx, not a single row changed.
//
// Seedable: FUZZ_SEED=<n> repeats a run (each route derives its own seed from it), FUZZ_RUNS=<n>
// sets the inputs per route (default 6), FUZZ_STATS=1 prints every request's status (to see how
// deep the inputs reach: a route answering only 404 is not being tested much).

import path from 'node:path';
import fc from 'fast-check';
import { expect, vi } from 'vitest';
import { validatePortalSession } from '../../src/auth/portal-session.js';
import { createStaffSession, validateStaffSession } from '../../src/auth/session.js';
import { log } from '../../src/util/log.js';
import { staffCookieName } from '../../src/web/middleware.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { buildWorld, type World } from '../security/support.js';

export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
export const FUZZ_RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 6;

/** One route as registered (method and path pattern). */
export interface Route { method: string; path: string }

/** Everything a fuzz file needs: the app, a small firm, signed-in people and what the pages showed. */
export interface Fuzz {
  t: TestApp;
  w: World;
  member: PortalMember;
  staffCookie: string;
  portalCookie: string;
  token: string;
  invitationId: number;
  /** POST forms the app renders: action path → its fields with their rendered values. */
  forms: Map<string, Array<[string, string]>>;
  /** Every field name seen in any form. */
  fieldNames: string[];
  /** Messages logged with log.error since the last request. */
  errors: string[];
  close(): Promise<void>;
}

// --- routes -------------------------------------------------------------------------------------

/** The app's routes of `method`, deduplicated, without middleware-only and static entries. */
export function routesOf(t: TestApp, method: string): Route[] {
  const seen = new Set<string>();
  const out: Route[] = [];
  for (const r of t.app.routes) {
    if (r.method !== method || r.path.endsWith('*') || r.path.startsWith('/static')) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method, path: r.path });
  }
  return out;
}

/** Routes behind a portal session (and the portal's public pages). */
export const isPortalPath = (path: string) => path === '/portal' || path.startsWith('/portal/');
export const isApiPath = (path: string) => path.startsWith('/api/');

// One pattern parameter: name and optional regex ("{accept|reject}").
const PARAM = /:(\w+)(\{([^}]*)\})?/g;

/** Real ids of the firm, by the resource a URL segment names. */
function idFor(f: Pick<Fuzz, 't' | 'w' | 'member' | 'invitationId'>, resource: string, param: string, draft: boolean): string {
  const w = f.w;
  if (param === 'clientId') return String(w.clientId);
  if (param === 'contactId') return String(w.contactId);
  if (param === 'mid') return String(f.member.membershipId);
  if (param === 'token') return 'a'.repeat(40);
  const ids: Record<string, number> = {
    clients: w.clientId,
    contacts: w.contactId,
    projects: w.projectId,
    invoices: draft ? w.draftInvoiceId : w.invoiceId,
    estimates: w.estimateId,
    'credit-notes': w.creditNoteId,
    payments: w.paymentId,
    'portal-invitations': f.invitationId,
  };
  const known = ids[resource];
  if (known !== undefined) return String(known);
  // Another feature's records: the first row of the table the segment names, if it has one.
  const table = resource.replace(/-/g, '_');
  const sqlite = f.t.database.sqlite;
  const exists = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(table);
  const row = exists ? (sqlite.prepare(`select min(id) as id from "${table}"`).get() as { id: number | null } | undefined) : undefined;
  return String(row?.id ?? 1);
}

/** A URL of a real record for a route pattern: each :param becomes the id of what the segment before it names. */
export function concretePath(f: Pick<Fuzz, 't' | 'w' | 'member' | 'invitationId'>, pattern: string, draft = false): string {
  const segments = pattern.split('/');
  return segments
    .map((seg, i) => {
      if (!seg.startsWith(':')) return seg;
      const m = /^:(\w+)(?:\{([^}]*)\})?$/.exec(seg);
      const name = m?.[1] ?? '';
      const re = m?.[2];
      if (re && /^[\w|-]+$/.test(re)) return re.split('|')[0] ?? '1';
      // The resource is the nearest earlier plain segment (/clients/:id/portal/members/:mid → clients).
      const resource = segments.slice(0, i).reverse().find((s) => s !== '' && !s.startsWith(':') && s !== 'v1' && s !== 'api') ?? '';
      return idFor(f, resource, name, draft);
    })
    .join('/');
}

/** A regex matching the concrete paths of a route pattern. */
export function patternRegex(pattern: string): RegExp {
  const body = pattern
    .split(PARAM)
    .reduce<string[]>((acc, part, i) => {
      // split() with 3 capture groups yields [text, name, {re}, re, text, …]
      const k = i % 4;
      if (k === 0) acc.push(part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      else if (k === 3) acc.push(part ? `(?:${part})` : '[^/]+');
      return acc;
    }, [])
    .join('');
  return new RegExp(`^${body}$`);
}

// --- values -------------------------------------------------------------------------------------

export const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];

const BIG = ['x'.repeat(100_000), 'é'.repeat(60_000), '9'.repeat(100_000), 'Ω\u0000'.repeat(30_000)];

const BOUNDARY_STRINGS = [
  '', ' ', '0', '-0', '-1', '1', '2', '1e308', '-1e308', '1e-308', '1e309', 'NaN', 'Infinity', '-Infinity', '9007199254740993', '99999999999999999999',
  '0.1', '1.005', '1,50', '1.234,56', '١٢٣', '𝟙𝟚𝟛', '0x10', '1_000', '+1', ' 1 ', '1 000', '100%', '24', '-24', '1000', '2026-02-30', '2026-13-01', '2026-00-10',
  '0000-01-01', '9999-12-31', '2026-1-5', '2026/01/05', '05/01/2026', '2026-01-05T10:00:00Z', 'true', 'false', 'on', 'null', 'undefined', '[]', '{}',
  'EUR', 'eur', 'XXX', 'EURO', 'en', 'el', 'zz', 'admin', 'owner', 'void', 'issued', 'paid', 'link', 'password', 'generated', 'cash', 'other',
  '\u0000', '\ud800', '\udfff', '\u202e', '\ufeff', 'a\r\nBcc: x@evil.test', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' or 1=1 --",
  '%00', '%', '../../etc/passwd', 'javascript:alert(1)', 'http://evil.test', '//evil.test', 'a@b', 'a@b.test', ...PROTO_NAMES,
];

/** A string a person, a script or an attacker might put in any field. */
export const fuzzString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...BOUNDARY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(...BIG) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** Any JSON value, mostly of the wrong type for wherever it lands. */
export const fuzzJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fuzzString },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(0, -1, 1, 1e308, -1e308, 5e-324, 2 ** 53 + 2, -0, 0.5, 1e13, 1e15, 99999999999999999999, 24) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, [null], [[]], [1, 2], ['a'], { a: { b: [] } }, JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}')) },
);

/** Odd ids for URL parameters: zero, negative, fractional, huge, very long, non-ASCII, prototype names. */
export const ODD_IDS = ['0', '-1', '1.5', '1e3', '1e308', '99999999999999999999', '9'.repeat(400), 'abc', '%ff', '%00', '%2F', '__proto__', 'constructor', '%D9%A1', '1%20'];

// --- requests -----------------------------------------------------------------------------------

/** A request as the fuzzer sends it, with a short description for failure messages. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | FormData;
  describe: string;
}

const short = (v: unknown) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 60)}…(${s.length} chars)` : s;
};

/** A path with its first parameter replaced by an odd id one time in six. */
export const pathPlan: fc.Arbitrary<string | null> = fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_IDS) });

export function withOddId(pattern: string, concrete: string, odd: string | null): string {
  if (odd === null || !pattern.includes(':')) return concrete;
  const patternParts = pattern.split('/');
  const parts = concrete.split('/');
  const i = patternParts.findIndex((p) => p.startsWith(':'));
  parts[i] = odd;
  return parts.join('/');
}

/** How a form submission gets broken. */
export interface FormPlan {
  odd: string | null;
  keepBase: boolean;
  set: Array<[string, string]>;
  duplicate: boolean;
  encoding: 'urlencoded' | 'multipart' | 'bad-multipart' | 'bad-utf8' | 'bad-percent' | 'json' | 'text' | 'none';
  htmx: boolean;
}

/** A field name: mostly one the target reads, now and then any other, a prototype name or noise. */
function fieldName(own: string[], others: string[]): fc.Arbitrary<string> {
  const pool = own.length ? own : others;
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: fc.constantFrom(...(others.length ? others : pool)) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
}

export function formPlan(own: string[], others: string[]): fc.Arbitrary<FormPlan> {
  const name = fieldName(own, others.length ? others : ['name']);
  return fc.record({
    odd: pathPlan,
    keepBase: fc.boolean(),
    set: fc.array(fc.tuple(name, fuzzString), { minLength: 1, maxLength: 5 }),
    duplicate: fc.boolean(),
    encoding: fc.constantFrom<FormPlan['encoding']>('urlencoded', 'urlencoded', 'urlencoded', 'multipart', 'multipart', 'bad-multipart', 'bad-utf8', 'bad-percent', 'json', 'text', 'none'),
    htmx: fc.boolean(),
  });
}

const BAD_UTF8 = new Uint8Array([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf0, 0x28, 0x8c, 0xbc, 0xc0, 0xaf]);

function concatBytes(...parts: Array<string | Uint8Array>): Uint8Array {
  const bytes = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p));
  const out = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of bytes) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** A broken form submission to `url`, starting (or not) from the fields the page rendered. */
export function formRequest(url: string, base: Array<[string, string]>, plan: FormPlan, cookie: string): FuzzRequest {
  const fields: Array<[string, string]> = plan.keepBase ? base.map(([k, v]) => [k, v]) : [];
  for (const [k, v] of plan.set) {
    const at = fields.findIndex(([name]) => name === k);
    if (at >= 0) fields[at] = [k, v];
    else fields.push([k, v]);
  }
  if (plan.duplicate) for (const [k] of [...fields]) fields.push([k, fields.length % 2 ? '' : 'x']);
  const headers: Record<string, string> = { Origin: ORIGIN, Cookie: cookie, ...(plan.htmx ? { 'HX-Request': 'true' } : {}) };
  const urlencoded = () => new URLSearchParams(fields).toString();
  let body: FuzzRequest['body'];
  switch (plan.encoding) {
    case 'urlencoded':
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = urlencoded();
      break;
    case 'multipart': {
      const form = new FormData();
      // Every third field arrives as a file where text is expected.
      fields.forEach(([k, v], i) => (i % 3 === 2 ? form.append(k, new Blob([v], { type: 'text/html' }), '../../evil.html') : form.append(k, v)));
      body = form;
      break;
    }
    case 'bad-multipart': {
      // Cut short, no closing boundary, a part without headers, or no boundary at all.
      const parts = fields.map(([k, v]) => `--b0\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('');
      const variants = [`${parts}--b0\r\nContent-Disposition: form-data; name="x"\r\n\r\ncut`, `${parts}--b0\r\n\r\n\r\n`, `garbage${parts}`, parts];
      const pick = fields.length % variants.length;
      headers['Content-Type'] = pick === 3 ? 'multipart/form-data' : 'multipart/form-data; boundary=b0';
      body = variants[pick];
      break;
    }
    case 'bad-utf8':
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = concatBytes(urlencoded(), '&', fields[0]?.[0] ?? 'name', '=', BAD_UTF8, '&', BAD_UTF8, '=x');
      break;
    case 'bad-percent':
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = `${urlencoded()}&${encodeURIComponent(fields[0]?.[0] ?? 'name')}=%E0%A4%A&%=%&%ZZ=%FF%FE&a%00b=%00`;
      break;
    case 'json':
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(Object.fromEntries(fields));
      break;
    case 'text':
      headers['Content-Type'] = 'text/plain';
      body = urlencoded();
      break;
    case 'none':
      break;
  }
  const shown = plan.set.map(([k, v]) => `${k}=${short(v)}`).join(' ');
  return { method: 'POST', url, headers, body, describe: `POST ${url} [${plan.encoding}${plan.keepBase ? ', form fields' : ''}${plan.duplicate ? ', duplicated' : ''}${plan.htmx ? ', htmx' : ''}] ${shown}` };
}

/** How a JSON body gets broken. */
export interface JsonPlan {
  odd: string | null;
  shape: 'object' | 'replace' | 'raw' | 'bad-utf8' | 'duplicate-keys' | 'wrong-type';
  keepBase: boolean;
  set: Array<[string, unknown]>;
  replacement: unknown;
  raw: string;
  idempotencyKey: string | null;
}

const MALFORMED_JSON = [
  '', ' ', '{', '}', '{"a":', '{"a":1,}', "{'a':1}", '[1,2', 'nul', 'NaN', '{"a":NaN}', '{"a":Infinity}', '{"a":1}{"b":2}', '\u0000', '"\\ud800"',
  '{"a":"\\x41"}', '{"a":01}', '{"a":1e999}', '['.repeat(20_000), '{"a":'.repeat(5000), `${'1'.repeat(400)}e999`, '\ufeff{}', '{"a":"\u0000"}',
  '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}', 'x'.repeat(100_000),
];

export function jsonPlan(own: string[], others: string[]): fc.Arbitrary<JsonPlan> {
  const name = fieldName(own, others);
  return fc.record({
    odd: pathPlan,
    shape: fc.constantFrom<JsonPlan['shape']>('object', 'object', 'object', 'object', 'replace', 'raw', 'bad-utf8', 'duplicate-keys', 'wrong-type'),
    keepBase: fc.boolean(),
    set: fc.array(fc.tuple(name, fuzzJsonValue), { minLength: 1, maxLength: 5 }),
    replacement: fuzzJsonValue,
    raw: fc.constantFrom(...MALFORMED_JSON),
    idempotencyKey: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('k'.repeat(300))) }),
  });
}

// Sets a dotted path (lines.0.quantity) in a JSON value, making the containers it needs.
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> | unknown[] = target;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const index = /^\d+$/.test(key) && Array.isArray(node) ? Number(key) : null;
    const container = node as Record<string, unknown>;
    const slot = index !== null ? index : key;
    if (last) {
      Object.defineProperty(container, slot, { value, enumerable: true, writable: true, configurable: true });
      return;
    }
    const next = container[slot as keyof typeof container];
    if (next === null || typeof next !== 'object') {
      const made: Record<string, unknown> | unknown[] = /^\d+$/.test(keys[i + 1] ?? '') ? [] : {};
      Object.defineProperty(container, slot, { value: made, enumerable: true, writable: true, configurable: true });
      node = made;
    } else node = next as Record<string, unknown>;
  });
}

/** A broken JSON request to `url` with a bearer token, starting (or not) from what the API shows. */
export function jsonRequest(method: string, url: string, base: Record<string, unknown>, plan: JsonPlan, token: string): FuzzRequest {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  if (plan.idempotencyKey !== null && method === 'POST') headers['Idempotency-Key'] = plan.idempotencyKey || 'empty';
  const object = (plan.keepBase ? structuredClone(base) : {}) as Record<string, unknown>;
  for (const [k, v] of plan.set) setPath(object, k, v);
  let body: string | Uint8Array;
  let what: string;
  switch (plan.shape) {
    case 'replace':
      body = JSON.stringify(plan.replacement) ?? 'null';
      what = `body ${short(plan.replacement)}`;
      break;
    case 'raw':
      body = plan.raw;
      what = `raw ${short(plan.raw)}`;
      break;
    case 'bad-utf8': {
      const text = JSON.stringify(object);
      body = concatBytes(text.slice(0, -1) || '{', text.length > 2 ? ',' : '', '"name":"', BAD_UTF8, '","', BAD_UTF8, '":1}');
      what = 'invalid UTF-8 in a string and a key';
      break;
    }
    case 'duplicate-keys': {
      const text = JSON.stringify(object);
      const extra = plan.set.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',');
      body = text === '{}' ? `{${extra},${extra}}` : `${text.slice(0, -1)},${extra},${extra}}`;
      what = 'duplicated keys';
      break;
    }
    case 'wrong-type':
      headers['Content-Type'] = plan.keepBase ? 'text/plain' : 'application/x-www-form-urlencoded';
      body = JSON.stringify(object);
      what = `as ${headers['Content-Type']}`;
      break;
    default:
      body = JSON.stringify(object);
      what = '';
  }
  const shown = plan.set.map(([k, v]) => `${k}=${short(v)}`).join(' ');
  return { method, url, headers, body, describe: `${method} ${url} [${plan.shape}${plan.keepBase ? ', from the shown resource' : ''}] ${what} ${shown}`.trim() };
}

/** How a query string gets broken. */
export interface QueryPlan {
  odd: string | null;
  params: Array<[string, string]>;
  encoding: 'encoded' | 'raw-percent' | 'repeated';
  htmx: boolean;
}

export const QUERY_NAMES = [
  'q', 'page', 'done', 'status', 'period', 'from', 'to', 'year', 'method', 'client_id', 'invoice_id', 'project_id', 'before', 'after', 'archived', 'jump', 'next',
  'sort', 'dir', 'order', 'cols', 'tab', 'limit', 'cursor', 'kind', 'filter', 'lang', 'format', 'signed_out', 'error', 'id', 'as_of', 'download',
];

export function queryPlan(names: string[]): fc.Arbitrary<QueryPlan> {
  const name = fieldName(QUERY_NAMES, names);
  return fc.record({
    odd: pathPlan,
    params: fc.array(fc.tuple(name, fuzzString), { minLength: 1, maxLength: 6 }),
    encoding: fc.constantFrom<QueryPlan['encoding']>('encoded', 'encoded', 'raw-percent', 'repeated'),
    htmx: fc.boolean(),
  });
}

export function queryRequest(path: string, plan: QueryPlan, auth: Record<string, string>): FuzzRequest {
  let query = new URLSearchParams(plan.params).toString();
  if (plan.encoding === 'raw-percent') query += '&q=%E0%A4%A&page=%&from=%ZZ&%FF=%FE';
  if (plan.encoding === 'repeated') query += '&' + query + '&page=1&page=2';
  const url = `${path}?${query}`;
  return {
    method: 'GET',
    url,
    headers: { ...auth, ...(plan.htmx ? { 'HX-Request': 'true', 'HX-Target': 'results' } : {}) },
    describe: `GET ${path} [${plan.encoding}${plan.htmx ? ', htmx' : ''}] ${plan.params.map(([k, v]) => `${short(k)}=${short(v)}`).join(' ')}`,
  };
}

// --- the database, before and after ---------------------------------------------------------------

// Tables that move without any business change: sign-in state, throttles, the idempotency record
// of an API answer (it stores 4xx answers too, by design), read markers (showing a thread marks it
// read, a form re-rendered with errors included) and migration bookkeeping.
const VOLATILE_TABLES = new Set(['staff_sessions', 'portal_sessions', 'rate_limits', 'idempotency_keys', 'message_reads', 'kysely_migration', 'kysely_migration_lock']);
// Columns that move on every authenticated request.
const VOLATILE_COLUMNS = new Set(['last_used_at']);

/** Every row of every table that holds business data, as text, per table. */
export function snapshotAll(t: TestApp): Map<string, string> {
  const sqlite = t.database.sqlite;
  const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_stat%' order by name").all() as Array<{ name: string }>)
    .map((r) => r.name)
    .filter((n) => !VOLATILE_TABLES.has(n));
  const out = new Map<string, string>();
  for (const table of tables) {
    const rows = sqlite.prepare(`select * from "${table}"`).all() as Array<Record<string, unknown>>;
    out.set(table, JSON.stringify(rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !VOLATILE_COLUMNS.has(k))))));
  }
  return out;
}

// The last snapshot and the connection's change count when it was taken: while the count (rows
// inserted, updated or deleted on the one connection app and test share) stays put, it is current.
let cached: { app: TestApp; changes: number; snapshot: Map<string, string> } | null = null;

function totalChanges(t: TestApp): number {
  return (t.database.sqlite.prepare('select total_changes() as n').get() as { n: number }).n;
}

/** snapshotAll, taken again only when something was written since the last one. */
function currentSnapshot(t: TestApp): Map<string, string> {
  const changes = totalChanges(t);
  if (cached?.app !== t || cached.changes !== changes) cached = { app: t, changes, snapshot: snapshotAll(t) };
  return cached.snapshot;
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n));
}

// --- setup and the property ---------------------------------------------------------------------

const decode = (s: string) =>
  s.replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (attrs: string, name: string) => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return m ? decode(m[1] ?? m[2] ?? m[3] ?? '') : null;
};

/** A POST form of a page: where it goes, the fields a browser would send untouched, and its encoding. */
export interface RenderedForm { action: string; fields: Array<[string, string]>; multipart: boolean }

/** The POST forms of an HTML page. */
export function readForms(html: string, pageUrl: string): RenderedForm[] {
  const out: RenderedForm[] = [];
  for (const form of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = form[1] ?? '';
    if ((attr(attrs, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    const action = new URL(attr(attrs, 'action') ?? pageUrl, 'http://stoa.test' + pageUrl).pathname;
    const inner = form[2] ?? '';
    const fields: Array<[string, string]> = [];
    for (const input of inner.matchAll(/<input\b([^>]*)>/gi)) {
      const a = input[1] ?? '';
      const name = attr(a, 'name');
      const type = (attr(a, 'type') ?? 'text').toLowerCase();
      if (!name || type === 'file' || ((type === 'checkbox' || type === 'radio') && !/\schecked\b/i.test(a))) continue;
      fields.push([name, attr(a, 'value') ?? (type === 'checkbox' ? 'on' : '')]);
    }
    for (const area of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const name = attr(area[1] ?? '', 'name');
      if (name) fields.push([name, decode(area[2] ?? '')]);
    }
    for (const select of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(select[1] ?? '', 'name');
      if (!name) continue;
      const options = [...(select[2] ?? '').matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)];
      const chosen = options.find((o) => /\sselected\b/i.test(o[1] ?? '')) ?? options[0];
      if (chosen) fields.push([name, attr(chosen[1] ?? '', 'value') ?? decode(chosen[2] ?? '').trim()]);
    }
    for (const button of inner.matchAll(/<button\b([^>]*)>/gi)) {
      const name = attr(button[1] ?? '', 'name');
      if (name) fields.push([name, attr(button[1] ?? '', 'value') ?? '']);
    }
    out.push({ action, fields, multipart: /multipart\/form-data/i.test(attr(attrs, 'enctype') ?? '') });
  }
  return out;
}

/** Reads the forms of every page (staff and portal, with the records' real ids) into f.forms. */
async function readPages(f: Fuzz, names: Set<string>, multipart: Set<string>): Promise<void> {
  for (const route of routesOf(f.t, 'GET')) {
    if (isApiPath(route.path) || route.path === '/healthz') continue;
    // A draft invoice shows other forms (edit, finalize) than an issued one.
    for (const draft of route.path.includes(':') ? [false, true] : [false]) {
      const url = concretePath(f, route.path, draft);
      const res = await f.t.app.request(url, { headers: { Cookie: isPortalPath(route.path) ? f.portalCookie : f.staffCookie } });
      if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue;
      for (const form of readForms(await res.text(), url)) {
        if (!f.forms.has(form.action)) f.forms.set(form.action, form.fields);
        if (form.multipart) multipart.add(form.action);
        for (const [n] of form.fields) names.add(n);
      }
    }
  }
}

// A plausible value for an empty field, by its name, so a creation form goes through.
function plausible(name: string, i: number): string {
  const n = name.toLowerCase();
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  if (n.includes('email')) return `seed${i}@client.test`;
  if (/until|due|end/.test(n)) return day(30);
  if (/date|_on$|day|start/.test(n)) return day(0);
  if (/time$|_at$/.test(n)) return '09:00';
  if (/amount|price|rate|quantity|qty|hours|minutes|cost|total|duration/.test(n)) return '1';
  if (n.includes('currency')) return 'EUR';
  if (/language|lang/.test(n)) return 'en';
  if (n.includes('password')) return 'a long pass phrase 1';
  if (n.includes('phone')) return '+30 210 000 0000';
  return `Seed ${name} ${i}`;
}

/**
 * Sends each creation form (a POST route that shares its path with a list page or has a /new
 * page) once, filled with plausible values, so other features' records exist and their pages
 * and actions are reached with real ids rather than stopping at a 404.
 */
async function seedThroughForms(f: Fuzz, multipart: Set<string>): Promise<void> {
  const gets = new Set(routesOf(f.t, 'GET').map((r) => r.path));
  const creators = routesOf(f.t, 'POST').filter((r) => !isApiPath(r.path) && (gets.has(r.path) || gets.has(`${r.path}/new`)));
  let i = 0;
  for (const route of creators.sort((a, b) => a.path.split('/').length - b.path.split('/').length)) {
    const re = patternRegex(route.path);
    const found = [...f.forms.entries()].find(([action]) => re.test(action));
    if (!found) continue;
    const [action, fields] = found;
    const filled = fields.map(([k, v]): [string, string] => [k, v === '' ? plausible(k, ++i) : v]);
    const cookie = isPortalPath(route.path) ? f.portalCookie : f.staffCookie;
    const body = multipart.has(action) ? filled.reduce((form, [k, v]) => (form.append(k, v), form), new FormData()) : new URLSearchParams(filled);
    await f.t.app.request(action, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie }, body });
  }
}

/** A signed-in staff cookie that still works (a fuzzed sign-out or revocation may have ended the last one). */
async function freshStaffCookie(f: Fuzz): Promise<string> {
  const token = f.staffCookie.split('=').slice(1).join('=');
  if ((await validateStaffSession(f.t.db, token)).session) return f.staffCookie;
  const admin = await f.t.db.selectFrom('staff_users').select('id').where('email', '=', 'admin@firm.test').executeTakeFirstOrThrow();
  f.staffCookie = `${staffCookieName(f.t.config.secureCookies)}=${await createStaffSession(f.t.db, admin.id)}`;
  return f.staffCookie;
}

/** A signed-in portal cookie of an active owner of the firm's client (a new member when the last one lost access). */
async function freshPortalCookie(f: Fuzz): Promise<string> {
  const token = f.portalCookie.split('=').slice(1).join('=');
  const valid = token !== '' && (await validatePortalSession(f.t.db, token)).session !== null;
  const active = await f.t.db.selectFrom('portal_memberships').select('status').where('id', '=', f.member.membershipId).executeTakeFirst();
  if (valid && active?.status === 'active') {
    const res = await f.t.app.request('/portal', { headers: { Cookie: f.portalCookie } });
    if (res.status === 200) return f.portalCookie;
  }
  f.member = await makePortalMember(f.t, f.w.clientId, { role: 'owner', signIn: 'direct' });
  f.portalCookie = f.member.cookie;
  return f.portalCookie;
}

/** Cookies that work right now, for a route's requests. */
export async function freshCookies(f: Fuzz): Promise<{ staff: string; portal: string }> {
  return { staff: await freshStaffCookie(f), portal: await freshPortalCookie(f) };
}

/** A fresh app with a small firm, a portal owner, an API token and (with readPages) the forms its pages render. */
export async function setupFuzz(opts: { readPages?: boolean } = {}): Promise<Fuzz> {
  // A webhook secret alone turns the Stripe webhook on without any Stripe API (no network).
  const t = await makeTestApp({ STRIPE_WEBHOOK_SECRET: 'whsec_fuzz' });
  const w = await buildWorld(t);
  // Every portal page on (a fresh install shows none), so the portal's handlers are reached.
  const settings = (await (await t.api('GET', '/api/v1/portal-settings')).json()) as Record<string, unknown>;
  const allOn = Object.fromEntries(Object.entries(settings).filter(([, v]) => typeof v === 'boolean').map(([k]) => [k, true]));
  const patched = await t.api('PATCH', '/api/v1/portal-settings', allOn);
  if (patched.status !== 200) throw new Error(`portal settings: ${patched.status} ${await patched.text()}`);
  const token = await t.apiToken();
  const staffCookie = await t.staffCookie();
  const member = await makePortalMember(t, w.clientId, { role: 'owner', signIn: 'direct' });
  const invited = await t.api('POST', `/api/v1/clients/${w.clientId}/portal-invitations`, { contact_id: String(w.contactId), method: 'link' });
  const invitationId = invited.status === 201 ? Number(((await invited.json()) as { id: string }).id) : 1;
  const errors: string[] = [];
  vi.spyOn(log, 'error').mockImplementation((msg, fields) => {
    errors.push(`${msg} ${JSON.stringify(fields ?? {}).slice(0, 600)}`);
  });
  const f: Fuzz = { t, w, member, staffCookie, portalCookie: member.cookie, token, invitationId, forms: new Map(), fieldNames: [], errors, close: async () => {
    vi.restoreAllMocks();
    await t.close();
  } };
  if (opts.readPages) {
    // Read the forms, create a record through each creation form, then read again: pages of
    // records that exist now show their own forms (edit, archive, reply…).
    const names = new Set<string>();
    const multipart = new Set<string>();
    await readPages(f, names, multipart);
    await seedThroughForms(f, multipart);
    f.forms.clear();
    await readPages(f, names, multipart);
    f.fieldNames = [...names];
    if (errors.length) throw new Error(`setting up the fuzz world logged errors: ${errors.join(' | ')}`);
  }
  errors.length = 0;
  return f;
}

/** What a 4xx must carry: an API error with code and message, or a page/text with something to read. */
async function messageProblem(req: FuzzRequest, res: Response, text: string): Promise<string | null> {
  if (isApiPath(new URL(req.url, 'http://x').pathname)) {
    try {
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      if (typeof body.error?.code === 'string' && typeof body.error.message === 'string' && body.error.message.trim() !== '') return null;
    } catch {
      // falls through
    }
    return `API ${res.status} without {error:{code,message}}: ${text.slice(0, 200)}`;
  }
  if (text.trim() !== '' || res.headers.get('HX-Redirect')) return null;
  return `${res.status} with an empty body`;
}

/** Sends one request and returns what is wrong with the answer (nothing: []). */
export async function probe(f: Fuzz, req: FuzzRequest): Promise<string[]> {
  const before = currentSnapshot(f.t);
  f.errors.length = 0;
  const res = await f.t.app.request(req.url, { method: req.method, headers: req.headers, body: req.body });
  const text = await res.text();
  if (process.env.FUZZ_STATS) process.stderr.write(`STAT ${req.method} ${res.status} ${req.url.split('?')[0]!.slice(0, 80)}\n`);
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`answered ${res.status}: ${text.slice(0, 300)}`);
  if (f.errors.length) problems.push(`logged errors: ${f.errors.join(' | ')}`);
  if (res.status >= 400 && res.status < 500) {
    const missing = await messageProblem(req, res, text);
    if (missing) problems.push(missing);
    const changed = changedTables(before, currentSnapshot(f.t));
    if (changed.length) problems.push(`answered ${res.status} but changed ${changed.join(', ')}`);
  }
  return problems;
}

/** Runs FUZZ_RUNS broken requests at one route; fails with the request, the problem and how to replay it. */
export async function fuzzRoute<P>(f: Fuzz, route: Route, plan: fc.Arbitrary<P>, request: (p: P) => FuzzRequest): Promise<void> {
  let seed = FUZZ_SEED;
  for (const ch of `${route.method} ${route.path}`) seed = (Math.imul(seed ^ ch.charCodeAt(0), 16777619) >>> 0) % 2 ** 31;
  const details = await fc.check(
    fc.asyncProperty(plan, async (p) => {
      const req = request(p);
      const problems = await probe(f, req);
      if (problems.length) throw new Error(`${req.describe}\n    → ${problems.join('\n    → ')}`);
    }),
    { seed, numRuns: FUZZ_RUNS, endOnFailure: true },
  );
  if (details.failed) {
    const err = details.errorInstance;
    const why = err instanceof Error ? err.message : String(err);
    const file = path.relative(process.cwd(), expect.getState().testPath ?? 'test/fuzz');
    throw new Error(`${route.method} ${route.path}: ${why}\n  replay: FUZZ_SEED=${FUZZ_SEED} npx vitest run ${file} (route seed ${details.seed}, run ${details.numRuns}; earlier routes set the state, so run the whole file)`);
  }
}
