import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client, DocumentRow } from '../../src/db/schema.js';
import { issuePermalink, type PermalinkTarget } from '../../src/permalinks/service.js';
import { saveFirmSettings } from '../../src/settings/service.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient, makeIssuedInvoice } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { eventsOf, outbox, pixelTokenOf, setClientPortal, text } from '../document-mail/support.js';

let t: TestApp;
let client: Client;
let invoice: DocumentRow;

beforeEach(async () => {
  t = await makeTestApp();
  client = await makeClient(t.db, { name: 'Papadopoulos OE', email: 'office@papadopoulos.gr', language: 'en' });
  invoice = await makeIssuedInvoice(t.db, client.id, { total: 12400, issue_date: '2026-01-10', due_date: '2026-02-09' });
});
afterEach(() => t.close());

/** A link to `target` for `email`, issued as the email feature does. */
async function linkTo(email: string, target: PermalinkTarget = { kind: 'document', clientId: client.id, documentId: invoice.id }, now = new Date()): Promise<string> {
  const issued = await t.db.transaction().execute((trx) => issuePermalink(trx, target, email, { createdBy: null, now }));
  return issued.token;
}

const post = (url: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  t.app.request(url, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });

describe('a permalink for a recipient who is not a portal member', () => {
  it('shows that one document without a portal login, privately', async () => {
    const token = await linkTo('maria@papadopoulos.gr');
    const res = await t.get(`/d/${token}`);
    expect(res.status).toBe(200);
    const html = text(await res.text());
    expect(html).toContain(`Invoice ${invoice.number}`);
    expect(html).toContain('Services');
    expect(html).toContain('€124.00');
    expect(html).toContain(`href="/d/${token}/pdf"`);
    expect(html).not.toContain('portal-nav');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('X-Robots-Tag')).toContain('noindex');
  });

  it('records each view like a portal view, and notifies staff once per half hour', async () => {
    await t.staffCookie();
    const token = await linkTo('maria@papadopoulos.gr');
    await t.get(`/d/${token}`);
    await t.get(`/d/${token}`);
    const pdf = await t.get(`/d/${token}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf');
    expect(pdf.headers.get('Content-Disposition')).toContain(`${invoice.number}.pdf`);
    const views = await eventsOf(t.db, 'invoice', invoice.id, 'viewed_via_link');
    expect(views.map((e) => [e.actor_name, JSON.parse(e.detail!).via])).toEqual([['maria@papadopoulos.gr', 'page'], ['maria@papadopoulos.gr', 'page'], ['maria@papadopoulos.gr', 'pdf']]);
    const notes = await t.db.selectFrom('notifications').selectAll().where('kind', '=', 'document_viewed').execute();
    expect(notes).toHaveLength(1);
    expect(JSON.parse(notes[0]!.data)).toMatchObject({ name: 'maria@papadopoulos.gr', number: invoice.number });
    const staffPage = text(await (await t.get(`/invoices/${invoice.id}`, await t.staffCookie())).text());
    expect(staffPage).toContain(`viewed invoice ${invoice.number} through an emailed link`);
  });

  it('speaks the client’s language unless the reader picks another', async () => {
    await t.db.updateTable('clients').set({ language: 'el' }).where('id', '=', client.id).execute();
    const token = await linkTo('maria@papadopoulos.gr');
    expect(await (await t.get(`/d/${token}`)).text()).toContain('Λήψη PDF');
    expect(await (await t.get(`/d/${token}?lang=en`)).text()).toContain('Download PDF');
  });

  it('opens only its own document: no path leads from it to another one', async () => {
    const other = await makeIssuedInvoice(t.db, client.id, { total: 99900 });
    const token = await linkTo('maria@papadopoulos.gr');
    expect((await t.get(`/d/${token}/invoices/${other.id}`)).status).toBe(404);
    expect((await t.get(`/d/${token}/${other.id}`)).status).toBe(404);
    expect((await t.get(`/d/${token}/pdf?id=${other.id}`)).headers.get('Content-Disposition')).toContain(`${invoice.number}.pdf`);
    expect(await (await t.get(`/d/${token}?id=${other.id}`)).text()).not.toContain(other.number!);
    // A portal URL with the token gets nobody in either.
    expect((await t.get(`/portal/invoices/${invoice.id}?token=${token}`)).status).toBe(303);
  });

  it('answers 404 to unknown tokens and to tokens of another kind', async () => {
    const cookie = await t.staffCookie();
    // An invitation token and an open-pixel token, both as real as they get.
    await t.postForm(`/invoices/${invoice.id}/email`, { to: 'newcomer@papadopoulos.gr', subject: 'Invoice', invite: '1' }, cookie);
    const invitation = (await outbox(t.db, 'portal-invitation'))[0]!;
    const inviteToken = /\/portal\/invite\/([a-z0-9]+)/.exec(invitation.text_body)![1]!;
    const pixelToken = pixelTokenOf((await outbox(t.db, 'document-email'))[0]!);
    for (const token of [inviteToken, pixelToken, 'abcdefghijkmnpqrstuvwxyz23456789', 'not-a-token', '%00']) {
      const res = await t.get(`/d/${token}`);
      expect(res.status, token).toBe(404);
      expect(await res.text()).toContain('Link not found');
      expect((await t.get(`/d/${token}/pdf`)).status).toBe(404);
      expect((await post(`/d/${token}/pay`)).status).toBe(404);
    }
    expect(await t.db.selectFrom('payment_checkouts').selectAll().execute()).toEqual([]);
  });

  it('stops working when it expires, is withdrawn, or its document is voided (410)', async () => {
    const expired = await linkTo('a@papadopoulos.gr', undefined, new Date(Date.now() - 91 * 86_400_000));
    expect((await t.get(`/d/${expired}`)).status).toBe(410);
    const withdrawn = await linkTo('b@papadopoulos.gr');
    await t.db.updateTable('document_permalinks').set({ revoked_at: new Date().toISOString() }).where('email', '=', 'b@papadopoulos.gr').execute();
    const res = await t.get(`/d/${withdrawn}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('This link is no longer available');
    const live = await linkTo('c@papadopoulos.gr');
    await t.db.updateTable('documents').set({ status: 'void', voided_at: new Date().toISOString() }).where('id', '=', invoice.id).execute();
    expect((await t.get(`/d/${live}`)).status).toBe(410);
    expect((await t.get(`/d/${live}/pdf`)).status).toBe(410);
    expect(await eventsOf(t.db, 'invoice', invoice.id, 'viewed_via_link')).toEqual([]);
  });

  it('shows a statement link as the statement of its period, with its PDF', async () => {
    const token = await linkTo('maria@papadopoulos.gr', { kind: 'statement', clientId: client.id, from: '2026-01-01', to: '2026-01-31' });
    const html = text(await (await t.get(`/d/${token}`)).text());
    expect(html).toContain('Statement of account · Papadopoulos OE');
    expect(html).toContain('1 Jan 2026 – 31 Jan 2026');
    expect(html).toContain(invoice.number!);
    expect(html).not.toContain(`href="/invoices/${invoice.id}"`);
    const pdf = await t.get(`/d/${token}/pdf`);
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf');
    expect(await eventsOf(t.db, 'client', client.id, 'statement_viewed_via_link')).toHaveLength(2);
    expect((await post(`/d/${token}/pay`)).status).toBe(404);
  });
});

