// Emailing documents and statements: the form's defaults, sending (one message per To address,
// each with its own permalink and open-tracking pixel; CC and BCC ride on the first), inviting
// To addresses that are not yet members, automatic invoice emails on finalize, and what the
// staff page shows about a document's emails. No HTTP here; expected failures are values.

import { findClient } from '../clients/queries.js';
import { createContact } from '../contacts/service.js';
import type { Db, Trx } from '../db/index.js';
import type { Client, DocumentKind, DocumentLifecycle, Language } from '../db/schema.js';
import { documentLabel, KIND_INFO } from '../documents/kinds.js';
import { getDocument, type DocumentDetail } from '../documents/service.js';
import { recordEvent, SYSTEM_ACTOR, type Actor } from '../events/service.js';
import type { Statement } from '../ledger/ledger.js';
import { clientStatement } from '../ledger/queries.js';
import { enqueueMail, mailStatusFor, type MailStatus } from '../mail/outbox.js';
import { issuePermalink, documentLinks, type PermalinkTarget } from '../permalinks/service.js';
import { absoluteUrl, permalinkPath, pixelPath } from '../permalinks/rules.js';
import { invitePortalUser } from '../portal-access/service.js';
import { utcDayStart } from '../portal-access/invitation-rules.js';
import { countInvitationsSince, findStaffUser } from '../portal-access/membership-queries.js';
import { loadEffectiveSettings } from '../portal-access/queries.js';
import { mayView, permissionsOf } from '../portal-access/visibility.js';
import { findProject } from '../projects/queries.js';
import { documentEmail } from '../projects/service.js';
import { getFirmSettings } from '../settings/service.js';
import { log } from '../util/log.js';
import { uiFor } from '../web/ui.js';
import { defaultMessage, defaultSubject, documentEmailData, type MailTopic } from './content.js';
import { checkMailForm, type CheckedMail, type MailFormError, type MailFormErrors, type MailFormValues } from './form.js';
import { activeMembersOf, contactsWithEmails, loginsOf } from './queries.js';
import { bindOpenToken, newOpenToken, STATEMENT_MAIL_SUBJECT } from './tracking.js';

/** The template of every document and statement email. */
export const DOCUMENT_EMAIL_TEMPLATE = 'document-email';

/** Where links in emails point (PUBLIC_URL only, never the request's Host: SECURITY.md row 22). */
export interface MailContext {
  publicUrl: string;
  /** The current instant (tests fix it). */
  now?: Date;
}

/** What an email is sent about: one issued document, or a client's statement for a period. */
export type MailTarget =
  | { kind: 'document'; detail: DocumentDetail; client: Client; projectEmail: string | null }
  | { kind: 'statement'; client: Client; statement: Statement };

/** True for a document that may be emailed: numbered and not void. */
export function isMailable(status: DocumentLifecycle): boolean {
  return status !== 'draft' && status !== 'void';
}

/** A document to email, or why not (unknown id; a draft or a voided document). */
export async function documentMailTarget(db: Db, kind: DocumentKind, id: number): Promise<{ ok: true; target: MailTarget } | { ok: false; error: 'NotFound' | 'NotIssued' }> {
  const detail = await getDocument(db, kind, id);
  if (!detail) return { ok: false, error: 'NotFound' };
  if (!isMailable(detail.doc.status)) return { ok: false, error: 'NotIssued' };
  const [client, project] = await Promise.all([
    findClient(db, detail.doc.client_id),
    detail.doc.project_id !== null ? findProject(db, detail.doc.project_id) : Promise.resolve(undefined),
  ]);
  if (!client) return { ok: false, error: 'NotFound' };
  return { ok: true, target: { kind: 'document', detail, client, projectEmail: project?.email ?? null } };
}

/** A client's statement for a period (bounds resolved already; null = open), or null for an unknown client. */
export async function statementMailTarget(db: Db, clientId: number, from: string | null, to: string | null): Promise<MailTarget | null> {
  const client = await findClient(db, clientId);
  if (!client) return null;
  return { kind: 'statement', client, statement: await clientStatement(db, client.id, from, to) };
}

