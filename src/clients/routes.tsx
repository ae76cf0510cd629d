import { Hono } from 'hono';
import type { AppEnv } from '../web/env.js';

/** Staff pages of this feature (being written). */
export const clientsRoutes = new Hono<AppEnv>();
