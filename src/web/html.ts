import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSX } from 'hono/jsx/jsx-runtime';

/** Renders a JSX page as a full HTML document with a doctype. */
export async function page(c: Context, node: JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  c.header('Vary', 'HX-Request');
  return c.html('<!doctype html>' + (await node), status);
}

/** Renders a JSX fragment (an htmx partial) from the same component as the page. */
export async function fragment(c: Context, node: JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  c.header('Vary', 'HX-Request');
  return c.html(String(await node), status);
}

/** True when htmx asked for a partial (and not a boosted full page). */
export function isHtmx(c: Context): boolean {
  // Boosted navigations and history restores want the full page.
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-Boosted') !== 'true' && c.req.header('HX-History-Restore-Request') !== 'true';
}

/** POST → 303 → GET; htmx follows it too. */
export function seeOther(c: Context, location: string): Response {
  return c.redirect(location, 303);
}
