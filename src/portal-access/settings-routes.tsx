import { Hono } from 'hono';
import { z } from 'zod';
import { apiError, notFound, readJson } from '../api/http.js';
import { staffActor } from '../events/service.js';
import type { AppEnv } from '../web/env.js';
import { formStrings } from '../web/forms.js';
import { seeOther } from '../web/html.js';
import { loadPortalDefaults } from './queries.js';
import { clientPortalSettings, saveClientPortalOverrides, saveFirmPortalDefaults } from './settings.js';
import { PORTAL_SETTING_KEYS, type PortalOverrides, type PortalSettingKey } from './visibility.js';

async function clientExists(c: { var: AppEnv['Variables'] }, raw: string): Promise<number | null> {
  if (!/^\d{1,15}$/.test(raw)) return null;
  const row = await c.var.db.selectFrom('clients').select('id').where('id', '=', Number(raw)).executeTakeFirst();
  return row?.id ?? null;
}

/** The client Portal tab's visibility form posts here: inherit / show / hide per key. */
export const clientPortalSettingsRoutes = new Hono<AppEnv>().post('/clients/:id/portal-settings', async (c) => {
  const clientId = await clientExists(c, c.req.param('id'));
  if (!clientId) return c.notFound();
  const body = await c.req.parseBody({ all: true });
  const patch: Partial<Record<PortalSettingKey, boolean | null>> = {};
  for (const key of PORTAL_SETTING_KEYS) {
    const v = formStrings(body, key).pop();
    if (v === 'inherit') patch[key] = null;
    else if (v === 'show') patch[key] = true;
    else if (v === 'hide') patch[key] = false;
  }
  await saveClientPortalOverrides(c.var.db, staffActor(c.var.staff), clientId, patch);
  return seeOther(c, `/clients/${clientId}/portal?done=visibility_saved`);
});

const firmPatch = z.strictObject(Object.fromEntries(PORTAL_SETTING_KEYS.map((k) => [k, z.boolean({ error: 'must be true or false' }).optional()])) as Record<PortalSettingKey, z.ZodOptional<z.ZodBoolean>>);
const clientPatch = z.strictObject(
  Object.fromEntries(PORTAL_SETTING_KEYS.map((k) => [k, z.boolean({ error: 'must be true, false or null' }).nullable().optional()])) as Record<PortalSettingKey, z.ZodOptional<z.ZodNullable<z.ZodBoolean>>>,
);

function overridesJson(clientId: number, overrides: PortalOverrides, effective: Record<PortalSettingKey, boolean>) {
  return {
    client_id: String(clientId),
    ...Object.fromEntries(PORTAL_SETTING_KEYS.map((k) => [k, overrides[k] ?? null])),
    effective,
  };
}

/** API: firm-wide portal defaults and per-client overrides (null = inherit). */
export const portalSettingsApi = new Hono<AppEnv>()
  .get('/portal-settings', async (c) => c.json(await loadPortalDefaults(c.var.db)))
  .patch('/portal-settings', async (c) => {
    if (c.var.apiUser.role !== 'admin') return apiError(c, 403, 'admin_only', 'Only administrators can change the firm-wide portal settings');
    const parsed = await readJson(c, firmPatch);
    if (!parsed.ok) return parsed.response;
    return c.json(await saveFirmPortalDefaults(c.var.db, staffActor(c.var.apiUser, 'api'), parsed.data));
  })
  .get('/clients/:id/portal-settings', async (c) => {
    const clientId = await clientExists(c, c.req.param('id'));
    if (!clientId) return notFound(c);
    const s = await clientPortalSettings(c.var.db, clientId);
    return c.json(overridesJson(clientId, s.overrides, s.effective));
  })
  .patch('/clients/:id/portal-settings', async (c) => {
    const clientId = await clientExists(c, c.req.param('id'));
    if (!clientId) return notFound(c);
    const parsed = await readJson(c, clientPatch);
    if (!parsed.ok) return parsed.response;
    await saveClientPortalOverrides(c.var.db, staffActor(c.var.apiUser, 'api'), clientId, parsed.data);
    const s = await clientPortalSettings(c.var.db, clientId);
    return c.json(overridesJson(clientId, s.overrides, s.effective));
  });

