import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/db/schema.js';
import { setPreference } from '../../src/portal/preferences.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraftInvoice, makeIssuedInvoice } from '../helpers/factories.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { counts, get, idFrom, lastMailId, mailSince, notificationsOf, post, showInPortal, staffId } from '../tickets/support.js';
import { makeThread } from './factories.js';
import { makeTicket } from '../tickets/factories.js';

// Conversations between a client's members and staff: both directions, notifications and
// emails, unread counts, live updates by polling, and who may see and write what.

let t: TestApp;
let staffCookie: string;
let client: Client;
let other: Client;
let maria: PortalMember;
let giorgos: PortalMember;
let viewer: PortalMember;

beforeAll(async () => {
  t = await makeTestApp();
  staffCookie = await t.staffCookie();
  client = await makeClient(t.db, { name: 'Alpha Audit' });
  other = await makeClient(t.db, { name: 'Beta Builders' });
  await showInPortal(t.db, client.id, ['invoices', 'tickets']);
  await showInPortal(t.db, other.id, ['invoices', 'tickets']);
  maria = await makePortalMember(t, client.id, { role: 'owner', name: 'Maria Owner' });
  giorgos = await makePortalMember(t, client.id, { role: 'accounts', name: 'Giorgos Accounts', language: 'el' });
  viewer = await makePortalMember(t, client.id, { role: 'viewer', name: 'Vicky Viewer', permissions: { view_finances: false } });
});
afterAll(() => t.close());

/** The ids of the messages a page or fragment shows, in order. */
function messageIds(html: string): number[] {
  return [...html.matchAll(/data-message-id="(\d+)"/g)].map((m) => Number(m[1]));
}

describe('a member writes to the firm', () => {
  it('starts the general conversation; staff are told in-app and by email, the author and other members as they should be', async () => {
    const before = await lastMailId(t.db);
    const res = await post(t, '/portal/messages', { about: 'general', body: 'Hello,\ncan we talk about the audit?' }, maria.cookie);
    expect(res.status).toBe(303);
    const threadId = idFrom(res.headers.get('location'));

    const page = await (await get(t, `/portal/messages/${threadId}?done=sent`, maria.cookie)).text();
    expect(page).toContain('General conversation');
    expect(page).toContain('Hello,\ncan we talk about the audit?');
    expect(page).toContain('Message sent.');

    const admin = await staffId(t.db);
    const [note] = await notificationsOf(t.db, { staffId: admin });
    expect(note).toMatchObject({ kind: 'message_received', link: `/messages/${threadId}`, read_at: null });
    const mails = await mailSince(t.db, before);
    const to = mails.map((m) => m.to_addresses).sort();
    // Staff, and Giorgos (a member who may see it); never Maria, who wrote it.
    expect(to).toEqual(['admin@firm.test', giorgos.email, viewer.email].sort());
    const greek = mails.find((m) => m.to_addresses === giorgos.email);
    expect(greek?.subject).toContain('Νέο μήνυμα από Maria Owner');
    expect(greek?.text_body).toContain(`/portal/messages/${threadId}`);
    expect((await notificationsOf(t.db, { portalUserId: maria.userId })).some((n) => n.kind === 'message_received')).toBe(false);
    expect((await notificationsOf(t.db, { portalUserId: giorgos.userId }))[0]?.link).toBe(`/portal/messages/${threadId}`);
  });

  it('keeps one general conversation per client: a second start continues it', async () => {
    const first = await post(t, '/portal/messages', { about: 'general', body: 'One' }, maria.cookie);
    const second = await post(t, '/portal/messages', { about: 'general', body: 'Two' }, giorgos.cookie);
    expect(idFrom(first.headers.get('location'))).toBe(idFrom(second.headers.get('location')));
    const again = await get(t, '/portal/messages/new?about=general', maria.cookie);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`/portal/messages/${idFrom(first.headers.get('location'))}`);
  });

  it('writes about one of the client\'s invoices, and refuses a draft or another client\'s invoice', async () => {
    const invoice = await makeIssuedInvoice(t.db, client.id);
    const res = await post(t, '/portal/messages', { about: `invoice:${invoice.id}`, body: 'Is this paid?' }, maria.cookie);
    expect(res.status).toBe(303);
    const page = await (await get(t, res.headers.get('location')!, maria.cookie)).text();
    expect(page).toContain(`Invoice ${invoice.number}`);
    expect(page).toContain(`href="/portal/invoices/${invoice.id}"`);

    const draft = await makeDraftInvoice(t.db, client.id);
    const foreign = await makeIssuedInvoice(t.db, other.id);
    const before = await counts(t.db);
    for (const about of [`invoice:${draft.id}`, `invoice:${foreign.id}`, 'invoice:999999', 'payment:1', '']) {
      const bad = await post(t, '/portal/messages', { about, body: 'x' }, maria.cookie);
      expect(bad.status, about).toBe(422);
      const html = await bad.text();
      expect(html).toContain('Choose what the message is about.');
      expect(html).not.toContain(foreign.number!);
    }
    const empty = await post(t, '/portal/messages', { about: 'general', body: '  ' }, maria.cookie);
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('This field is required.');
    expect(await counts(t.db)).toEqual(before);
  });

  it('escapes messages and keeps their line breaks, on portal and staff pages', async () => {
    const res = await post(t, '/portal/messages', { about: 'general', body: '<script>alert(1)</script>\n"><img src=x onerror=alert(1)>' }, maria.cookie);
    const id = idFrom(res.headers.get('location'));
    for (const [url, cookie] of [[`/portal/messages/${id}`, maria.cookie], ['/portal/messages', maria.cookie], [`/messages/${id}`, staffCookie], ['/messages', staffCookie]] as const) {
      const html = await (await get(t, url, cookie)).text();
      expect(html, url).not.toContain('<script>alert(1)');
      expect(html, url).not.toContain('<img src=x');
    }
    const page = await (await get(t, `/portal/messages/${id}`, maria.cookie)).text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\n');
  });
});

