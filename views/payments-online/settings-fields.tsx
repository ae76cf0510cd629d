import type { Ui } from '../../src/web/ui.js';
import { Field, Select, type FieldErrors } from '../components/form.js';

/** The firm settings' payment part: bank transfer details and the built-in test gateway. */
export function PaymentSettingsFields(props: { ui: Ui; values: Record<'bank_beneficiary' | 'bank_iban' | 'bank_bic' | 'bank_name' | 'test_gateway_enabled', string>; errors?: FieldErrors | undefined }) {
  const { ui, values: v } = props;
  const { t } = ui;
  return (
    <fieldset class="payment-settings">
      <legend>{t('settings:payments.legend')}</legend>
      <p class="hint">{t('settings:payments.bank_hint')}</p>
      <div class="form-grid">
        <Field ui={ui} name="bank_beneficiary" label={t('settings:payments.bank_beneficiary')} value={v.bank_beneficiary} errors={props.errors} maxlength={140} />
        <Field ui={ui} name="bank_iban" label={t('settings:payments.bank_iban')} value={v.bank_iban} errors={props.errors} maxlength={50} />
        <Field ui={ui} name="bank_bic" label={t('settings:payments.bank_bic')} value={v.bank_bic} errors={props.errors} maxlength={11} />
        <Field ui={ui} name="bank_name" label={t('settings:payments.bank_name')} value={v.bank_name} errors={props.errors} maxlength={140} />
      </div>
      <Select ui={ui} name="test_gateway_enabled" label={t('settings:payments.test_gateway')} value={v.test_gateway_enabled} errors={props.errors}
        options={[{ value: 'true', label: t('settings:payments.test_gateway_on') }, { value: 'false', label: t('settings:payments.test_gateway_off') }]} />
      <p class="hint">{t('settings:payments.test_gateway_hint')}</p>
      <p><a href="/online-payments">{t('pay:staff.title')}</a></p>
    </fieldset>
  );
}
