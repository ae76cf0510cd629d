import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { upsertAdmin } from '../../src/auth/service.js';
import { recordDocumentView } from '../../src/portal/views-tracking.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { makeClient, makeIssued, oneLine } from '../documents/factories.js';
import { ALL_FINANCIAL, portalGet, setVisibility } from './support.js';

let t: TestApp;
let clientId: number;
let staffCookie: string;
let anna: PortalMember;
let nikos: PortalMember;
let invoice: { id: number; number: string };
let estimate: { id: number; number: string };
let staffIds: number[];

beforeAll(async () => {
  t = await makeTestApp();
  staffCookie = await t.staffCookie();
  await upsertAdmin(t.db, { email: 'second@firm.test', password: 'correct horse battery', name: 'Second Staff' });
  await upsertAdmin(t.db, { email: 'gone@firm.test', password: 'correct horse battery', name: 'Gone Staff' });
  await t.db.updateTable('staff_users').set({ disabled_at: new Date().toISOString() }).where('email', '=', 'gone@firm.test').execute();
  staffIds = (await t.db.selectFrom('staff_users').select('id').where('disabled_at', 'is', null).orderBy('id').execute()).map((r) => r.id);
  clientId = await makeClient(t.db, { name: 'Viewed Co' });
  await setVisibility(t.db, clientId, ALL_FINANCIAL);
  invoice = await makeIssued(t.db, 'invoice', oneLine(clientId, 10000));
  estimate = await makeIssued(t.db, 'estimate', oneLine(clientId, 10000));
  anna = await makePortalMember(t, clientId, { name: 'Anna Client' });
  nikos = await makePortalMember(t, clientId, { name: 'Νίκος Πελάτης' });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.deleteFrom('notifications').execute();
  await t.db.deleteFrom('events').where('action', '=', 'viewed').execute();
});

const views = (subjectId: number) =>
  t.db.selectFrom('events').selectAll().where('action', '=', 'viewed').where('subject_id', '=', subjectId).orderBy('id').execute();
const notifications = () => t.db.selectFrom('notifications').selectAll().where('kind', '=', 'document_viewed').orderBy('id').execute();

describe('viewed tracking', () => {
  it('records an event each time a member opens a document, and notifies every active staff member once', async () => {
    expect((await portalGet(t, `/portal/invoices/${invoice.id}`, anna.cookie)).status).toBe(200);
    expect((await portalGet(t, `/portal/invoices/${invoice.id}`, anna.cookie)).status).toBe(200);
    const events = await views(invoice.id);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actor_type: 'portal', actor_id: anna.userId, actor_name: 'Anna Client', client_id: clientId, subject_type: 'invoice' });
    expect(JSON.parse(events[0]!.detail!)).toEqual({ label: invoice.number, via: 'page' });
    const sent = await notifications();
    expect(sent.map((n) => n.staff_user_id)).toEqual(staffIds);
    expect(sent[0]).toMatchObject({ client_id: clientId, link: `/invoices/${invoice.id}`, portal_user_id: null, read_at: null });
    expect(JSON.parse(sent[0]!.data)).toEqual({ name: 'Anna Client', number: invoice.number, kind: 'invoice' });
  });

  it('groups the PDF with the page, notifies again after half an hour, and for another person at once', async () => {
    await portalGet(t, `/portal/invoices/${invoice.id}`, anna.cookie);
    const portal = { preview: null, user: { id: anna.userId, name: 'Anna Client', email: anna.email, language: 'en' as const, mustChangePassword: false } };
    expect(await recordDocumentView(t.db, portal, { kind: 'invoice', id: invoice.id, number: invoice.number, clientId }, 'pdf')).toEqual({ recorded: true, notified: false });
    expect(JSON.parse((await views(invoice.id))[1]!.detail!)).toEqual({ label: invoice.number, via: 'pdf' });
    expect(await notifications()).toHaveLength(staffIds.length);

    await portalGet(t, `/portal/invoices/${invoice.id}`, nikos.cookie);
    expect(await notifications()).toHaveLength(staffIds.length * 2);

    const anHourAgo = new Date(Date.now() - 60 * 60_000).toISOString();
    await t.db.updateTable('events').set({ at: anHourAgo }).where('action', '=', 'viewed').execute();
    await portalGet(t, `/portal/invoices/${invoice.id}`, anna.cookie);
    expect(await notifications()).toHaveLength(staffIds.length * 3);
    expect(await views(invoice.id)).toHaveLength(4);
  });

  it('treats each document on its own', async () => {
    await portalGet(t, `/portal/invoices/${invoice.id}`, anna.cookie);
    await portalGet(t, `/portal/estimates/${estimate.id}`, anna.cookie);
    const sent = await notifications();
    expect(sent).toHaveLength(staffIds.length * 2);
    expect(sent.map((n) => JSON.parse(n.data).kind)).toContain('estimate');
    expect((await views(estimate.id))[0]).toMatchObject({ subject_type: 'estimate' });
  });

  it('shows the view in the staff document history', async () => {
    await portalGet(t, `/portal/invoices/${invoice.id}`, nikos.cookie);
    const html = await (await t.get(`/invoices/${invoice.id}`, staffCookie)).text();
    expect(html).toContain('Νίκος Πελάτης');
    expect(html).toContain(`viewed invoice ${invoice.number} in the portal`);
  });

  it('records nothing when a list is shown or a request is refused', async () => {
    await portalGet(t, '/portal/invoices', anna.cookie);
    const other = await makeClient(t.db, { name: 'Other' });
    const foreign = await makeIssued(t.db, 'invoice', oneLine(other, 100));
    expect((await portalGet(t, `/portal/invoices/${foreign.id}`, anna.cookie)).status).toBe(404);
    expect(await t.db.selectFrom('events').select('id').where('action', '=', 'viewed').execute()).toHaveLength(0);
    expect(await notifications()).toHaveLength(0);
  });
});

