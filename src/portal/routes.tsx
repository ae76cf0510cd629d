import { Hono } from 'hono';
import type { AppEnv } from '../web/env.js';
import { requirePortal } from './context.js';
import { portalAuthRoutes } from './auth-routes.js';
import { portalSettingsRoutes, requirePasswordChanged } from './settings-routes.js';
import { portalDashboardRoutes } from './dashboard-routes.js';
import { portalPayRoutes } from './pay-routes.js';
import { portalReceiptRoutes } from '../receipts/routes.js';
import { portalEstimateActions } from './estimates-actions.js';
import { portalCompanyRoutes } from './company-routes.js';
import { portalNotifyPrefsRoutes } from './notify-prefs-routes.js';
import { portalDocumentRoutes } from './documents-routes.js';
import { inviteRoutes } from '../portal-access/invite-routes.js';
import { portalPdfRoutes } from './pdf-routes.js';
import { portalStatementRoutes } from './statement-routes.js';
import { portalTicketRoutes } from './tickets-routes.js';
import { portalMessageRoutes } from './messages-routes.js';
import { portalProjectsRoutes } from './projects-routes.js';
import { portalServiceRoutes } from './service-routes.js';

/**
 * The portal's member pages. Mounted twice: at /portal behind a portal session, and at
 * /preview/:clientId/:contactId behind a staff session (read-only). Every query in here is
 * scoped to `c.var.portal.client.id` and asks `mayView`/`mayAct` first.
 */
export const portalPages = new Hono<AppEnv>()
  .route('/', portalTicketRoutes)
  .route('/', portalMessageRoutes)
  .route('/', portalDashboardRoutes)
  .route('/', portalPayRoutes)
  .route('/', portalReceiptRoutes)
  .route('/', portalEstimateActions)
  .route('/', portalCompanyRoutes)
  .route('/', portalNotifyPrefsRoutes)
  .route('/', portalSettingsRoutes)
  .route('/', portalDocumentRoutes)
  .route('/', portalStatementRoutes)
  .route('/', portalPdfRoutes)
  .route('/', portalProjectsRoutes)
  .route('/', portalServiceRoutes);

/** Everything under /portal: public auth pages first, then member pages behind requirePortal. */
export const portalRoutes = new Hono<AppEnv>();
portalRoutes.route('/', portalAuthRoutes);
portalRoutes.route('/invite', inviteRoutes);
portalRoutes.use('*', requirePortal());
portalRoutes.use('*', requirePasswordChanged());
portalRoutes.route('/', portalPages);
