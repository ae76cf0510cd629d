// Shared tools of the security tests: the app's own route table, a small firm built through
// the API, a snapshot of every business table, and an HTML check for injected markup.

import { expect } from 'vitest';
import type { Db } from '../../src/db/index.js';
import type { TestApp } from '../helpers/app.js';

/** One route of the Hono app as registered (method and path pattern). */
export interface RouteInfo { method: string; path: string }

/** The app's routes of `method` (deduplicated), without middleware-only entries. */
export function appRoutes(t: TestApp, method: string): RouteInfo[] {
  const seen = new Set<string>();
  const out: RouteInfo[] = [];
  for (const r of t.app.routes) {
    if (r.method !== method || r.path.endsWith('*')) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method, path: r.path });
  }
  return out;
}

/** Routes a browser uses (neither the bearer-token API, static files — the brand's stylesheet and logos too — nor provider webhooks, which are authenticated by signature), staff and portal alike. */
export function browserRouteList(t: TestApp, method: string): RouteInfo[] {
  return appRoutes(t, method).filter((r) => !r.path.startsWith('/api/') && !r.path.startsWith('/static') && r.path !== '/brand.css' && !r.path.startsWith('/brand/') && !r.path.startsWith('/webhooks/') && r.path !== '/healthz');
}

/** Staff routes (browser routes outside /portal, which has its own sign-in). */
export function staffRouteList(t: TestApp, method: string): RouteInfo[] {
  return browserRouteList(t, method).filter((r) => r.path !== '/portal' && !r.path.startsWith('/portal/'));
}

/** Ids of the records of a small firm, by the first segment of the URLs that show them. */
export interface World {
  clientId: number;
  otherClientId: number;
  contactId: number;
  projectId: number;
  draftInvoiceId: number;
  invoiceId: number;
  estimateId: number;
  creditNoteId: number;
  paymentId: number;
}

async function created(res: Response): Promise<number> {
  const body = (await res.json()) as { id?: string; error?: unknown };
  if (res.status !== 201 || !body.id) throw new Error(`create failed: ${res.status} ${JSON.stringify(body)}`);
  return Number(body.id);
}

/** Builds a client with a contact, a project, invoices (draft and issued), a sent estimate, a credit note and a payment. */
export async function buildWorld(t: TestApp): Promise<World> {
  const clientId = await created(await t.api('POST', '/api/v1/clients', { name: 'Alpha Audit ΑΕ', currency: 'EUR', language: 'en' }));
  const otherClientId = await created(await t.api('POST', '/api/v1/clients', { name: 'Beta Builders', currency: 'EUR', language: 'en' }));
  const contactId = await created(await t.api('POST', `/api/v1/clients/${clientId}/contacts`, { name: 'Maria', email: 'maria@alpha.test' }));
  const projectId = await created(await t.api('POST', '/api/v1/projects', { client_id: String(clientId), name: 'Audit 2026' }));
  const line = { description: 'Consulting', quantity: '2', unit_price: 10000, tax_rate: '24' };
  const draftInvoiceId = await created(await t.api('POST', '/api/v1/invoices', { client_id: String(clientId), lines: [line] }));
  const invoiceId = await created(await t.api('POST', '/api/v1/invoices', { client_id: String(clientId), lines: [line], finalize: true }));
  const estimateId = await created(await t.api('POST', '/api/v1/estimates', { client_id: String(clientId), lines: [line], send: true }));
  const creditNoteId = await created(await t.api('POST', '/api/v1/credit-notes', { client_id: String(clientId), lines: [{ ...line, quantity: '1', unit_price: 1000 }], finalize: true }));
  const paymentId = await created(await t.api('POST', '/api/v1/payments', { client_id: String(clientId), amount: 5000, allocations: [{ invoice_id: String(invoiceId), amount: 5000 }] }));
  return { clientId, otherClientId, contactId, projectId, draftInvoiceId, invoiceId, estimateId, creditNoteId, paymentId };
}

