// Checks of the service-record forms (sites, contracts, equipment, service reports). Pure: the
// caller later checks that referenced sites/equipment belong to the client. Errors are
// translation keys, one per field; nothing is written when there is any.

import { isCountryCode } from '../clients/country.js';
import type { Checked, Errors, Raw } from '../clients/validation.js';
import { isIsoDate } from '../ledger/ledger.js';
import { isCurrencyCode, parseMoneyInput } from '../money/money.js';

export type { Checked, Errors, Raw } from '../clients/validation.js';

/** Longest values accepted, shared by forms (maxlength) and checks. */
export const SERVICE_LIMITS = { name: 200, address: 200, postcode: 20, code: 50, notes: 5000, text: 10000 } as const;

const CONTROL = /[\u0000-\u001f\u007f]/;
// Multi-line text keeps tabs and line breaks, nothing else below U+0020.
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

type Check = { value: unknown; error?: string };

function clean(v: string | null | undefined): string | null {
  const s = (v ?? '').trim();
  return s === '' ? null : s;
}

function line(v: string | null | undefined, max: number, required: boolean): Check {
  const s = clean(v);
  if (s === null) return required ? { value: null, error: 'validation:required' } : { value: null };
  if (s.length > max) return { value: s, error: 'validation:too_long' };
  if (CONTROL.test(s)) return { value: s, error: 'validation:invalid' };
  return { value: s };
}

function text(v: string | null | undefined, max: number, required: boolean): Check {
  const s = clean(v?.replace(/\r\n?/g, '\n'));
  if (s === null) return required ? { value: null, error: 'validation:required' } : { value: null };
  if (s.length > max) return { value: s, error: 'validation:too_long' };
  if (CONTROL_MULTILINE.test(s)) return { value: s, error: 'validation:invalid' };
  return { value: s };
}

function date(v: string | null | undefined, required: boolean): Check {
  const s = clean(v);
  if (s === null) return required ? { value: null, error: 'validation:required' } : { value: null };
  return isIsoDate(s) ? { value: s } : { value: s, error: 'validation:date' };
}

/** An optional id from a select: null when empty. */
function optionalId(v: string | null | undefined): Check {
  const s = clean(v);
  if (s === null) return { value: null };
  return /^[1-9]\d{0,14}$/.test(s) ? { value: Number(s) } : { value: null, error: 'validation:invalid' };
}

/** A list of ids from checkboxes (duplicates dropped); an error when any is not an id. */
function idList(values: readonly string[] | undefined): Check {
  const out = new Set<number>();
  for (const raw of values ?? []) {
    const s = raw.trim();
    if (s === '') continue;
    if (!/^[1-9]\d{0,14}$/.test(s)) return { value: [], error: 'validation:invalid' };
    out.add(Number(s));
  }
  if (out.size > 500) return { value: [], error: 'validation:invalid' };
  return { value: [...out] };
}

function collect<T, F extends string>(checks: Record<F, Check>): Checked<T, F> {
  const errors: Errors<F> = {};
  const value: Record<string, unknown> = {};
  for (const [field, r] of Object.entries(checks) as Array<[F, Check]>) {
    if (r.error) errors[field] = r.error;
    value[field] = r.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: value as T };
}

/** A site's editable fields. */
export interface SiteValues {
  name: string;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
  notes: string | null;
}
/** Names of the site fields. */
export type SiteField = keyof SiteValues;
/** Site fields in form order. */
export const SITE_FIELDS: readonly SiteField[] = ['name', 'address_line1', 'address_line2', 'city', 'postcode', 'country', 'notes'];

/** Checks a site: a name, an optional address (country as ISO code) and notes. */
export function validateSite(raw: Raw<SiteField>): Checked<SiteValues, SiteField> {
  const country = clean(raw.country)?.toUpperCase() ?? null;
  return collect<SiteValues, SiteField>({
    name: line(raw.name, SERVICE_LIMITS.name, true),
    address_line1: line(raw.address_line1, SERVICE_LIMITS.address, false),
    address_line2: line(raw.address_line2, SERVICE_LIMITS.address, false),
    city: line(raw.city, SERVICE_LIMITS.address, false),
    postcode: line(raw.postcode, SERVICE_LIMITS.postcode, false),
    country: country === null || isCountryCode(country) ? { value: country } : { value: country, error: 'service:errors.country' },
    notes: text(raw.notes, SERVICE_LIMITS.notes, false),
  });
}

/** A contract's editable fields (status changes by cancelling, not by editing). */
export interface ContractValues {
  title: string;
  number: string | null;
  period_start: string;
  period_end: string;
  renewal_date: string | null;
  currency: string;
  /** Minor units of `currency`. */
  value: number;
  notes: string | null;
  site_ids: number[];
  equipment_ids: number[];
}
/** Names of the contract fields. */
export type ContractField = keyof ContractValues;
/** Text fields of the contract form (the id lists come as repeated checkboxes). */
export const CONTRACT_TEXT_FIELDS = ['title', 'number', 'period_start', 'period_end', 'renewal_date', 'currency', 'value', 'notes'] as const;
/** Raw contract input: text fields plus the ticked site and equipment ids. */
export type ContractInput = Raw<(typeof CONTRACT_TEXT_FIELDS)[number]> & { site_ids?: readonly string[]; equipment_ids?: readonly string[] };

