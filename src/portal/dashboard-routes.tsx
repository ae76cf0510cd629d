import { Hono } from 'hono';
import { PortalDashboard } from '../../views/portal/dashboard.js';
import { today } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import { page } from '../web/html.js';
import { dashboardData } from './dashboard.js';

/** The portal dashboard (<base>/); "Pay now" (<base>/pay) is in pay-routes.tsx. Chained onto portalPages. */
export const portalDashboardRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const p = c.var.portal;
    const data = await dashboardData(c.var.db, p, today());
    return page(c, <PortalDashboard ui={c.var.ui} portal={p} data={data} />);
  });
