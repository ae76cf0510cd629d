import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/db/schema.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraftInvoice, makeIssuedInvoice } from '../helpers/factories.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { makeTicket } from './factories.js';
import { counts, get, idFrom, lastMailId, mailSince, notificationsOf, post, showInPortal, staffId } from './support.js';

// A client's members raise requests in the portal and follow them; staff answer on the staff side.

let t: TestApp;
let staffCookie: string;
let client: Client;
let other: Client;
let maria: PortalMember;
let viewer: PortalMember;

beforeAll(async () => {
  t = await makeTestApp();
  staffCookie = await t.staffCookie();
  client = await makeClient(t.db, { name: 'Alpha Boilers' });
  other = await makeClient(t.db, { name: 'Beta Bakery' });
  await showInPortal(t.db, client.id, ['tickets', 'invoices']);
  await showInPortal(t.db, other.id, ['tickets', 'invoices']);
  maria = await makePortalMember(t, client.id, { role: 'accounts', name: 'Maria Papadopoulou' });
  viewer = await makePortalMember(t, client.id, { role: 'viewer', name: 'Vasilis Viewer' });
});
afterAll(() => t.close());

async function raise(fields: Record<string, string>, cookie = maria.cookie) {
  return post(t, '/portal/tickets', { type: 'general', subject: 'Subject', description: 'Description', ...fields }, cookie);
}

