import { Hono } from 'hono';
import type { AppEnv } from '../web/env.js';

/** JSON API v1 routes of this feature (being written). */
export const documentsApi = new Hono<AppEnv>();
