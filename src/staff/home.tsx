import { Hono } from 'hono';
import { HomePage } from '../../views/home/home.js';
import { listRecentEvents } from '../events/service.js';
import { firmPosition } from '../ledger/queries.js';
import type { AppEnv } from '../web/env.js';
import { page } from '../web/html.js';
import { today } from '../util/time.js';

/** The staff home page: what the firm is owed, what is overdue, what happened lately. */
export const homeRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const [position, events] = await Promise.all([firmPosition(c.var.db, today()), listRecentEvents(c.var.db, 15)]);
  return page(c, <HomePage ui={c.var.ui} staff={c.var.staff} position={position} events={events} />);
});
