import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyStaff } from '../../src/notifications/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';

let t: TestApp;
let anna: string;
let annaId: number;
let bob: string;
let bobId: number;
let clientId: number;

const unreadBadge = (html: string) => /<span class="bell-count" data-count="(\d+)">/.exec(html)?.[1] ?? null;

beforeAll(async () => {
  t = await makeTestApp();
  anna = await t.staffCookie('anna@firm.test');
  bob = await t.staffCookie('bob@firm.test');
  const ids = await t.db.selectFrom('staff_users').select(['id', 'email']).execute();
  annaId = ids.find((s) => s.email === 'anna@firm.test')!.id;
  bobId = ids.find((s) => s.email === 'bob@firm.test')!.id;
  clientId = (await makeClient(t.db, { name: 'Acme <Heating> Ltd' })).id;
});
afterAll(() => t.close());

async function viewed(name: string, number: string, link: string, at?: string) {
  await notifyStaff(t.db, { kind: 'document_viewed', clientId, data: { name, number, kind: 'invoice' }, link });
  if (at) await t.db.updateTable('notifications').set({ created_at: at }).where('data', 'like', `%"${number}"%`).execute();
}

async function unread(staffId: number) {
  return (await t.db.selectFrom('notifications').select('id').where('staff_user_id', '=', staffId).where('read_at', 'is', null).execute()).length;
}

describe('the staff bell', () => {
  it('shows no count when nothing is unread, and links to /notifications', async () => {
    const html = await (await t.get('/clients', anna)).text();
    expect(html).toContain('href="/notifications"');
    expect(html).toContain('Notifications: none unread');
    expect(unreadBadge(html)).toBeNull();
    expect(await (await t.get('/notifications', anna)).text()).toContain('No notifications yet.');
  });

  it('counts the signed-in member’s unread notifications on every staff page', async () => {
    await viewed('Μαρία', 'INV-2026-0012', '/invoices/12');
    await viewed('Μαρία', 'INV-2026-0012', '/invoices/12');
    await viewed('Γιώργος', 'INV-2026-0013', '/invoices/13');
    for (const path of ['/', '/clients', `/clients/${clientId}`, '/invoices']) {
      expect(unreadBadge(await (await t.get(path, anna)).text())).toBe('3');
    }
    expect(unreadBadge(await (await t.get('/clients', bob)).text())).toBe('3');
  });

  it('refreshes its count as an htmx fragment rendered by the same component', async () => {
    const res = await t.get('/notifications/bell', anna, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<a id="notification-bell"')).toBe(true);
    expect(html).toContain('hx-trigger="every 60s"');
    expect(unreadBadge(html)).toBe('3');
  });

  it('groups notifications by day and record on /notifications, unread highlighted', async () => {
    const html = await (await t.get('/notifications', anna)).text();
    expect(html).toContain('<h2>Today</h2>');
    expect(html).toContain('<a href="/invoices/12">Μαρία viewed INV-2026-0012 2 times</a>');
    expect(html).toContain('<a href="/invoices/13">Γιώργος viewed INV-2026-0013</a>');
    expect(html.match(/class="notification unread"/g)).toHaveLength(2);
    expect(html).toContain('Acme &lt;Heating&gt; Ltd');
    expect(html).not.toContain('Acme <Heating> Ltd');
  });

  it('marks one group read for the caller only', async () => {
    const mine = await t.db.selectFrom('notifications').select('id').where('staff_user_id', '=', annaId).where('link', '=', '/invoices/12').execute();
    const bobs = await t.db.selectFrom('notifications').select('id').where('staff_user_id', '=', bobId).execute();
    // Bob's ids in Anna's form change nothing of Bob's.
    const res = await t.postForm('/notifications/read', { id: [...mine.map((r) => String(r.id)), ...bobs.map((r) => String(r.id))] }, anna);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/notifications?done=read');
    expect(await unread(annaId)).toBe(1);
    expect(await unread(bobId)).toBe(3);
    const html = await (await t.get('/notifications?done=read', anna)).text();
    expect(html).toContain('Marked as read.');
    expect(html.match(/class="notification unread"/g)).toHaveLength(1);
    expect(html).toContain('<a href="/invoices/12">Μαρία viewed INV-2026-0012 2 times</a>');
    expect(unreadBadge(html)).toBe('1');
  });

  it('marks all read for the caller only', async () => {
    const res = await t.postForm('/notifications/read-all', {}, anna);
    expect(res.status).toBe(303);
    expect(await unread(annaId)).toBe(0);
    expect(await unread(bobId)).toBe(3);
    const html = await (await t.get('/notifications?done=all_read', anna)).text();
    expect(html).toContain('All notifications are marked as read.');
    expect(html).not.toContain('action="/notifications/read-all"');
  });

  it('refuses a mark-as-read without valid ids with 422, changing nothing', async () => {
    const cases: Array<Record<string, string | string[]>> = [{}, { id: 'abc' }, { id: ['1', 'x'] }, { id: '-4' }, { id: Array.from({ length: 101 }, (_, i) => String(i + 1)) }];
    for (const fields of cases) {
      const res = await t.postForm('/notifications/read', fields, bob);
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('Nothing was marked');
    }
    expect(await unread(bobId)).toBe(3);
  });

  it('splits days and pages older notifications', async () => {
    await viewed('Ελένη', 'INV-2025-0001', '/invoices/1', '2025-01-05T10:00:00.000Z');
    const html = await (await t.get('/notifications', bob)).text();
    expect(html).toContain('<h2>Today</h2>');
    expect(html).toMatch(/<h2>5 Jan 2025<\/h2>/);
    expect((await t.get('/notifications?before=abc', bob)).status).toBe(200);
  });

  it('needs a staff session', async () => {
    expect((await t.get('/notifications')).status).toBe(303);
    expect((await t.postForm('/notifications/read-all', {})).status).toBe(303);
    expect(await unread(bobId)).toBeGreaterThan(0);
  });
});
