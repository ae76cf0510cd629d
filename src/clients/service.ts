import type { ClientNav } from '../../views/clients/client-frame.js';
import type { Db, Trx } from '../db/index.js';
import type { Client } from '../db/schema.js';
import { recordEvent, type Actor } from '../events/service.js';
import { fold } from '../i18n/fold.js';
import { getFirmSettings } from '../settings/service.js';
import { nowIso } from '../util/time.js';
import { clientHasDocuments, findClient, findClientNav, insertClient, listClientOptions, listClientsPage, updateClientRow, type ClientOption, type ListedClient } from './queries.js';
import { CLIENT_FIELDS, validateClient, type ClientField, type ClientValues, type Errors, type Raw } from './validation.js';

/** Why a client could not be saved. */
export type ClientFailure =
  | { ok: false; error: 'Invalid'; errors: Errors<ClientField> }
  | { ok: false; error: 'CurrencyLocked'; errors: Errors<ClientField> }
  | { ok: false; error: 'NotFound' };

/** The folded text the clients list searches and sorts by: name, email and VAT number. */
export function clientSearchText(v: Pick<ClientValues, 'name' | 'email' | 'vat_number'>): string {
  return fold([v.name, v.email, v.vat_number].filter((x) => x).join(' '));
}

/** One client by id (archived included), or null. */
export async function getClient(db: Db, id: number): Promise<Client | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return (await findClient(db, id)) ?? null;
}

/** Previous/next active clients around client `id` in list order; both null for an unknown id. */
export async function clientNav(db: Db, id: number): Promise<ClientNav> {
  const client = await getClient(db, id);
  return client ? findClientNav(db, client) : { prevId: null, nextId: null };
}

/** Active clients for selects (id, name, currency), in list order. */
export async function clientOptions(db: Db): Promise<ClientOption[]> {
  return listClientOptions(db);
}

/** Rows shown on one page of the clients list. */
export const CLIENTS_PAGE_SIZE = 25;

/**
 * One page of the clients list. `jumpTo` is the client a jump-box search lands on: the
 * only match, or the one whose name is exactly what was typed.
 */
export async function searchClients(
  db: Db,
  query: { q: string; includeArchived: boolean; page: number },
): Promise<{ rows: ListedClient[]; hasNext: boolean; jumpTo: number | null }> {
  const found = await listClientsPage(db, { q: query.q, includeArchived: query.includeArchived, offset: (query.page - 1) * CLIENTS_PAGE_SIZE, limit: CLIENTS_PAGE_SIZE + 1 });
  const rows = found.slice(0, CLIENTS_PAGE_SIZE);
  const folded = fold(query.q);
  const exact = rows.filter((r) => fold(r.name) === folded);
  const jumpTo = folded === '' ? null : found.length === 1 ? (found[0]?.id ?? null) : exact.length === 1 ? (exact[0]?.id ?? null) : null;
  return { rows, hasNext: found.length > CLIENTS_PAGE_SIZE, jumpTo };
}

/** Up to `limit` active clients matching `q`, for the jump box's suggestions. */
export async function jumpSuggestions(db: Db, q: string, limit = 10): Promise<Array<{ id: number; name: string }>> {
  if (fold(q) === '') return [];
  return listClientsPage(db, { q, includeArchived: false, offset: 0, limit });
}

/** True when the client has documents or payments, so its currency may no longer change. */
export async function isCurrencyLocked(db: Db, clientId: number): Promise<boolean> {
  return clientHasDocuments(db, clientId);
}

/** The editable values of a stored client. */
export function clientValues(c: Client): ClientValues {
  return {
    name: c.name,
    email: c.email,
    phone: c.phone,
    vat_number: c.vat_number,
    address_line1: c.address_line1,
    address_line2: c.address_line2,
    city: c.city,
    postcode: c.postcode,
    country: c.country,
    currency: c.currency,
    language: c.language,
    notes: c.notes,
  };
}

/** Defaults of a new client: the firm's currency and language. */
export async function newClientDefaults(db: Db): Promise<Pick<ClientValues, 'currency' | 'language'>> {
  const firm = await getFirmSettings(db);
  return { currency: firm.default_currency, language: firm.default_language };
}