describe('a staff preview of a document', () => {
  it('shows the page read-only and records nothing as the client’s', async () => {
    const res = await t.get(`/preview/${clientId}/${anna.contactId}/invoices/${invoice.id}`, staffCookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('preview-banner');
    expect(html).toContain(`Invoice ${invoice.number}`);
    expect(html).toContain(`href="/preview/${clientId}/${anna.contactId}/invoices/${invoice.id}/pdf"`);
    const owner = await makePortalMember(t, clientId, { role: 'owner', name: 'Olga Owner' });
    const est = await (await t.get(`/preview/${clientId}/${owner.contactId}/estimates/${estimate.id}`, staffCookie)).text();
    expect(est).toMatch(/<fieldset disabled="" class="plain">/);
    expect(await views(invoice.id)).toHaveLength(0);
    expect(await views(estimate.id)).toHaveLength(0);
    expect(await notifications()).toHaveLength(0);
  });

  it('previews the lists, with a columns chooser that only changes the URL', async () => {
    const html = await (await t.get(`/preview/${clientId}/0/invoices`, staffCookie)).text();
    expect(html).toContain(`href="/preview/${clientId}/0/invoices/${invoice.id}"`);
    expect(html).toContain(`<form method="get" action="/preview/${clientId}/0/invoices"><input type="hidden" name="cols"`);
    const partial = await t.get(`/preview/${clientId}/0/invoices?cols=total`, staffCookie, { 'HX-Request': 'true' });
    expect(await partial.text()).not.toContain('<html');
    expect(await t.db.selectFrom('portal_user_preferences').select('key').execute()).toHaveLength(0);
  });

  it('refuses another client’s document in a preview', async () => {
    const other = await makeClient(t.db, { name: 'Someone Else' });
    const foreign = await makeIssued(t.db, 'invoice', oneLine(other, 100));
    expect((await t.get(`/preview/${clientId}/0/invoices/${foreign.id}`, staffCookie)).status).toBe(404);
  });

  it('never records a view for a preview, even when called directly', async () => {
    const preview = { preview: { staffName: 'Anna Admin', contactName: 'Anna Client', hasAccess: true }, user: { id: null, name: 'Anna Client', email: '', language: 'en' as const, mustChangePassword: false } };
    expect(await recordDocumentView(t.db, preview, { kind: 'invoice', id: invoice.id, number: invoice.number, clientId }, 'pdf')).toEqual({ recorded: false });
    expect(await views(invoice.id)).toHaveLength(0);
  });
});
