import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src/db/schema.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraftInvoice } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { eventsOf, linkTokenOf, outbox, setClientPortal } from './support.js';

let t: TestApp;
let cookie: string;
let client: Client;

beforeEach(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
  client = await makeClient(t.db, { name: 'Papadopoulos OE', email: 'office@papadopoulos.gr' });
});
afterEach(() => t.close());

/** Members of every sort: only the first two are active members who may see invoices. */
async function members() {
  const greek = await makePortalMember(t, client.id, { email: 'eleni@papadopoulos.gr', name: 'Eleni', language: 'el', role: 'accounts', signIn: 'direct' });
  const viewer = await makePortalMember(t, client.id, { email: 'viewer@papadopoulos.gr', role: 'viewer', signIn: 'direct' });
  await makePortalMember(t, client.id, { email: 'no-finances@papadopoulos.gr', permissions: { view_finances: false }, signIn: 'direct' });
  await makePortalMember(t, client.id, { email: 'invited@papadopoulos.gr', status: 'invited' });
  await makePortalMember(t, client.id, { email: 'revoked@papadopoulos.gr', status: 'revoked' });
  const disabled = await makePortalMember(t, client.id, { email: 'disabled@papadopoulos.gr', signIn: 'direct' });
  await t.db.updateTable('portal_users').set({ disabled_at: new Date().toISOString() }).where('id', '=', disabled.userId).execute();
  const elsewhere = await makeClient(t.db, { name: 'Other Ltd' });
  await makePortalMember(t, elsewhere.id, { email: 'other-client@other.test', signIn: 'direct' });
  return { greek, viewer };
}

const finalize = (id: number) => t.postForm(`/invoices/${id}/finalize`, {}, cookie);

describe('automatic invoice emails', () => {
  it('email a finalized invoice to the active members who may see invoices, each in their language', async () => {
    await setClientPortal(t.db, client.id, { invoices: true, auto_send_invoices: true });
    const { greek, viewer } = await members();
    const draft = await makeDraftInvoice(t.db, client.id, { total: 30000 });
    const res = await finalize(draft.id);
    expect(res.status).toBe(303);
    const mails = await outbox(t.db, 'document-email');
    expect(mails.map((m) => m.to_addresses)).toEqual([greek.email, viewer.email]);
    const invoice = await t.db.selectFrom('documents').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(mails[0]!.subject).toBe(`Stoa: Τιμολόγιο ${invoice.number}`);
    expect(mails[0]!.text_body).toContain('Προς Eleni,');
    expect(mails[1]!.subject).toBe(`Stoa: Invoice ${invoice.number}`);
    expect(mails.every((m) => m.subject_type === 'invoice' && m.subject_id === draft.id)).toBe(true);
    const [event] = await eventsOf(t.db, 'invoice', draft.id, 'auto_emailed');
    expect(JSON.parse(event!.detail!).to).toEqual([greek.email, viewer.email]);
    // Their links send members through sign-in to the portal page.
    const link = await t.get(`/d/${linkTokenOf(mails[0]!)}`);
    expect(link.headers.get('location')).toBe(`/portal/login?next=${encodeURIComponent(`/portal/invoices/${draft.id}`)}`);
    // The staff page lists them.
    expect(await (await t.get(`/invoices/${draft.id}`, cookie)).text()).toContain(greek.email);
  });

  it('also happen when the API finalizes an invoice or creates one finalized', async () => {
    await setClientPortal(t.db, client.id, { invoices: true, auto_send_invoices: true });
    await members();
    const draft = await makeDraftInvoice(t.db, client.id);
    expect((await t.api('POST', `/api/v1/invoices/${draft.id}/finalize`)).status).toBe(200);
    expect(await outbox(t.db, 'document-email')).toHaveLength(2);
    const created = await t.api('POST', '/api/v1/invoices', { client_id: String(client.id), lines: [{ description: 'Audit', quantity: '1', unit_price: 10000, tax_rate: 24 }], finalize: true });
    expect(created.status).toBe(201);
    const id = Number(((await created.json()) as { id: string }).id);
    expect((await outbox(t.db, 'document-email')).filter((m) => m.subject_id === id)).toHaveLength(2);
  });

  it('stay off when the client’s setting is off, even if the firm’s default is on', async () => {
    await t.db.insertInto('portal_defaults').values([{ key: 'auto_send_invoices', value: 1 }, { key: 'invoices', value: 1 }]).execute();
    await setClientPortal(t.db, client.id, { auto_send_invoices: false });
    await members();
    await finalize((await makeDraftInvoice(t.db, client.id)).id);
    expect(await outbox(t.db, 'document-email')).toEqual([]);
  });

  it('follow the firm’s default when the client does not override it', async () => {
    await t.db.insertInto('portal_defaults').values([{ key: 'auto_send_invoices', value: 1 }, { key: 'invoices', value: 1 }]).execute();
    await members();
    await finalize((await makeDraftInvoice(t.db, client.id)).id);
    expect(await outbox(t.db, 'document-email')).toHaveLength(2);
  });

  it('send nothing when invoices are not visible in the client’s portal', async () => {
    await setClientPortal(t.db, client.id, { invoices: false, auto_send_invoices: true });
    await members();
    await finalize((await makeDraftInvoice(t.db, client.id)).id);
    expect(await outbox(t.db, 'document-email')).toEqual([]);
  });

  it('send nothing for credit notes, or when the finalize is refused', async () => {
    await setClientPortal(t.db, client.id, { invoices: true, credit_notes: true, auto_send_invoices: true });
    await members();
    const draft = await makeDraftInvoice(t.db, client.id);
    await finalize(draft.id);
    const afterFirst = (await outbox(t.db, 'document-email')).length;
    expect((await finalize(draft.id)).status).toBe(409);
    expect(await outbox(t.db, 'document-email')).toHaveLength(afterFirst);
    const cn = await t.db.insertInto('documents').values({ kind: 'credit_note', client_id: client.id, status: 'draft', issue_date: '2026-01-10', currency: 'EUR', subtotal: 1000, tax: 0, total: 1000 }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('document_lines').values({ document_id: cn.id, position: 0, description: 'Credit', quantity: '1', unit_price: 1000, tax_rate: '0', net: 1000, tax: 0 }).execute();
    expect((await t.postForm(`/credit-notes/${cn.id}/finalize`, {}, cookie)).status).toBe(303);
    expect(await outbox(t.db, 'document-email')).toHaveLength(afterFirst);
  });
});
