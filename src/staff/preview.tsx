import { Hono } from 'hono';
import { portalPages } from '../portal/routes.js';
import { previewPortal } from '../portal/context.js';
import type { AppEnv } from '../web/env.js';

/** Staff preview: the portal's own pages, as a chosen contact of a client sees them, read-only. */
export const previewRoutes = new Hono<AppEnv>();
const previewApp = new Hono<AppEnv>();
previewApp.use('*', previewPortal());
previewApp.route('/', portalPages);
previewRoutes.route('/preview/:clientId/:contactId', previewApp);
