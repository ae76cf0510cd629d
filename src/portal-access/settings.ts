import type { Db } from '../db/index.js';
import { recordEvent, type Actor } from '../events/service.js';
import { loadClientOverrides, loadPortalDefaults } from './queries.js';
import { PORTAL_SETTING_KEYS, effectiveSettings, type PortalDefaults, type PortalOverrides, type PortalSettingKey } from './visibility.js';

/** A client's overrides and what is in force, for the Portal tab and the API. */
export interface ClientPortalSettings { overrides: PortalOverrides; defaults: PortalDefaults; effective: PortalDefaults }

/** Firm defaults, a client's overrides and the result. */
export async function clientPortalSettings(db: Db, clientId: number): Promise<ClientPortalSettings> {
  const [defaults, overrides] = await Promise.all([loadPortalDefaults(db), loadClientOverrides(db, clientId)]);
  return { defaults, overrides, effective: effectiveSettings(defaults, overrides) };
}

/** Saves firm-wide defaults (only the keys given); one event names what changed. */
export async function saveFirmPortalDefaults(db: Db, actor: Actor, patch: Partial<Record<PortalSettingKey, boolean>>): Promise<PortalDefaults> {
  return db.transaction().execute(async (trx) => {
    const before = await loadPortalDefaults(trx);
    const changed = PORTAL_SETTING_KEYS.filter((k) => patch[k] !== undefined && patch[k] !== before[k]);
    for (const key of changed) {
      const value = patch[key] ? 1 : 0;
      await trx.insertInto('portal_defaults').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    }
    if (changed.length) {
      await recordEvent(trx, actor, { clientId: null, subjectType: 'portal_settings', subjectId: 0, action: 'updated', detail: { label: 'firm', changed: Object.fromEntries(changed.map((k) => [k, patch[k]])) } });
    }
    return loadPortalDefaults(trx);
  });
}

/** Saves a client's overrides: true/false to override, null to inherit the firm's value again. */
export async function saveClientPortalOverrides(db: Db, actor: Actor, clientId: number, patch: Partial<Record<PortalSettingKey, boolean | null>>): Promise<PortalOverrides> {
  return db.transaction().execute(async (trx) => {
    const before = await loadClientOverrides(trx, clientId);
    const changed = PORTAL_SETTING_KEYS.filter((k) => patch[k] !== undefined && (patch[k] ?? undefined) !== before[k]);
    for (const key of changed) {
      const v = patch[key];
      if (v === null || v === undefined) {
        await trx.deleteFrom('client_portal_settings').where('client_id', '=', clientId).where('key', '=', key).execute();
      } else {
        const value = v ? 1 : 0;
        await trx.insertInto('client_portal_settings').values({ client_id: clientId, key, value })
          .onConflict((oc) => oc.columns(['client_id', 'key']).doUpdateSet({ value })).execute();
      }
    }
    if (changed.length) {
      const client = await trx.selectFrom('clients').select('name').where('id', '=', clientId).executeTakeFirstOrThrow();
      await recordEvent(trx, actor, { clientId, subjectType: 'client', subjectId: clientId, action: 'portal_settings_updated', detail: { label: client.name, changed: Object.fromEntries(changed.map((k) => [k, patch[k] ?? null])) } });
    }
    return loadClientOverrides(trx, clientId);
  });
}
