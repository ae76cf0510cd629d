import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { ErrorPage } from '../views/errors/error-page.js';
import { apiRoutes } from './api/routes.js';
import { staffAuthRoutes } from './auth/routes.js';
import { staffRoutes } from './staff/routes.js';
import { portalRoutes } from './portal/routes.js';
import { publicLinkRoutes } from './document-mail/public-routes.js';
import { paymentsPublicRoutes } from './payments-online/public-routes.js';
import { isUploadRequest } from './files/limits.js';
import { compression } from './brand/compress.js';
import { languageNegotiation } from './brand/language.js';
import { brandPublicRoutes, brandStaffRoutes } from './brand/routes.js';
import { log, redactPath } from './util/log.js';
import { staticRoutes } from './web/assets.js';
import type { AppEnv, Deps } from './web/env.js';
import { page } from './web/html.js';
import { csrfProtection, provideDeps, readableForms, requestLog, securityHeaders } from './web/middleware.js';

/** Largest request body accepted (uploads come with their own limit later). */
const BODY_LIMIT = 1024 * 1024;

/** Builds the whole Hono app around its dependencies. */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use(requestLog(deps.config.logRequests));
  app.use(compression());
  app.use(securityHeaders(deps.config.secureCookies));
  app.use(provideDeps(deps));
  app.use(languageNegotiation());
  // Upload routes stream their body to disk with their own limit (src/files/limits.ts).
  app.use(except(isUploadRequest, bodyLimit({ maxSize: BODY_LIMIT, onError: (c) => c.text(c.var.ui.t('common:errors.too_large'), 413) })));
  app.use(csrfProtection(deps.config.allowedOrigins));
  app.use(except(isUploadRequest, readableForms()));

  app.get('/healthz', (c) => c.text('ok'));
  app.route('/static', staticRoutes);
  app.route('/api/v1', apiRoutes);
  // Provider webhooks and the test gateway's hosted page: public, before the staff pages' sign-in.
  app.route('/', paymentsPublicRoutes);
  app.route('/portal', portalRoutes);
  // Emailed links and the open pixel answer without a sign-in, so they come before the staff pages.
  app.route('/', publicLinkRoutes);
  app.route('/', brandPublicRoutes);
  app.route('/', staffAuthRoutes);
  app.route('/', brandStaffRoutes);
  app.route('/', staffRoutes);

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: 'not_found', message: 'Not found' } }, 404);
    const { t } = c.var.ui;
    return page(c, <ErrorPage ui={c.var.ui} title={t('common:errors.not_found_title')} message={t('common:errors.not_found')} />, 404);
  });

  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    log.error('unhandled error', { method: c.req.method, path: redactPath(c.req.path), error: err.stack ?? String(err) });
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: 'internal', message: 'Internal error' } }, 500);
    const ui = c.var.ui;
    return page(c, <ErrorPage ui={ui} title={ui.t('common:errors.server_title')} message={ui.t('common:errors.server')} />, 500);
  });
  return app;
}

/** The app's type, for typed tests. */
export type App = ReturnType<typeof createApp>;
