import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/documents/service.js';
import { SYSTEM_ACTOR } from '../../src/events/service.js';
import { createDocument, issueDocument } from '../../src/documents/service.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makePortalMember, type PortalMember } from '../helpers/portal.js';
import { makeClient } from '../documents/factories.js';
import { makeDoc, setVisibility } from './support.js';

let t: TestApp;
let staff: string;
let clientId: number;
let owner: PortalMember;
let accounts: PortalMember;

const NEW_ADDRESS = { address_line1: 'Λεωφόρος Κηφισίας 100', address_line2: '3ος όροφος', city: 'Μαρούσι', postcode: '15125', country: 'GR', vat_number: 'EL123456789', phone: '+30 210 1234567' };

beforeAll(async () => {
  t = await makeTestApp();
  staff = await t.staffCookie();
  clientId = await makeClient(t.db, { name: 'Παπαδόπουλος & Συνεργάτες Ο.Ε.', city: 'Αθήνα' });
  await setVisibility(t.db, clientId, { invoices: true });
  owner = await makePortalMember(t, clientId, { role: 'owner', name: 'Νίκος Π.', signIn: 'direct' });
  accounts = await makePortalMember(t, clientId, { role: 'accounts', signIn: 'direct' });
});
afterAll(() => t.close());

async function client() {
  return t.db.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirstOrThrow();
}