describe('staff write to a client', () => {
  it('start from the client\'s Messages tab; the members are told, the unread counts follow who read what', async () => {
    const invoice = await makeIssuedInvoice(t.db, client.id);
    const before = await lastMailId(t.db);
    const res = await post(t, `/clients/${client.id}/messages`, { about: `invoice:${invoice.id}`, body: 'Your invoice is attached.' }, staffCookie);
    expect(res.status).toBe(303);
    const threadId = idFrom(res.headers.get('location'));

    // Vicky may not see invoices (no "view finances"): she is neither told nor shown the thread.
    const mails = await mailSince(t.db, before);
    expect(mails.map((m) => m.to_addresses).sort()).toEqual([maria.email, giorgos.email].sort());
    expect(mails.every((m) => m.text_body.includes('Your invoice is attached.'))).toBe(true);
    expect((await get(t, `/portal/messages/${threadId}`, viewer.cookie)).status).toBe(404);
    expect(await (await get(t, '/portal/messages', viewer.cookie)).text()).not.toContain(invoice.number!);

    const list = await (await get(t, '/portal/messages', maria.cookie)).text();
    expect(list).toContain(`Invoice ${invoice.number}`);
    expect(list).toContain('1 unread message');
    // Opening the thread reads it, and clears its notifications.
    await get(t, `/portal/messages/${threadId}`, maria.cookie);
    const after = await (await get(t, '/portal/messages', maria.cookie)).text();
    expect(after).not.toMatch(new RegExp(`Invoice ${invoice.number}</a><span class="visually-hidden"> 1 unread`));
    const notes = await notificationsOf(t.db, { portalUserId: maria.userId });
    expect(notes.filter((n) => n.link === `/portal/messages/${threadId}`).every((n) => n.read_at !== null)).toBe(true);
    // Giorgos has not read it yet.
    expect(await (await get(t, '/portal/messages', giorgos.cookie)).text()).toContain('1 μη αναγνωσμένο μήνυμα');
  });

  it('respects a member who turned message emails off (in-app only)', async () => {
    await setPreference(t.db, giorgos.userId, 'notify', { message_received: false });
    const { threadId } = await makeThread(t.db, client.id, { aboutType: 'ticket', aboutId: (await makeTicket(t.db, client.id, { subject: 'Quiet' })).id });
    const before = await lastMailId(t.db);
    const notesBefore = (await notificationsOf(t.db, { portalUserId: giorgos.userId })).length;
    expect((await post(t, `/messages/${threadId}/reply`, { body: 'Quiet reply' }, staffCookie)).status).toBe(303);
    const to = (await mailSince(t.db, before)).map((m) => m.to_addresses);
    expect(to).toContain(maria.email);
    expect(to).not.toContain(giorgos.email);
    expect((await notificationsOf(t.db, { portalUserId: giorgos.userId })).length).toBe(notesBefore + 1);
    await setPreference(t.db, giorgos.userId, 'notify', {});
  });

  it('shows every conversation in the firm\'s inbox with this staff member\'s unread counts', async () => {
    const res = await post(t, '/portal/messages', { about: 'general', body: 'Inbox check' }, maria.cookie);
    const threadId = idFrom(res.headers.get('location'));
    const inbox = await (await get(t, '/messages?unread=1', staffCookie)).text();
    expect(inbox).toContain(`href="/messages/${threadId}"`);
    expect(inbox).toContain('Alpha Audit');
    await get(t, `/messages/${threadId}`, staffCookie);
    const unread = await (await get(t, '/messages?unread=1', staffCookie)).text();
    expect(unread).not.toContain(`href="/messages/${threadId}"`);
    expect(await (await get(t, '/messages', staffCookie)).text()).toContain(`href="/messages/${threadId}"`);
    const tab = await (await get(t, `/clients/${client.id}/messages`, staffCookie)).text();
    expect(tab).toContain(`href="/messages/${threadId}"`);
  });

  it('answers bad staff input with field errors and 422, and unknown ids with 404', async () => {
    const before = await counts(t.db);
    const bad = await post(t, `/clients/${client.id}/messages`, { about: `invoice:${(await makeIssuedInvoice(t.db, other.id)).id}`, body: '' }, staffCookie);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Choose what the message is about.');
    expect(html).toContain('This field is required.');
    const { threadId } = await makeThread(t.db, client.id, { aboutType: 'project', aboutId: 424242 });
    const mid = await counts(t.db);
    expect((await post(t, `/messages/${threadId}/reply`, { body: '' }, staffCookie)).status).toBe(422);
    expect(await counts(t.db)).toEqual(mid);
    expect(before.messages + 1).toBe(mid.messages);
    expect((await get(t, '/messages/999999', staffCookie)).status).toBe(404);
    expect((await post(t, '/messages/999999/reply', { body: 'x' }, staffCookie)).status).toBe(404);
    expect((await post(t, '/clients/999999/messages', { about: 'general', body: 'x' }, staffCookie)).status).toBe(404);
  });
});

