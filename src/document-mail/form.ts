// Pure: the email form of a document or statement — its values as typed, and their check.

import { singleLine } from '../mail/headers.js';
import { parseAddressList, withoutAddresses, MAX_ADDRESSES } from './addresses.js';

/** Longest subject (one line). */
export const MAX_SUBJECT = 200;
/** Longest message. */
export const MAX_MESSAGE = 5000;

/** The form as typed (re-rendered as it was when something is wrong). */
export interface MailFormValues {
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  message: string;
  /** "Invite recipients to the client portal" (To addresses only). */
  invite: boolean;
}

/** One problem of a field: a translation key and the values it names (e.g. the bad addresses). */
export interface MailFormError { key: string; values?: Record<string, string | number> }

/** The fields of the form that can be wrong. */
export type MailField = 'to' | 'cc' | 'bcc' | 'subject' | 'message' | 'invite';

/** Problems by field. */
export type MailFormErrors = Partial<Record<MailField, MailFormError>>;

/** A checked form: lower-cased addresses (a CC or BCC also in To is dropped), a one-line subject. */
export interface CheckedMail {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  message: string;
  invite: boolean;
}

/** Reads the form's fields from a parsed body (anything missing is empty). */
export function mailFormValues(get: (name: string) => string | undefined): MailFormValues {
  const invite = get('invite');
  return {
    to: get('to') ?? '',
    cc: get('cc') ?? '',
    bcc: get('bcc') ?? '',
    subject: get('subject') ?? '',
    message: get('message') ?? '',
    invite: invite !== undefined && invite !== '' && invite !== '0',
  };
}

function addressField(input: string, required: boolean): { addresses: string[]; error?: MailFormError } {
  const parsed = parseAddressList(input);
  if (!parsed.ok && parsed.error === 'invalid') {
    return { addresses: [], error: { key: 'document_mail:errors.invalid_address', values: { count: parsed.invalid.length, addresses: parsed.invalid.join(', ') } } };
  }
  if (!parsed.ok) return { addresses: [], error: { key: 'document_mail:errors.too_many', values: { max: MAX_ADDRESSES } } };
  if (required && parsed.addresses.length === 0) return { addresses: [], error: { key: 'document_mail:errors.to_required' } };
  return { addresses: parsed.addresses };
}

/** Checks the form: every address valid (the bad ones named), a To, a subject, lengths. */
export function checkMailForm(values: MailFormValues): { ok: true; value: CheckedMail } | { ok: false; errors: MailFormErrors } {
  const errors: MailFormErrors = {};
  const to = addressField(values.to, true);
  const cc = addressField(values.cc, false);
  const bcc = addressField(values.bcc, false);
  if (to.error) errors.to = to.error;
  if (cc.error) errors.cc = cc.error;
  if (bcc.error) errors.bcc = bcc.error;
  // A subject is one header line: CR, LF and other controls become spaces (SECURITY.md row 28).
  const subject = singleLine(values.subject);
  if (subject === '') errors.subject = { key: 'document_mail:errors.subject_required' };
  else if (subject.length > MAX_SUBJECT) errors.subject = { key: 'document_mail:errors.too_long', values: { max: MAX_SUBJECT } };
  const message = values.message.replace(/\r\n?/g, '\n').trim();
  if (message.length > MAX_MESSAGE) errors.message = { key: 'document_mail:errors.too_long', values: { max: MAX_MESSAGE } };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const ccList = withoutAddresses(cc.addresses, to.addresses);
  return {
    ok: true,
    value: { to: to.addresses, cc: ccList, bcc: withoutAddresses(bcc.addresses, to.addresses, ccList), subject, message, invite: values.invite },
  };
}
