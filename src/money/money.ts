// Money as integer minor units, exact decimals for quantities and tax rates,
// and the one rounding rule. Pure: no I/O, no floats holding money.

/** An amount in integer minor units of its currency (12345 = 123.45 EUR, 12345 JPY = ¥12,345). */
export type Minor = number;

/** An exact decimal number: value = units / 10^scale (used for quantities and tax rates, never money). */
export interface Decimal {
  units: bigint;
  scale: number;
}

/** Largest absolute amount we store, in minor units: far above any invoice and well inside Number.MAX_SAFE_INTEGER. */
export const MAX_MINOR = 10_000_000_000_000;

const MAX_DECIMAL_FRACTION_DIGITS = 6;
const MAX_DECIMAL_INTEGER_DIGITS = 12;
// A form field longer than this is not an amount; the cap keeps BigInt parsing cheap.
const MAX_MONEY_INPUT_LENGTH = 64;

const decimalsCache = new Map<string, number>();

/** Number of minor-unit digits of a currency per Intl/ICU (EUR 2, JPY 0, BHD 3); throws RangeError on a malformed code. */
export function currencyDecimals(currency: string): number {
  const cached = decimalsCache.get(currency);
  if (cached !== undefined) return cached;
  const decimals = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  // resolvedOptions types this as optional; for style 'currency' ICU always fills it in.
  if (decimals === undefined) throw new RangeError(`No minor unit known for currency ${currency}`);
  decimalsCache.set(currency, decimals);
  return decimals;
}

let knownCurrencies: Set<string> | null = null;

/** True for a three-upper-case-letter ISO 4217 code that this runtime's Intl knows (so "XYZ" is false). */
export function isCurrencyCode(s: string): boolean {
  if (!/^[A-Z]{3}$/.test(s)) return false;
  // Intl.NumberFormat accepts any well-formed code, so ask for the real list instead.
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies.has(s);
}

/** True when n is an amount we accept: a safe integer within ±MAX_MINOR. */
export function isMinor(n: unknown): n is Minor {
  return typeof n === 'number' && Number.isSafeInteger(n) && Math.abs(n) <= MAX_MINOR;
}

/** Parses "1", "1.5", "-2.25", "0.125" or a plain number into an exact Decimal (≤12 integer, ≤6 fraction digits); null otherwise. */
export function parseDecimal(input: string | number): Decimal | null {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    // String() gives the shortest round-tripping form; exponent forms ("1e-7", "1e+21") fail the pattern below.
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return null;
  }
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const [, sign = '', intDigits = '', fracDigits = ''] = match;
  if (intDigits.replace(/^0+/, '').length > MAX_DECIMAL_INTEGER_DIGITS) return null;
  if (fracDigits.length > MAX_DECIMAL_FRACTION_DIGITS) return null;
  const units = BigInt(intDigits + fracDigits);
  return normalizeDecimal({ units: sign === '-' ? -units : units, scale: fracDigits.length });
}

