import { Hono } from 'hono';
import { staffPdfRoutes } from '../pdf/staff-routes.js';
import { clientsRoutes } from '../clients/routes.js';
import { documentsRoutes } from '../documents/routes.js';
import { paymentsRoutes } from '../payments/routes.js';
import type { AppEnv } from '../web/env.js';
import { requireStaff } from '../web/middleware.js';
import { loadUnreadCount } from '../notifications/bell.js';
import { notificationsRoutes } from '../notifications/routes.js';
import { ticketsRoutes } from '../tickets/routes.js';
import { messagesRoutes } from '../messages/routes.js';
import { homeRoutes } from './home.js';
import { previewRoutes } from './preview.js';
import { staffLanguageRoutes } from './language.js';
import { settingsRoutes } from '../settings/routes.js';
import { clientPortalSettingsRoutes } from '../portal-access/settings-routes.js';
import { portalAccessRoutes } from '../portal-access/routes.js';
import { serviceRecordsRoutes } from '../service-records/routes.js';
import { filesRoutes } from '../files/routes.js';
import { staffReceiptRoutes } from '../receipts/routes.js';
import { onlinePaymentsStaffRoutes } from '../payments-online/routes.js';
import { workPages } from '../work/routes.js';
import { documentMailRoutes } from '../document-mail/routes.js';

/** Every signed-in staff page. Portal paths are not staff pages and are left alone. */
export const staffRoutes = new Hono<AppEnv>();
staffRoutes.use('*', async (c, next) => {
  if (c.req.path.startsWith('/portal') || c.req.path.startsWith('/static') || c.req.path.startsWith('/api/')) return next();
  return requireStaff()(c, async () => {
    await loadUnreadCount()(c, next);
  });
});
staffRoutes.route('/', homeRoutes).route('/', previewRoutes).route('/', settingsRoutes).route('/', clientPortalSettingsRoutes).route('/', portalAccessRoutes).route('/', clientsRoutes).route('/', documentsRoutes).route('/', paymentsRoutes).route('/', notificationsRoutes).route('/', workPages);
staffRoutes.route('/', staffPdfRoutes);
staffRoutes.route('/', serviceRecordsRoutes).route('/', filesRoutes);
staffRoutes.route('/', ticketsRoutes).route('/', messagesRoutes);
staffRoutes.route('/', documentMailRoutes);
staffRoutes.route('/', staffReceiptRoutes).route('/', onlinePaymentsStaffRoutes);
staffRoutes.route('/', staffLanguageRoutes);