/** What the email says about its target (number, total, amount due, dates; or period and balance). */
export function topicOf(target: MailTarget): MailTopic {
  if (target.kind === 'statement') {
    const s = target.statement;
    return { kind: 'statement', currency: target.client.currency, from: s.from, to: s.to, closingBalance: s.closingBalance };
  }
  const { doc, balance } = target.detail;
  return {
    kind: doc.kind,
    number: doc.number ?? documentLabel(doc),
    currency: doc.currency,
    total: doc.total,
    amountDue: doc.kind === 'invoice' ? balance : null,
    dueDate: doc.kind === 'invoice' ? doc.due_date : null,
    validUntil: doc.kind === 'estimate' ? doc.valid_until : null,
  };
}

/** The form as it starts: To from the project's email or else the client's; subject and message in the client's language. */
export async function defaultMailValues(db: Db, target: MailTarget): Promise<MailFormValues> {
  const firm = await getFirmSettings(db);
  const ui = uiFor(target.client.language);
  const topic = topicOf(target);
  const to = target.kind === 'document' ? documentEmail(target.client.email, { email: target.projectEmail }) : target.client.email;
  return {
    to: to ?? '',
    cc: '',
    bcc: '',
    subject: defaultSubject(ui, topic, firm.firm_name),
    message: defaultMessage(ui, topic, { recipient: target.client.name, firm: firm.firm_name }),
    invite: false,
  };
}

/** One message to enqueue. */
interface OneMail {
  to: string;
  cc: string[];
  bcc: string[];
  subject: string;
  message: string;
  language: Language;
}

/** The permalink target and the outbox subject of a mail target. */
function bindingOf(target: MailTarget): { link: PermalinkTarget; subjectType: string; subjectId: number } {
  if (target.kind === 'statement') {
    return { link: { kind: 'statement', clientId: target.client.id, from: target.statement.from, to: target.statement.to }, subjectType: STATEMENT_MAIL_SUBJECT, subjectId: target.client.id };
  }
  const doc = target.detail.doc;
  return { link: { kind: 'document', clientId: doc.client_id, documentId: doc.id }, subjectType: KIND_INFO[doc.kind].subject, subjectId: doc.id };
}

/**
 * Enqueues one message per recipient inside the caller's transaction: each with its own
 * permalink (bound to the target and that address) and its own open-tracking pixel.
 */
async function deliver(trx: Trx, target: MailTarget, mails: readonly OneMail[], opts: { publicUrl: string; createdBy: number | null; now: Date }): Promise<number[]> {
  const topic = topicOf(target);
  const binding = bindingOf(target);
  const firmName = (await getFirmSettings(trx)).firm_name;
  const ids: number[] = [];
  for (const mail of mails) {
    const link = await issuePermalink(trx, binding.link, mail.to, { createdBy: opts.createdBy, now: opts.now });
    const openToken = newOpenToken();
    const data = documentEmailData(topic, {
      subject: mail.subject,
      message: mail.message,
      link: absoluteUrl(opts.publicUrl, permalinkPath(link.token)),
      pixel: absoluteUrl(opts.publicUrl, pixelPath(openToken)),
    });
    const queued = await enqueueMail(
      trx,
      { to: [mail.to], cc: mail.cc, bcc: mail.bcc, template: DOCUMENT_EMAIL_TEMPLATE, language: mail.language, data: { ...data }, clientId: target.client.id, subjectType: binding.subjectType, subjectId: binding.subjectId },
      { publicUrl: opts.publicUrl, firmName },
    );
    await bindOpenToken(trx, openToken, queued.id);
    ids.push(queued.id);
  }
  return ids;
}

/** To addresses that may be invited: no login of that address is disabled or already has any membership of this client. */
async function invitableAddresses(db: Db, clientId: number, to: readonly string[]): Promise<string[]> {
  const logins = await loginsOf(db, clientId, to);
  const taken = new Set(logins.filter((l) => l.disabled || l.membership !== null).map((l) => l.email));
  return to.filter((a) => !taken.has(a));
}