/** Canonical text of a Decimal: no trailing fractional zeros, no "-0" ("1.50" → "1.5", "2.000" → "2"). */
export function formatDecimal(d: Decimal): string {
  const { units, scale } = normalizeDecimal(d);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const intPart = digits.slice(0, digits.length - scale);
  const fracPart = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${intPart}${fracPart}`;
}

/** Compares two Decimals by value: negative if a < b, 0 if equal, positive if a > b. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const left = a.units * 10n ** BigInt(scale - a.scale);
  const right = b.units * 10n ** BigInt(scale - b.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

// Strips trailing fractional zeros so equal values share one representation.
function normalizeDecimal(d: Decimal): Decimal {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/**
 * THE rounding rule: numerator / denominator rounded to the nearest integer, halves away
 * from zero (2.5 → 3, −2.5 → −3, 0.49 → 0), the commercial rule used on invoices.
 * Throws RangeError when denominator is 0.
 */
export function roundDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('roundDiv: division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  // Round up the magnitude when the remainder is at least half the divisor.
  if ((n % d) * 2n >= d) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** One document line as entered: quantity and tax rate (percent) as exact decimals, unit price in minor units. */
export interface LineInput {
  quantity: Decimal | string;
  unitPrice: Minor;
  taxRate: Decimal | string;
}

/** The rounded figures of one line, in minor units. */
export interface LineTotals {
  net: Minor;
  tax: Minor;
}

/** Tax of one rate across a document. */
export interface TaxBreakdownEntry {
  rate: string;
  net: Minor;
  tax: Minor;
}

/** Totals of a whole document, with per-line figures and the per-rate tax breakdown. */
export interface DocumentTotals {
  lines: LineTotals[];
  subtotal: Minor;
  tax: Minor;
  total: Minor;
  taxBreakdown: TaxBreakdownEntry[];
}

/**
 * Net and tax of one line: net = round(quantity × unitPrice), tax = round(net × rate / 100).
 * Tax is rounded per line and then summed (Greek/EU invoicing practice), so a document's
 * tax always equals the sum of the tax printed on its lines.
 * Throws on invalid input or out-of-range results: callers validate first.
 */
export function lineTotals(line: LineInput): LineTotals {
  const quantity = toDecimal(line.quantity, 'quantity');
  const rate = toDecimal(line.taxRate, 'taxRate');
  if (rate.units < 0n) throw new RangeError('lineTotals: taxRate must not be negative');
  if (!isMinor(line.unitPrice)) throw new RangeError('lineTotals: unitPrice must be a Minor amount');
  const net = roundDiv(quantity.units * BigInt(line.unitPrice), 10n ** BigInt(quantity.scale));
  const tax = roundDiv(net * rate.units, 100n * 10n ** BigInt(rate.scale));
  return { net: toMinor(net, 'net'), tax: toMinor(tax, 'tax') };
}

/** Totals of a document: per-line net and tax, subtotal, tax, total, and tax grouped by rate (highest rate first). */
export function documentTotals(lines: readonly LineInput[]): DocumentTotals {
  const lineResults: LineTotals[] = [];
  const byRate = new Map<string, { rate: Decimal; net: bigint; tax: bigint }>();
  let subtotal = 0n;
  let tax = 0n;
  for (const line of lines) {
    const result = lineTotals(line);
    lineResults.push(result);
    subtotal += BigInt(result.net);
    tax += BigInt(result.tax);
    const rate = normalizeDecimal(toDecimal(line.taxRate, 'taxRate'));
    const key = formatDecimal(rate);
    const group = byRate.get(key) ?? { rate, net: 0n, tax: 0n };
    group.net += BigInt(result.net);
    group.tax += BigInt(result.tax);
    byRate.set(key, group);
  }
  const taxBreakdown = [...byRate.entries()]
    .sort(([, a], [, b]) => compareDecimal(b.rate, a.rate))
    .map(([rate, group]) => ({ rate, net: toMinor(group.net, 'net'), tax: toMinor(group.tax, 'tax') }));
  return {
    lines: lineResults,
    subtotal: toMinor(subtotal, 'subtotal'),
    tax: toMinor(tax, 'tax'),
    total: toMinor(subtotal + tax, 'total'),
    taxBreakdown,
  };
}

function toDecimal(value: Decimal | string, name: string): Decimal {
  if (typeof value === 'string') {
    const parsed = parseDecimal(value);
    if (parsed === null) throw new RangeError(`lineTotals: invalid ${name} "${value}"`);
    return parsed;
  }
  if (typeof value.units !== 'bigint' || !Number.isInteger(value.scale) || value.scale < 0) {
    throw new RangeError(`lineTotals: invalid ${name}`);
  }
  return value;
}

function toMinor(value: bigint, name: string): Minor {
  const n = Number(value);
  if (!isMinor(n)) throw new RangeError(`${name} out of range: ${value}`);
  return n;
}

/** Exact major-unit text of an amount for Intl formatting or export (12345 EUR → "123.45", −5 JPY → "-5"). */
export function toMajorString(amount: Minor, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError('toMajorString: amount must be an integer');
  const decimals = currencyDecimals(currency);
  const negative = amount < 0;
  const digits = Math.abs(amount).toString().padStart(decimals + 1, '0');
  const intPart = digits.slice(0, digits.length - decimals);
  const fracPart = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : '';
  return `${negative ? '-' : ''}${intPart}${fracPart}`;
}

const affixCache = new Map<string, string[]>();

// Locales whose currency symbols we recognise in typed amounts: our two languages, plus British
// English, which spells symbols that others leave ambiguous ("US$", "JP¥").
const AFFIX_LOCALES = ['en', 'en-GB', 'el'];

// The symbols a person may type around an amount: ICU's symbols in those locales plus the code.
function currencyAffixes(currency: string): string[] {
  const cached = affixCache.get(currency);
  if (cached) return cached;
  const affixes = new Set<string>([currency.toUpperCase()]);
  for (const locale of AFFIX_LOCALES) {
    for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
      const parts = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay }).formatToParts(1);
      for (const part of parts) if (part.type === 'currency') affixes.add(part.value.toUpperCase());
    }
  }
  // Longest first so "US$" is stripped whole before "$" could match.
  const list = [...affixes].sort((a, b) => b.length - a.length);
  affixCache.set(currency, list);
  return list;
}

/**
 * Parses what a person types in an amount field (major units: "1.234,56", "1,234.56", "€ 12", "-5")
 * into exact minor units, or null. With both '.' and ',' the last is the decimal separator and the
 * other groups thousands by 3; a lone separator followed by more digits than the currency allows
 * is a thousands separator ("1,234" EUR = 1234.00), otherwise it is the decimal separator.
 */
export function parseMoneyInput(input: string, currency: string): Minor | null {
  const decimals = currencyDecimals(currency);
  if (typeof input !== 'string' || input.length > MAX_MONEY_INPUT_LENGTH) return null;
  const stripped = stripSignAndCurrency(input, currency);
  if (stripped === null) return null;
  const split = splitSeparators(stripped.number, decimals);
  if (split === null) return null;
  const minor = BigInt(split.integer + split.fraction.padEnd(decimals, '0'));
  const value = Number(stripped.negative ? -minor : minor);
  return isMinor(value) ? value : null;
}

// Removes surrounding spaces, one optional minus sign and one optional currency symbol/code, in either order.
function stripSignAndCurrency(input: string, currency: string): { negative: boolean; number: string } | null {
  // Accept the typographic minus that Intl itself emits in some locales.
  let rest = input.replace(/\u2212/g, '-').trim().toUpperCase();
  let negative = false;
  let sawAffix = false;
  const affixes = currencyAffixes(currency);
  const takeSign = (): void => {
    if (!negative && rest.startsWith('-')) {
      negative = true;
      rest = rest.slice(1).trimStart();
    }
  };
  const takeLeadingAffix = (): void => {
    const affix = affixes.find((a) => rest.startsWith(a));
    if (!sawAffix && affix !== undefined) {
      sawAffix = true;
      rest = rest.slice(affix.length).trimStart();
    }
  };
  takeSign();
  takeLeadingAffix();
  takeSign();
  const trailing = affixes.find((a) => rest.endsWith(a));
  if (!sawAffix && trailing !== undefined) rest = rest.slice(0, rest.length - trailing.length).trimEnd();
  if (!/^[0-9.,]*[0-9]$/.test(rest)) return null;
  return { negative, number: rest };
}

// Decides which separator is decimal and which groups thousands; null when the text is ambiguous or malformed.
function splitSeparators(text: string, decimals: number): { integer: string; fraction: string } | null {
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  if (lastDot === -1 && lastComma === -1) return { integer: text, fraction: '' };

  let decimalSep: string | null;
  let groupSep: string | null;
  if (lastDot !== -1 && lastComma !== -1) {
    decimalSep = lastDot > lastComma ? '.' : ',';
    groupSep = decimalSep === '.' ? ',' : '.';
  } else {
    const sep = lastDot !== -1 ? '.' : ',';
    const count = text.split(sep).length - 1;
    const digitsAfter = text.length - text.lastIndexOf(sep) - 1;
    if (count > 1 || digitsAfter > decimals) {
      decimalSep = null;
      groupSep = sep;
    } else {
      decimalSep = sep;
      groupSep = null;
    }
  }

  let integer = text;
  let fraction = '';
  if (decimalSep !== null) {
    const at = text.lastIndexOf(decimalSep);
    integer = text.slice(0, at);
    fraction = text.slice(at + 1);
    // The decimal separator appears once, with only digits after it, and no more than the currency allows.
    if (!/^[0-9]+$/.test(fraction) || fraction.length > decimals) return null;
  }
  if (groupSep !== null && integer.includes(groupSep)) {
    const grouped = new RegExp(`^[0-9]{1,3}(?:\\${groupSep}[0-9]{3})+$`);
    if (!grouped.test(integer)) return null;
    integer = integer.split(groupSep).join('');
  }
  if (!/^[0-9]*$/.test(integer)) return null;
  // ",50" means 0.50, but a lone separator with nothing before it is not a number.
  if (integer === '' && fraction === '') return null;
  return { integer: integer === '' ? '0' : integer, fraction };
}
