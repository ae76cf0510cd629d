import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { daysAgo, makeDoc, makeStaff, setVisibility } from './support.js';

let t: TestApp;
let staff: string;
let clientId: number;
let otherClientId: number;
let owner: PortalMember;
let accounts: PortalMember;

beforeAll(async () => {
  t = await makeTestApp();
  staff = await t.staffCookie();
  await makeStaff(t.db, 'bob@firm.test', { name: 'Bob Staff' });
  await makeStaff(t.db, 'gone@firm.test', { disabled: true });
  clientId = (await makeClient(t.db, { name: 'Acme Heating Ltd' })).id;
  otherClientId = (await makeClient(t.db, { name: 'Other Ltd' })).id;
  await setVisibility(t.db, clientId, { estimates: true });
  await setVisibility(t.db, otherClientId, { estimates: true });
  owner = await makePortalMember(t, clientId, { role: 'owner', name: 'Μαρία Κ.', signIn: 'direct' });
  accounts = await makePortalMember(t, clientId, { role: 'accounts', signIn: 'direct' });
});
afterAll(() => t.close());

function post(path: string, fields: Record<string, string>, cookie: string) {
  return t.postForm(path, fields, cookie);
}

async function estimateRow(id: number) {
  return t.db.selectFrom('documents').select(['status', 'response_comment', 'responded_at']).where('id', '=', id).executeTakeFirstOrThrow();
}

async function countsFor(id: number) {
  const [events, notes, mails] = await Promise.all([
    t.db.selectFrom('events').selectAll().where('subject_type', '=', 'estimate').where('subject_id', '=', id).where('action', 'in', ['accepted', 'rejected']).execute(),
    t.db.selectFrom('notifications').selectAll().where('kind', 'in', ['estimate_accepted', 'estimate_rejected']).where('link', '=', `/estimates/${id}`).execute(),
    t.db.selectFrom('mail_outbox').selectAll().where('subject_type', '=', 'estimate').where('subject_id', '=', id).execute(),
  ]);
  return { events, notes, mails };
}

