// Bank transfer: no provider, only the firm's instructions and a reference the payer quotes.
// Staff record the payment when it shows on the bank statement. Pure.

import type { FirmSettings } from '../settings/service.js';
import type { BankInstructions, CheckoutInvoice, ManualGateway } from './gateway.js';

// ISO 7064 mod 97-10 over a string of digits and letters (A=10 … Z=35), as IBAN and RF use it.
function mod97(text: string): number {
  let rest = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest;
}

/** An IBAN without spaces, upper-cased. */
export function normalizeIban(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** True for a well-formed IBAN (country, check digits, mod 97 = 1). */
export function isValidIban(input: string): boolean {
  const iban = normalizeIban(input);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** An IBAN in groups of four, as people read it. */
export function formatIban(input: string): string {
  return normalizeIban(input).replace(/(.{4})(?=.)/g, '$1 ');
}

/** A BIC/SWIFT code: 8 or 11 letters and digits. */
export function isValidBic(input: string): boolean {
  return /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(input.trim().toUpperCase());
}

/**
 * An ISO 11649 creditor reference ("RF" + two check digits + up to 21 letters/digits) for
 * `body`; other characters are dropped. Banks validate it, so a typo in it is caught.
 */
export function rfReference(body: string): string {
  const clean = body.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 21) || '0';
  const check = 98 - mod97(clean + 'RF00');
  return `RF${String(check).padStart(2, '0')}${clean}`;
}

/** True when `reference` is a valid RF creditor reference. */
export function isValidRfReference(reference: string): boolean {
  const r = reference.replace(/\s+/g, '').toUpperCase();
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(r)) return false;
  return mod97(r.slice(4) + r.slice(0, 4)) === 1;
}

/**
 * The reference of a transfer: the invoice's number for one invoice ("RF…INV20260007"), the
 * client's id for the whole amount due ("RF…C42"), so staff can match it to the client.
 */
export function transferReference(scope: 'all' | 'invoice', clientId: number, invoices: readonly CheckoutInvoice[]): string {
  const one = invoices[0];
  if (scope === 'invoice' && one) return rfReference(one.number ?? `I${one.id}`);
  return rfReference(`C${clientId}`);
}

/** True when the firm gave enough to offer bank transfer (beneficiary and a valid IBAN). */
export function bankTransferOffered(firm: Pick<FirmSettings, 'bank_iban' | 'bank_beneficiary'>): boolean {
  return firm.bank_beneficiary.trim() !== '' && isValidIban(firm.bank_iban);
}

/** The bank transfer gateway for the firm's settings, or null when it has not given its details. */
export function bankGateway(firm: FirmSettings): ManualGateway | null {
  if (!bankTransferOffered(firm)) return null;
  return {
    id: 'bank_transfer',
    instructions(request): BankInstructions {
      return {
        beneficiary: firm.bank_beneficiary.trim(),
        iban: formatIban(firm.bank_iban),
        bic: firm.bank_bic.trim() || null,
        bankName: firm.bank_name.trim() || null,
        reference: transferReference(request.scope, request.clientId, request.invoices),
        amount: request.amount,
        currency: request.currency,
        invoiceNumbers: request.invoices.map((i) => i.number ?? `#${i.id}`),
      };
    },
  };
}
