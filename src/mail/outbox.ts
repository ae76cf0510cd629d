import type { Db, Trx } from '../db/index.js';
import { getFirmSettings } from '../settings/service.js';
import { isMailAddress, joinAddresses, newMessageId } from './headers.js';
import { insertMail } from './queries.js';
import { renderEmail } from './templates.js';
import { notifyMailQueued } from './wake.js';
import { emailBrand, getBrand } from '../brand/service.js';

export { mailStatusFor, type MailStatus } from './queries.js';
export { EmailTemplateError, type TemplateData, type TemplateName } from './templates.js';

/** One email to send: rendered from a template at enqueue time, delivered later by the worker. */
export interface OutgoingMail {
  to: string[];
  cc?: string[];
  bcc?: string[];
  /** Name of a template in views/emails (e.g. 'portal-invitation'); see TemplateData for each one's data. */
  template: string;
  language: 'en' | 'el';
  /** What the template needs (validated by the template's own type). */
  data: Record<string, unknown>;
  clientId?: number | null;
  subjectType?: string | null;
  subjectId?: number | null;
}

/** Raised for recipients that are not plain email addresses: callers validate addresses first, so this is a bug. */
export class MailAddressError extends Error {}

function cleanAddresses(list: readonly string[] | undefined, field: string): string[] {
  const out = (list ?? []).map((a) => a.trim());
  for (const address of out) {
    if (!isMailAddress(address)) throw new MailAddressError(`${field}: not a plain email address`);
  }
  return out;
}

/**
 * Renders the template (subject, HTML, plain text) and inserts a 'queued' row.
 * Call INSIDE the transaction of the change that causes the mail. Returns the outbox id and Message-ID.
 * Throws (EmailTemplateError, MailAddressError) on an unknown template, bad data or a bad address: bugs, not input.
 */
export async function enqueueMail(
  trx: Db | Trx,
  mail: OutgoingMail,
  opts?: { publicUrl?: string; firmName?: string },
): Promise<{ id: number; messageId: string }> {
  const to = cleanAddresses(mail.to, 'to');
  if (to.length === 0) throw new MailAddressError('to: at least one recipient is required');
  const cc = cleanAddresses(mail.cc, 'cc');
  const bcc = cleanAddresses(mail.bcc, 'bcc');
  const firmName = opts?.firmName ?? (await getFirmSettings(trx)).firm_name;
  const publicUrl = opts?.publicUrl ?? null;
  const brand = emailBrand(await getBrand(trx), publicUrl);
  const rendered = renderEmail(mail.template, mail.language, mail.data, { firmName, publicUrl, brand });
  const messageId = newMessageId(publicUrl);
  const id = await insertMail(trx, {
    message_id: messageId,
    to_addresses: to.join(','),
    cc_addresses: joinAddresses(cc),
    bcc_addresses: joinAddresses(bcc),
    subject: rendered.subject,
    text_body: rendered.text,
    html_body: rendered.html,
    template: mail.template,
    client_id: mail.clientId ?? null,
    subject_type: mail.subjectType ?? null,
    subject_id: mail.subjectId ?? null,
    status: 'queued',
    next_attempt_at: new Date().toISOString(),
  });
  notifyMailQueued();
  return { id, messageId };
}