/** Why `count` invitations cannot be sent now: the sender's email is not verified, or today's cap would be passed. */
async function invitationProblem(db: Db, actor: Actor, count: number, now: Date): Promise<MailFormError | null> {
  const staff = actor.id !== null ? await findStaffUser(db, actor.id) : undefined;
  if (!staff || !staff.email_verified_at || staff.disabled_at) return { key: 'document_mail:errors.invite_unverified' };
  const [settings, sent] = await Promise.all([getFirmSettings(db), countInvitationsSince(db, utcDayStart(now))]);
  if (sent + count > settings.invitation_daily_cap) {
    return { key: 'document_mail:errors.invite_cap', values: { count, left: Math.max(0, settings.invitation_daily_cap - sent) } };
  }
  return null;
}

/** Invites each address to the client's portal by link with the default role, adding a contact for an address that has none. */
async function inviteAddresses(db: Db, actor: Actor, client: Client, addresses: readonly string[], ctx: MailContext & { now: Date }): Promise<{ invited: number; failed: number }> {
  let invited = 0;
  let failed = 0;
  const contacts = await contactsWithEmails(db, client.id, addresses);
  // One invitation (own transaction, own email) per person: a handful at most, bounded by the field's limit.
  for (const address of addresses) {
    let contactId = contacts.find((c) => c.email.trim().toLowerCase() === address)?.id;
    if (contactId === undefined) {
      const created = await createContact(db, actor, client.id, { name: address, email: address, phone: null });
      if (created.ok) contactId = created.contact.id;
    }
    const result = contactId === undefined
      ? null
      : await invitePortalUser(db, actor, { clientId: client.id, contactId, method: 'link', role: 'accounts', language: client.language }, { publicUrl: ctx.publicUrl, now: ctx.now });
    if (result?.ok) invited++;
    else {
      failed++;
      log.warn('invitation with a document email failed', { clientId: client.id, error: result ? result.error : 'contact' });
    }
  }
  return { invited, failed };
}

/** What sending did, or why nothing was sent. */
export type SendMailResult =
  | { ok: true; sent: number; invited: number; inviteFailed: number }
  | { ok: false; error: 'Invalid'; errors: MailFormErrors }
  | { ok: false; error: 'NotFound' | 'NotIssued' };

/**
 * Sends a document or statement by email as staff filled in the form. Nothing is sent (and no
 * outbox row written) unless every address is valid. One message per To address; the first also
 * carries CC and BCC. With "invite", To addresses that are not yet members of the client are
 * invited to the portal (never CC or BCC), after the emails are committed.
 */
export async function sendTargetEmail(db: Db, actor: Actor, target: MailTarget, values: MailFormValues, ctx: MailContext): Promise<SendMailResult> {
  const now = ctx.now ?? new Date();
  const checked = checkMailForm(values);
  if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors };
  const mail: CheckedMail = checked.value;
  const invitees = mail.invite ? await invitableAddresses(db, target.client.id, mail.to) : [];
  if (invitees.length > 0) {
    const problem = await invitationProblem(db, actor, invitees.length, now);
    if (problem) return { ok: false, error: 'Invalid', errors: { invite: problem } };
  }
  const language = target.client.language;
  const mails: OneMail[] = mail.to.map((to, i) => ({ to, cc: i === 0 ? mail.cc : [], bcc: i === 0 ? mail.bcc : [], subject: mail.subject, message: mail.message, language }));
  const createdBy = actor.type === 'staff' || actor.type === 'api' ? actor.id : null;
  const sent = await db.transaction().execute(async (trx) => {
    if (target.kind === 'document') {
      // Voided since the form was opened: nothing goes out.
      const current = await trx.selectFrom('documents').select('status').where('id', '=', target.detail.doc.id).executeTakeFirst();
      if (!current || !isMailable(current.status)) return null;
    }
    const ids = await deliver(trx, target, mails, { publicUrl: ctx.publicUrl, createdBy, now });
    const detail = { to: mail.to, cc: mail.cc, bcc: mail.bcc, invited: invitees };
    if (target.kind === 'document') {
      const doc = target.detail.doc;
      await recordEvent(trx, actor, { clientId: doc.client_id, subjectType: KIND_INFO[doc.kind].subject, subjectId: doc.id, action: 'emailed', detail: { label: documentLabel(doc), ...detail } });
    } else {
      await recordEvent(trx, actor, { clientId: target.client.id, subjectType: 'client', subjectId: target.client.id, action: 'statement_emailed', detail: { label: target.client.name, from: target.statement.from, to_date: target.statement.to, ...detail } });
    }
    return ids.length;
  });
  if (sent === null) return { ok: false, error: 'NotIssued' };
  const invitations = invitees.length > 0 ? await inviteAddresses(db, actor, target.client, invitees, { ...ctx, now }) : { invited: 0, failed: 0 };
  return { ok: true, sent, invited: invitations.invited, inviteFailed: invitations.failed };
}

