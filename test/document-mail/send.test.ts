import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client, DocumentRow } from '../../src/db/schema.js';
import { startMailWorker } from '../../src/mail/worker.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeDraftInvoice, makeIssuedInvoice, makeCreditNote } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink.js';
import { eventsOf, linkTokenOf, outbox, pixelTokenOf, text } from './support.js';

let t: TestApp;
let cookie: string;
let client: Client;
let invoice: DocumentRow;

beforeEach(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
  client = await makeClient(t.db, { name: 'Papadopoulos OE', email: 'office@papadopoulos.gr', language: 'en' });
  invoice = await makeIssuedInvoice(t.db, client.id, { total: 12400, issue_date: '2026-01-10', due_date: '2026-02-09' });
});
afterEach(() => t.close());

const send = (fields: Record<string, string>, doc: DocumentRow = invoice, path = '/invoices') =>
  t.postForm(`${path}/${doc.id}/email`, { to: 'maria@papadopoulos.gr', subject: 'Invoice', message: 'Please find it.', ...fields }, cookie);

async function counts() {
  const [mails, links, invitations, contacts, events] = await Promise.all([
    t.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    t.db.selectFrom('document_permalinks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    t.db.selectFrom('portal_invitations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    t.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    t.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { mails: Number(mails.n), links: Number(links.n), invitations: Number(invitations.n), contacts: Number(contacts.n), events: Number(events.n) };
}

describe('the email form of a document', () => {
  it('starts with the client’s address and a subject and message in the client’s language', async () => {
    await t.db.updateTable('clients').set({ language: 'el' }).where('id', '=', client.id).execute();
    const res = await t.get(`/invoices/${invoice.id}/email`, cookie);
    expect(res.status).toBe(200);
    const html = text(await res.text());
    expect(html).toContain('value="office@papadopoulos.gr"');
    expect(html).toContain(`value="Τιμολόγιο ${invoice.number}"`);
    expect(html).toContain('Προς Papadopoulos OE,');
    expect(html).toContain('Invite recipients to the client portal');
    expect(html).toContain('name="invite"');
    expect(html).toContain('CC and BCC addresses are never invited');
  });

  it('starts with the project’s address when the invoice’s project has one', async () => {
    const project = await t.db.insertInto('projects').values({ client_id: client.id, name: 'Audit 2026', email: 'audit-team@papadopoulos.gr', archived_at: null }).returning('id').executeTakeFirstOrThrow();
    await t.db.updateTable('documents').set({ project_id: project.id }).where('id', '=', invoice.id).execute();
    const html = await (await t.get(`/invoices/${invoice.id}/email`, cookie)).text();
    expect(html).toContain('value="audit-team@papadopoulos.gr"');
    expect(html).not.toContain('value="office@papadopoulos.gr"');
  });

  it('is offered on issued documents only: a draft answers 409 and an unknown id 404', async () => {
    const draft = await makeDraftInvoice(t.db, client.id);
    const page = await t.get(`/invoices/${invoice.id}`, cookie);
    expect(await page.text()).toContain(`href="/invoices/${invoice.id}/email"`);
    expect(await (await t.get(`/invoices/${draft.id}`, cookie)).text()).not.toContain(`/invoices/${draft.id}/email`);
    const refused = await t.get(`/invoices/${draft.id}/email`, cookie);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Only issued documents can be emailed');
    expect((await send({}, draft)).status).toBe(409);
    expect((await t.get('/invoices/99999/email', cookie)).status).toBe(404);
    expect((await t.postForm('/invoices/99999/email', { to: 'a@b.gr', subject: 'x' }, cookie)).status).toBe(404);
    expect((await counts()).mails).toBe(0);
  });

  it('needs a signed-in staff member', async () => {
    const res = await t.get(`/invoices/${invoice.id}/email`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/login');
  });
});

describe('sending a document by email', () => {
  it('names each invalid address, sends nothing and writes nothing', async () => {
    const before = await counts();
    const res = await send({ to: 'maria@@x.gr; ok@papadopoulos.gr', cc: 'boss@; x y@z.gr', invite: '1' });
    expect(res.status).toBe(422);
    const html = text(await res.text());
    expect(html).toContain('maria@@x.gr is not a valid address.');
    expect(html).toContain('These are not valid addresses: boss@, x y@z.gr.');
    // The form comes back as typed.
    expect(html).toContain('value="maria@@x.gr; ok@papadopoulos.gr"');
    expect(await counts()).toEqual(before);
  });

  it('refuses a missing To or subject with 422', async () => {
    const res = await send({ to: '', subject: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Enter at least one address.');
    expect(html).toContain('Enter a subject.');
    expect((await counts()).mails).toBe(0);
  });

  it('queues one message per To address, each with its own link; CC and BCC ride on the first', async () => {
    const res = await send({ to: 'maria@papadopoulos.gr; nikos@papadopoulos.gr', cc: 'boss@papadopoulos.gr', bcc: 'archive@firm.test' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/invoices/${invoice.id}?done=emailed`);
    const mails = await outbox(t.db, 'document-email');
    expect(mails.map((m) => [m.to_addresses, m.cc_addresses, m.bcc_addresses])).toEqual([
      ['maria@papadopoulos.gr', 'boss@papadopoulos.gr', 'archive@firm.test'],
      ['nikos@papadopoulos.gr', null, null],
    ]);
    expect(mails.every((m) => m.subject_type === 'invoice' && m.subject_id === invoice.id && m.status === 'queued')).toBe(true);
    expect(linkTokenOf(mails[0]!)).not.toBe(linkTokenOf(mails[1]!));
    expect(pixelTokenOf(mails[0]!)).not.toBe(pixelTokenOf(mails[1]!));
    const links = await t.db.selectFrom('document_permalinks').selectAll().orderBy('id').execute();
    expect(links.map((l) => [l.kind, l.document_id, l.email])).toEqual([['document', invoice.id, 'maria@papadopoulos.gr'], ['document', invoice.id, 'nikos@papadopoulos.gr']]);
    // Only hashes are stored.
    expect(links[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(links[0]!.token_hash).not.toContain(linkTokenOf(mails[0]!));
    const [event] = await eventsOf(t.db, 'invoice', invoice.id, 'emailed');
    expect(JSON.parse(event!.detail!)).toMatchObject({ label: invoice.number, to: ['maria@papadopoulos.gr', 'nikos@papadopoulos.gr'], cc: ['boss@papadopoulos.gr'] });
    const page = text(await (await t.get(`/invoices/${invoice.id}?done=emailed`, cookie)).text());
    expect(page).toContain('The email is queued.');
    expect(page).toContain('emailed invoice ' + invoice.number);
  });

  it('builds the links in the email from PUBLIC_URL, whatever Host the request names', async () => {
    const res = await t.postForm(`/invoices/${invoice.id}/email`, { to: 'maria@papadopoulos.gr', subject: 'Invoice' }, cookie, { Host: 'evil.test', 'X-Forwarded-Host': 'evil.test' });
    expect(res.status).toBe(303);
    const [mail] = await outbox(t.db);
    expect(mail!.text_body).toContain('http://stoa.test/d/');
    expect(mail!.html_body).toContain('http://stoa.test/o/');
    expect(mail!.html_body).not.toContain('evil.test');
  });

  it('renews a recipient’s earlier link when the document is emailed to them again', async () => {
    await send({});
    await t.db.updateTable('document_permalinks').set({ expires_at: '2026-01-01T00:00:00.000Z' }).execute();
    const first = (await outbox(t.db))[0]!;
    await send({});
    const links = await t.db.selectFrom('document_permalinks').select(['expires_at']).orderBy('id').execute();
    expect(links).toHaveLength(2);
    expect(links[0]!.expires_at).toBe(links[1]!.expires_at);
    expect((await t.get(`/d/${linkTokenOf(first)}`)).status).toBe(200);
  });

  it('emails estimates and credit notes too', async () => {
    const estimate = await t.db.insertInto('documents').values({ kind: 'estimate', client_id: client.id, number: 'EST-2026-0001', series_year: 2026, seq: 1, status: 'sent', issue_date: '2026-01-10', valid_until: '2026-02-10', currency: 'EUR', subtotal: 5000, tax: 0, total: 5000, finalized_at: '2026-01-10T09:00:00.000Z' }).returningAll().executeTakeFirstOrThrow();
    const credit = await makeCreditNote(t.db, client.id, { total: 2000 });
    const form = await (await t.get(`/estimates/${estimate.id}/email`, cookie)).text();
    expect(form).toContain('value="Estimate EST-2026-0001"');
    expect((await send({}, estimate, '/estimates')).headers.get('location')).toBe(`/estimates/${estimate.id}?done=emailed`);
    expect((await send({}, credit, '/credit-notes')).headers.get('location')).toBe(`/credit-notes/${credit.id}?done=emailed`);
    const mails = await outbox(t.db);
    expect(mails.map((m) => m.subject_type)).toEqual(['estimate', 'credit_note']);
    expect(mails[0]!.text_body).toContain('Valid until: 10 Feb 2026');
  });
});

describe('inviting recipients to the portal', () => {
  it('invites only To addresses that are not members yet — never CC or BCC — and adds a contact where there is none', async () => {
    const member = await makePortalMember(t, client.id, { email: 'member@papadopoulos.gr', signIn: 'direct' });
    await t.db.insertInto('contacts').values({ client_id: client.id, name: 'Eleni Known', email: 'Eleni@Papadopoulos.gr', phone: null, archived_at: null }).execute();
    const contactsBefore = (await counts()).contacts;
    const res = await send({ to: `${member.email}; eleni@papadopoulos.gr; newcomer@papadopoulos.gr`, cc: 'cc-person@papadopoulos.gr', bcc: 'bcc-person@papadopoulos.gr', invite: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/invoices/${invoice.id}?done=emailed_invited`);
    const invitations = await t.db.selectFrom('portal_invitations').select(['email', 'role', 'method', 'client_id', 'contact_id']).orderBy('id').execute();
    expect(invitations.map((i) => i.email).sort()).toEqual(['eleni@papadopoulos.gr', 'newcomer@papadopoulos.gr']);
    expect(invitations.every((i) => i.role === 'accounts' && i.method === 'link' && i.client_id === client.id)).toBe(true);
    // Eleni kept her contact; the newcomer got one; CC and BCC got nothing.
    expect((await counts()).contacts).toBe(contactsBefore + 1);
    const newcomer = await t.db.selectFrom('contacts').selectAll().where('email', '=', 'newcomer@papadopoulos.gr').executeTakeFirstOrThrow();
    expect(newcomer.client_id).toBe(client.id);
    const ccLogins = await t.db.selectFrom('portal_users').select('email').where('email', 'in', ['cc-person@papadopoulos.gr', 'bcc-person@papadopoulos.gr']).execute();
    expect(ccLogins).toEqual([]);
    // Each invited person got an invitation email besides the document.
    const invitationMails = await outbox(t.db, 'portal-invitation');
    expect(invitationMails.map((m) => m.to_addresses).sort()).toEqual(['eleni@papadopoulos.gr', 'newcomer@papadopoulos.gr']);
    expect((await outbox(t.db, 'document-email')).map((m) => m.to_addresses)).toEqual([member.email, 'eleni@papadopoulos.gr', 'newcomer@papadopoulos.gr']);
  });

  it('invites nobody when the box is not ticked', async () => {
    await send({ to: 'newcomer@papadopoulos.gr' });
    expect((await counts()).invitations).toBe(0);
  });

  it('refuses to invite while the sender’s own email is unverified, and then sends nothing', async () => {
    await t.db.updateTable('staff_users').set({ email_verified_at: null }).execute();
    const res = await send({ to: 'newcomer@papadopoulos.gr', invite: '1' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Verify your own email address before inviting');
    expect(await counts()).toMatchObject({ mails: 0, invitations: 0, links: 0 });
  });
});

describe('delivery', () => {
  let sink: SmtpSink;
  beforeEach(async () => {
    sink = await startSmtpSink();
  });
  afterEach(() => sink.close());

  it('arrives at the SMTP server with the message, the figures, the link and the pixel — and no injected header', async () => {
    await send({ to: 'maria@papadopoulos.gr', cc: 'boss@papadopoulos.gr', bcc: 'archive@firm.test', subject: 'Invoice for January\r\nBcc: evil@attacker.test', message: 'Dear Maria,\n\nHere it is.' });
    const worker = startMailWorker(t.db, { smtpUrl: sink.url, dataDir: t.dataDir, mailFrom: 'Acme <billing@acme.test>' }, { pollMs: null });
    try {
      expect(await worker.runOnce()).toBe(1);
    } finally {
      await worker.stop();
    }
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.envelopeTo.sort()).toEqual(['archive@firm.test', 'boss@papadopoulos.gr', 'maria@papadopoulos.gr']);
    expect(mail.header('To')).toBe('maria@papadopoulos.gr');
    expect(mail.header('Cc')).toBe('boss@papadopoulos.gr');
    expect(mail.subject).toBe('Stoa: Invoice for January Bcc: evil@attacker.test');
    expect(mail.rawHeaders.some((h) => /^bcc:/i.test(h))).toBe(false);
    expect(mail.envelopeTo).not.toContain('evil@attacker.test');
    expect(mail.text).toContain('Here it is.');
    expect(mail.text).toContain('Total: €124.00');
    expect(mail.text).toContain('Due date: 9 Feb 2026');
    expect(mail.text).toMatch(/View invoice: http:\/\/stoa\.test\/d\/[a-z0-9]{32}/);
    expect(mail.html).toMatch(/<img src="http:\/\/stoa\.test\/o\/[a-z0-9]{32}\.gif"/);
    expect((await outbox(t.db))[0]!.status).toBe('sent');
  });
});

describe('email statuses on the document page', () => {
  it('lists every email as queued, sent, failed with its reason, or opened, and says unopened proves nothing', async () => {
    await send({ to: 'a@papadopoulos.gr; b@papadopoulos.gr; c@papadopoulos.gr; d@papadopoulos.gr' });
    const [a, b, c] = await outbox(t.db);
    await t.db.updateTable('mail_outbox').set({ status: 'sent', sent_at: '2026-01-12T10:00:00.000Z' }).where('id', 'in', [a!.id, b!.id]).execute();
    await t.db.updateTable('mail_outbox').set({ status: 'failed', last_error: '550 5.1.1 Mailbox unavailable' }).where('id', '=', c!.id).execute();
    expect((await t.get(`/o/${pixelTokenOf(b!)}.gif`)).status).toBe(200);
    const html = text(await (await t.get(`/invoices/${invoice.id}`, cookie)).text());
    expect(html).toContain('<h2 id="document-mail-h">Emails</h2>');
    const rows = html.slice(html.indexOf('mail-list')).split('<tr>').slice(2);
    expect(rows[0]).toContain('a@papadopoulos.gr');
    expect(rows[0]).toContain('Sent');
    expect(rows[0]).toContain('not opened yet');
    expect(rows[1]).toContain('Opened');
    expect(rows[2]).toContain('Failed');
    expect(rows[2]).toContain('Reason: 550 5.1.1 Mailbox unavailable');
    expect(rows[3]).toContain('Queued');
    expect(html).toContain('“not opened” does not prove the email was not read');
    expect(html).toContain('4 emailed links work');
  });

  it('says so when nothing was emailed yet', async () => {
    expect(await (await t.get(`/invoices/${invoice.id}`, cookie)).text()).toContain('Not emailed yet.');
  });

  it('withdraws every link of the document at once', async () => {
    await send({ to: 'a@papadopoulos.gr; b@papadopoulos.gr' });
    const [a] = await outbox(t.db);
    const res = await t.postForm(`/invoices/${invoice.id}/links/revoke`, {}, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/invoices/${invoice.id}?done=links_revoked`);
    expect((await t.get(`/d/${linkTokenOf(a!)}`)).status).toBe(410);
    expect(await eventsOf(t.db, 'invoice', invoice.id, 'links_revoked')).toHaveLength(1);
    expect((await t.postForm('/invoices/99999/links/revoke', {}, cookie)).status).toBe(404);
  });
});

describe('emailing a statement', () => {
  it('offers the statement of the chosen period and sends it with a link to that statement', async () => {
    const tab = await (await t.get(`/clients/${client.id}/statement?period=custom&from=2026-01-01&to=2026-01-31`, cookie)).text();
    expect(text(tab)).toContain(`href="/clients/${client.id}/statement/email?period=custom&from=2026-01-01&to=2026-01-31"`);
    const form = text(await (await t.get(`/clients/${client.id}/statement/email?period=custom&from=2026-01-01&to=2026-01-31`, cookie)).text());
    expect(form).toContain('value="Statement of account, 1 Jan 2026 – 31 Jan 2026"');
    expect(form).toContain('value="office@papadopoulos.gr"');
    const res = await t.postForm(`/clients/${client.id}/statement/email`, { period: 'custom', period_from: '2026-01-01', period_to: '2026-01-31', to: 'maria@papadopoulos.gr', subject: 'Statement', message: 'Your statement.' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain(`/clients/${client.id}/statement/email?`);
    const [mail] = await outbox(t.db);
    expect(mail).toMatchObject({ subject_type: 'statement', subject_id: client.id, client_id: client.id });
    expect(mail!.text_body).toContain('Balance: €124.00');
    const link = await t.db.selectFrom('document_permalinks').selectAll().executeTakeFirstOrThrow();
    expect(link).toMatchObject({ kind: 'statement', document_id: null, period_from: '2026-01-01', period_to: '2026-01-31' });
    const after = text(await (await t.get(res.headers.get('location')!, cookie)).text());
    expect(after).toContain('The statement email is queued.');
    expect(after).toContain('maria@papadopoulos.gr');
  });

  it('refuses invalid addresses with 422 and sends nothing', async () => {
    const res = await t.postForm(`/clients/${client.id}/statement/email`, { period: 'this_year', to: 'maria@@x.gr', subject: 'Statement' }, cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('maria@@x.gr is not a valid address.');
    expect((await counts()).mails).toBe(0);
    expect((await t.get('/clients/99999/statement/email', cookie)).status).toBe(404);
  });

  it('refuses an unreadable period', async () => {
    const res = await t.get(`/clients/${client.id}/statement/email?period=custom&from=2026-13-40`, cookie);
    expect(res.status).toBe(422);
    const post = await t.postForm(`/clients/${client.id}/statement/email`, { period: 'nonsense', to: 'maria@papadopoulos.gr', subject: 'S' }, cookie);
    expect(post.status).toBe(422);
    expect((await counts()).mails).toBe(0);
  });
});
