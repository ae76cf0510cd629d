import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { PortalSettingsPage } from '../../views/portal/settings.js';
import type { FlashMessage } from '../../views/components/flash.js';
import { isLanguage } from '../i18n/index.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { uiFor } from '../web/ui.js';
import { setPortalCookie } from './auth-routes.js';
import { backPath } from './auth-rules.js';
import { changePortalPassword, setPortalLanguage, switchActiveClient } from './auth-service.js';
import type { PortalView } from './context.js';
import { portalNotifyPrefs } from './notify-prefs.js';

/** The signed-in member behind a portal request; null in a staff preview (read-only). */
function member(p: PortalView): { userId: number; sessionId: string } | null {
  return p.preview || p.user.id === null || p.sessionId === null ? null : { userId: p.user.id, sessionId: p.sessionId };
}

function readOnly(c: Context<AppEnv>): Response {
  return c.text(c.var.ui.t('portal:preview.read_only'), 403);
}

/**
 * While a generated password must be changed, the settings page (and its password and language
 * forms) is the only place a member may go; sign-out is public. Mounted after requirePortal.
 */
export function requirePasswordChanged(): MiddlewareHandler<AppEnv> {
  return async function requirePasswordChangedMiddleware(c, next) {
    const p = c.var.portal;
    if (!p.user.mustChangePassword || p.preview) return next();
    const path = c.req.path;
    const allowed = c.req.method === 'GET' || c.req.method === 'HEAD'
      ? path === `${p.base}/settings`
      : path === `${p.base}/settings/password` || path === `${p.base}/language`;
    if (allowed) return next();
    const target = `${p.base}/settings`;
    if (c.req.header('HX-Request')) {
      c.header('HX-Redirect', target);
      return c.body(null, 403);
    }
    return c.redirect(target, 303);
  };
}

// A Map, so that ?saved=toString or __proto__ finds nothing.
const SAVED = new Map<string, FlashMessage>([
  ['password', { kind: 'success', key: 'portal_auth:settings.password_saved' }],
  ['language', { kind: 'success', key: 'portal_auth:settings.language_saved' }],
  ['notifications', { kind: 'success', key: 'portal_home:notify.saved' }],
]);

/** The member's own settings, the language switch and the client switcher (chained onto portalPages). */
export const portalSettingsRoutes = new Hono<AppEnv>()
  .get('/settings', async (c) => {
    const flash = SAVED.get(c.req.query('saved') ?? '') ?? null;
    const who = member(c.var.portal);
    const notify = who ? await portalNotifyPrefs(c.var.db, who.userId) : undefined;
    return page(c, <PortalSettingsPage ui={c.var.ui} portal={c.var.portal} state={{ flash, notify }} />);
  })
  .post('/settings/password', async (c) => {
    const p = c.var.portal;
    const who = member(p);
    if (!who) return readOnly(c);
    const body = await c.req.parseBody();
    const result = await changePortalPassword(
      c.var.db,
      {
        userId: who.userId,
        activeClientId: p.client.id,
        current: formString(body, 'current_password'),
        password: formString(body, 'password'),
        passwordConfirm: formString(body, 'password_confirm'),
      },
      { publicUrl: c.var.config.publicUrl },
    );
    if (result.ok) {
      setPortalCookie(c, result.token);
      return seeOther(c, `${p.base}/settings?saved=password`);
    }
    if (result.error === 'TooManyAttempts') {
      c.header('Retry-After', String(result.retryAfter));
      return page(c, <PortalSettingsPage ui={c.var.ui} portal={p} state={{ tooMany: { minutes: Math.max(1, Math.ceil(result.retryAfter / 60)) } }} />, 429);
    }
    return page(c, <PortalSettingsPage ui={c.var.ui} portal={p} state={{ passwordErrors: result.fields }} />, 422);
  })
  .post('/language', async (c) => {
    const p = c.var.portal;
    const who = member(p);
    if (!who) return readOnly(c);
    const body = await c.req.parseBody();
    const language = formString(body, 'language');
    if (!isLanguage(language)) {
      return page(c, <PortalSettingsPage ui={c.var.ui} portal={p} state={{ languageErrors: { language: 'portal_auth:errors.language_invalid' } }} />, 422);
    }
    await setPortalLanguage(c.var.db, who.userId, language);
    c.set('ui', uiFor(language));
    const back = backPath(p.base, { back: formString(body, 'back'), referer: c.req.header('Referer') ?? null }, c.var.config.allowedOrigins);
    return seeOther(c, back === `${p.base}/settings` ? `${back}?saved=language` : back);
  })
  .post('/switch/:clientId', async (c) => {
    const p = c.var.portal;
    const who = member(p);
    if (!who) return readOnly(c);
    const raw = c.req.param('clientId');
    const clientId = /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
    const result = clientId > 0 ? await switchActiveClient(c.var.db, { userId: who.userId, sessionId: who.sessionId, clientId }) : { ok: false as const };
    if (!result.ok) return c.notFound();
    return seeOther(c, p.base);
  });
