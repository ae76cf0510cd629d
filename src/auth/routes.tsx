import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { StaffLoginPage } from '../../views/auth/login.js';
import type { AppEnv } from '../web/env.js';
import { page, seeOther } from '../web/html.js';
import { clientIp, safeNextPath, staffCookieName } from '../web/middleware.js';
import { formString } from '../web/forms.js';
import { signInStaff } from './service.js';
import { STAFF_ABSOLUTE_MS, invalidateStaffSession, validateStaffSession } from './session.js';

/** Staff sign-in and sign-out. */
export const staffAuthRoutes = new Hono<AppEnv>()
  .get('/login', (c) => {
    const notice = c.req.query('signed_out') ? 'auth:signed_out' : null;
    return page(c, <StaffLoginPage ui={c.var.ui} next={safeNextPath(c.req.query('next'), '')} notice={notice} />);
  })
  .post('/login', async (c) => {
    const body = await c.req.parseBody();
    // Bounded: it is echoed on the page and becomes part of a rate-limit key.
    const email = formString(body, 'email').toLowerCase().slice(0, 320);
    const next = safeNextPath(formString(body, 'next'));
    const result = await signInStaff(c.var.db, { email, password: formString(body, 'password'), ip: clientIp(c) });
    if (!result.ok) {
      if (result.retryAfter) c.header('Retry-After', String(result.retryAfter));
      const status = result.error === 'TooManyAttempts' ? 429 : 400;
      const error = result.error === 'TooManyAttempts' ? 'auth:too_many_attempts' : 'auth:invalid_credentials';
      return page(c, <StaffLoginPage ui={c.var.ui} email={email} next={next} error={error} errorValues={{ minutes: Math.ceil((result.retryAfter ?? 60) / 60) }} />, status);
    }
    // Rotation: whatever session the browser had before signing in is ended.
    const cookieName = staffCookieName(c.var.config.secureCookies);
    const previous = getCookie(c, cookieName);
    if (previous) {
      const old = await validateStaffSession(c.var.db, previous);
      if (old.session) await invalidateStaffSession(c.var.db, old.session.id);
    }
    setCookie(c, cookieName, result.token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: c.var.config.secureCookies,
      path: '/',
      maxAge: STAFF_ABSOLUTE_MS / 1000,
    });
    return seeOther(c, next);
  })
  .post('/logout', async (c) => {
    const cookieName = staffCookieName(c.var.config.secureCookies);
    const token = getCookie(c, cookieName);
    if (token) {
      const found = await validateStaffSession(c.var.db, token);
      if (found.session) await invalidateStaffSession(c.var.db, found.session.id);
    }
    deleteCookie(c, cookieName, { path: '/', secure: c.var.config.secureCookies });
    return seeOther(c, '/login?signed_out=1');
  });
