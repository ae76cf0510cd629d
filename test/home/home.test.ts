import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { makeClient, makeIssued, oneLine } from '../documents/factories.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
});
afterAll(() => t.close());

/** The page's text without tags, white space folded. */
async function homeText(headers: Record<string, string> = {}): Promise<string> {
  const res = await t.get('/', cookie, headers);
  expect(res.status).toBe(200);
  return (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('staff home', () => {
  it('shows what is owed without naming the currency while the firm bills in one', async () => {
    const client = await makeClient(t.db, { currency: 'EUR' });
    await makeIssued(t.db, 'invoice', oneLine(client, 10000));
    const text = await homeText();
    expect(text).toMatch(/Amount due €124\.00/);
    expect(text).not.toContain('(EUR)');
  });

  it('says which currency each figure counts once the firm bills in several', async () => {
    const client = await makeClient(t.db, { currency: 'GBP' });
    await makeIssued(t.db, 'invoice', oneLine(client, 5000));
    const text = await homeText();
    expect(text).toMatch(/Amount due \(EUR\) €124\.00/);
    expect(text).toMatch(/Amount due \(GBP\) £62\.00/);
    expect(await homeText({ 'Accept-Language': 'el' })).toMatch(/Οφειλόμενο ποσό \(GBP\) 62,00 £/);
  });
});