describe('a permalink for a portal member', () => {
  it('sends the member through sign-in to the invoice’s portal page', async () => {
    await setClientPortal(t.db, client.id, { invoices: true });
    const member = await makePortalMember(t, client.id, { email: 'member@papadopoulos.gr', signIn: 'direct' });
    const token = await linkTo(member.email);
    const res = await t.get(`/d/${token}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/portal/login?next=${encodeURIComponent(`/portal/invoices/${invoice.id}`)}`);
    // Already signed in: straight to the page.
    const signedIn = await t.get(`/d/${token}`, member.cookie);
    expect(signedIn.headers.get('location')).toBe(`/portal/invoices/${invoice.id}`);
    expect((await t.get(`/portal/invoices/${invoice.id}`, member.cookie)).status).toBe(200);
    expect((await t.get(`/d/${token}/pdf`)).status).toBe(303);
    expect(await eventsOf(t.db, 'invoice', invoice.id, 'viewed_via_link')).toEqual([]);
  });

  it('still shows the link to a member who may not see invoices in the portal, and to one whose access was revoked', async () => {
    const member = await makePortalMember(t, client.id, { email: 'member@papadopoulos.gr', signIn: 'direct' });
    const token = await linkTo(member.email);
    expect((await t.get(`/d/${token}`)).status).toBe(200);
    await setClientPortal(t.db, client.id, { invoices: true });
    expect((await t.get(`/d/${token}`)).status).toBe(303);
    await t.db.updateTable('portal_memberships').set({ status: 'revoked' }).where('id', '=', member.membershipId).execute();
    expect((await t.get(`/d/${token}`)).status).toBe(200);
  });
});

