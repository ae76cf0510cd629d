// Small tools of the portal-auth tests: sign in through the real form, read cookies and queued mail.

import { portalCookieName } from '../../src/auth/portal-session.js';
import type { Db } from '../../src/db/index.js';
import { ORIGIN, type TestApp } from '../helpers/app.js';

/** POSTs a form to the app with our Origin, optionally from a client address (TRUST_PROXY apps) and with a cookie. */
export function post(t: TestApp, url: string, fields: Record<string, string>, opts: { ip?: string; cookie?: string; headers?: Record<string, string> } = {}) {
  return t.app.request(url, {
    method: 'POST',
    headers: {
      Origin: ORIGIN,
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(opts.ip ? { 'X-Forwarded-For': opts.ip } : {}),
      ...(opts.cookie ? { Cookie: opts.cookie } : {}),
      ...opts.headers,
    },
    body: new URLSearchParams(fields),
  });
}

/** Signs in through POST /portal/login. */
export function portalLogin(t: TestApp, email: string, password: string, opts: { ip?: string; cookie?: string; next?: string; headers?: Record<string, string> } = {}) {
  return post(t, '/portal/login', { email, password, ...(opts.next !== undefined ? { next: opts.next } : {}) }, opts);
}

/** The portal session cookie a response sets, as a Cookie header value ('' when none). */
export function portalCookieOf(t: TestApp, res: Response): string {
  const name = portalCookieName(t.config.secureCookies);
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  const pair = set?.split(';')[0] ?? '';
  return pair === `${name}=` ? '' : pair;
}

/** GETs a page with a Cookie header and optional extra headers. */
export function getPage(t: TestApp, url: string, cookie?: string, headers: Record<string, string> = {}) {
  return t.app.request(url, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } });
}

/** Queued mails to one address (optionally of one template), oldest first. */
export function mailsTo(db: Db, email: string, template?: string) {
  let q = db.selectFrom('mail_outbox').selectAll().where('to_addresses', '=', email);
  if (template) q = q.where('template', '=', template);
  return q.orderBy('id').execute();
}

/** The reset token inside the newest reset email to an address. */
export async function resetTokenFromMail(db: Db, email: string): Promise<string> {
  const mails = await mailsTo(db, email, 'portal-password-reset');
  const last = mails.at(-1);
  const m = last?.text_body.match(/\/portal\/reset\/([a-z0-9]+)/);
  if (!m?.[1]) throw new Error(`no reset mail to ${email}`);
  return m[1];
}

/** The text of a page without tags, for "what the user reads" assertions. */
export async function textOf(res: Response): Promise<string> {
  return (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}
