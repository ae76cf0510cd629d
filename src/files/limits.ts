import type { Context } from 'hono';

/** Largest file accepted (10 MB), said on every upload form. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The limit in whole megabytes, for messages. */
export const MAX_UPLOAD_MB = MAX_UPLOAD_BYTES / (1024 * 1024);

// POST routes that stream their own multipart body (with their own limit): the app's generic
// 1 MB body limit and up-front form parsing skip them. A feature with an upload form adds its path here,
// matching every path its route matches (ids as `\d+`, like `:id{[0-9]+}`): a path the route takes but
// this list misses would have its body read twice (a 500 on /clients/0/portal/logo before).
const UPLOAD_ROUTES: readonly RegExp[] = [
  /^\/clients\/\d+\/files$/,
  /^\/portal\/tickets$/,
  /^\/expenses\/\d+\/receipt$/,
  // The firm's and a client's logo (1 MB, limited in src/brand/routes.tsx).
  /^\/settings\/brand$/,
  /^\/clients\/\d+\/portal\/logo$/,
];

/** True for a POST to a route that reads its upload itself (see UPLOAD_ROUTES). */
export function isUploadRequest(c: Context): boolean {
  return c.req.method === 'POST' && UPLOAD_ROUTES.some((r) => r.test(c.req.path));
}
