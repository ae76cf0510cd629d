import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { hashPassword } from '../../src/auth/password.js';
import { getBrand, emailBrand } from '../../src/brand/service.js';
import { renderEmail } from '../../src/mail/templates.js';
import { seedDemo } from '../../src/seed/demo.js';
import { makeTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { makePng, postMultipart } from './support.js';

let t: TestApp;
let cookie: string;
let clientId: number;
let otherClientId: number;
let invoiceId: number;

const FIELDS = { accent_color: '#1a4d2e', address: 'Ερμού 10\nΑθήνα 10563', phone: '210 1234567', email: 'info@firm.test', vat_number: 'EL123456789', website: 'https://firm.test' };

beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.staffCookie();
  await seedDemo(t.db);
  // The demo firm's default language is Greek; this admin chose English.
  await t.db.updateTable('staff_users').set({ language: 'en' }).where('email', '=', 'admin@firm.test').execute();
  const clients = await t.db.selectFrom('clients').select('id').orderBy('id').limit(2).execute();
  clientId = clients[0]!.id;
  otherClientId = clients[1]!.id;
  invoiceId = (await t.db.selectFrom('documents').select('id').where('kind', '=', 'invoice').where('status', '=', 'issued').orderBy('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

describe('the firm\'s brand on Settings', () => {
  it('saves colour and contact details, then shows them on the settings page', async () => {
    const res = await postMultipart(t, '/settings/brand', FIELDS, null, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings/brand?done=saved');
    const html = await (await t.get('/settings/brand', cookie)).text();
    expect(html).toContain('value="#1a4d2e"');
    expect(html).toContain('EL123456789');
    expect(html).toContain('https://firm.test');
  });

  it('refuses a colour too light for white text, says why, and writes nothing', async () => {
    const before = await getBrand(t.db);
    const res = await postMultipart(t, '/settings/brand', { ...FIELDS, accent_color: '#ffe066', phone: '999' }, null, cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('too light');
    expect(await getBrand(t.db)).toEqual(before);
  });

  it('refuses a malformed colour, email and website', async () => {
    const res = await postMultipart(t, '/settings/brand', { ...FIELDS, accent_color: 'red;}body{', email: 'not-an-email', website: 'javascript:alert(1)' }, null, cookie);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('six hex digits');
    expect(html).toContain('http:// or https://');
  });

  it('refuses a logo that is not a PNG, JPEG or WEBP by its content', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const res = await postMultipart(t, '/settings/brand', FIELDS, { name: 'logo.png', bytes: svg, type: 'image/png' }, cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('PNG, JPEG or WEBP');
    expect((await getBrand(t.db)).logo).toBeNull();
  });

  it('refuses a logo over 1 MB', async () => {
    const big = new Uint8Array(1024 * 1024 + 10);
    big.set(makePng());
    const res = await postMultipart(t, '/settings/brand', FIELDS, { name: 'big.png', bytes: big, type: 'image/png' }, cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('larger than 1 MB');
  });

  it('answers 413 to a body far over the limit', async () => {
    const res = await postMultipart(t, '/settings/brand', FIELDS, { name: 'huge.png', bytes: new Uint8Array(3 * 1024 * 1024), type: 'image/png' }, cookie);
    expect(res.status).toBe(413);
  });

  it('lets only admins change the brand', async () => {
    await t.db.insertInto('staff_users').values({ email: 'staff@firm.test', name: 'Sam Staff', password_hash: await hashPassword('correct horse battery'), role: 'staff', email_verified_at: new Date().toISOString(), disabled_at: null }).execute();
    const signIn = await t.app.request('/login', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'staff@firm.test', password: 'correct horse battery' }),
    });
    const staff = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const res = await postMultipart(t, '/settings/brand', { ...FIELDS, accent_color: '#000000' }, null, staff);
    expect(res.status).toBe(403);
    expect((await getBrand(t.db)).accent_color).toBe('#1a4d2e');
  });

  it('stores a logo under DATA_DIR/brand with a random name and serves it cacheable', async () => {
    const res = await postMultipart(t, '/settings/brand', FIELDS, { name: 'logo.png', bytes: makePng(), type: 'image/png' }, cookie);
    expect(res.status).toBe(303);
    const logo = (await getBrand(t.db)).logo!;
    expect(logo.file).not.toContain('logo');
    expect(existsSync(path.join(t.dataDir, 'brand', logo.file))).toBe(true);
    const img = await t.app.request(`/brand/logo/${logo.file}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await img.arrayBuffer()).equals(Buffer.from(makePng()))).toBe(true);
    expect((await t.app.request('/brand/logo/..%2Fsession-secret')).status).toBe(404);
  });
});

describe('the brand on the portal, emails and PDFs', () => {
  it('sets the accent through a versioned stylesheet, never an inline style', async () => {
    const html = await (await t.get(`/preview/${clientId}/0`, cookie)).text();
    const href = /<link rel="stylesheet" href="(\/brand\.css\?v=[0-9a-f]+)"/.exec(html)?.[1];
    expect(href).toBeTruthy();
    expect(html).not.toMatch(/\sstyle=/);
    const css = await t.app.request(href!);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('--accent:#1a4d2e');
  });

  it('shows the firm\'s logo and name in the portal header', async () => {
    const logo = (await getBrand(t.db)).logo!;
    const html = await (await t.get(`/preview/${clientId}/0`, cookie)).text();
    expect(html).toContain(`src="/brand/logo/${logo.file}"`);
    expect(html).toContain('Βασιλείου &amp; Συνεργάτες');
  });

  it('shows a client\'s own logo on that client\'s portal only', async () => {
    const own = makePng(2, 2, [10, 10, 200]);
    const res = await postMultipart(t, `/clients/${clientId}/portal/logo`, {}, { name: 'client.png', bytes: own, type: 'image/png' }, cookie);
    expect(res.status).toBe(303);
    const firmLogo = (await getBrand(t.db)).logo!;
    const mine = await (await t.get(`/preview/${clientId}/0`, cookie)).text();
    expect(mine).not.toContain(firmLogo.file);
    const src = /<img class="brand-logo" src="([^"]+)"/.exec(mine)?.[1];
    expect(Buffer.from(await (await t.app.request(src!)).arrayBuffer()).equals(Buffer.from(own))).toBe(true);
    const other = await (await t.get(`/preview/${otherClientId}/0`, cookie)).text();
    expect(other).toContain(firmLogo.file);
  });

  it('refuses a client logo that is not an image and answers 404 for an unknown client', async () => {
    const res = await postMultipart(t, `/clients/${clientId}/portal/logo`, {}, { name: 'x.png', bytes: new TextEncoder().encode('hello'), type: 'image/png' }, cookie);
    expect(res.status).toBe(422);
    expect((await postMultipart(t, `/clients/${clientId}/portal/logo`, {}, null, cookie)).status).toBe(422);
    expect((await t.get('/clients/999999/portal/logo', cookie)).status).toBe(404);
    expect((await postMultipart(t, '/clients/999999/portal/logo', {}, { name: 'a.png', bytes: makePng(), type: 'image/png' }, cookie)).status).toBe(404);
  });

  it('puts the logo (absolute URL) and the contact footer in emails', async () => {
    const brand = await getBrand(t.db);
    const mail = renderEmail('portal-password-changed', 'el', { name: 'Μαρία', when: '2026-11-20T10:00:00.000Z' }, { firmName: 'Βασιλείου', publicUrl: ORIGIN, brand: emailBrand(brand, ORIGIN) });
    expect(mail.html).toContain(`src="${ORIGIN}/brand/logo/${brand.logo!.file}"`);
    expect(mail.html).toContain('ΑΦΜ EL123456789');
    expect(mail.text).toContain('Ερμού 10, Αθήνα 10563');
  });

  it('draws the logo from its stored bytes in PDFs', async () => {
    const res = await t.get(`/invoices/${invoiceId}/pdf`, cookie);
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1');
    expect(pdf).toContain('/Subtype /Image');
  });

  it('keeps random names: nothing but stored logos lands in DATA_DIR/brand', () => {
    expect(readdirSync(path.join(t.dataDir, 'brand')).every((f) => /^[a-z0-9]+-[0-9a-f]{12}\.png$/.test(f))).toBe(true);
  });
});
