import type { Db, Trx } from '../db/index.js';
import type { Language } from '../db/schema.js';

/** The firm's own settings (name, defaults for new clients and documents). */
export interface FirmSettings {
  firm_name: string;
  default_currency: string;
  default_language: Language;
  /** Days from issue to due date on new invoices. */
  payment_terms_days: number;
  /** Days an estimate stays valid. */
  estimate_validity_days: number;
  /** Tax rate (percent, decimal string) prefilled on new lines. */
  default_tax_rate: string;
  /** Most portal invitations the firm may send per UTC day. */
  invitation_daily_cap: number;
  /** Days a portal invitation link stays valid. */
  invitation_expiry_days: number;
  /** Bank transfer instructions shown to payers (blank IBAN: bank transfer is not offered). */
  bank_beneficiary: string;
  bank_iban: string;
  bank_bic: string;
  bank_name: string;
  /** The built-in test gateway (TEST MODE, no money moves) when Stripe is not configured. */
  test_gateway_enabled: boolean;
}

/** Defaults of a fresh install. */
export const FIRM_DEFAULTS: FirmSettings = {
  firm_name: 'Stoa',
  default_currency: 'EUR',
  default_language: 'el',
  payment_terms_days: 30,
  estimate_validity_days: 30,
  default_tax_rate: '24',
  invitation_daily_cap: 40,
  invitation_expiry_days: 7,
  bank_beneficiary: '',
  bank_iban: '',
  bank_bic: '',
  bank_name: '',
  test_gateway_enabled: true,
};

/** Reads the firm settings, filling anything unset from the defaults. */
export async function getFirmSettings(db: Db | Trx): Promise<FirmSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'firm').executeTakeFirst();
  const stored = row ? (JSON.parse(row.value) as Partial<FirmSettings>) : {};
  return { ...FIRM_DEFAULTS, ...stored };
}

/** Saves (part of) the firm settings. */
export async function saveFirmSettings(db: Db | Trx, patch: Partial<FirmSettings>): Promise<FirmSettings> {
  const next = { ...(await getFirmSettings(db)), ...patch };
  await db
    .insertInto('settings')
    .values({ key: 'firm', value: JSON.stringify(next) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(next) }))
    .execute();
  return next;
}
