// Pure: what a document email is about, its default subject and message in the reader's
// language, and the data of the 'document-email' template.

import type { DocumentKind } from '../db/schema.js';
import type { Minor } from '../money/money.js';
import type { Ui } from '../web/ui.js';

/** What an email is about: one document, or a client's statement for a period. */
export type MailTopic =
  | { kind: DocumentKind; number: string; currency: string; total: Minor; amountDue: Minor | null; dueDate: string | null; validUntil: string | null }
  | { kind: 'statement'; currency: string; from: string | null; to: string | null; closingBalance: Minor };

/** The kinds of topic ('statement' besides the three document kinds). */
export type TopicKind = MailTopic['kind'];

/** The period of a statement in words: "1 Jan 2026 – 31 Dec 2026", "since …", "until …", "all time". */
export function periodText(ui: Ui, from: string | null, to: string | null): string {
  if (from && to) return ui.t('document_mail:period.range', { from: ui.date(from), to: ui.date(to) });
  if (from) return ui.t('document_mail:period.since', { from: ui.date(from) });
  if (to) return ui.t('document_mail:period.until', { to: ui.date(to) });
  return ui.t('document_mail:period.all');
}

/** The subject a form starts with, in the reader's language. */
export function defaultSubject(ui: Ui, topic: MailTopic, firmName: string): string {
  if (topic.kind === 'statement') return ui.t('document_mail:defaults.subject.statement', { firm: firmName, period: periodText(ui, topic.from, topic.to) });
  return ui.t(`document_mail:defaults.subject.${topic.kind}`, { firm: firmName, number: topic.number });
}

/** The message a form starts with, in the reader's language: greeting, what is attached, what to do. */
export function defaultMessage(ui: Ui, topic: MailTopic, names: { recipient: string; firm: string }): string {
  const greeting = ui.t('document_mail:defaults.greeting', { name: names.recipient });
  const closing = ui.t('document_mail:defaults.closing', { firm: names.firm });
  let body: string;
  if (topic.kind === 'statement') {
    body = ui.t('document_mail:defaults.message.statement', { period: periodText(ui, topic.from, topic.to), balance: ui.money(topic.closingBalance, topic.currency) });
  } else if (topic.kind === 'invoice') {
    const values = { number: topic.number, total: ui.money(topic.total, topic.currency), due: ui.date(topic.dueDate) };
    const key = topic.amountDue === 0 ? 'invoice_paid' : topic.dueDate ? 'invoice' : 'invoice_no_due';
    body = ui.t(`document_mail:defaults.message.${key}`, values);
  } else if (topic.kind === 'estimate') {
    const values = { number: topic.number, total: ui.money(topic.total, topic.currency), valid: ui.date(topic.validUntil) };
    body = ui.t(topic.validUntil ? 'document_mail:defaults.message.estimate' : 'document_mail:defaults.message.estimate_no_validity', values);
  } else {
    body = ui.t('document_mail:defaults.message.credit_note', { number: topic.number, total: ui.money(topic.total, topic.currency) });
  }
  return `${greeting}\n\n${body}\n\n${closing}`;
}

/** Data of the 'document-email' template. */
export interface DocumentEmailData {
  kind: TopicKind;
  /** The subject staff chose (one line). */
  subject: string;
  /** The message staff wrote (paragraphs separated by blank lines). */
  message: string;
  number: string | null;
  currency: string;
  total: number | null;
  amountDue: number | null;
  dueDate: string | null;
  validUntil: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  closingBalance: number | null;
  /** The recipient's permalink. */
  link: string;
  /** The open-tracking pixel of this message. */
  pixel?: string | undefined;
}

/** The template data for a topic, a subject, a message and the recipient's links. */
export function documentEmailData(topic: MailTopic, mail: { subject: string; message: string; link: string; pixel?: string }): DocumentEmailData {
  const base = { subject: mail.subject, message: mail.message, link: mail.link, ...(mail.pixel ? { pixel: mail.pixel } : {}) };
  if (topic.kind === 'statement') {
    return {
      ...base, kind: 'statement', number: null, currency: topic.currency, total: null, amountDue: null, dueDate: null, validUntil: null,
      periodFrom: topic.from, periodTo: topic.to, closingBalance: topic.closingBalance,
    };
  }
  return {
    ...base, kind: topic.kind, number: topic.number, currency: topic.currency, total: topic.total, amountDue: topic.amountDue,
    dueDate: topic.dueDate, validUntil: topic.validUntil, periodFrom: null, periodTo: null, closingBalance: null,
  };
}
