import { findClient } from '../clients/queries.js';
import { validateContact, type ContactField, type ContactValues, type Errors, type Raw } from '../clients/validation.js';
import type { Db } from '../db/index.js';
import type { Contact } from '../db/schema.js';
import { recordEvent, type Actor } from '../events/service.js';
import { nowIso } from '../util/time.js';
import { findContact, insertContact, listActiveContacts, updateContactRow } from './queries.js';

/** Why a contact could not be saved. */
export type ContactFailure = { ok: false; error: 'Invalid'; errors: Errors<ContactField> } | { ok: false; error: 'NotFound' };

const FIELDS: readonly ContactField[] = ['name', 'email', 'phone'];

/** A client's current (not removed) contacts, by name. */
export async function listContacts(db: Db, clientId: number): Promise<Contact[]> {
  return listActiveContacts(db, clientId);
}

/** One contact by id (removed ones included), or null. */
export async function getContact(db: Db, id: number): Promise<Contact | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return (await findContact(db, id)) ?? null;
}

/** Adds a contact (name and email required) to a client. */
export async function createContact(db: Db, actor: Actor, clientId: number, raw: Raw<ContactField>): Promise<{ ok: true; contact: Contact } | ContactFailure> {
  const checked = validateContact(raw);
  return db.transaction().execute(async (trx) => {
    if (!(await findClient(trx, clientId))) return { ok: false, error: 'NotFound' } as const;
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    const contact = await insertContact(trx, { client_id: clientId, ...checked.value });
    await recordEvent(trx, actor, { clientId, subjectType: 'contact', subjectId: contact.id, action: 'created', detail: { label: contact.name } });
    return { ok: true, contact } as const;
  });
}

/** Updates the fields present in `patch`; the contact stays with its client. */
export async function updateContact(db: Db, actor: Actor, id: number, patch: Raw<ContactField>): Promise<{ ok: true; contact: Contact } | ContactFailure> {
  return db.transaction().execute(async (trx) => {
    const existing = await findContact(trx, id);
    if (!existing) return { ok: false, error: 'NotFound' } as const;
    const merged: Raw<ContactField> = { name: existing.name, email: existing.email, phone: existing.phone };
    for (const f of FIELDS) if (patch[f] !== undefined) merged[f] = patch[f];
    const checked = validateContact(merged);
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    const values: ContactValues = checked.value;
    const changed = FIELDS.filter((f) => values[f] !== existing[f]);
    if (changed.length === 0) return { ok: true, contact: existing } as const;
    const contact = await updateContactRow(trx, id, { ...values, updated_at: nowIso() });
    await recordEvent(trx, actor, { clientId: contact.client_id, subjectType: 'contact', subjectId: id, action: 'updated', detail: { label: contact.name, fields: changed } });
    return { ok: true, contact } as const;
  });
}

/** Removes a contact from the client's list (the row stays: events and portal history refer to it). */
export async function archiveContact(db: Db, actor: Actor, id: number): Promise<{ ok: true; contact: Contact } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findContact(trx, id);
    if (!existing) return { ok: false, error: 'NotFound' } as const;
    if (existing.archived_at) return { ok: true, contact: existing } as const;
    const now = nowIso();
    const contact = await updateContactRow(trx, id, { archived_at: now, updated_at: now });
    await recordEvent(trx, actor, { clientId: contact.client_id, subjectType: 'contact', subjectId: id, action: 'archived', detail: { label: contact.name } });
    return { ok: true, contact } as const;
  });
}
