import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_LOGIN_PER_ACCOUNT } from '../../src/portal/auth-rules.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makeClient } from '../helpers/factories.js';
import { makePortalMember } from '../helpers/portal.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const signIn = (email: string, password: string) =>
  t.app.request('/portal/login', {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
  });

describe('portal sign-in under parallel guessing (SECURITY rows 11–12)', () => {
  it('does not let parallel guesses slip past the limit, and then refuses the right password too', async () => {
    const client = await makeClient(t.db, { name: 'Brute ΑΕ' });
    const member = await makePortalMember(t, client.id, { email: 'target@client.test', signIn: 'direct' });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(member.email, `wrong-guess-${i}`)));
    const checked = results.filter((r) => r.status !== 429).length;
    expect(checked).toBeLessThanOrEqual(PORTAL_LOGIN_PER_ACCOUNT.limit);
    expect((await signIn(member.email, member.password)).status).toBe(429);
  });
});