describe('paying through a permalink', () => {
  it('offers Pay for the invoice’s balance (test mode labelled) and pays that invoice only, the amount computed on the server', async () => {
    const older = await makeIssuedInvoice(t.db, client.id, { total: 50000, issue_date: '2025-12-01', due_date: '2025-12-15' });
    const token = await linkTo('maria@papadopoulos.gr');
    const html = text(await (await t.get(`/d/${token}`)).text());
    expect(html).toContain('Pay €124.00');
    expect(html).toContain('TEST MODE');
    expect(html).toContain(`action="/d/${token}/pay"`);
    // Whatever the form says, the checkout is for this invoice's balance.
    const res = await post(`/d/${token}/pay`, { amount: '1', invoice_id: String(older.id), currency: 'USD', scope: 'all' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/\/test-gateway\/co[a-z2-7]{26}$/);
    const checkout = await t.db.selectFrom('payment_checkouts').selectAll().executeTakeFirstOrThrow();
    const link = await t.db.selectFrom('document_permalinks').select('id').executeTakeFirstOrThrow();
    expect(checkout).toMatchObject({ client_id: client.id, scope_key: `invoice:${invoice.id}`, amount: 12400, currency: 'EUR', created_by_type: 'permalink', permalink_id: link.id, payer_email: 'maria@papadopoulos.gr' });
    expect(JSON.parse(checkout.invoices)).toEqual([{ id: invoice.id, number: invoice.number, amount: 12400 }]);
    // A double click reuses the same checkout.
    expect((await post(`/d/${token}/pay`)).headers.get('location')).toBe(location);
    // The payer pays at the (test) provider and comes back to the link.
    const paid = await post(`${new URL(location).pathname}/pay`);
    expect(paid.status).toBe(303);
    const back = new URL(paid.headers.get('location')!);
    expect(back.pathname).toBe(`/d/${token}/paid`);
    const thanks = text(await (await t.get(back.pathname + back.search)).text());
    expect(thanks).toContain('Thank you for your payment');
    const allocations = await t.db.selectFrom('payment_allocations').select(['invoice_id', 'amount']).execute();
    expect(allocations).toEqual([{ invoice_id: invoice.id, amount: 12400 }]);
    // Paid: no more Pay button, and a late POST pays nothing.
    expect(await (await t.get(`/d/${token}`)).text()).not.toContain(`action="/d/${token}/pay"`);
    expect((await post(`/d/${token}/pay`)).headers.get('location')).toBe(`/d/${token}?pay=nothing`);
  });

  it('refuses a cross-site pay request', async () => {
    const token = await linkTo('maria@papadopoulos.gr');
    const res = await post(`/d/${token}/pay`, {}, { Origin: 'https://evil.test' });
    expect(res.status).toBe(403);
    expect(await t.db.selectFrom('payment_checkouts').selectAll().execute()).toEqual([]);
  });

  it('offers no Pay on estimates or credit notes, and says so when no gateway is in force', async () => {
    const estimate = await t.db.insertInto('documents').values({ kind: 'estimate', client_id: client.id, number: 'EST-2026-0001', series_year: 2026, seq: 1, status: 'sent', issue_date: '2026-01-10', valid_until: '2099-02-10', currency: 'EUR', subtotal: 5000, tax: 0, total: 5000, finalized_at: '2026-01-10T09:00:00.000Z' }).returningAll().executeTakeFirstOrThrow();
    const estimateLink = await linkTo('maria@papadopoulos.gr', { kind: 'document', clientId: client.id, documentId: estimate.id });
    const html = await (await t.get(`/d/${estimateLink}`)).text();
    expect(html).toContain('EST-2026-0001');
    expect(html).not.toContain('/pay"');
    expect((await post(`/d/${estimateLink}/pay`)).status).toBe(404);
    await saveFirmSettings(t.db, { test_gateway_enabled: false });
    const token = await linkTo('maria@papadopoulos.gr');
    expect(await (await t.get(`/d/${token}`)).text()).not.toContain('/pay"');
    expect((await post(`/d/${token}/pay`)).headers.get('location')).toBe(`/d/${token}?pay=unavailable`);
    expect(await (await t.get(`/d/${token}?pay=unavailable`)).text()).toContain('Online payment is not available');
  });

  it('answers the return page only for a checkout of this link’s invoice', async () => {
    const token = await linkTo('maria@papadopoulos.gr');
    expect((await t.get(`/d/${token}/paid?checkout=co${'a'.repeat(26)}`)).status).toBe(404);
    expect((await t.get(`/d/${token}/paid`)).status).toBe(404);
  });
});