/** Creates a client; currency and language default to the firm's. */
export async function createClient(db: Db, actor: Actor, raw: Raw<ClientField>): Promise<{ ok: true; client: Client } | Extract<ClientFailure, { error: 'Invalid' }>> {
  const defaults = await newClientDefaults(db);
  const checked = validateClient({
    ...raw,
    currency: raw.currency?.trim() ? raw.currency : defaults.currency,
    language: raw.language?.trim() ? raw.language : defaults.language,
  });
  if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors };
  const values = checked.value;
  const client = await db.transaction().execute(async (trx) => {
    const row = await insertClient(trx, { ...values, search_text: clientSearchText(values) });
    await recordEvent(trx, actor, { clientId: row.id, subjectType: 'client', subjectId: row.id, action: 'created', detail: { label: row.name } });
    return row;
  });
  return { ok: true, client };
}

/** Sets or clears archived_at and records the event; nothing when already in that state. */
async function applyArchived(trx: Trx, actor: Actor, client: Client, archived: boolean): Promise<Client> {
  if ((client.archived_at !== null) === archived) return client;
  const now = nowIso();
  const row = await updateClientRow(trx, client.id, { archived_at: archived ? now : null, updated_at: now });
  await recordEvent(trx, actor, { clientId: client.id, subjectType: 'client', subjectId: client.id, action: archived ? 'archived' : 'restored', detail: { label: row.name } });
  return row;
}

/**
 * Updates the fields present in `patch` (null clears an optional one) and, when asked, archives
 * or restores in the same transaction. A new currency is refused once the client has documents
 * or payments: those stay in the old currency.
 */
export async function updateClient(
  db: Db,
  actor: Actor,
  id: number,
  patch: Raw<ClientField>,
  opts: { archived?: boolean; onChanged?: (trx: Trx, client: Client, changed: ClientField[]) => Promise<void> } = {},
): Promise<{ ok: true; client: Client } | ClientFailure> {
  return db.transaction().execute(async (trx) => {
    const existing = await findClient(trx, id);
    if (!existing) return { ok: false, error: 'NotFound' } as const;
    const before = clientValues(existing);
    const merged: Raw<ClientField> = { ...before };
    for (const f of CLIENT_FIELDS) if (patch[f] !== undefined) merged[f] = patch[f];
    const checked = validateClient(merged);
    if (!checked.ok) return { ok: false, error: 'Invalid', errors: checked.errors } as const;
    const values = checked.value;
    if (values.currency !== before.currency && (await clientHasDocuments(trx, id))) {
      return { ok: false, error: 'CurrencyLocked', errors: { currency: 'clients:errors.currency_locked' } } as const;
    }
    let client = existing;
    const changed = CLIENT_FIELDS.filter((f) => values[f] !== before[f]);
    if (changed.length > 0) {
      client = await updateClientRow(trx, id, { ...values, search_text: clientSearchText(values), updated_at: nowIso() });
      await recordEvent(trx, actor, { clientId: id, subjectType: 'client', subjectId: id, action: 'updated', detail: { label: client.name, fields: changed } });
      // Callers add what must commit with the change (the portal notifies staff).
      await opts.onChanged?.(trx, client, changed);
    }
    if (opts.archived !== undefined) client = await applyArchived(trx, actor, client, opts.archived);
    return { ok: true, client } as const;
  });
}

/** Archives (archived = true) or restores a client; nothing is deleted, documents keep pointing at it. */
export async function setClientArchived(db: Db, actor: Actor, id: number, archived: boolean): Promise<{ ok: true; client: Client } | { ok: false; error: 'NotFound' }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findClient(trx, id);
    if (!existing) return { ok: false, error: 'NotFound' } as const;
    return { ok: true, client: await applyArchived(trx, actor, existing, archived) } as const;
  });
}

/** Archives a client (hidden from lists and selects, kept for its documents). */
export function archiveClient(db: Db, actor: Actor, id: number) {
  return setClientArchived(db, actor, id, true);
}

/** Brings an archived client back to the lists. */
export function restoreClient(db: Db, actor: Actor, id: number) {
  return setClientArchived(db, actor, id, false);
}
