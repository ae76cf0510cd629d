import { Hono } from 'hono';
import { PortalSettingsPage } from '../../views/portal/settings.js';
import type { AppEnv } from '../web/env.js';
import { page, seeOther } from '../web/html.js';
import { portalActor } from './home-service.js';
import { notifyPrefsFromForm, savePortalNotifyPrefs } from './notify-prefs.js';

/** POST <base>/settings/notifications: the member's email choices (shown on the settings page). */
export const portalNotifyPrefsRoutes = new Hono<AppEnv>().post('/settings/notifications', async (c) => {
  const p = c.var.portal;
  const actor = portalActor(p);
  if (!actor || actor.id === null) return c.text(c.var.ui.t('portal:preview.read_only'), 403);
  const parsed = notifyPrefsFromForm(await c.req.parseBody({ all: true }));
  if (!parsed.ok) return page(c, <PortalSettingsPage ui={c.var.ui} portal={p} state={{ notify: parsed.value, notifyErrors: parsed.errors }} />, 422);
  await savePortalNotifyPrefs(c.var.db, actor.id, parsed.value);
  return seeOther(c, `${p.base}/settings?saved=notifications`);
});
