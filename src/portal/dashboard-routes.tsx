import { Hono } from 'hono';
import { PayAllPage, PortalDashboard } from '../../views/portal/dashboard.js';
import { mayAct, mayView } from '../portal-access/visibility.js';
import { today } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import { page } from '../web/html.js';
import { dashboardData, payAllPreview } from './dashboard.js';

/** The portal dashboard (<base>/) and the "Pay now" page (<base>/pay); chained onto portalPages. */
export const portalDashboardRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const p = c.var.portal;
    const data = await dashboardData(c.var.db, p, today());
    return page(c, <PortalDashboard ui={c.var.ui} portal={p} data={data} />);
  })
  .get('/pay', async (c) => {
    const p = c.var.portal;
    if (!mayView(p.access, p.settings, 'invoices')) return c.notFound();
    if (!mayAct(p.access, p.settings, 'pay_all')) return c.text(c.var.ui.t('portal_home:errors.no_permission'), 403);
    const { invoices, total } = await payAllPreview(c.var.db, p.client.id);
    return page(c, <PayAllPage ui={c.var.ui} portal={p} invoices={invoices} total={total} />);
  });
