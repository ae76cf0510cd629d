import { Hono } from 'hono';
import { permalinkRoutes } from '../permalinks/routes.js';
import { log } from '../util/log.js';
import type { AppEnv } from '../web/env.js';
import { PIXEL_GIF, recordMailOpen } from './tracking.js';

/**
 * GET /o/:token.gif — the open-tracking pixel. Always the same 1×1 GIF (an unknown or repeated
 * token changes nothing and says nothing); the first load of a known token marks its mail opened.
 */
export const openTrackingRoutes = new Hono<AppEnv>().get('/o/:file', async (c) => {
  const file = c.req.param('file');
  const token = file.endsWith('.gif') ? file.slice(0, -4) : undefined;
  try {
    await recordMailOpen(c.var.db, token);
  } catch (err) {
    log.error('recording an email open failed', { error: err instanceof Error ? err.message : String(err) });
  }
  return c.body(new Uint8Array(PIXEL_GIF), 200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, private', 'Referrer-Policy': 'no-referrer' });
});

/** The public routes of emailed documents (no sign-in): permalinks (/d/…) and open tracking (/o/…). Mounted before the staff pages. */
export const publicLinkRoutes = new Hono<AppEnv>().route('/', permalinkRoutes).route('/', openTrackingRoutes);
