// Every JSON API write (POST, PATCH, PUT, DELETE under /api/v1), taken from the route table: broken
// bodies (see support.ts) are answered with a 4xx in the API's error shape, never a 500, and a
// 4xx changes nothing. Bodies start from what the API itself shows for the same resource.

import { afterAll, describe, it } from 'vitest';
import { concretePath, fuzzRoute, isApiPath, jsonPlan, jsonRequest, patternRegex, routesOf, setupFuzz, withOddId, type Fuzz, type Route } from './support.js';

const f = await setupFuzz();
afterAll(() => f.close());

// Field names of API.md's request bodies, nested ones dotted; the shown resource adds its own.
const API_FIELDS = [
  'name', 'email', 'phone', 'vat_number', 'billing_address', 'currency', 'language', 'notes', 'archived', 'portal_visible', 'client_id', 'contact_id',
  'project_id', 'invoice_id', 'issue_date', 'due_date', 'valid_until', 'lines', 'lines.0', 'lines.0.description', 'lines.0.quantity', 'lines.0.unit_price',
  'lines.0.tax_rate', 'lines.1.unit_price', 'finalize', 'send', 'amount', 'date', 'method', 'reference', 'allocations', 'allocations.0',
  'allocations.0.invoice_id', 'allocations.0.amount', 'allocations.1.invoice_id', 'reason', 'comment', 'role', 'password', 'status', 'total', 'id',
  'permissions', 'visibility', 'invoices', 'payments', 'estimates', 'statement', 'hourly_rate', 'rate', 'minutes', 'hours', 'title', 'body', 'message',
];

const gets = routesOf(f.t, 'GET').filter((r) => isApiPath(r.path));

/** What the API shows for the resource a write route acts on (its GET, or the first of its list), as a starting body. */
async function shownResource(fz: Fuzz, route: Route): Promise<Record<string, unknown>> {
  const segments = route.path.split('/');
  for (let end = segments.length; end > 3; end--) {
    const candidate = segments.slice(0, end).join('/');
    const get = gets.find((g) => g.path === candidate);
    if (!get) continue;
    const res = await fz.t.app.request(concretePath(fz, get.path, true), { headers: { Authorization: `Bearer ${fz.token}` } });
    if (res.status !== 200) continue;
    const body = (await res.json()) as unknown;
    const first = body && typeof body === 'object' && 'data' in body && Array.isArray(body.data) ? (body.data[0] as unknown) : body;
    if (first && typeof first === 'object' && !Array.isArray(first)) return first as Record<string, unknown>;
  }
  return {};
}

/** Dotted paths into the first element of the resource's arrays (lines.0.quantity, allocations.0.amount). */
function nestedKeys(base: Record<string, unknown>): string[] {
  return Object.entries(base).flatMap(([k, v]) => {
    const first: unknown = Array.isArray(v) ? v[0] : undefined;
    return first && typeof first === 'object' ? Object.keys(first).map((n) => `${k}.0.${n}`) : [];
  });
}

const writes = ['POST', 'PATCH', 'PUT', 'DELETE'].flatMap((m) => routesOf(f.t, m)).filter((r) => isApiPath(r.path));

describe('every API write, fuzzed', () => {
  it('covers the API writes of the route table', () => {
    if (writes.length < 20) throw new Error(`only ${writes.length} API writes found`);
    if (!writes.every((r) => patternRegex(r.path).test(concretePath(f, r.path)))) throw new Error('a concrete path does not match its pattern');
  });

  for (const route of writes) {
    it(`answers broken input to ${route.method} ${route.path} with a 4xx and writes nothing`, async () => {
      const base = await shownResource(f, route);
      // The shown resource's fields (what a client would send back) weigh most.
      const own = [...new Set([...Object.keys(base), ...nestedKeys(base)])];
      const url = concretePath(f, route.path, true);
      await fuzzRoute(f, route, jsonPlan(own, API_FIELDS), (p) => jsonRequest(route.method, withOddId(route.path, url, p.odd), base, p, f.token));
    });
  }
});
