import { Hono } from 'hono';
import { VerifyEmailPage } from '../../views/portal-access/verify-email.js';
import { verifyStaffEmail } from '../portal-access/staff-verification.js';
import type { AppEnv } from '../web/env.js';
import { page } from '../web/html.js';

/**
 * Staff email verification: the mailed link, opened while signed in as the same staff member,
 * marks the address verified. Behind requireStaff (mounted with the portal access routes).
 */
export const verifyEmailRoutes = new Hono<AppEnv>().get('/verify-email/:token', async (c) => {
  const result = await verifyStaffEmail(c.var.db, c.var.staff, c.req.param('token'));
  return page(c, <VerifyEmailPage ui={c.var.ui} staff={c.var.staff} verified={result.ok} />, result.ok ? 200 : 404);
});
