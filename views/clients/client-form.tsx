import type { Client, StaffUser } from '../../src/db/schema.js';
import { countryOptions } from '../../src/clients/country.js';
import { LIMITS, type ClientField, type Errors, type Raw } from '../../src/clients/validation.js';
import type { Ui } from '../../src/web/ui.js';
import { ErrorSummary, Field, Select, TextArea } from '../components/form.js';
import { StaffLayout } from '../layouts/staff.js';
import { ClientFrame, type ClientNav } from './client-frame.js';

let currencyCodes: string[] | undefined;

/** Currency options: ISO code and its name in the page's language. */
function currencyOptions(ui: Ui): Array<{ value: string; label: string }> {
  currencyCodes ??= Intl.supportedValuesOf('currency');
  const names = new Intl.DisplayNames([ui.lang], { type: 'currency', fallback: 'code' });
  return currencyCodes.map((code) => ({ value: code, label: `${code} — ${names.of(code) ?? code}` }));
}

/** The client form's fields; shared by "new client" and "edit client". */
export function ClientForm(props: {
  ui: Ui;
  action: string;
  values: Raw<ClientField>;
  errors?: Errors<ClientField>;
  /** The stored currency when it may no longer change (the client has documents). */
  lockedCurrency?: string | null;
  submitLabel: string;
  cancelHref: string;
}) {
  const { ui } = props;
  const { t } = ui;
  const v = props.values;
  const errors = props.errors as Record<string, string> | undefined;
  return (
    <form method="post" action={props.action} class="client-form" novalidate>
      <ErrorSummary ui={ui} errors={errors} />
      <fieldset>
        <legend>{t('clients:form.company')}</legend>
        <div class="form-grid">
          <Field ui={ui} name="name" label={t('clients:fields.name')} value={v.name} errors={errors} required maxlength={LIMITS.name} autocomplete="organization" />
          <Field ui={ui} name="vat_number" label={t('clients:fields.vat_number')} value={v.vat_number} errors={errors} maxlength={LIMITS.vat_number} />
          <Field ui={ui} name="email" label={t('clients:fields.email')} value={v.email} errors={errors} type="email" maxlength={LIMITS.email} autocomplete="email" inputmode="email" />
          <Field ui={ui} name="phone" label={t('clients:fields.phone')} value={v.phone} errors={errors} type="tel" maxlength={LIMITS.phone} autocomplete="tel" />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('clients:form.address')}</legend>
        <div class="form-grid">
          <Field ui={ui} name="address_line1" label={t('clients:fields.address_line1')} value={v.address_line1} errors={errors} maxlength={LIMITS.address} autocomplete="address-line1" />
          <Field ui={ui} name="address_line2" label={t('clients:fields.address_line2')} value={v.address_line2} errors={errors} maxlength={LIMITS.address} autocomplete="address-line2" />
          <Field ui={ui} name="city" label={t('clients:fields.city')} value={v.city} errors={errors} maxlength={LIMITS.address} autocomplete="address-level2" />
          <Field ui={ui} name="postcode" label={t('clients:fields.postcode')} value={v.postcode} errors={errors} maxlength={LIMITS.postcode} autocomplete="postal-code" />
          <Select ui={ui} name="country" label={t('clients:fields.country')} value={v.country} errors={errors} options={countryOptions(ui.lang)} empty={t('clients:form.no_country')} />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('clients:form.invoicing')}</legend>
        <div class="form-grid">
          {props.lockedCurrency ? (
            <div class="field">
              <span class="label">{t('clients:fields.currency')}</span>
              <p class="hint">{t('clients:form.currency_locked', { currency: props.lockedCurrency })}</p>
              {errors?.currency ? <p class="error" role="alert">{t(errors.currency)}</p> : null}
            </div>
          ) : (
            <Select ui={ui} name="currency" label={t('clients:fields.currency')} value={v.currency} errors={errors} options={currencyOptions(ui)} required />
          )}
          <Select ui={ui} name="language" label={t('clients:fields.language')} value={v.language} errors={errors} required
            options={[{ value: 'el', label: t('common:languages.el') }, { value: 'en', label: t('common:languages.en') }]} />
        </div>
        <TextArea ui={ui} name="notes" label={t('clients:fields.notes')} value={v.notes} errors={errors} rows={4} maxlength={LIMITS.notes} />
        <p class="hint">{t('clients:form.notes_hint')}</p>
      </fieldset>
      <p class="actions">
        <button type="submit" class="primary">{props.submitLabel}</button>
        <a class="button" href={props.cancelHref}>{t('common:cancel')}</a>
      </p>
    </form>
  );
}

/** /clients/new. */
export function NewClientPage(props: { ui: Ui; staff: StaffUser; values: Raw<ClientField>; errors?: Errors<ClientField> }) {
  const { t } = props.ui;
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={t('clients:form.new_title')} section="clients">
      <h1>{t('clients:form.new_title')}</h1>
      <ClientForm ui={props.ui} action="/clients" values={props.values} errors={props.errors} submitLabel={t('clients:form.create')} cancelHref="/clients" />
    </StaffLayout>
  );
}

/** /clients/:id/edit, inside the client's frame. */
export function EditClientPage(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  values: Raw<ClientField>;
  errors?: Errors<ClientField>;
  currencyLocked: boolean;
}) {
  const { t } = props.ui;
  return (
    <ClientFrame ui={props.ui} staff={props.staff} client={props.client} nav={props.nav} tab="details">
      <h2>{t('clients:form.edit_title')}</h2>
      <ClientForm ui={props.ui} action={`/clients/${props.client.id}`} values={props.values} errors={props.errors}
        lockedCurrency={props.currencyLocked ? props.client.currency : null} submitLabel={t('clients:form.save')} cancelHref={`/clients/${props.client.id}`} />
    </ClientFrame>
  );
}
