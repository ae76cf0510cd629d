import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { createRequire } from 'node:module';
import { projectRoot } from '../util/paths.js';

interface Asset { body: Uint8Array; type: string }

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

const byHashedName = new Map<string, Asset>();
const hashedName = new Map<string, string>();

function register(logicalName: string, file: string): void {
  const body = readFileSync(file);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const ext = path.extname(logicalName);
  const name = `${logicalName.slice(0, -ext.length)}.${hash}${ext}`;
  byHashedName.set(name, { body, type: TYPES[ext] ?? 'application/octet-stream' });
  hashedName.set(logicalName, name);
}

function walk(dir: string, prefix: string): void {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, prefix + entry + '/');
    else register(prefix + entry, full);
  }
}

walk(path.join(projectRoot, 'static'), '');
// htmx 2.x, pinned in package.json, served from our own origin (no CDN; strict CSP).
register('htmx.min.js', createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));

/** The cache-busting URL of a static file, e.g. asset('app.css') → /static/app.3f2a….css. */
export function asset(logicalName: string): string {
  const name = hashedName.get(logicalName);
  if (!name) throw new Error(`unknown asset ${logicalName}`);
  return `/static/${name}`;
}

/** Serves hashed static files with a one-year immutable cache. */
export const staticRoutes = new Hono().get('/*', (c) => {
  const found = byHashedName.get(c.req.path.replace(/^\/static\//, ''));
  if (!found) return c.notFound();
  return c.body(found.body as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': found.type,
    'Cache-Control': 'public, max-age=31536000, immutable',
  });
});