describe('raising a request in the portal', () => {
  it.each(['general', 'complaint', 'quote', 'dispute'] as const)('raises a %s and shows it with its status', async (type) => {
    const before = await lastMailId(t.db);
    const res = await raise({ type, subject: `A ${type} about the boiler`, description: 'It stops\nevery morning.' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/portal\/tickets\/\d+\?done=raised$/);
    const id = idFrom(res.headers.get('location'));

    const page = await get(t, `/portal/tickets/${id}?done=raised`, maria.cookie);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(`A ${type} about the boiler`);
    expect(html).toContain('Open');
    expect(html).toContain('It stops\nevery morning.');
    expect(html).toContain('Your request was sent.');

    const list = await (await get(t, '/portal/tickets', maria.cookie)).text();
    expect(list).toContain(`A ${type} about the boiler`);

    // Staff hear of it in-app and by email; the event names the request.
    const note = (await notificationsOf(t.db, { staffId: await staffId(t.db) }))[0];
    expect(note?.kind).toBe('ticket_raised');
    expect(note?.link).toBe(`/tickets/${id}`);
    const mails = await mailSince(t.db, before);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to_addresses).toBe('admin@firm.test');
    expect(mails[0]?.subject).toContain(`A ${type} about the boiler`);
    expect(mails[0]?.text_body).toContain(`/tickets/${id}`);
    const event = await t.db.selectFrom('events').selectAll().where('subject_type', '=', 'ticket').where('subject_id', '=', id).executeTakeFirstOrThrow();
    expect(event.action).toBe('created');
    expect(event.actor_type).toBe('portal');
  });

  it('opens the form of the type asked for, and general for an unknown one', async () => {
    const quote = await (await get(t, '/portal/tickets/new?type=quote', maria.cookie)).text();
    expect(quote).toContain('Request a quote</h1>');
    expect(quote).toContain('name="type" value="quote"');
    const odd = await (await get(t, '/portal/tickets/new?type=__proto__', maria.cookie)).text();
    expect(odd).toContain('name="type" value="general"');
  });

  it("lets a dispute name one of the client's issued invoices, or the statement", async () => {
    const invoice = await makeIssuedInvoice(t.db, client.id, { total: 12000 });
    const form = await (await get(t, '/portal/tickets/new?type=dispute', maria.cookie)).text();
    expect(form).toContain(invoice.number!);
    const res = await raise({ type: 'dispute', subject: 'Wrong amount', invoice_id: String(invoice.id) });
    expect(res.status).toBe(303);
    const page = await (await get(t, res.headers.get('location')!, maria.cookie)).text();
    expect(page).toContain(`/portal/invoices/${invoice.id}`);
    const statement = await raise({ type: 'dispute', subject: 'Statement is off', invoice_id: '' });
    const page2 = await (await get(t, statement.headers.get('location')!, maria.cookie)).text();
    expect(page2).toContain('The account statement');
  });

  it("refuses another client's invoice or a draft in a dispute, writing nothing", async () => {
    const foreign = await makeIssuedInvoice(t.db, other.id);
    const draft = await makeDraftInvoice(t.db, client.id);
    for (const id of [foreign.id, draft.id, 99999]) {
      const before = await counts(t.db);
      const res = await raise({ type: 'dispute', subject: 'Mine?', invoice_id: String(id) });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('Choose one of your invoices');
      expect(html).not.toContain(foreign.number!);
      expect(await counts(t.db)).toEqual(before);
    }
  });

  it('answers bad input with the same form, field errors and what was typed, writing nothing', async () => {
    const before = await counts(t.db);
    const res = await raise({ type: 'complaint', subject: '', description: '   ' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('This field is required.');
    expect(html).toContain('name="type" value="complaint"');
    const long = await raise({ subject: 'x'.repeat(300), description: 'kept text' });
    expect(long.status).toBe(422);
    const longHtml = await long.text();
    expect(longHtml).toContain('This is too long.');
    expect(longHtml).toContain('kept text');
    const badType = await raise({ type: 'refund' });
    expect(badType.status).toBe(422);
    expect(await counts(t.db)).toEqual(before);
  });

  it('escapes what people type, on the portal and staff pages', async () => {
    const res = await raise({ subject: '<script>alert(1)</script>', description: '"><img src=x onerror=alert(1)>' });
    const id = idFrom(res.headers.get('location'));
    for (const [url, cookie] of [[`/portal/tickets/${id}`, maria.cookie], ['/portal/tickets', maria.cookie], [`/tickets/${id}`, staffCookie], ['/tickets', staffCookie]] as const) {
      const html = await (await get(t, url, cookie)).text();
      expect(html, url).not.toContain('<script>alert(1)');
      expect(html, url).not.toContain('<img src=x');
      expect(html, url).toContain('&lt;script&gt;');
    }
  });
});

describe('permissions and visibility', () => {
  it('answers 403 to a member without "raise tickets", and offers no form or button', async () => {
    const ticket = await makeTicket(t.db, client.id);
    const before = await counts(t.db);
    expect((await get(t, '/portal/tickets/new?type=general', viewer.cookie)).status).toBe(403);
    expect((await raise({}, viewer.cookie)).status).toBe(403);
    expect((await post(t, `/portal/tickets/${ticket.id}/reply`, { body: 'me too' }, viewer.cookie)).status).toBe(403);
    expect(await counts(t.db)).toEqual(before);
    // They can still follow the client's requests.
    const list = await get(t, '/portal/tickets', viewer.cookie);
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).not.toContain('/portal/tickets/new');
    const page = await (await get(t, `/portal/tickets/${ticket.id}`, viewer.cookie)).text();
    expect(page).not.toContain(`action="/portal/tickets/${ticket.id}/reply"`);
  });

  it('answers 404 on every request URL when the firm hides requests, and leaves them out of the menu', async () => {
    const hidden = await makeClient(t.db, { name: 'Gamma Garage' });
    const member = await makePortalMember(t, hidden.id, { role: 'owner' });
    const ticket = await makeTicket(t.db, hidden.id);
    const before = await counts(t.db);
    for (const url of ['/portal/tickets', '/portal/tickets/new?type=complaint', `/portal/tickets/${ticket.id}`]) {
      expect((await get(t, url, member.cookie)).status, url).toBe(404);
    }
    expect((await raise({}, member.cookie)).status).toBe(404);
    expect((await post(t, `/portal/tickets/${ticket.id}/reply`, { body: 'x' }, member.cookie)).status).toBe(404);
    expect(await counts(t.db)).toEqual(before);
    const home = await (await get(t, '/portal', member.cookie)).text();
    expect(home).not.toContain('href="/portal/tickets"');
    expect(home).not.toContain('/portal/tickets/new');
  });

  it("answers 404 to another client's request, on its page and its reply", async () => {
    const foreign = await makeTicket(t.db, other.id, { subject: 'Beta secret' });
    const page = await get(t, `/portal/tickets/${foreign.id}`, maria.cookie);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('Beta secret');
    const before = await counts(t.db);
    expect((await post(t, `/portal/tickets/${foreign.id}/reply`, { body: 'hi' }, maria.cookie)).status).toBe(404);
    expect(await counts(t.db)).toEqual(before);
    expect((await get(t, '/portal/tickets/99999999', maria.cookie)).status).toBe(404);
  });

  it('shows a staff preview the requests read-only: forms disabled, posts refused, nothing recorded', async () => {
    const ticket = await makeTicket(t.db, client.id, { subject: 'Seen in preview' });
    const base = `/preview/${client.id}/${maria.contactId}`;
    const list = await (await get(t, `${base}/tickets`, staffCookie)).text();
    expect(list).toContain('Seen in preview');
    const form = await (await get(t, `${base}/tickets/new?type=complaint`, staffCookie)).text();
    expect(form).toContain('<fieldset disabled=""');
    const before = await counts(t.db);
    expect((await post(t, `${base}/tickets`, { type: 'general', subject: 'x', description: 'y' }, staffCookie)).status).toBe(403);
    expect((await post(t, `${base}/tickets/${ticket.id}/reply`, { body: 'x' }, staffCookie)).status).toBe(403);
    expect(await counts(t.db)).toEqual(before);
  });
});

describe('following a request', () => {
  it('shows the client the staff reply and the status, never an internal note — on pages and in emails', async () => {
    const raised = await raise({ type: 'complaint', subject: 'Radiator cold', description: 'Room 2 is cold.' });
    const id = idFrom(raised.headers.get('location'));
    const before = await lastMailId(t.db);

    expect((await post(t, `/tickets/${id}/note`, { body: 'SECRET: the part is on back order' }, staffCookie)).status).toBe(303);
    expect((await post(t, `/tickets/${id}/reply`, { body: 'We will visit on Monday.' }, staffCookie)).status).toBe(303);
    expect((await post(t, `/tickets/${id}/status`, { status: 'resolved' }, staffCookie)).status).toBe(303);

    const staffPage = await (await get(t, `/tickets/${id}`, staffCookie)).text();
    expect(staffPage).toContain('SECRET: the part is on back order');

    for (const url of [`/portal/tickets/${id}`, '/portal/tickets', '/portal', '/portal/messages']) {
      const html = await (await get(t, url, maria.cookie)).text();
      expect(html, url).not.toContain('SECRET');
    }
    const page = await (await get(t, `/portal/tickets/${id}`, maria.cookie)).text();
    expect(page).toContain('We will visit on Monday.');
    expect(page).toContain('data-status="resolved"');
    expect(page).toContain('Resolved');

    const mails = await mailSince(t.db, before);
    expect(mails.map((m) => m.to_addresses)).toEqual([maria.email, maria.email]);
    expect(mails[0]?.text_body).toContain('We will visit on Monday.');
    expect(mails[1]?.text_body).toContain('Resolved');
    for (const m of mails) {
      expect(m.text_body).not.toContain('SECRET');
      expect(m.html_body).not.toContain('SECRET');
    }
    const notes = await notificationsOf(t.db, { portalUserId: maria.userId });
    expect(notes.slice(0, 2).map((n) => n.kind)).toEqual(['ticket_status', 'ticket_answered']);
    expect(notes.every((n) => !n.data.includes('SECRET'))).toBe(true);
  });

  it("reopens a resolved request when the client replies, and tells staff", async () => {
    const ticket = await makeTicket(t.db, client.id, { status: 'resolved', raisedByPortalUserId: maria.userId });
    const before = await lastMailId(t.db);
    const res = await post(t, `/portal/tickets/${ticket.id}/reply`, { body: 'Still broken,\nsorry.' }, maria.cookie);
    expect(res.status).toBe(303);
    const page = await (await get(t, `/portal/tickets/${ticket.id}`, maria.cookie)).text();
    expect(page).toContain('data-status="open"');
    expect(page).toContain('Still broken,\nsorry.');
    const mails = await mailSince(t.db, before);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to_addresses).toBe('admin@firm.test');
    expect(mails[0]?.text_body).toContain('Still broken');
  });

  it('refuses a reply on a closed request with 409, and an empty reply with 422', async () => {
    const closed = await makeTicket(t.db, client.id, { status: 'closed' });
    const open = await makeTicket(t.db, client.id);
    const before = await counts(t.db);
    const res = await post(t, `/portal/tickets/${closed.id}/reply`, { body: 'hello?' }, maria.cookie);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('This request is closed');
    const empty = await post(t, `/portal/tickets/${open.id}/reply`, { body: ' \r\n ' }, maria.cookie);
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('This field is required.');
    expect(await counts(t.db)).toEqual(before);
  });
});
