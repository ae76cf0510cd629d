// Pure: the firm's payment settings as the settings form gives them (bank details, test gateway).

import type { FirmSettings } from '../settings/service.js';
import { formatIban, isValidBic, isValidIban } from './bank.js';

/** The payment fields of the firm settings form, as text. */
export type PaymentSettingsForm = Pick<Record<keyof FirmSettings, string>, 'bank_beneficiary' | 'bank_iban' | 'bank_bic' | 'bank_name' | 'test_gateway_enabled'>;

/** Checks the payment fields: a blank IBAN turns bank transfer off; anything given must be well-formed. */
export function checkPaymentSettings(form: PaymentSettingsForm): { errors: Record<string, string>; value: Pick<FirmSettings, 'bank_beneficiary' | 'bank_iban' | 'bank_bic' | 'bank_name' | 'test_gateway_enabled'> } {
  const errors: Record<string, string> = {};
  const line = (v: string) => v.trim();
  const beneficiary = line(form.bank_beneficiary);
  const iban = form.bank_iban.trim();
  const bic = form.bank_bic.trim().toUpperCase();
  const bankName = line(form.bank_name);
  for (const [name, value] of [['bank_beneficiary', beneficiary], ['bank_name', bankName]] as const) {
    if (value.length > 140 || /[\r\n]/.test(value)) errors[name] = 'validation:too_long';
  }
  if (iban !== '' && !isValidIban(iban)) errors.bank_iban = 'settings:payments.invalid_iban';
  if (iban !== '' && beneficiary === '') errors.bank_beneficiary = 'validation:required';
  if (bic !== '' && !isValidBic(bic)) errors.bank_bic = 'settings:payments.invalid_bic';
  if (form.test_gateway_enabled !== 'true' && form.test_gateway_enabled !== 'false') errors.test_gateway_enabled = 'validation:invalid';
  return {
    errors,
    value: { bank_beneficiary: beneficiary, bank_iban: iban === '' ? '' : formatIban(iban), bank_bic: bic, bank_name: bankName, test_gateway_enabled: form.test_gateway_enabled !== 'false' },
  };
}
