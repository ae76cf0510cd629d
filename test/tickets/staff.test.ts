import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAdmin } from '../../src/auth/service.js';
import type { Client } from '../../src/db/schema.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { makeTicket } from './factories.js';
import { counts, get, notificationsOf, post, showInPortal, staffId } from './support.js';

// Staff work the queue: filter it, open a request, assign it, answer it, note it, move it along,
// and turn a quote request into a draft estimate.

let t: TestApp;
let cookie: string;
let alpha: Client;
let beta: Client;
let member: PortalMember;

beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
  await upsertAdmin(t.db, { email: 'nikos@firm.test', password: 'correct horse battery', name: 'Nikos Technician' });
  alpha = await makeClient(t.db, { name: 'Alpha Boilers' });
  beta = await makeClient(t.db, { name: 'Beta Bakery' });
  await showInPortal(t.db, alpha.id, ['tickets']);
  member = await makePortalMember(t, alpha.id, { role: 'accounts' });
});
afterAll(() => t.close());

describe('the staff queue', () => {
  it('lists open and in-progress requests by latest activity, and filters by status, type, client and assignee', async () => {
    const old = await makeTicket(t.db, alpha.id, { subject: 'Old complaint', type: 'complaint' });
    await t.db.updateTable('tickets').set({ last_activity_at: '2020-01-01T00:00:00.000Z' }).where('id', '=', old.id).execute();
    await makeTicket(t.db, beta.id, { subject: 'Beta quote', type: 'quote' });
    await makeTicket(t.db, alpha.id, { subject: 'Done thing', status: 'closed' });

    const html = await (await get(t, '/tickets', cookie)).text();
    expect(html).toContain('Beta quote');
    expect(html).toContain('Old complaint');
    expect(html).not.toContain('Done thing');
    expect(html.indexOf('Beta quote')).toBeLessThan(html.indexOf('Old complaint'));

    const closed = await (await get(t, '/tickets?status=closed', cookie)).text();
    expect(closed).toContain('Done thing');
    expect(closed).not.toContain('Beta quote');
    const quotes = await (await get(t, '/tickets?status=all&type=quote', cookie)).text();
    expect(quotes).toContain('Beta quote');
    expect(quotes).not.toContain('Old complaint');
    const ofAlpha = await (await get(t, `/tickets?status=all&client_id=${alpha.id}`, cookie)).text();
    expect(ofAlpha).toContain('Old complaint');
    expect(ofAlpha).not.toContain('Beta quote');
    const nikos = await staffId(t.db, 'nikos@firm.test');
    await t.db.updateTable('tickets').set({ assignee_id: nikos }).where('id', '=', old.id).execute();
    const mine = await (await get(t, `/tickets?assignee=${nikos}`, cookie)).text();
    expect(mine).toContain('Old complaint');
    expect(mine).not.toContain('Beta quote');
    const nobody = await (await get(t, '/tickets?assignee=none', cookie)).text();
    expect(nobody).toContain('Beta quote');
    expect(nobody).not.toContain('Old complaint');
  });

  it('shows a client\'s requests on its Requests tab', async () => {
    await makeTicket(t.db, alpha.id, { subject: 'Tab request' });
    const res = await get(t, `/clients/${alpha.id}/tickets`, cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Tab request');
    expect(html).toContain('aria-current="page">Requests');
    expect((await get(t, '/clients/999999/tickets', cookie)).status).toBe(404);
  });

  it('answers 404 to unknown requests, on the page and every action', async () => {
    expect((await get(t, '/tickets/999999', cookie)).status).toBe(404);
    for (const action of ['reply', 'note', 'status', 'assign', 'estimate']) {
      expect((await post(t, `/tickets/999999/${action}`, { body: 'x', status: 'resolved', assignee_id: '' }, cookie)).status, action).toBe(404);
    }
  });
});

describe('working a request', () => {
  it('assigns it and tells the assignee in-app', async () => {
    const ticket = await makeTicket(t.db, alpha.id, { subject: 'Assign me' });
    const nikos = await staffId(t.db, 'nikos@firm.test');
    const res = await post(t, `/tickets/${ticket.id}/assign`, { assignee_id: String(nikos) }, cookie);
    expect(res.status).toBe(303);
    const page = await (await get(t, res.headers.get('location')!, cookie)).text();
    expect(page).toContain('Assignment saved.');
    expect(page).toMatch(new RegExp(`<option value="${nikos}" selected="">Nikos Technician`));
    const [note] = await notificationsOf(t.db, { staffId: nikos });
    expect(note?.kind).toBe('ticket_assigned');
    expect(note?.link).toBe(`/tickets/${ticket.id}`);
    const bell = await (await get(t, '/notifications', await t.staffCookie('nikos@firm.test'))).text();
    expect(bell).toContain('Anna Admin assigned you the request Assign me');
  });

  it('refuses an unknown assignee with 422 and writes nothing', async () => {
    const ticket = await makeTicket(t.db, alpha.id);
    const before = await counts(t.db);
    for (const value of ['999999', 'abc', '-1']) {
      const res = await post(t, `/tickets/${ticket.id}/assign`, { assignee_id: value }, cookie);
      expect(res.status, value).toBe(422);
      expect(await res.text()).toContain('Choose an active staff member.');
    }
    expect(await counts(t.db)).toEqual(before);
  });

  it('moves a request along and back, records each change, and refuses a move the lifecycle forbids', async () => {
    const ticket = await makeTicket(t.db, alpha.id, { raisedByPortalUserId: member.userId });
    for (const status of ['in_progress', 'resolved', 'closed', 'open']) {
      const res = await post(t, `/tickets/${ticket.id}/status`, { status }, cookie);
      expect(res.status, status).toBe(303);
    }
    const actions = await t.db.selectFrom('events').select('action').where('subject_type', '=', 'ticket').where('subject_id', '=', ticket.id).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['started', 'resolved', 'closed', 'reopened']);
    const before = await counts(t.db);
    const same = await post(t, `/tickets/${ticket.id}/status`, { status: 'open' }, cookie);
    expect(same.status).toBe(409);
    expect(await same.text()).toContain('cannot move to that status');
    const odd = await post(t, `/tickets/${ticket.id}/status`, { status: 'paid' }, cookie);
    expect(odd.status).toBe(422);
    expect(await counts(t.db)).toEqual(before);
  });

  it('keeps internal notes on the staff page and out of the client\'s sight', async () => {
    const ticket = await makeTicket(t.db, alpha.id, { raisedByPortalUserId: member.userId });
    const mailsBefore = (await counts(t.db)).mail_outbox;
    expect((await post(t, `/tickets/${ticket.id}/note`, { body: 'Call the supplier first.' }, cookie)).status).toBe(303);
    const page = await (await get(t, `/tickets/${ticket.id}?done=noted`, cookie)).text();
    expect(page).toContain('Internal note');
    expect(page).toContain('Call the supplier first.');
    expect(page).toContain('Internal note added.');
    // A note tells nobody.
    expect((await counts(t.db)).mail_outbox).toBe(mailsBefore);
    expect((await notificationsOf(t.db, { portalUserId: member.userId })).some((n) => n.data.includes('supplier'))).toBe(false);
    const portal = await (await get(t, `/portal/tickets/${ticket.id}`, member.cookie)).text();
    expect(portal).not.toContain('Call the supplier first.');
    expect(portal).not.toContain('Internal note');
  });

  it('answers an empty reply or note with the form, the error and 422, writing nothing', async () => {
    const ticket = await makeTicket(t.db, alpha.id);
    const before = await counts(t.db);
    for (const kind of ['reply', 'note']) {
      const res = await post(t, `/tickets/${ticket.id}/${kind}`, { body: '   ' }, cookie);
      expect(res.status, kind).toBe(422);
      expect(await res.text()).toContain('This field is required.');
    }
    const long = await post(t, `/tickets/${ticket.id}/reply`, { body: 'x'.repeat(5001) }, cookie);
    expect(long.status).toBe(422);
    expect(await counts(t.db)).toEqual(before);
  });
});