/** What was just issued (the argument of an issueDocument hook). */
export interface IssuedDocument { kind: DocumentKind; id: number; clientId: number }

/**
 * The hook that emails a freshly finalized invoice when the client's effective `auto_send_invoices`
 * is on: to every active portal member who may see invoices (each in their own language), in the
 * finalize's own transaction, so the invoice and its emails commit together or not at all.
 */
export function autoSendInvoices(ctx: MailContext): (trx: Trx, issued: IssuedDocument) => Promise<void> {
  return async function autoSendInvoice(trx, issued) {
    if (issued.kind !== 'invoice') return;
    const settings = await loadEffectiveSettings(trx, issued.clientId);
    if (!settings.auto_send_invoices) return;
    const members = await activeMembersOf(trx, issued.clientId);
    const readers = members.filter((m) => mayView({ status: 'active', permissions: permissionsOf(m) }, settings, 'invoices'));
    if (readers.length === 0) return;
    // Everything through trx: this runs inside the finalize's transaction.
    const [detail, client, firm] = await Promise.all([getDocument(trx, 'invoice', issued.id), findClient(trx, issued.clientId), getFirmSettings(trx)]);
    if (!detail || !client || !isMailable(detail.doc.status)) return;
    const target: MailTarget = { kind: 'document', detail, client, projectEmail: null };
    const topic = topicOf(target);
    const mails: OneMail[] = readers.map((r) => {
      const ui = uiFor(r.language);
      return { to: r.email, cc: [], bcc: [], subject: defaultSubject(ui, topic, firm.firm_name), message: defaultMessage(ui, topic, { recipient: r.name, firm: firm.firm_name }), language: r.language };
    });
    await deliver(trx, target, mails, { publicUrl: ctx.publicUrl, createdBy: null, now: ctx.now ?? new Date() });
    await recordEvent(trx, SYSTEM_ACTOR, {
      clientId: client.id,
      subjectType: 'invoice',
      subjectId: detail.doc.id,
      action: 'auto_emailed',
      detail: { label: documentLabel(detail.doc), to: readers.map((r) => r.email) },
    });
  };
}

/** What the staff page of a document shows about its emails and links. */
export interface DocumentMailPanel {
  /** Every email about the document, oldest first, with its delivery state. */
  mails: MailStatus[];
  /** Links that still work, and until when the last of them does. */
  links: { active: number; expiresAt: string | null };
  /** False for drafts and voided documents (no Email action). */
  mailable: boolean;
}

/** The emails and links of a document (a fixed number of queries). */
export async function documentMailPanel(db: Db, kind: DocumentKind, id: number, status: DocumentLifecycle): Promise<DocumentMailPanel> {
  const [mails, links] = await Promise.all([mailStatusFor(db, KIND_INFO[kind].subject, id), documentLinks(db, id)]);
  return { mails, links, mailable: isMailable(status) };
}

/** The statement emails of a client, oldest first. */
export async function statementMails(db: Db, clientId: number): Promise<MailStatus[]> {
  return mailStatusFor(db, STATEMENT_MAIL_SUBJECT, clientId);
}