describe('accepting an estimate', () => {
  it('accepts a sent estimate with a comment, notifies every active staff member in-app and by email', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    const res = await post(`/portal/estimates/${est.id}/accept`, { comment: 'Παράδοση σε 15 ημέρες' }, owner.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/portal/estimates/${est.id}?done=accepted`);
    const row = await estimateRow(est.id);
    expect(row.status).toBe('accepted');
    expect(row.response_comment).toBe('Παράδοση σε 15 ημέρες');
    expect(row.responded_at).not.toBeNull();

    const { events, notes, mails } = await countsFor(est.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_type: 'portal', actor_id: owner.userId, actor_name: 'Μαρία Κ.', client_id: clientId });

    const active = await t.db.selectFrom('staff_users').select(['id', 'email']).where('disabled_at', 'is', null).execute();
    expect(active.length).toBe(2);
    expect(notes.map((n) => n.staff_user_id).sort()).toEqual(active.map((s) => s.id).sort());
    expect(JSON.parse(notes[0]!.data)).toMatchObject({ name: 'Μαρία Κ.', number: est.number, comment: 'Παράδοση σε 15 ημέρες' });

    expect(mails.map((m) => m.to_addresses).sort()).toEqual(active.map((s) => s.email).sort());
    expect(mails.every((m) => m.template === 'notice' && m.status === 'queued')).toBe(true);
    expect(mails[0]!.subject).toContain(`${est.number}`);
    expect(mails[0]!.text_body).toContain('Παράδοση σε 15 ημέρες');
    expect(mails[0]!.text_body).toContain(`http://stoa.test/estimates/${est.id}`);
    expect(mails.some((m) => m.to_addresses.includes('gone@firm.test'))).toBe(false);
  });

  it('shows the staff the answer on the bell', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    await post(`/portal/estimates/${est.id}/accept`, { comment: '' }, owner.cookie);
    const html = await (await t.get('/notifications', staff)).text();
    expect(html).toContain(`Μαρία Κ. accepted estimate ${est.number}`);
  });

  it('refuses a second answer with 409 and changes nothing twice', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    expect((await post(`/portal/estimates/${est.id}/accept`, {}, owner.cookie)).status).toBe(303);
    const again = await post(`/portal/estimates/${est.id}/accept`, { comment: 'again' }, owner.cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already been accepted');
    const reject = await post(`/portal/estimates/${est.id}/reject`, { reason: 'changed my mind' }, owner.cookie);
    expect(reject.status).toBe(409);
    const row = await estimateRow(est.id);
    expect(row.status).toBe('accepted');
    expect(row.response_comment).toBeNull();
    const { events, notes, mails } = await countsFor(est.id);
    expect(events).toHaveLength(1);
    expect(notes).toHaveLength(2);
    expect(mails).toHaveLength(2);
  });

  it('answers two concurrent clicks once: one event, one set of notifications', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    const results = await Promise.all([
      post(`/portal/estimates/${est.id}/accept`, { comment: 'first' }, owner.cookie),
      post(`/portal/estimates/${est.id}/accept`, { comment: 'second' }, owner.cookie),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    const { events, notes, mails } = await countsFor(est.id);
    expect(events).toHaveLength(1);
    expect(notes).toHaveLength(2);
    expect(mails).toHaveLength(2);
  });

  it('refuses an expired estimate with 409 and leaves it sent', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId, { issue_date: daysAgo(40), valid_until: daysAgo(1) });
    const res = await post(`/portal/estimates/${est.id}/accept`, {}, owner.cookie);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('has expired');
    expect((await estimateRow(est.id)).status).toBe('sent');
    expect((await countsFor(est.id)).events).toHaveLength(0);
  });

  it('accepts on the last valid day', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId, { valid_until: daysAgo(0) });
    expect((await post(`/portal/estimates/${est.id}/accept`, {}, owner.cookie)).status).toBe(303);
  });

  it('refuses a member without the approve permission with 403, nothing changes', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    const res = await post(`/portal/estimates/${est.id}/accept`, {}, accounts.cookie);
    expect(res.status).toBe(403);
    expect((await estimateRow(est.id)).status).toBe('sent');
    expect((await countsFor(est.id)).events).toHaveLength(0);
  });

  it('answers 404 for another client’s estimate, a draft, an unknown or a malformed id', async () => {
    const foreign = await makeDoc(t.db, 'estimate', otherClientId);
    const draft = await makeDoc(t.db, 'estimate', clientId, { status: 'draft' });
    const invoice = await makeDoc(t.db, 'invoice', clientId);
    for (const id of [String(foreign.id), String(draft.id), String(invoice.id), '999999', 'abc', '0', '-1']) {
      expect((await post(`/portal/estimates/${id}/accept`, {}, owner.cookie)).status).toBe(404);
      expect((await post(`/portal/estimates/${id}/reject`, {}, owner.cookie)).status).toBe(404);
    }
    expect((await estimateRow(foreign.id)).status).toBe('sent');
    expect((await estimateRow(draft.id)).status).toBe('draft');
  });

  it('answers 404 when estimates are not visible to the client', async () => {
    const hiddenClient = (await makeClient(t.db, { name: 'Hidden Ltd' })).id;
    const m = await makePortalMember(t, hiddenClient, { role: 'owner', signIn: 'direct' });
    const est = await makeDoc(t.db, 'estimate', hiddenClient);
    expect((await post(`/portal/estimates/${est.id}/accept`, {}, m.cookie)).status).toBe(404);
    expect((await estimateRow(est.id)).status).toBe('sent');
  });

  it('refuses a comment over 1000 characters with 422 and shows the form again', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    const long = 'x'.repeat(1001);
    const res = await post(`/portal/estimates/${est.id}/accept`, { comment: long }, owner.cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(long);
    expect(html).toContain('class="field has-error"');
    expect((await estimateRow(est.id)).status).toBe('sent');
    expect((await countsFor(est.id)).events).toHaveLength(0);
  });

  it('escapes what the member typed everywhere it is shown', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    await post(`/portal/estimates/${est.id}/accept`, { comment: '<script>alert(1)</script>' }, owner.cookie);
    const html = await (await t.get('/notifications', staff)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('rejecting an estimate', () => {
  it('rejects with a reason and notifies staff', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    const res = await post(`/portal/estimates/${est.id}/reject`, { reason: 'Budget approved for next year' }, owner.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/portal/estimates/${est.id}?done=rejected`);
    const row = await estimateRow(est.id);
    expect(row.status).toBe('rejected');
    expect(row.response_comment).toBe('Budget approved for next year');
    const { notes, mails } = await countsFor(est.id);
    expect(notes.every((n) => n.kind === 'estimate_rejected')).toBe(true);
    // Staff emails speak the firm's language (Greek by default).
    expect(mails[0]!.text_body).toContain('Αιτία: Budget approved for next year');
    const again = await post(`/portal/estimates/${est.id}/accept`, {}, owner.cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already been rejected');
  });

  it('refuses a reason over 1000 characters with 422', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    const res = await post(`/portal/estimates/${est.id}/reject`, { reason: 'y'.repeat(1001) }, owner.cookie);
    expect(res.status).toBe(422);
    expect((await estimateRow(est.id)).status).toBe('sent');
  });
});

describe('staff preview', () => {
  it('refuses to answer and records nothing', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    const before = await t.db.selectFrom('events').select('id').execute();
    const res = await t.postForm(`/preview/${clientId}/${owner.contactId}/estimates/${est.id}/accept`, { comment: 'ok' }, staff);
    expect(res.status).toBe(403);
    expect((await estimateRow(est.id)).status).toBe('sent');
    expect(await t.db.selectFrom('events').select('id').execute()).toHaveLength(before.length);
    expect((await countsFor(est.id)).notes).toHaveLength(0);
  });
});

describe('the answer forms on the estimate page', () => {
  it('are shown to a member who may approve, with the comment hint', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    const html = await (await t.get(`/portal/estimates/${est.id}`, owner.cookie)).text();
    expect(html).toContain(`action="/portal/estimates/${est.id}/accept"`);
    expect(html).toContain(`action="/portal/estimates/${est.id}/reject"`);
    expect(html).toContain('name="comment"');
    expect(html).toContain('name="reason"');
    expect(html).toContain('e.g. delivery in 15 days');
  });

  it('are absent for a member without the approve permission, and once answered', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    expect(await (await t.get(`/portal/estimates/${est.id}`, accounts.cookie)).text()).not.toContain('/accept"');
    await post(`/portal/estimates/${est.id}/accept`, {}, owner.cookie);
    const html = await (await t.get(`/portal/estimates/${est.id}?done=accepted`, owner.cookie)).text();
    expect(html).not.toContain('/accept"');
    expect(html).toContain('the estimate is accepted');
  });

  it('are disabled in a staff preview', async () => {
    const est = await makeDoc(t.db, 'estimate', clientId);
    const html = await (await t.get(`/preview/${clientId}/${owner.contactId}/estimates/${est.id}`, staff)).text();
    expect(html).toContain(`action="/preview/${clientId}/${owner.contactId}/estimates/${est.id}/accept"`);
    expect(html.match(/<fieldset disabled="" class="plain">/g)?.length).toBe(2);
  });
});
