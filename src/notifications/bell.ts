import type { MiddlewareHandler } from 'hono';
import type { StaffUser } from '../db/schema.js';
import type { AppEnv } from '../web/env.js';
import { unreadNotificationCount } from './service.js';

/** The signed-in staff member as the staff layout sees it: with the bell's unread count when loaded. */
export type StaffWithBell = StaffUser & { unreadNotifications?: number };

/**
 * Loads the bell's unread count for staff pages (GET only: POSTs answer with a redirect): one
 * COUNT on an index. Mounted right after requireStaff; the layout reads it from `c.var.staff`.
 */
export function loadUnreadCount(): MiddlewareHandler<AppEnv> {
  return async function loadUnreadCountMiddleware(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      const staff: StaffWithBell = { ...c.var.staff, unreadNotifications: await unreadNotificationCount(c.var.db, c.var.staff.id) };
      c.set('staff', staff);
    }
    await next();
  };
}
