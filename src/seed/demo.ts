import type { Db } from '../db/index.js';
import { hashPassword } from '../auth/password.js';
import { randomToken } from '../auth/tokens.js';
import { createClient } from '../clients/service.js';
import { createContact } from '../contacts/service.js';
import { createProject } from '../projects/service.js';
import { applyCreditNote, convertEstimate, createDocument, issueDocument, respondToEstimate, voidDocument, type NewDocumentInput } from '../documents/service.js';
import { recordEvent, staffActor, type Actor } from '../events/service.js';
import { openInvoices } from '../ledger/queries.js';
import { addDays } from '../ledger/ledger.js';
import { recordPayment } from '../payments/service.js';
import { ROLE_PRESETS, VISIBILITY_KEYS, permissionColumns } from '../portal-access/visibility.js';
import { saveFirmSettings } from '../settings/service.js';
import { createExpense, createTimeEntry } from '../work/service.js';
import { today as currentDate } from '../util/time.js';
import { DEMO_CLIENTS, type DemoClient } from './demo-data.js';

/** What `stoa seed --demo` did, or why it did nothing. */
export type SeedResult = { ok: true; summary: string } | { ok: false; error: string };

/** A small deterministic generator, so every demo database looks the same. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function monthStart(date: string, monthsBack: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - monthsBack;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

function must<R extends { ok: boolean }>(result: R, what: string): Extract<R, { ok: true }> {
  if (!result.ok) throw new Error(`demo seed: could not ${what}: ${JSON.stringify(result)}`);
  return result as Extract<R, { ok: true }>;
}

interface Planned { clientId: number; client: DemoClient; issueDate: string; input: NewDocumentInput }

/**
 * Fills an empty database with a realistic demo firm: a Greek accounting practice with a
 * dozen Greek and English clients, their contacts and projects, fourteen months of invoices
 * in every state (paid, partially paid, overdue, draft, void), estimates in every state,
 * credit notes and an overpayment. Everything goes through the same services staff use.
 */