describe('quote requests', () => {
  it('turns a quote request into a draft estimate named after it, linked both ways by events', async () => {
    const ticket = await makeTicket(t.db, alpha.id, { type: 'quote', subject: 'Annual boiler service, 3 units' });
    const res = await post(t, `/tickets/${ticket.id}/estimate`, {}, cookie);
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('tickets').select('estimate_id').where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row.estimate_id).not.toBeNull();
    const estimate = await t.db.selectFrom('documents').selectAll().where('id', '=', row.estimate_id!).executeTakeFirstOrThrow();
    expect(estimate).toMatchObject({ kind: 'estimate', status: 'draft', client_id: alpha.id });
    const lines = await t.db.selectFrom('document_lines').select(['description', 'quantity']).where('document_id', '=', estimate.id).execute();
    expect(lines).toEqual([{ description: 'Annual boiler service, 3 units', quantity: '1' }]);
    const page = await (await get(t, `/tickets/${ticket.id}?done=estimate`, cookie)).text();
    expect(page).toContain(`href="/estimates/${estimate.id}"`);
    expect(page).not.toContain(`action="/tickets/${ticket.id}/estimate"`);
    const events = await t.db.selectFrom('events').select(['subject_type', 'action']).where('client_id', '=', alpha.id).orderBy('id', 'desc').limit(2).execute();
    expect(events).toEqual([{ subject_type: 'ticket', action: 'estimate_created' }, { subject_type: 'estimate', action: 'created' }]);

    const before = await counts(t.db);
    const again = await post(t, `/tickets/${ticket.id}/estimate`, {}, cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already has an estimate');
    expect(await counts(t.db)).toEqual(before);
  });

  it('refuses to turn anything but a quote request into an estimate', async () => {
    const ticket = await makeTicket(t.db, alpha.id, { type: 'complaint' });
    const before = await counts(t.db);
    const res = await post(t, `/tickets/${ticket.id}/estimate`, {}, cookie);
    expect(res.status).toBe(409);
    expect(await counts(t.db)).toEqual(before);
  });
});
