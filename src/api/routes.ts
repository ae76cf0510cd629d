import { Hono } from 'hono';
import { clientsApi } from '../clients/api.js';
import { documentsApi } from '../documents/api.js';
import { paymentsApi } from '../payments/api.js';
import type { AppEnv } from '../web/env.js';
import { requireApiToken } from './http.js';
import { idempotency } from './idempotency.js';
import { portalSettingsApi } from '../portal-access/settings-routes.js';
import { portalAccessApi } from '../portal-access/api.js';
import { workApi } from '../work/api.js';

/** JSON API v1 (API.md): bearer tokens, Idempotency-Key on POST, one sub-app per resource family. */
export const apiRoutes = new Hono<AppEnv>()
  .use(requireApiToken())
  .use(idempotency())
  .route('/', clientsApi)
  .route('/', documentsApi)
  .route('/', paymentsApi)
  .route('/', portalSettingsApi)
  .route('/', portalAccessApi)
  .route('/', workApi);
