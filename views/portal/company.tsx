import { countryOptions } from '../../src/clients/country.js';
import { LIMITS, type Errors, type Raw } from '../../src/clients/validation.js';
import type { PortalView } from '../../src/portal/context.js';
import type { CompanyField } from '../../src/portal/home-service.js';
import type { Ui } from '../../src/web/ui.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, Select } from '../components/form.js';
import { PortalLayout } from '../layouts/portal.js';

/**
 * <base>/settings/company: the active client's billing address, VAT number and phone, for members
 * allowed to edit them. Changes apply to future documents; issued ones keep their details.
 */
export function CompanyPage(props: { ui: Ui; portal: PortalView; values: Raw<CompanyField>; errors?: Errors<CompanyField>; flash?: FlashMessage | null }) {
  const { ui } = props;
  const { t } = ui;
  const p = props.portal;
  const v = props.values;
  const errors = props.errors as Record<string, string> | undefined;
  const disabled = p.preview ? true : undefined;
  return (
    <PortalLayout ui={ui} portal={p} title={t('portal_home:company.title')} section="settings" flash={props.flash ?? null}>
      <p class="breadcrumb"><a href={`${p.base}/settings`}>{t('portal_home:company.back')}</a></p>
      <h1>{t('portal_home:company.title')}</h1>
      <p>{t('portal_home:company.intro', { client: p.client.name })}</p>
      <p class="hint">{t('portal_home:company.future_only')}</p>
      <ErrorSummary ui={ui} errors={errors} />
      <form method="post" action={`${p.base}/settings/company`} novalidate>
        <fieldset disabled={disabled} class="plain">
          <div class="form-grid">
            <Field ui={ui} name="vat_number" label={t('portal_home:company.vat_number')} value={v.vat_number} errors={errors} maxlength={LIMITS.vat_number} />
            <Field ui={ui} name="phone" label={t('portal_home:company.phone')} value={v.phone} errors={errors} type="tel" maxlength={LIMITS.phone} autocomplete="tel" />
          </div>
          <fieldset>
            <legend>{t('portal_home:company.address')}</legend>
            <div class="form-grid">
              <Field ui={ui} name="address_line1" label={t('portal_home:company.address_line1')} value={v.address_line1} errors={errors} maxlength={LIMITS.address} autocomplete="address-line1" />
              <Field ui={ui} name="address_line2" label={t('portal_home:company.address_line2')} value={v.address_line2} errors={errors} maxlength={LIMITS.address} autocomplete="address-line2" />
              <Field ui={ui} name="city" label={t('portal_home:company.city')} value={v.city} errors={errors} maxlength={LIMITS.address} autocomplete="address-level2" />
              <Field ui={ui} name="postcode" label={t('portal_home:company.postcode')} value={v.postcode} errors={errors} maxlength={LIMITS.postcode} autocomplete="postal-code" />
              <Select ui={ui} name="country" label={t('portal_home:company.country')} value={v.country} errors={errors} options={countryOptions(ui.lang)} empty={t('portal_home:company.no_country')} />
            </div>
          </fieldset>
          <p class="actions">
            <button type="submit" class="primary">{t('portal_home:company.save')}</button>
          </p>
        </fieldset>
      </form>
    </PortalLayout>
  );
}
