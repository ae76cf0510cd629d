import type { StaffUser } from '../../src/db/schema.js';
import type { FirmSettings } from '../../src/settings/service.js';
import type { PortalDefaults } from '../../src/portal-access/visibility.js';
import type { Ui } from '../../src/web/ui.js';
import { ErrorSummary, Field, Select, type FieldErrors } from '../components/form.js';
import type { FlashMessage } from '../components/flash.js';
import { StaffLayout } from '../layouts/staff.js';
import { FirmVisibilityFields } from './visibility-fields.js';
import { PaymentSettingsFields } from '../payments-online/settings-fields.js';

function SettingsNav(props: { ui: Ui; current: 'firm' | 'portal' }) {
  const { t } = props.ui;
  return (
    <nav class="tabs" aria-label={t('settings:nav_label')}>
      <ul>
        <li><a href="/settings" aria-current={props.current === 'firm' ? 'page' : undefined}>{t('settings:firm_tab')}</a></li>
        <li><a href="/settings/brand">{t('brand:tab')}</a></li>
        <li><a href="/settings/portal" aria-current={props.current === 'portal' ? 'page' : undefined}>{t('settings:portal_tab')}</a></li>
      </ul>
    </nav>
  );
}

/** Settings → Firm: name and defaults for new clients and documents (admins edit, staff read). */
export function FirmSettingsPage(props: { ui: Ui; staff: StaffUser; values: Record<keyof FirmSettings, string>; errors?: FieldErrors; flash?: FlashMessage | null }) {
  const { t } = props.ui;
  const admin = props.staff.role === 'admin';
  const v = props.values;
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={t('settings:title')} section="settings" flash={props.flash}>
      <h1>{t('settings:title')}</h1>
      <SettingsNav ui={props.ui} current="firm" />
      {!admin ? <p class="flash flash-info">{t('settings:admins_only')}</p> : null}
      <ErrorSummary ui={props.ui} errors={props.errors} />
      <form method="post" action="/settings">
        <fieldset disabled={!admin}>
          <legend>{t('settings:firm_legend')}</legend>
          <Field ui={props.ui} name="firm_name" label={t('settings:fields.firm_name')} value={v.firm_name} errors={props.errors} required maxlength={200} />
          <div class="form-grid">
            <Field ui={props.ui} name="default_currency" label={t('settings:fields.default_currency')} value={v.default_currency} errors={props.errors} required maxlength={3} />
            <Select ui={props.ui} name="default_language" label={t('settings:fields.default_language')} value={v.default_language} errors={props.errors}
              options={[{ value: 'el', label: t('common:languages.el') }, { value: 'en', label: t('common:languages.en') }]} />
            <Field ui={props.ui} name="payment_terms_days" type="number" label={t('settings:fields.payment_terms_days')} value={v.payment_terms_days} errors={props.errors} />
            <Field ui={props.ui} name="estimate_validity_days" type="number" label={t('settings:fields.estimate_validity_days')} value={v.estimate_validity_days} errors={props.errors} />
            <Field ui={props.ui} name="default_tax_rate" label={t('settings:fields.default_tax_rate')} value={v.default_tax_rate} errors={props.errors} inputmode="decimal" />
          </div>
          <PaymentSettingsFields ui={props.ui} values={v} errors={props.errors} />
          <button type="submit" class="primary">{t('common:save')}</button>
        </fieldset>
      </form>
    </StaffLayout>
  );
}

/** Settings → Portal setup: what every client's portal shows unless the client overrides it. */
export function PortalSetupPage(props: { ui: Ui; staff: StaffUser; values: PortalDefaults; flash?: FlashMessage | null }) {
  const { t } = props.ui;
  const admin = props.staff.role === 'admin';
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={t('portal_setup:title')} section="settings" flash={props.flash}>
      <h1>{t('settings:title')}</h1>
      <SettingsNav ui={props.ui} current="portal" />
      {!admin ? <p class="flash flash-info">{t('settings:admins_only')}</p> : null}
      <form method="post" action="/settings/portal">
        <fieldset disabled={!admin} class="plain">
          <FirmVisibilityFields ui={props.ui} values={props.values} />
          <button type="submit" class="primary">{t('common:save')}</button>
        </fieldset>
      </form>
    </StaffLayout>
  );
}
