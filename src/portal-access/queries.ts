import type { Db, Trx } from '../db/index.js';
import type { Client, PortalMembership } from '../db/schema.js';
import { defaultsFromRows, effectiveSettings, overridesFromRows, type PortalDefaults, type PortalOverrides } from './visibility.js';

/** The firm-wide portal settings. */
export async function loadPortalDefaults(db: Db | Trx): Promise<PortalDefaults> {
  return defaultsFromRows(await db.selectFrom('portal_defaults').selectAll().execute());
}

/** A client's overrides (absent keys inherit). */
export async function loadClientOverrides(db: Db | Trx, clientId: number): Promise<PortalOverrides> {
  return overridesFromRows(await db.selectFrom('client_portal_settings').select(['key', 'value']).where('client_id', '=', clientId).execute());
}

/** The settings in force for one client. */
export async function loadEffectiveSettings(db: Db | Trx, clientId: number): Promise<PortalDefaults> {
  const [defaults, overrides] = await Promise.all([loadPortalDefaults(db), loadClientOverrides(db, clientId)]);
  return effectiveSettings(defaults, overrides);
}

/** A membership with the client it opens, as the portal shows it. */
export type MembershipWithClient = PortalMembership & { client_name: string; client_currency: string; client_language: Client['language'] };

/** A portal user's active memberships of clients that are not archived, by client name. */
export async function activeMemberships(db: Db | Trx, portalUserId: number): Promise<MembershipWithClient[]> {
  return db
    .selectFrom('portal_memberships as m')
    .innerJoin('clients as c', 'c.id', 'm.client_id')
    .selectAll('m')
    .select(['c.name as client_name', 'c.currency as client_currency', 'c.language as client_language'])
    .where('m.portal_user_id', '=', portalUserId)
    .where('m.status', '=', 'active')
    .where('c.archived_at', 'is', null)
    .orderBy('c.search_text')
    .execute();
}