describe('company information', () => {
  it('shows the active client’s details to a member who may edit them, linked from settings', async () => {
    const settings = await (await t.get('/portal/settings', owner.cookie)).text();
    expect(settings).toContain('href="/portal/settings/company"');
    const res = await t.get('/portal/settings/company', owner.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('value="Ermou 1"');
    expect(html).toContain('value="Αθήνα"');
    expect(html).toContain('action="/portal/settings/company"');
    expect(html).toContain('Documents already issued keep the details they were issued with.');
  });

  it('refuses members without the permission (403) and gives them no link', async () => {
    expect(await (await t.get('/portal/settings', accounts.cookie)).text()).not.toContain('/settings/company');
    expect((await t.get('/portal/settings/company', accounts.cookie)).status).toBe(403);
    const res = await t.postForm('/portal/settings/company', { city: 'Πάτρα' }, accounts.cookie);
    expect(res.status).toBe(403);
    expect((await client()).city).toBe('Αθήνα');
  });

  it('updates the client for future documents only: issued ones keep their snapshot on page and PDF', async () => {
    const old = await makeDoc(t.db, 'invoice', clientId);
    const eventsBefore = await t.db.selectFrom('events').select('id').where('subject_type', '=', 'client').where('subject_id', '=', clientId).execute();

    const res = await t.postForm('/portal/settings/company', { ...NEW_ADDRESS, name: 'Hijacked', currency: 'USD', notes: 'x', email: 'evil@example.com' }, owner.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal/settings/company?saved=1');
    const saved = await t.get('/portal/settings/company?saved=1', owner.cookie);
    expect(await saved.text()).toContain('Company information saved.');

    const row = await client();
    expect(row).toMatchObject({ ...NEW_ADDRESS, name: 'Παπαδόπουλος & Συνεργάτες Ο.Ε.', currency: 'EUR', notes: null });
    expect(row.email).not.toBe('evil@example.com');

    // One event by the portal member, one notification per active staff member.
    const events = await t.db.selectFrom('events').selectAll().where('subject_type', '=', 'client').where('subject_id', '=', clientId).execute();
    expect(events.length).toBe(eventsBefore.length + 1);
    expect(events[events.length - 1]).toMatchObject({ action: 'updated', actor_type: 'portal', actor_id: owner.userId, actor_name: 'Νίκος Π.' });
    const notes = await t.db.selectFrom('notifications').selectAll().where('kind', '=', 'company_updated').where('client_id', '=', clientId).execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.link).toBe(`/clients/${clientId}`);
    const bell = await (await t.get('/notifications', staff)).text();
    expect(bell).toContain('Νίκος Π. updated the company information of Παπαδόπουλος &amp; Συνεργάτες Ο.Ε.');

    // The issued invoice still shows the old address, on its page and in its PDF.
    const page = await (await t.get(`/portal/invoices/${old.id}`, owner.cookie)).text();
    expect(page).toContain('Ermou 1');
    expect(page).not.toContain('Κηφισίας');
    const pdf = await t.get(`/portal/invoices/${old.id}/pdf`, owner.cookie);
    expect(pdf.status).toBe(200);
    const { PDFParse } = await import('pdf-parse');
    const text = (await new PDFParse({ data: new Uint8Array(await pdf.arrayBuffer()) }).getText()).text;
    expect(text).toContain('Ermou 1');
    expect(text).not.toContain('Κηφισίας');

    // A document finalized from now on carries the new details.
    const draft = await createDocument(t.db, SYSTEM_ACTOR, 'invoice', {
      clientId, projectId: null, issueDate: null, dueDate: null, validUntil: null, relatedInvoiceId: null, notes: null,
      lines: [{ description: 'Consulting', quantity: '1', unitPrice: 10000, taxRate: '24' }],
    });
    if (!draft.ok) throw new Error(draft.error);
    expect((await issueDocument(t.db, SYSTEM_ACTOR, 'invoice', draft.value.id)).ok).toBe(true);
    const fresh = await t.db.selectFrom('documents').select('client_snapshot').where('id', '=', draft.value.id).executeTakeFirstOrThrow();
    expect(parseSnapshot(fresh.client_snapshot)).toMatchObject({ address_line1: NEW_ADDRESS.address_line1, vat_number: NEW_ADDRESS.vat_number });
  });

  it('records nothing when nothing changed', async () => {
    const before = await t.db.selectFrom('notifications').select('id').execute();
    const current = await client();
    const res = await t.postForm('/portal/settings/company', { city: current.city ?? '' }, owner.cookie);
    expect(res.status).toBe(303);
    expect(await t.db.selectFrom('notifications').select('id').execute()).toHaveLength(before.length);
  });

  it('refuses bad input with 422, shows the form again and writes nothing', async () => {
    const before = await client();
    const cases: Array<Record<string, string>> = [
      { country: 'XX' },
      { city: 'a'.repeat(201) },
      { phone: 'line\nbreak' },
      { vat_number: 'v'.repeat(31) },
    ];
    for (const fields of cases) {
      const res = await t.postForm('/portal/settings/company', { ...fields }, owner.cookie);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('class="error-summary"');
      expect(html).toContain('class="field has-error"');
    }
    expect(await client()).toEqual(before);
  });

  it('escapes what was typed when showing it again', async () => {
    const res = await t.postForm('/portal/settings/company', { city: '"><img src=x onerror=alert(1)>', country: 'XX' }, owner.cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('is read-only in a staff preview', async () => {
    const html = await (await t.get(`/preview/${clientId}/${owner.contactId}/settings/company`, staff)).text();
    expect(html).toContain('<fieldset disabled="" class="plain">');
    const before = await client();
    const res = await t.postForm(`/preview/${clientId}/${owner.contactId}/settings/company`, { city: 'Πάτρα' }, staff);
    expect(res.status).toBe(403);
    expect(await client()).toEqual(before);
  });

  it('edits only the active client of a login with several', async () => {
    const second = await makeClient(t.db, { name: 'Second Co', city: 'Λάρισα' });
    const m = await makePortalMember(t, second, { role: 'owner', email: owner.email, signIn: 'direct' });
    const res = await t.postForm('/portal/settings/company', { city: 'Βόλος' }, m.cookie);
    expect(res.status).toBe(303);
    const rows = await t.db.selectFrom('clients').select(['id', 'city']).where('id', 'in', [clientId, second]).execute();
    expect(rows.find((r) => r.id === second)?.city).toBe('Βόλος');
    expect(rows.find((r) => r.id === clientId)?.city).not.toBe('Βόλος');
  });
});
