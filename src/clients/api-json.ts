import type { Client, Contact, EventRow, Project } from '../db/schema.js';
import { translator } from '../i18n/index.js';

/** A client as API JSON (API.md): ids as strings, address grouped as billing_address. */
export function clientJson(c: Client) {
  return {
    id: String(c.id),
    name: c.name,
    email: c.email,
    phone: c.phone,
    vat_number: c.vat_number,
    billing_address: { line1: c.address_line1, line2: c.address_line2, city: c.city, postcode: c.postcode, country: c.country },
    currency: c.currency,
    language: c.language,
    notes: c.notes,
    archived: c.archived_at !== null,
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}

/** A contact as API JSON. */
export function contactJson(c: Contact) {
  return {
    id: String(c.id),
    client_id: String(c.client_id),
    name: c.name,
    email: c.email,
    phone: c.phone,
    archived: c.archived_at !== null,
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}

/** A project as API JSON. */
export function projectJson(p: Project) {
  return {
    id: String(p.id),
    client_id: String(p.client_id),
    name: p.name,
    email: p.email,
    portal_visible: p.portal_visible === 1,
    portal_time: p.portal_time,
    archived: p.archived_at !== null,
    created_at: p.created_at,
    updated_at: p.updated_at,
  };
}

/** An event as API JSON: who (actor), what (subject, action) and its particulars (detail). */
export function eventJson(e: EventRow) {
  let detail: unknown = {};
  try {
    detail = e.detail ? JSON.parse(e.detail) : {};
  } catch {
    detail = {};
  }
  return {
    id: String(e.id),
    at: e.at,
    actor: { type: e.actor_type, name: e.actor_name },
    subject_type: e.subject_type,
    subject_id: String(e.subject_id),
    action: e.action,
    detail: detail && typeof detail === 'object' ? detail : {},
  };
}

const en = translator('en');

/** Field errors (translation keys) as API fields with English messages; `paths` renames fields (address_line1 → billing_address.line1). */
export function apiFields(errors: Record<string, string | undefined>, paths: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, key] of Object.entries(errors)) if (key) out[paths[field] ?? field] = en(key);
  return out;
}
