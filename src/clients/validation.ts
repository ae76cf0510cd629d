import type { Language } from '../db/schema.js';
import { isCurrencyCode } from '../money/money.js';
import { isCountryCode } from './country.js';

/** Field errors: field name → translation key of the message. */
export type Errors<F extends string> = Partial<Record<F, string>>;

/** What a form or the API hands over before checking: text, null (cleared) or absent. */
export type Raw<F extends string> = Partial<Record<F, string | null>>;

/** The result of checking input: clean values, or field errors and nothing else. */
export type Checked<T, F extends string> = { ok: true; value: T } | { ok: false; errors: Errors<F> };

/** Longest values accepted, shared by forms (maxlength) and checks. */
export const LIMITS = { name: 200, email: 254, phone: 50, vat_number: 30, address: 200, postcode: 200, notes: 5000 } as const;

const CONTROL = /[\u0000-\u001f\u007f]/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Trimmed text or null when empty. */
function clean(v: string | null | undefined): string | null {
  const s = (v ?? '').trim();
  return s === '' ? null : s;
}

/**
 * Checks one single-line text field: required, max length, no control characters
 * (a CR/LF in a name would end up in email headers).
 */
function line(v: string | null | undefined, max: number, required: boolean): { value: string | null; error?: string } {
  const s = clean(v);
  if (s === null) return required ? { value: null, error: 'validation:required' } : { value: null };
  if (s.length > max) return { value: s, error: 'validation:too_long' };
  if (CONTROL.test(s)) return { value: s, error: 'validation:invalid' };
  return { value: s };
}

/** Checks an email address (lower-cased); empty allowed unless required. */
function email(v: string | null | undefined, required: boolean): { value: string | null; error?: string } {
  const s = clean(v)?.toLowerCase() ?? null;
  if (s === null) return required ? { value: null, error: 'validation:required' } : { value: null };
  if (s.length > LIMITS.email || !EMAIL.test(s)) return { value: s, error: 'validation:email' };
  return { value: s };
}

/** Collects the value and error of each field into one result. */
function collect<T, F extends string>(checks: Record<F, { value: unknown; error?: string }>): Checked<T, F> {
  const errors: Errors<F> = {};
  const value: Record<string, unknown> = {};
  for (const [field, r] of Object.entries(checks) as Array<[F, { value: unknown; error?: string }]>) {
    if (r.error) errors[field] = r.error;
    value[field] = r.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: value as T };
}

/** A client's own fields as stored (columns of `clients` that people edit). */
export interface ClientValues {
  name: string;
  email: string | null;
  phone: string | null;
  vat_number: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
  currency: string;
  language: Language;
  notes: string | null;
}

/** Names of the editable client fields. */
export type ClientField = keyof ClientValues;

/** Every editable client field, in form order. */
export const CLIENT_FIELDS: readonly ClientField[] = [
  'name', 'email', 'phone', 'vat_number', 'address_line1', 'address_line2', 'city', 'postcode', 'country', 'currency', 'language', 'notes',
];

/** Checks and normalizes a client: trims, upper-cases codes, empties become null. */
export function validateClient(raw: Raw<ClientField>): Checked<ClientValues, ClientField> {
  const country = clean(raw.country)?.toUpperCase() ?? null;
  const currency = clean(raw.currency)?.toUpperCase() ?? null;
  const language = clean(raw.language);
  const notes = clean(raw.notes);
  return collect<ClientValues, ClientField>({
    name: line(raw.name, LIMITS.name, true),
    email: email(raw.email, false),
    phone: line(raw.phone, LIMITS.phone, false),
    vat_number: line(raw.vat_number, LIMITS.vat_number, false),
    address_line1: line(raw.address_line1, LIMITS.address, false),
    address_line2: line(raw.address_line2, LIMITS.address, false),
    city: line(raw.city, LIMITS.address, false),
    postcode: line(raw.postcode, LIMITS.postcode, false),
    country: country === null || isCountryCode(country) ? { value: country } : { value: country, error: 'clients:errors.country' },
    currency: currency === null ? { value: null, error: 'validation:required' } : isCurrencyCode(currency) ? { value: currency } : { value: currency, error: 'validation:currency' },
    language: language === 'en' || language === 'el' ? { value: language } : { value: language, error: 'validation:language' },
    notes: notes !== null && notes.length > LIMITS.notes ? { value: notes, error: 'validation:too_long' } : { value: notes },
  });
}

/** A contact's editable fields. */
export interface ContactValues { name: string; email: string; phone: string | null }
/** Names of the editable contact fields. */
export type ContactField = keyof ContactValues;

/** Checks a contact: name and email required, phone optional. */
export function validateContact(raw: Raw<ContactField>): Checked<ContactValues, ContactField> {
  return collect<ContactValues, ContactField>({
    name: line(raw.name, LIMITS.name, true),
    email: email(raw.email, true),
    phone: line(raw.phone, LIMITS.phone, false),
  });
}

/** A project's editable fields. */
export interface ProjectValues { name: string; email: string | null; portal_visible: boolean; portal_time: 'all' | 'billable' }
/** Names of the editable project fields. */
export type ProjectField = keyof ProjectValues;

/** Checks a project; `portal_visible` comes as "1"/"true"/"on" or "0"/"false"/empty. */
export function validateProject(raw: Raw<ProjectField>): Checked<ProjectValues, ProjectField> {
  const visible = clean(raw.portal_visible);
  const time = clean(raw.portal_time) ?? 'billable';
  return collect<ProjectValues, ProjectField>({
    name: line(raw.name, LIMITS.name, true),
    email: email(raw.email, false),
    portal_visible:
      visible === null || visible === '0' || visible === 'false' ? { value: false }
        : visible === '1' || visible === 'true' || visible === 'on' ? { value: true }
          : { value: false, error: 'validation:invalid' },
    portal_time: time === 'all' || time === 'billable' ? { value: time } : { value: time, error: 'validation:invalid' },
  });
}
