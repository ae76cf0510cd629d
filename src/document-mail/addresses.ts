// Pure: reading the address fields of the email form. Several addresses are separated by
// semicolons (commas and line breaks are read the same way); "Name <a@b.gr>" keeps the address.
// Only plain addresses come out, so nothing typed can add a header line (SECURITY.md row 28).

import { isMailAddress, singleLine } from '../mail/headers.js';

/** Most addresses one field (To, CC or BCC) may hold. */
export const MAX_ADDRESSES = 20;

/** The addresses of one field, or what is wrong with it. */
export type AddressList =
  | { ok: true; addresses: string[] }
  | { ok: false; error: 'invalid'; invalid: string[] }
  | { ok: false; error: 'too_many' };

// "Maria Papa <maria@x.gr>" → "maria@x.gr"; anything else is taken as typed.
function addressPart(entry: string): string {
  const m = /^[^<>]*<([^<>]*)>$/.exec(entry);
  return (m ? m[1]! : entry).trim();
}

/** How an invalid entry is named back to the person who typed it: one line, not too long. */
function shown(entry: string): string {
  const line = singleLine(entry);
  return line.length > 80 ? line.slice(0, 79) + '…' : line;
}

/**
 * Splits a field into lower-cased addresses without duplicates. Every entry that is not a plain
 * address is returned by name (as typed), so the form can say which ones are wrong.
 */
export function parseAddressList(input: string | null | undefined): AddressList {
  const entries = (input ?? '').split(/[;,\r\n\u0085\u2028\u2029]+/).map((e) => e.trim()).filter((e) => e !== '');
  const invalid: string[] = [];
  const addresses: string[] = [];
  for (const entry of entries) {
    const address = addressPart(entry).toLowerCase();
    if (!isMailAddress(address)) invalid.push(shown(entry));
    else if (!addresses.includes(address)) addresses.push(address);
  }
  if (invalid.length > 0) return { ok: false, error: 'invalid', invalid };
  if (addresses.length > MAX_ADDRESSES) return { ok: false, error: 'too_many' };
  return { ok: true, addresses };
}

/** The addresses of `list` that are not in any of `others` (a CC that is also a To gets one copy). */
export function withoutAddresses(list: readonly string[], ...others: ReadonlyArray<readonly string[]>): string[] {
  const taken = new Set(others.flat());
  return list.filter((a) => !taken.has(a));
}
