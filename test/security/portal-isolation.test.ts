import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_SETTING_KEYS } from '../../src/portal-access/visibility.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { appRoutes, buildWorld, type World } from './support.js';
import { makeServiceRecords, type ServiceRecordIds } from '../service-records/support.js';
import { makeTicket } from '../tickets/factories.js';
import { makeThread } from '../messages/factories.js';

// SECURITY rows 1–2 for every portal route that exists: a member of one client asking for
// another client's records by id gets the same 404 as a missing id, and nothing changes.
// The route list comes from the app itself, so a new portal route is covered automatically;
// a route whose id this test cannot fill fails the test until it is taught here.

let t: TestApp;
let w: World;
let outsider: PortalMember;
let service: ServiceRecordIds;
let ticketId: number;
let threadId: number;

beforeAll(async () => {
  t = await makeTestApp();
  w = await buildWorld(t);
  service = await makeServiceRecords(t, w.clientId);
  // Everything visible, so a 404 can only come from the client scoping.
  for (const key of PORTAL_SETTING_KEYS) await t.db.insertInto('portal_defaults').values({ key, value: 1 }).execute();
  outsider = await makePortalMember(t, w.otherClientId, { role: 'owner' });
  ticketId = (await makeTicket(t.db, w.clientId)).id;
  threadId = (await makeThread(t.db, w.clientId)).threadId;
});
afterAll(() => t.close());

// Records of client A by the URL segment that shows them.
function foreignId(segment: string, param: string): string | null {
  if (param === 'clientId') return String(w.clientId);
  if (param === 'fileId') return String(service.reportFileId);
  const bySegment: Record<string, number> = {
    invoices: w.invoiceId,
    estimates: w.estimateId,
    'credit-notes': w.creditNoteId,
    payments: w.paymentId,
    projects: w.projectId,
    'service-reports': service.reportId,
    documents: service.fileId,
    tickets: ticketId,
    messages: threadId,
  };
  const id = bySegment[segment];
  return id === undefined ? null : String(id);
}

function portalRoutesWithIds(method: string) {
  return appRoutes(t, method).filter((r) => r.path.startsWith('/portal/') && /:\w+/.test(r.path) && !/:token\b/.test(r.path));
}

describe('portal isolation between clients', () => {
  it('has portal routes that take ids (the test is not empty)', () => {
    expect(portalRoutesWithIds('GET').length + portalRoutesWithIds('POST').length).toBeGreaterThan(0);
  });

  for (const method of ['GET', 'POST'] as const) {
    it(`answers 404 to another client's member on every ${method} portal route with an id`, async () => {
      const untaught: string[] = [];
      const leaks: string[] = [];
      for (const route of portalRoutesWithIds(method)) {
        const segment = route.path.split('/')[2] ?? '';
        let missing = false;
        const url = route.path.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string) => {
          const id = foreignId(segment, name);
          if (id === null) missing = true;
          return id ?? '0';
        });
        if (missing) {
          untaught.push(`${method} ${route.path}`);
          continue;
        }
        const before = await t.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        const res = await t.app.request(url, {
          method,
          headers: { Cookie: outsider.cookie, Origin: ORIGIN, ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
          body: method === 'POST' ? new URLSearchParams({ comment: 'x', reason: 'x' }) : undefined,
        });
        const after = await t.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        const body = await res.text();
        if (res.status !== 404 || after.n !== before.n || body.includes('Alpha Audit')) leaks.push(`${method} ${url} → ${res.status}`);
      }
      expect(untaught, 'portal routes this test does not know how to fill').toEqual([]);
      expect(leaks).toEqual([]);
    });
  }
});