/** Turns a route pattern into a URL of a real record (unknown parameters become 1). */
export function concreteUrl(pattern: string, w: World, opts: { draft?: boolean } = {}): string {
  const first = pattern.split('/')[1] ?? '';
  const ids: Record<string, number> = {
    clients: w.clientId,
    contacts: w.contactId,
    projects: w.projectId,
    invoices: opts.draft ? w.draftInvoiceId : w.invoiceId,
    estimates: w.estimateId,
    'credit-notes': w.creditNoteId,
    payments: w.paymentId,
  };
  return pattern.replace(/:(\w+)(\{([^}]*)\})?/g, (_m, name: string, _re: string, re: string | undefined) => {
    if (name === 'id') return String(ids[first] ?? 1);
    const alternatives = re?.split('|') ?? [];
    return alternatives[0] && /^\w+$/.test(alternatives[0]) ? alternatives[0] : '1';
  });
}

const BUSINESS_TABLES = [
  'clients', 'contacts', 'projects', 'documents', 'document_lines', 'payments', 'payment_allocations',
  'credit_applications', 'events', 'settings', 'staff_users', 'api_tokens',
] as const;

/** Every row of every business table (not sessions or rate limits), to prove a request changed nothing. */
export async function snapshot(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const table of BUSINESS_TABLES) {
    const rows = await db.selectFrom(table).selectAll().execute();
    // last_used_at of API tokens moves with every API call; it is not a business change.
    parts.push(table + ':' + JSON.stringify(rows.map((r) => ('last_used_at' in r ? { ...r, last_used_at: null } : r))));
  }
  return parts.join('\n');
}

/** The three classic payloads, in one value that starts with a javascript: URL. */
export const PAYLOAD = 'javascript:alert(1)//<script>alert(1)</script>"><img src=x onerror=alert(1)>';

// Attributes that only ever hold text for people (escaped text there is harmless).
const TEXT_ATTRS = new Set(['value', 'title', 'placeholder', 'aria-label', 'alt', 'data-label', 'content', 'label']);
// Attributes a browser or htmx follows as a URL.
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'data', 'poster', 'srcset', 'xlink:href', 'hx-get', 'hx-post', 'hx-put', 'hx-patch', 'hx-delete', 'hx-push-url', 'hx-replace-url']);
const TAG = /<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);?/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * What in an HTML page could run a script planted in data: inline or injected script tags,
 * image/svg tags (the views use none), event-handler attributes, javascript: URLs, and
 * payload text in attributes htmx or the browser interpret.
 */
export function scriptInjections(html: string): string[] {
  const problems: string[] = [];
  if (/<script>alert|<img src=x|<svg\/onload/i.test(html)) problems.push('payload appears unescaped');
  const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? [];
  for (const s of scripts) if (!/^<script\b[^>]*\ssrc="\/static\/[^"]+"[^>]*><\/script>$/i.test(s)) problems.push(`inline or foreign script: ${s.slice(0, 80)}`);
  for (const m of html.matchAll(TAG)) {
    const tag = (m[1] ?? '').toLowerCase();
    if (['img', 'svg', 'iframe', 'object', 'embed', 'base', 'meta'].includes(tag) && !(tag === 'meta' && !/http-equiv/i.test(m[2] ?? ''))) {
      problems.push(`unexpected <${tag}> tag: ${m[0].slice(0, 80)}`);
    }
    for (const a of (m[2] ?? '').matchAll(ATTR)) {
      const name = (a[1] ?? '').toLowerCase();
      const value = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
      if (/^on/.test(name)) problems.push(`event handler attribute ${name} on <${tag}>`);
      if (TEXT_ATTRS.has(name)) continue;
      if (URL_ATTRS.has(name)) {
        // Browsers drop whitespace and control characters before reading a URL's scheme.
        if (/^javascript:|^data:text\/html|^vbscript:/i.test(value.replace(/[\u0000-\u0020]/g, ''))) problems.push(`${name}="${value.slice(0, 60)}" on <${tag}>`);
        continue;
      }
      if (/alert\(/.test(value)) problems.push(`payload in ${name}="${value.slice(0, 60)}" on <${tag}>`);
    }
  }
  return problems;
}

/** Asserts a page is free of script injections, naming the URL on failure. */
export function expectNoInjection(url: string, html: string): void {
  expect(scriptInjections(html), url).toEqual([]);
}
