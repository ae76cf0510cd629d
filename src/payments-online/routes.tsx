import { Hono } from 'hono';
import { OnlinePaymentsPage } from '../../views/payments-online/staff-overview.js';
import type { AppEnv } from '../web/env.js';
import { page } from '../web/html.js';
import { resolveGateways } from './checkout.js';
import { recentCheckouts, webhookEventsNeedingAttention } from './queries.js';

const SHOWN = 50;

/** Staff: /online-payments, the gateway in force, provider events that need a person, latest checkouts. */
export const onlinePaymentsStaffRoutes = new Hono<AppEnv>().get('/online-payments', async (c) => {
  const [gateways, checkouts, attention] = await Promise.all([
    resolveGateways({ db: c.var.db, config: c.var.config }),
    recentCheckouts(c.var.db, SHOWN),
    webhookEventsNeedingAttention(c.var.db, SHOWN),
  ]);
  const gateway = gateways.hosted ? { id: gateways.hosted.id, testMode: gateways.hosted.testMode } : null;
  return page(c, <OnlinePaymentsPage ui={c.var.ui} staff={c.var.staff} gateway={gateway} bank={gateways.bank !== null} checkouts={checkouts} attention={attention} />);
});
