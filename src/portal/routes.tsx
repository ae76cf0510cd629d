import { Hono } from 'hono';
import { PortalDashboard } from '../../views/portal/dashboard.js';
import type { AppEnv } from '../web/env.js';
import { page } from '../web/html.js';
import { requirePortal } from './context.js';
import { portalAuthRoutes } from './auth-routes.js';
import { portalSettingsRoutes, requirePasswordChanged } from './settings-routes.js';
import { inviteRoutes } from '../portal-access/invite-routes.js';

/**
 * The portal's member pages. Mounted twice: at /portal behind a portal session, and at
 * /preview/:clientId/:contactId behind a staff session (read-only). Every query in here is
 * scoped to `c.var.portal.client.id` and asks `mayView`/`mayAct` first.
 */
export const portalPages = new Hono<AppEnv>().get('/', (c) => page(c, <PortalDashboard ui={c.var.ui} portal={c.var.portal} />))
  .route('/', portalSettingsRoutes);

/** Everything under /portal: public auth pages first, then member pages behind requirePortal. */
export const portalRoutes = new Hono<AppEnv>();
portalRoutes.route('/', portalAuthRoutes);
portalRoutes.route('/invite', inviteRoutes);
portalRoutes.use('*', requirePortal());
portalRoutes.use('*', requirePasswordChanged());
portalRoutes.route('/', portalPages);