/** Checks a contract: title, period (end not before start), optional renewal date, value ≥ 0 in a currency. */
export function validateContract(raw: ContractInput): Checked<ContractValues, ContractField> {
  const currency = clean(raw.currency)?.toUpperCase() ?? null;
  const currencyCheck: Check = currency === null ? { value: null, error: 'validation:required' } : isCurrencyCode(currency) ? { value: currency } : { value: currency, error: 'validation:currency' };
  const start = date(raw.period_start, true);
  const end = date(raw.period_end, true);
  if (!start.error && !end.error && typeof start.value === 'string' && typeof end.value === 'string' && end.value < start.value) {
    end.error = 'service:errors.end_before_start';
  }
  const rawValue = clean(raw.value);
  let value: Check;
  if (rawValue === null) value = { value: null, error: 'validation:required' };
  else if (currencyCheck.error || currency === null) value = { value: null };
  else {
    const minor = parseMoneyInput(rawValue, currency);
    value = minor === null ? { value: null, error: 'validation:money' } : minor < 0 ? { value: minor, error: 'service:errors.negative' } : { value: minor };
  }
  return collect<ContractValues, ContractField>({
    title: line(raw.title, SERVICE_LIMITS.name, true),
    number: line(raw.number, SERVICE_LIMITS.code, false),
    period_start: start,
    period_end: end,
    renewal_date: date(raw.renewal_date, false),
    currency: currencyCheck,
    value,
    notes: text(raw.notes, SERVICE_LIMITS.notes, false),
    site_ids: idList(raw.site_ids),
    equipment_ids: idList(raw.equipment_ids),
  });
}

/** A piece of equipment's editable fields. */
export interface EquipmentValues {
  name: string;
  site_id: number | null;
  model: string | null;
  serial_number: string | null;
  installed_on: string | null;
  warranty_until: string | null;
  notes: string | null;
}
/** Names of the equipment fields. */
export type EquipmentField = keyof EquipmentValues;
/** Equipment fields in form order. */
export const EQUIPMENT_FIELDS: readonly EquipmentField[] = ['name', 'site_id', 'model', 'serial_number', 'installed_on', 'warranty_until', 'notes'];

/** Checks equipment: what it is, where (optional site), model, serial, installation and warranty dates. */
export function validateEquipment(raw: Raw<EquipmentField>): Checked<EquipmentValues, EquipmentField> {
  const installed = date(raw.installed_on, false);
  const warranty = date(raw.warranty_until, false);
  if (!installed.error && !warranty.error && typeof installed.value === 'string' && typeof warranty.value === 'string' && warranty.value < installed.value) {
    warranty.error = 'service:errors.warranty_before_install';
  }
  return collect<EquipmentValues, EquipmentField>({
    name: line(raw.name, SERVICE_LIMITS.name, true),
    site_id: optionalId(raw.site_id),
    model: line(raw.model, SERVICE_LIMITS.name, false),
    serial_number: line(raw.serial_number, SERVICE_LIMITS.code, false),
    installed_on: installed,
    warranty_until: warranty,
    notes: text(raw.notes, SERVICE_LIMITS.notes, false),
  });
}

/** A service report's editable fields. */
export interface ReportValues {
  site_id: number;
  visit_date: string;
  technician_staff_id: number | null;
  technician_name: string | null;
  work_done: string;
  findings: string | null;
  equipment_ids: number[];
}
/** Names of the report fields ('technician' is the staff select, 'technician_name' the free text). */
export type ReportField = 'site_id' | 'visit_date' | 'technician' | 'technician_name' | 'work_done' | 'findings' | 'equipment_ids';
/** Text fields of the report form. */
export const REPORT_TEXT_FIELDS = ['site_id', 'visit_date', 'technician', 'technician_name', 'work_done', 'findings'] as const;
/** Raw report input: text fields plus the ticked equipment ids. */
export type ReportInput = Raw<(typeof REPORT_TEXT_FIELDS)[number]> & { equipment_ids?: readonly string[] };

/** Checks a service report: site, visit date, a technician (staff member or a typed name), work done. */
export function validateReport(raw: ReportInput): Checked<ReportValues, ReportField> {
  const site = optionalId(raw.site_id);
  if (!site.error && site.value === null) site.error = 'validation:required';
  const staff = optionalId(raw.technician);
  const name = line(raw.technician_name, SERVICE_LIMITS.name, false);
  if (!staff.error && !name.error && staff.value === null && name.value === null) name.error = 'service:errors.technician_required';
  const checked = collect<Omit<ReportValues, 'technician_staff_id'> & { technician: number | null }, ReportField>({
    site_id: site,
    visit_date: date(raw.visit_date, true),
    technician: staff,
    technician_name: name,
    work_done: text(raw.work_done, SERVICE_LIMITS.text, true),
    findings: text(raw.findings, SERVICE_LIMITS.text, false),
    equipment_ids: idList(raw.equipment_ids),
  });
  if (!checked.ok) return checked;
  const { technician, ...rest } = checked.value;
  // A staff technician wins; a typed name is kept only for someone outside the firm.
  return { ok: true, value: { ...rest, technician_staff_id: technician, technician_name: technician === null ? rest.technician_name : null } };
}