describe('live updates', () => {
  it('polls with 204 when nothing is new and answers only the new messages, with the next hook', async () => {
    const res = await post(t, '/portal/messages', { about: 'general', body: 'Polling start' }, maria.cookie);
    const threadId = idFrom(res.headers.get('location'));
    const page = await (await get(t, `/portal/messages/${threadId}`, maria.cookie)).text();
    const lastId = Math.max(...messageIds(page));
    expect(page).toContain(`hx-get="/portal/messages/${threadId}/messages?after=${lastId}"`);
    expect(page).toContain('hx-trigger="every 10s"');

    const idle = await get(t, `/portal/messages/${threadId}/messages?after=${lastId}`, maria.cookie, { 'HX-Request': 'true' });
    expect(idle.status).toBe(204);
    expect(await idle.text()).toBe('');

    await post(t, `/messages/${threadId}/reply`, { body: 'Staff answer one' }, staffCookie);
    await post(t, `/messages/${threadId}/reply`, { body: 'Staff answer two' }, staffCookie);
    const fresh = await get(t, `/portal/messages/${threadId}/messages?after=${lastId}`, maria.cookie, { 'HX-Request': 'true' });
    expect(fresh.status).toBe(200);
    const html = await fresh.text();
    const ids = messageIds(html);
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => id > lastId)).toBe(true);
    expect(html).not.toContain('Polling start');
    expect(html).toContain('Staff answer one');
    expect(html).toContain('Staff answer two');
    expect(html).not.toContain('<html');
    expect(html).toContain(`hx-get="/portal/messages/${threadId}/messages?after=${Math.max(...ids)}"`);

    // The staff side polls the same way.
    const staffIdle = await get(t, `/messages/${threadId}/messages?after=${Math.max(...ids)}`, staffCookie, { 'HX-Request': 'true' });
    expect(staffIdle.status).toBe(204);
    const staffNew = await get(t, `/messages/${threadId}/messages?after=${lastId - 1}`, staffCookie, { 'HX-Request': 'true' });
    expect(messageIds(await staffNew.text())).toEqual([lastId, ...ids]);
  });
});

