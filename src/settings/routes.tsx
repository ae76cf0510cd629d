import { Hono } from 'hono';
import { FirmSettingsPage, PortalSetupPage } from '../../views/settings/settings-pages.js';
import type { FieldErrors } from '../../views/components/form.js';
import { staffActor } from '../events/service.js';
import { isLanguage } from '../i18n/index.js';
import { isCurrencyCode, parseDecimal } from '../money/money.js';
import { loadPortalDefaults } from '../portal-access/queries.js';
import { saveFirmPortalDefaults } from '../portal-access/settings.js';
import { PORTAL_SETTING_KEYS, type PortalSettingKey } from '../portal-access/visibility.js';
import type { AppEnv } from '../web/env.js';
import { formString, formStrings } from '../web/forms.js';
import { page, seeOther } from '../web/html.js';
import { requireAdmin } from '../web/middleware.js';
import { getFirmSettings, saveFirmSettings, type FirmSettings } from './service.js';
import { checkPaymentSettings } from '../gateways/settings.js';

type FirmForm = Record<keyof FirmSettings, string>;

function asForm(s: FirmSettings): FirmForm {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, String(v)])) as FirmForm;
}

/** Checks the firm settings form; returns the values to save or field errors. */
export function checkFirmForm(form: FirmForm): { ok: true; value: Partial<FirmSettings> } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = form.firm_name.trim();
  if (!name) errors.firm_name = 'validation:required';
  else if (name.length > 200 || /[\r\n]/.test(name)) errors.firm_name = 'validation:too_long';
  const currency = form.default_currency.trim().toUpperCase();
  if (!isCurrencyCode(currency)) errors.default_currency = 'validation:currency';
  if (!isLanguage(form.default_language)) errors.default_language = 'validation:language';
  const days = (v: string) => (/^\d{1,3}$/.test(v.trim()) ? Number(v.trim()) : null);
  const terms = days(form.payment_terms_days);
  if (terms === null || terms > 365) errors.payment_terms_days = 'validation:invalid';
  const validity = days(form.estimate_validity_days);
  if (validity === null || validity < 1 || validity > 365) errors.estimate_validity_days = 'validation:invalid';
  const rate = parseDecimal(form.default_tax_rate.trim().replace(',', '.'));
  const rateOk = rate !== null && rate.units >= 0n && Number(form.default_tax_rate.trim().replace(',', '.')) <= 100;
  if (!rateOk) errors.default_tax_rate = 'validation:tax_rate';
  const payments = checkPaymentSettings(form);
  Object.assign(errors, payments.errors);
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      firm_name: name,
      default_currency: currency,
      default_language: form.default_language as FirmSettings['default_language'],
      payment_terms_days: terms!,
      estimate_validity_days: validity!,
      default_tax_rate: form.default_tax_rate.trim().replace(',', '.'),
      ...payments.value,
    },
  };
}

/** Reads a settings checkbox list: the last value of each key wins (hidden "0" then checkbox "1"). */
export function checkedKeys(body: Record<string, string | File | (string | File)[]>): Partial<Record<PortalSettingKey, boolean>> {
  const out: Partial<Record<PortalSettingKey, boolean>> = {};
  for (const key of PORTAL_SETTING_KEYS) {
    const values = formStrings(body, key);
    if (values.length) out[key] = values[values.length - 1] === '1';
  }
  return out;
}

/** Settings pages: the firm (admins edit) and the portal setup (admins only). */
export const settingsRoutes = new Hono<AppEnv>()
  .get('/settings', async (c) => {
    const done = c.req.query('done') === 'saved' ? { kind: 'success' as const, key: 'settings:saved' } : null;
    return page(c, <FirmSettingsPage ui={c.var.ui} staff={c.var.staff} values={asForm(await getFirmSettings(c.var.db))} flash={done} />);
  })
  .post('/settings', requireAdmin(), async (c) => {
    const body = await c.req.parseBody();
    const current = asForm(await getFirmSettings(c.var.db));
    const form = Object.fromEntries(Object.keys(current).map((k) => [k, body[k] === undefined ? current[k as keyof FirmForm] : formString(body, k)])) as FirmForm;
    const checked = checkFirmForm(form);
    if (!checked.ok) return page(c, <FirmSettingsPage ui={c.var.ui} staff={c.var.staff} values={form} errors={checked.errors} />, 422);
    await saveFirmSettings(c.var.db, checked.value);
    return seeOther(c, '/settings?done=saved');
  })
  .get('/settings/portal', async (c) => {
    const done = c.req.query('done') === 'saved' ? { kind: 'success' as const, key: 'settings:saved' } : null;
    return page(c, <PortalSetupPage ui={c.var.ui} staff={c.var.staff} values={await loadPortalDefaults(c.var.db)} flash={done} />);
  })
  .post('/settings/portal', requireAdmin(), async (c) => {
    await saveFirmPortalDefaults(c.var.db, staffActor(c.var.staff), checkedKeys(await c.req.parseBody({ all: true })));
    return seeOther(c, '/settings/portal?done=saved');
  });
