// Every GET of the app (staff pages and partials, portal pages, API reads), taken from the route
// table, with random query strings — prototype names, huge values, malformed percent-encoding,
// repeated parameters — and sometimes an odd id in the path: never a 500, a 4xx always with a
// message, and nothing changes on a 4xx.

import { afterAll, describe, it } from 'vitest';
import { concretePath, freshCookies, fuzzRoute, isApiPath, isPortalPath, queryPlan, queryRequest, routesOf, setupFuzz, withOddId } from './support.js';

const f = await setupFuzz({ readPages: true });
afterAll(() => f.close());

describe('every GET with a random query string', () => {
  for (const route of routesOf(f.t, 'GET')) {
    it(`answers GET ${route.path} with odd queries without a 500`, async () => {
      const cookies = await freshCookies(f);
      const auth: Record<string, string> = isApiPath(route.path) ? { Authorization: `Bearer ${f.token}` } : { Cookie: isPortalPath(route.path) ? cookies.portal : cookies.staff };
      const url = concretePath(f, route.path);
      await fuzzRoute(f, route, queryPlan(f.fieldNames), (p) => queryRequest(withOddId(route.path, url, p.odd), p, auth));
    });
  }
});
