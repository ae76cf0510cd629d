// Every form POST of the app, staff and portal alike, taken from the route table: broken input
// (see support.ts) is answered with a 4xx and a message, never a 500, and a 4xx changes nothing.
// Each request starts from the fields the app's own page renders for that form, when it has one.

import { afterAll, describe, it } from 'vitest';
import { concretePath, formPlan, formRequest, freshCookies, fuzzRoute, isApiPath, isPortalPath, patternRegex, routesOf, setupFuzz, withOddId } from './support.js';

const f = await setupFuzz({ readPages: true });
afterAll(() => f.close());

describe('every form POST, fuzzed', () => {
  for (const route of routesOf(f.t, 'POST').filter((r) => !isApiPath(r.path))) {
    it(`answers broken input to POST ${route.path} with a 4xx and writes nothing`, async () => {
      const cookies = await freshCookies(f);
      const cookie = isPortalPath(route.path) ? cookies.portal : cookies.staff;
      const re = patternRegex(route.path);
      const rendered = [...f.forms.entries()].find(([action]) => re.test(action));
      const url = rendered?.[0] ?? concretePath(f, route.path, true);
      const base = rendered?.[1] ?? [];
      // The form's own fields weigh most; any other field name of the app may turn up too.
      await fuzzRoute(f, route, formPlan([...new Set(base.map(([n]) => n))], f.fieldNames), (p) => formRequest(withOddId(route.path, url, p.odd), base, p, cookie));
    });
  }
});