export async function seedDemo(db: Db, today: string = currentDate()): Promise<SeedResult> {
  const existing = await db.selectFrom('clients').select('id').limit(1).executeTakeFirst();
  if (existing) return { ok: false, error: 'the database already has clients: seed --demo only fills an empty database' };
  const rand = prng(20261121);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  await saveFirmSettings(db, { firm_name: 'Βασιλείου & Συνεργάτες — Λογιστικό Γραφείο', default_currency: 'EUR', default_language: 'el', payment_terms_days: 30 });
  const password = randomToken(16);
  const admin = await db
    .insertInto('staff_users')
    .values({ email: 'admin@stoa.demo', name: 'Ελένη Βασιλείου', password_hash: await hashPassword(password), role: 'admin', email_verified_at: new Date().toISOString(), disabled_at: null })
    .onConflict((oc) => oc.column('email').doUpdateSet({ role: 'admin' }))
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('staff_users')
    .values({ email: 'nikos@stoa.demo', name: 'Νίκος Αλεξίου', password_hash: await hashPassword(password), role: 'staff', email_verified_at: new Date().toISOString(), disabled_at: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const actor: Actor = staffActor(admin);

  // Clients, people, projects.
  const planned: Planned[] = [];
  const clientIds: number[] = [];
  for (const demo of DEMO_CLIENTS) {
    const { client } = must(
      await createClient(db, actor, {
        name: demo.name, email: demo.email, phone: demo.phone, vat_number: demo.vat_number,
        address_line1: demo.address.line1, address_line2: demo.address.line2 ?? null, city: demo.address.city,
        postcode: demo.address.postcode, country: demo.address.country, currency: demo.currency, language: demo.language, notes: null,
      }),
      `create client ${demo.name}`,
    );
    clientIds.push(client.id);
    for (const person of demo.contacts) must(await createContact(db, actor, client.id, { name: person.name, email: person.email, phone: person.phone ?? null }), 'create contact');
    const projectIds: number[] = [];
    for (const name of demo.projects) {
      const { project } = must(await createProject(db, actor, client.id, { name, email: null, portal_visible: 'true', portal_time: 'billable' }), 'create project');
      projectIds.push(project.id);
    }
    // One invoice a month: fourteen months for established clients, two for new ones.
    const months = demo.habit === 'new' ? 2 : 14;
    for (let back = months - 1; back >= 0; back--) {
      const issueDate = addDays(monthStart(today, back), Math.floor(rand() * 6) + 1);
      if (issueDate > today) continue;
      const lines = demo.services.slice(0, 1 + Math.floor(rand() * demo.services.length)).map((service, i) => ({
        description: service,
        quantity: i === 0 ? '1' : pick(['1', '2', '0.5', '3']),
        unitPrice: Math.round((demo.monthly * (i === 0 ? 0.7 : 0.3) * (0.85 + rand() * 0.3)) / 5) * 500,
        taxRate: demo.address.country === 'GR' ? '24' : '0',
      }));
      planned.push({
        clientId: client.id, client: demo, issueDate,
        input: { clientId: client.id, projectId: projectIds.length ? pick(projectIds) : null, issueDate, dueDate: null, validUntil: null, relatedInvoiceId: null, notes: null, lines },
      });
    }
  }

  // Invoices are numbered in date order, as a real firm's would be.
  planned.sort((a, b) => a.issueDate.localeCompare(b.issueDate) || a.clientId - b.clientId);
  const issued: Array<Planned & { id: number }> = [];
  for (const p of planned) {
    const { value } = must(await createDocument(db, actor, 'invoice', p.input, { issue: true }), 'create invoice');
    issued.push({ ...p, id: value.id });
  }

  // Payments by habit: prompt payers clear each invoice within weeks; late payers months later,
  // leaving recent ones overdue; partial payers pay part now and the rest later.
  for (const inv of issued) {
    const { habit } = inv.client;
    const open = (await openInvoices(db, inv.clientId)).find((o) => o.id === inv.id);
    if (!open) continue;
    const method = pick(['bank_transfer', 'bank_transfer', 'card', 'cash'] as const);
    // References as they reach a firm: the invoice number on a transfer, the terminal's receipt for a card, none for cash.
    const pay = async (amount: number, date: string) => {
      if (date > today || amount <= 0) return;
      const reference = method === 'bank_transfer' ? open.number : method === 'card' ? `POS ${100000 + Math.floor(rand() * 900000)}` : null;
      must(await recordPayment(db, actor, { client_id: inv.clientId, amount, date, method, reference, allocations: [{ invoice_id: inv.id, amount }] }), 'record payment');
    };
    if (habit === 'prompt') await pay(open.balance, addDays(inv.issueDate, 8 + Math.floor(rand() * 12)));
    else if (habit === 'late') await pay(open.balance, addDays(inv.issueDate, 55 + Math.floor(rand() * 30)));
    else if (habit === 'partial') {
      const part = Math.round((open.balance * 0.6) / 100) * 100;
      await pay(part, addDays(inv.issueDate, 15));
      await pay(open.balance - part, addDays(inv.issueDate, 75));
    } else if (inv.issueDate < addDays(today, -20)) await pay(open.balance, addDays(inv.issueDate, 10));
  }

  const byName = (name: string) => clientIds[DEMO_CLIENTS.findIndex((c) => c.name === name)]!;
  const katsaros = byName('Κατσαρός Τεχνική Α.Ε.');
  const harbour = byName('Harbour Lane Consulting Ltd');
  const kessler = byName('Kessler & Hart LLP');
  const aegean = byName('Ξενοδοχεία Αιγαίου Α.Ε.');
  const northwind = byName('Northwind Marine Services');
  const olives = byName('Ελαιώνες Μεσσηνίας Α.Ε.');
  const line = (description: string, unitPrice: number, quantity = '1', taxRate = '24') => ({ description, quantity, unitPrice, taxRate });
  const doc = (clientId: number, issueDate: string, lines: NewDocumentInput['lines'], extra: Partial<NewDocumentInput> = {}): NewDocumentInput => ({
    clientId, projectId: null, issueDate, dueDate: null, validUntil: null, relatedInvoiceId: null, notes: null, lines, ...extra,
  });

  // Drafts and a voided invoice.
  must(await createDocument(db, actor, 'invoice', doc(aegean, today, [line('Σύνταξη φακέλου επενδυτικού νόμου — Α΄ δόση', 180000)])), 'draft invoice');
  must(await createDocument(db, actor, 'invoice', doc(harbour, today, [line('Advisory: Greek payroll registration', 45000, '1', '0')])), 'draft invoice');
  const wrong = must(await createDocument(db, actor, 'invoice', doc(katsaros, addDays(today, -12), [line('Τήρηση βιβλίων (διπλή χρέωση)', 95000)]), { issue: true }), 'invoice to void');
  must(await voidDocument(db, actor, 'invoice', wrong.value.id, 'Εκδόθηκε κατά λάθος δύο φορές'), 'void invoice');

  // Credit notes: one against an open invoice (applied automatically), one left as credit.
  const katsarosOpen = await openInvoices(db, katsaros);
  if (katsarosOpen[0]) {
    must(await createDocument(db, actor, 'credit_note', doc(katsaros, addDays(today, -5), [line('Έκπτωση λόγω καθυστέρησης παράδοσης', 12000)], { relatedInvoiceId: katsarosOpen[0].id }), { issue: true }), 'credit note');
  }
  must(await createDocument(db, actor, 'credit_note', doc(harbour, addDays(today, -30), [line('Goodwill credit: duplicated translation', 20000, '1', '0')]), { issue: true }), 'credit note');

  // A retainer paid in advance stays as client credit.
  must(await recordPayment(db, actor, { client_id: kessler, amount: 50000, date: addDays(today, -3), method: 'bank_transfer', reference: 'Retainer Q4', allocations: [] }), 'retainer kept as credit');

  // Estimates in every state.
  const estimate = async (clientId: number, issueDate: string, lines: NewDocumentInput['lines'], send: boolean, validUntil: string | null = null) =>
    must(await createDocument(db, actor, 'estimate', doc(clientId, issueDate, lines, { validUntil }), { issue: send }), 'estimate').value.id;
  await estimate(aegean, addDays(today, -6), [line('Μισθοδοσία εποχικού προσωπικού 2027 (ανά μήνα)', 85000, '7'), line('Σύνταξη συμβάσεων εργασίας', 4000, '40')], true);
  const accepted = await estimate(olives, addDays(today, -40), [line('Συμβουλευτική εξαγωγών — πακέτο 20 ωρών', 6000, '20')], true);
  must(await respondToEstimate(db, actor, accepted, 'accepted', { comment: 'Συμφωνούμε — έναρξη τον επόμενο μήνα.' }), 'accept estimate');
  const rejected = await estimate(northwind, addDays(today, -25), [line('Quarterly tax planning workshop', 120000, '1', '24')], true);
  must(await respondToEstimate(db, actor, rejected, 'rejected', { comment: 'Budget approved for next year instead.' }), 'reject estimate');
  await estimate(harbour, addDays(today, -70), [line('Annual statutory filing package', 240000, '1', '0')], true, addDays(today, -40));
  await estimate(kessler, today, [line('Cross-border VAT review — phase 2', 300000, '1', '23')], false);
  const converted = await estimate(katsaros, addDays(today, -20), [line('Εγκατάσταση λογισμικού μισθοδοσίας', 65000), line('Εκπαίδευση προσωπικού (ώρες)', 5000, '6')], true);
  must(await respondToEstimate(db, actor, converted, 'accepted', { comment: 'Παράδοση σε 15 ημέρες.' }), 'accept estimate');
  must(await convertEstimate(db, actor, converted), 'convert estimate');

  // Credit from the Harbour Lane credit note applied to its oldest open invoice, if any.
  const harbourOpen = await openInvoices(db, harbour);
  const harbourCredit = await db.selectFrom('documents').select('id').where('client_id', '=', harbour).where('kind', '=', 'credit_note').executeTakeFirst();
  if (harbourOpen[0] && harbourCredit) must(await applyCreditNote(db, actor, harbourCredit.id, { invoiceId: harbourOpen[0].id, amount: 5000 }), 'apply credit note');

  // Logged work on the projects the portal shows: a month of time (some of it not billable) and expenses.
  const projects = await db.selectFrom('projects').select(['id', 'client_id', 'name']).orderBy('id').execute();
  const tasks = ['Συμφωνία λογαριασμών', 'Έλεγχος παραστατικών', 'Συνάντηση με τον πελάτη', 'Προετοιμασία δηλώσεων', 'Τηλεφωνική υποστήριξη'];
  let timeEntries = 0;
  for (const project of projects.slice(0, 6)) {
    for (let day = 28; day > 0; day -= 3 + Math.floor(rand() * 3)) {
      const minutes = 30 * (1 + Math.floor(rand() * 6));
      must(await createTimeEntry(db, actor, project.client_id, {
        project_id: String(project.id), date: addDays(today, -day), duration: `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`,
        task: pick(tasks), staff_user_id: '', billable: rand() < 0.8 ? 'on' : '', notes: '',
      }, admin.id), 'log time');
      timeEntries++;
    }
    must(await createExpense(db, actor, project.client_id, { project_id: String(project.id), date: addDays(today, -9), category: 'Ταχυμεταφορικά', amount: '18.60', billable: 'on', notes: 'Αποστολή πρωτοτύπων στη ΔΟΥ' }, { staffUserId: admin.id }), 'record expense');
  }

  // The portal: everything shown to clients except the firm's internal notes, and two logins to try
  // it with, one reading Greek and one English (the password is the staff one, printed below).
  await db
    .insertInto('portal_defaults')
    .values(VISIBILITY_KEYS.filter((key) => key !== 'notes').map((key) => ({ key, value: 1 })))
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: 1 }))
    .execute();
  const portalLogins: Array<{ email: string; client: string }> = [];
  for (const [clientId, language] of [[byName('Παπαδόπουλος & Συνεργάτες Ο.Ε.'), 'el'], [harbour, 'en']] as const) {
    const contact = await db.selectFrom('contacts').select(['id', 'name', 'email']).where('client_id', '=', clientId).orderBy('id').executeTakeFirstOrThrow();
    const email = contact.email ?? '';
    const user = await db
      .insertInto('portal_users')
      .values({ email, name: contact.name, password_hash: await hashPassword(password), language, password_expires_at: null, last_login_at: null, disabled_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('portal_memberships')
      .values({ portal_user_id: user.id, client_id: clientId, contact_id: contact.id, role: 'owner', ...permissionColumns(ROLE_PRESETS.owner), status: 'active', revoked_at: null })
      .execute();
    portalLogins.push({ email, client: DEMO_CLIENTS[clientIds.indexOf(clientId)]?.name ?? '' });
  }

  await recordEvent(db, actor, { clientId: null, subjectType: 'firm', subjectId: 0, action: 'seeded', detail: { label: 'demo' } });
  const counts = await db
    .selectFrom('documents')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('kind')
    .execute();
  const count = (kind: string) => counts.find((c) => c.kind === kind)?.n ?? 0;
  const payments = await db.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return {
    ok: true,
    summary: [
      `Demo firm created: ${DEMO_CLIENTS.length} clients, ${count('invoice')} invoices, ${count('estimate')} estimates, ${count('credit_note')} credit notes, ${payments.n} payments, ${timeEntries} time entries.`,
      'Staff logins (same password), at /login:',
      `  admin@stoa.demo (admin)   ${password}`,
      `  nikos@stoa.demo (staff)   ${password}`,
      'Portal logins (same password), at /portal/login:',
      ...portalLogins.map((l) => `  ${l.email} (${l.client})`),
    ].join('\n'),
  };
}