describe('who may see and write', () => {
  it('lets a member without the message permission read but not write (403, no form)', async () => {
    const ticket = await makeTicket(t.db, client.id, { subject: 'Readable by viewers' });
    const { threadId } = await makeThread(t.db, client.id, { aboutType: 'ticket', aboutId: ticket.id });
    const page = await get(t, `/portal/messages/${threadId}`, viewer.cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(`action="/portal/messages/${threadId}/reply"`);
    expect(await (await get(t, '/portal/messages', viewer.cookie)).text()).not.toContain('/portal/messages/new');
    const before = await counts(t.db);
    expect((await get(t, '/portal/messages/new', viewer.cookie)).status).toBe(403);
    expect((await post(t, '/portal/messages', { about: 'general', body: 'x' }, viewer.cookie)).status).toBe(403);
    expect((await post(t, `/portal/messages/${threadId}/reply`, { body: 'x' }, viewer.cookie)).status).toBe(403);
    expect(await counts(t.db)).toEqual(before);
  });

  it("answers 404 to another client's thread: page, live update and reply", async () => {
    const { threadId } = await makeThread(t.db, other.id, { body: 'Beta only' });
    const before = await counts(t.db);
    for (const url of [`/portal/messages/${threadId}`, `/portal/messages/${threadId}/messages?after=0`]) {
      const res = await get(t, url, maria.cookie);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('Beta only');
    }
    expect((await post(t, `/portal/messages/${threadId}/reply`, { body: 'x' }, maria.cookie)).status).toBe(404);
    expect(await counts(t.db)).toEqual(before);
  });

  it('hides threads about records the firm stops showing', async () => {
    const invoice = await makeIssuedInvoice(t.db, client.id);
    const { threadId } = await makeThread(t.db, client.id, { aboutType: 'invoice', aboutId: invoice.id });
    expect((await get(t, `/portal/messages/${threadId}`, maria.cookie)).status).toBe(200);
    await showInPortal(t.db, client.id, ['invoices'], 0);
    expect((await get(t, `/portal/messages/${threadId}`, maria.cookie)).status).toBe(404);
    expect((await post(t, `/portal/messages/${threadId}/reply`, { body: 'x' }, maria.cookie)).status).toBe(404);
    await showInPortal(t.db, client.id, ['invoices'], 1);
  });

  it('shows a staff preview the conversations read-only and records nothing', async () => {
    const { threadId } = await makeThread(t.db, client.id, { aboutType: 'estimate', aboutId: 0 });
    const base = `/preview/${client.id}/${maria.contactId}`;
    const list = await get(t, `${base}/messages`, staffCookie);
    expect(list.status).toBe(200);
    const before = await counts(t.db);
    const reads = await t.db.selectFrom('message_reads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const general = await t.db.selectFrom('message_threads').select('id').where('client_id', '=', client.id).where('about_type', '=', 'general').executeTakeFirstOrThrow();
    const page = await get(t, `${base}/messages/${general.id}`, staffCookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<fieldset disabled=""');
    expect((await post(t, `${base}/messages`, { about: 'general', body: 'x' }, staffCookie)).status).toBe(403);
    expect((await post(t, `${base}/messages/${general.id}/reply`, { body: 'x' }, staffCookie)).status).toBe(403);
    expect(await counts(t.db)).toEqual(before);
    const readsAfter = await t.db.selectFrom('message_reads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(readsAfter.n).toBe(reads.n);
    // A thread about an estimate that does not exist (id 0) is never shown.
    expect((await get(t, `${base}/messages/${threadId}`, staffCookie)).status).toBe(404);
  });
});
