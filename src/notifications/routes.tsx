import { Hono, type Context } from 'hono';
import { NotificationBell } from '../../views/notifications/bell.js';
import { NotificationsPage, type NotificationsPageState } from '../../views/notifications/notifications-page.js';
import type { AppEnv } from '../web/env.js';
import { formStrings } from '../web/forms.js';
import { fragment, page, seeOther } from '../web/html.js';
import { today } from '../util/time.js';
import type { StaffWithBell } from './bell.js';
import { markAllNotificationsRead, markNotificationsRead, staffNotificationsPage, unreadNotificationCount } from './service.js';

const DONE = new Map([
  ['read', 'notifications:flash.read'],
  ['all_read', 'notifications:flash.all_read'],
]);

function cursor(raw: string | undefined): number | null {
  return raw && /^\d{1,15}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
}

async function render(c: Context<AppEnv>, state: NotificationsPageState, status: 200 | 422 = 200) {
  const before = cursor(c.req.query('before'));
  const { days, olderThan } = await staffNotificationsPage(c.var.db, c.var.staff.id, before);
  return page(c, <NotificationsPage ui={c.var.ui} staff={c.var.staff} days={days} today={today()} olderThan={olderThan} paged={before !== null} state={state} />, status);
}

/** The staff bell's page (/notifications), its htmx count (/notifications/bell) and "mark as read". */
export const notificationsRoutes = new Hono<AppEnv>()
  .get('/notifications', (c) => {
    const key = DONE.get(c.req.query('done') ?? '');
    return render(c, { flash: key ? { kind: 'success', key } : null });
  })
  .get('/notifications/bell', async (c) => {
    const staff: StaffWithBell = c.var.staff;
    const count = staff.unreadNotifications ?? (await unreadNotificationCount(c.var.db, staff.id));
    return fragment(c, <NotificationBell ui={c.var.ui} count={count} />);
  })
  .post('/notifications/read', async (c) => {
    const ids = formStrings(await c.req.parseBody({ all: true }), 'id');
    const result = await markNotificationsRead(c.var.db, c.var.staff.id, ids);
    if (!result.ok) return render(c, { message: 'notifications:errors.invalid_ids' }, 422);
    return seeOther(c, '/notifications?done=read');
  })
  .post('/notifications/read-all', async (c) => {
    await markAllNotificationsRead(c.var.db, c.var.staff.id);
    return seeOther(c, '/notifications?done=all_read');
  });
