import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BrandSettingsPage, ClientLogoPage, type BrandForm } from '../../views/components/brand-settings.js';
import type { FieldErrors } from '../../views/components/form.js';
import type { AppEnv } from '../web/env.js';
import { formString } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { requireAdmin, requireStaff } from '../web/middleware.js';
import { checkAccent } from './colour.js';
import { brandCss, checkLogo, CONTACT_FIELDS, getBrand, getClientLogo, MAX_LOGO_BYTES, readLogo, saveBrand, setClientLogo, storeLogo, type Brand, type StoredLogo } from './service.js';

/** Form bodies with a logo: a little more than the logo itself, for the other fields and multipart framing. */
const LOGO_BODY_LIMIT = MAX_LOGO_BYTES + 64 * 1024;

type Body = Record<string, string | File>;

/** Checks the brand form's text fields; returns the values to save or field errors. */
export function checkBrandForm(form: BrandForm): { ok: true; value: Omit<Brand, 'logo'> } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const accent = checkAccent(form.accent_color);
  if (!accent.ok) errors.accent_color = accent.error;
  const value: Omit<Brand, 'logo'> = { accent_color: accent.ok ? accent.value : form.accent_color, address: '', phone: '', email: '', vat_number: '', website: '' };
  for (const f of CONTACT_FIELDS) {
    const v = form[f].trim();
    const max = f === 'address' ? 500 : 200;
    if (v.length > max || (f !== 'address' && /[\r\n]/.test(v))) errors[f] = 'validation:too_long';
    value[f] = v;
  }
  if (value.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.email)) errors.email = 'validation:email';
  if (value.website && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(value.website)) errors.website = 'brand:errors.website';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value };
}

/** The uploaded logo of a form, checked and stored; null when none was sent. */
async function takeLogo(c: Context<AppEnv>, body: Body): Promise<{ ok: true; logo: StoredLogo | null } | { ok: false; error: string }> {
  const file = body.logo;
  if (!(file instanceof File) || (file.size === 0 && file.name === '')) return { ok: true, logo: null };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const checked = checkLogo(bytes);
  if (!checked.ok) return checked;
  return { ok: true, logo: storeLogo(c.var.config.dataDir, bytes, checked.type) };
}

async function readBody(c: Context<AppEnv>): Promise<Body | null> {
  try {
    return (await c.req.parseBody()) as Body;
  } catch {
    return null;
  }
}

const tooLarge: MiddlewareHandler<AppEnv> = (c, next) =>
  bodyLimit({ maxSize: LOGO_BODY_LIMIT, onError: (e) => e.text(c.var.ui.t('brand:errors.logo_too_large'), 413) })(c, next);

const asForm = (b: Brand): BrandForm => ({ accent_color: b.accent_color, address: b.address, phone: b.phone, email: b.email, vat_number: b.vat_number, website: b.website });

/** Public brand files: the generated stylesheet and logos (hashed names, cached for a year). */
export const brandPublicRoutes = new Hono<AppEnv>()
  .get('/brand.css', async (c) => {
    const css = brandCss(await getBrand(c.var.db));
    // Versioned by ?v=<hash of the css>: a new accent gets a new URL.
    return c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': c.req.query('v') ? 'public, max-age=31536000, immutable' : 'no-cache' });
  })
  .get('/brand/logo/:file', (c) => {
    const file = c.req.param('file');
    const bytes = readLogo(c.var.config.dataDir, file);
    if (!bytes) return c.notFound();
    const type = file.endsWith('.png') ? 'image/png' : file.endsWith('.webp') ? 'image/webp' : 'image/jpeg';
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' });
  });

/** Staff brand pages: Settings → Brand (admins edit) and a client's portal logo. */
export const brandStaffRoutes = new Hono<AppEnv>()
  .use('/settings/brand', requireStaff())
  .use('/clients/:id{[0-9]+}/portal/logo', requireStaff())
  .get('/settings/brand', async (c) => {
    const brand = await getBrand(c.var.db);
    const done = c.req.query('done') === 'saved' ? { kind: 'success' as const, key: 'settings:saved' } : null;
    return page(c, <BrandSettingsPage ui={c.var.ui} staff={c.var.staff} values={asForm(brand)} logo={brand.logo} flash={done} />);
  })
  .post('/settings/brand', requireAdmin(), tooLarge, async (c) => {
    const body = await readBody(c);
    if (!body) return c.text(c.var.ui.t('common:errors.bad_form'), 400);
    const brand = await getBrand(c.var.db);
    const form: BrandForm = { accent_color: formString(body, 'accent_color'), address: formString(body, 'address'), phone: formString(body, 'phone'), email: formString(body, 'email'), vat_number: formString(body, 'vat_number'), website: formString(body, 'website') };
    const checked = checkBrandForm(form);
    const errors: FieldErrors = checked.ok ? {} : { ...checked.errors };
    // The logo is stored only once every other field is right (nothing written on bad input).
    if (!checked.ok) {
      const logoCheck = body.logo instanceof File && body.logo.size > 0 ? checkLogo(new Uint8Array(await body.logo.arrayBuffer())) : null;
      if (logoCheck && !logoCheck.ok) errors.logo = logoCheck.error;
      return page(c, <BrandSettingsPage ui={c.var.ui} staff={c.var.staff} values={form} logo={brand.logo} errors={errors} />, 422);
    }
    const logo = await takeLogo(c, body);
    if (!logo.ok) return page(c, <BrandSettingsPage ui={c.var.ui} staff={c.var.staff} values={form} logo={brand.logo} errors={{ logo: logo.error }} />, 422);
    const removeLogo = formString(body, 'remove_logo') === '1';
    await saveBrand(c.var.db, { ...checked.value, logo: logo.logo ?? (removeLogo ? null : brand.logo) });
    return seeOther(c, '/settings/brand?done=saved');
  })
  .get('/clients/:id{[0-9]+}/portal/logo', async (c) => {
    const client = await c.var.db.selectFrom('clients').select(['id', 'name']).where('id', '=', Number(c.req.param('id'))).executeTakeFirst();
    if (!client) return c.notFound();
    const done = c.req.query('done') === 'saved' ? { kind: 'success' as const, key: 'settings:saved' } : null;
    return page(c, <ClientLogoPage ui={c.var.ui} staff={c.var.staff} client={client} logo={await getClientLogo(c.var.db, client.id)} flash={done} />);
  })
  .post('/clients/:id{[0-9]+}/portal/logo', tooLarge, async (c) => {
    const client = await c.var.db.selectFrom('clients').select(['id', 'name']).where('id', '=', Number(c.req.param('id'))).executeTakeFirst();
    if (!client) return c.notFound();
    const body = await readBody(c);
    if (!body) return c.text(c.var.ui.t('common:errors.bad_form'), 400);
    if (formString(body, 'remove_logo') === '1') {
      await setClientLogo(c.var.db, client.id, null);
      return seeOther(c, `/clients/${client.id}/portal/logo?done=saved`);
    }
    const logo = await takeLogo(c, body);
    const current = await getClientLogo(c.var.db, client.id);
    if (!logo.ok || !logo.logo) {
      const error = logo.ok ? 'brand:errors.logo_empty' : logo.error;
      return page(c, <ClientLogoPage ui={c.var.ui} staff={c.var.staff} client={client} logo={current} errors={{ logo: error }} />, 422);
    }
    await setClientLogo(c.var.db, client.id, logo.logo);
    return seeOther(c, `/clients/${client.id}/portal/logo?done=saved`);
  });
