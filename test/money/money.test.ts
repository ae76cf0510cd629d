import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compareDecimal,
  currencyDecimals,
  documentTotals,
  formatDecimal,
  isCurrencyCode,
  isMinor,
  lineTotals,
  MAX_MINOR,
  parseDecimal,
  parseMoneyInput,
  roundDiv,
  toMajorString,
  type Decimal,
} from '../../src/money/money.js';

const dec = (s: string): Decimal => {
  const d = parseDecimal(s);
  if (d === null) throw new Error(`bad test decimal ${s}`);
  return d;
};

describe('currencies', () => {
  it('knows how many minor digits each currency has', () => {
    expect(currencyDecimals('EUR')).toBe(2);
    expect(currencyDecimals('USD')).toBe(2);
    expect(currencyDecimals('JPY')).toBe(0);
    expect(currencyDecimals('BHD')).toBe(3);
    // Asked twice to go through the cache.
    expect(currencyDecimals('BHD')).toBe(3);
  });

  it('throws on a malformed currency code', () => {
    expect(() => currencyDecimals('EURO')).toThrow(RangeError);
  });

  it('accepts only real upper-case ISO codes', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('JPY')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('EU')).toBe(false);
    expect(isCurrencyCode('EURO')).toBe(false);
    expect(isCurrencyCode('XYZ')).toBe(false);
    expect(isCurrencyCode('')).toBe(false);
  });
});

describe('isMinor', () => {
  it('accepts safe integers within ±10^13', () => {
    expect(isMinor(0)).toBe(true);
    expect(isMinor(-12345)).toBe(true);
    expect(isMinor(MAX_MINOR)).toBe(true);
    expect(isMinor(-MAX_MINOR)).toBe(true);
  });

  it('rejects fractions, out-of-range numbers and non-numbers', () => {
    expect(isMinor(1.5)).toBe(false);
    expect(isMinor(MAX_MINOR + 1)).toBe(false);
    expect(isMinor(Number.NaN)).toBe(false);
    expect(isMinor(Number.POSITIVE_INFINITY)).toBe(false);
    expect(isMinor('12')).toBe(false);
    expect(isMinor(12n)).toBe(false);
    expect(isMinor(null)).toBe(false);
  });
});

describe('parseDecimal and formatDecimal', () => {
  it.each([
    ['1', '1'],
    ['1.5', '1.5'],
    ['-2.25', '-2.25'],
    ['0.125', '0.125'],
    ['1.50', '1.5'],
    ['2.000', '2'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['007.10', '7.1'],
    [' 3 ', '3'],
    ['999999999999.999999', '999999999999.999999'],
  ])('reads %j as the exact value %s', (input, canonical) => {
    expect(formatDecimal(dec(input))).toBe(canonical);
  });

  it('reads plain numbers exactly', () => {
    expect(parseDecimal(1.5)).toEqual({ units: 15n, scale: 1 });
    expect(parseDecimal(24)).toEqual({ units: 24n, scale: 0 });
    expect(parseDecimal(-0.1)).toEqual({ units: -1n, scale: 1 });
  });

  it.each([
    [''],
    ['  '],
    ['1,5'],
    ['abc'],
    ['1e3'],
    ['1.'],
    ['.5'],
    ['+1'],
    ['--1'],
    ['1.2.3'],
    ['0.1234567'],
    ['1234567890123'],
    ['Infinity'],
  ])('rejects %j', (input) => {
    expect(parseDecimal(input)).toBeNull();
  });

  it('rejects NaN, infinities and numbers that print in exponent form', () => {
    expect(parseDecimal(Number.NaN)).toBeNull();
    expect(parseDecimal(Number.POSITIVE_INFINITY)).toBeNull();
    expect(parseDecimal(1e21)).toBeNull();
    expect(parseDecimal(1e-7)).toBeNull();
  });

  it('formats un-normalised decimals canonically', () => {
    expect(formatDecimal({ units: 150n, scale: 2 })).toBe('1.5');
    expect(formatDecimal({ units: -5n, scale: 3 })).toBe('-0.005');
    expect(formatDecimal({ units: 0n, scale: 4 })).toBe('0');
  });

  it('compares decimals by value whatever their scale', () => {
    expect(compareDecimal(dec('24'), dec('6.5'))).toBeGreaterThan(0);
    expect(compareDecimal(dec('1.50'), { units: 15n, scale: 1 })).toBe(0);
    expect(compareDecimal(dec('-1'), dec('0.001'))).toBeLessThan(0);
  });

  it('round-trips every canonical decimal through its text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }).chain((scale) => {
          // Up to the 12 integer digits parseDecimal allows, whatever the scale.
          const limit = 10n ** BigInt(12 + scale) - 1n;
          return fc.tuple(fc.bigInt({ min: -limit, max: limit }), fc.constant(scale));
        }),
        ([units, scale]) => {
        const text = formatDecimal({ units, scale });
        const parsed = parseDecimal(text);
        expect(parsed).not.toBeNull();
        expect(compareDecimal(parsed as Decimal, { units, scale })).toBe(0);
        expect(formatDecimal(parsed as Decimal)).toBe(text);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('roundDiv', () => {
  it('rounds halves away from zero', () => {
    expect(roundDiv(5n, 2n)).toBe(3n);
    expect(roundDiv(-5n, 2n)).toBe(-3n);
    expect(roundDiv(5n, -2n)).toBe(-3n);
    expect(roundDiv(-5n, -2n)).toBe(3n);
    expect(roundDiv(15n, 10n)).toBe(2n);
    expect(roundDiv(25n, 10n)).toBe(3n);
    expect(roundDiv(-25n, 10n)).toBe(-3n);
  });

  it('rounds everything else to the nearest integer', () => {
    expect(roundDiv(149n, 100n)).toBe(1n);
    expect(roundDiv(151n, 100n)).toBe(2n);
    expect(roundDiv(-149n, 100n)).toBe(-1n);
    expect(roundDiv(-151n, 100n)).toBe(-2n);
    expect(roundDiv(10n, 5n)).toBe(2n);
    expect(roundDiv(0n, 7n)).toBe(0n);
  });

  it('refuses to divide by zero', () => {
    expect(() => roundDiv(1n, 0n)).toThrow(RangeError);
  });

  it('is never more than half a unit off and is symmetric around zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (n, d) => {
          const q = roundDiv(n, d);
          const error = q * d - n;
          // |q − n/d| ≤ 1/2, i.e. |q·d − n| ≤ d/2.
          expect(2n * (error < 0n ? -error : error) <= d).toBe(true);
          expect(roundDiv(-n, d)).toBe(-q);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('lineTotals', () => {
  it('multiplies decimal quantities exactly and rounds once', () => {
    // 1.5 × 33.33 = 49.995 → 50.00
    expect(lineTotals({ quantity: '1.5', unitPrice: 3333, taxRate: '0' })).toEqual({ net: 5000, tax: 0 });
    // 0.333 × 10.00 = 3.33
    expect(lineTotals({ quantity: '0.333', unitPrice: 1000, taxRate: '0' })).toEqual({ net: 333, tax: 0 });
    // 2.5 hours × 0.01 = 0.025 → 0.03
    expect(lineTotals({ quantity: '2.5', unitPrice: 1, taxRate: '0' })).toEqual({ net: 3, tax: 0 });
  });

  it('computes tax on the rounded line net', () => {
    // 24% of 49.99 = 11.9976 → 12.00
    expect(lineTotals({ quantity: '1', unitPrice: 4999, taxRate: '24' })).toEqual({ net: 4999, tax: 1200 });
    // 13% of 0.50 = 0.065 → 0.07 (half away from zero)
    expect(lineTotals({ quantity: '1', unitPrice: 50, taxRate: '13' })).toEqual({ net: 50, tax: 7 });
    // 5.5% of 10.00 = 0.55
    expect(lineTotals({ quantity: dec('1'), unitPrice: 1000, taxRate: dec('5.5') })).toEqual({ net: 1000, tax: 55 });
  });

  it('rounds negative lines (discounts, credits) away from zero too', () => {
    expect(lineTotals({ quantity: '-1.5', unitPrice: 3333, taxRate: '0' })).toEqual({ net: -5000, tax: 0 });
    expect(lineTotals({ quantity: '1', unitPrice: -50, taxRate: '13' })).toEqual({ net: -50, tax: -7 });
  });

  it('works in currencies without minor units', () => {
    // 1.5 × ¥333 = 499.5 → ¥500; 10% → ¥50
    expect(lineTotals({ quantity: '1.5', unitPrice: 333, taxRate: '10' })).toEqual({ net: 500, tax: 50 });
  });

  it('works in currencies with three decimals', () => {
    // 1.5 × 3.333 BHD = 4.9995 → 5.000 BHD (5000 fils); 10% → 0.500
    expect(lineTotals({ quantity: '1.5', unitPrice: 3333, taxRate: '10' })).toEqual({ net: 5000, tax: 500 });
  });

  it('throws on input that callers should have rejected', () => {
    expect(() => lineTotals({ quantity: '1,5', unitPrice: 100, taxRate: '24' })).toThrow(RangeError);
    expect(() => lineTotals({ quantity: '1', unitPrice: 1.5, taxRate: '24' })).toThrow(RangeError);
    expect(() => lineTotals({ quantity: '1', unitPrice: 100, taxRate: 'x' })).toThrow(RangeError);
    expect(() => lineTotals({ quantity: '1', unitPrice: 100, taxRate: '-24' })).toThrow(RangeError);
    expect(() => lineTotals({ quantity: '999999999999', unitPrice: MAX_MINOR, taxRate: '0' })).toThrow(RangeError);
  });
});

describe('documentTotals', () => {
  it('sums per-line figures and groups tax by rate, highest rate first', () => {
    const totals = documentTotals([
      { quantity: '2', unitPrice: 1000, taxRate: '13' },
      { quantity: '1', unitPrice: 4999, taxRate: '24' },
      { quantity: '3', unitPrice: 333, taxRate: '24.0' },
      { quantity: '1', unitPrice: 500, taxRate: '0' },
      { quantity: '1', unitPrice: 1000, taxRate: '6.5' },
    ]);
    expect(totals.lines).toEqual([
      { net: 2000, tax: 260 },
      { net: 4999, tax: 1200 },
      { net: 999, tax: 240 },
      { net: 500, tax: 0 },
      { net: 1000, tax: 65 },
    ]);
    expect(totals.subtotal).toBe(9498);
    expect(totals.tax).toBe(1765);
    expect(totals.total).toBe(11263);
    expect(totals.taxBreakdown).toEqual([
      { rate: '24', net: 5998, tax: 1440 },
      { rate: '13', net: 2000, tax: 260 },
      { rate: '6.5', net: 1000, tax: 65 },
      { rate: '0', net: 500, tax: 0 },
    ]);
  });

  it('sorts rates by value, not as text', () => {
    const totals = documentTotals([
      { quantity: '1', unitPrice: 100, taxRate: '9' },
      { quantity: '1', unitPrice: 100, taxRate: '10' },
      { quantity: '1', unitPrice: 100, taxRate: '100' },
    ]);
    expect(totals.taxBreakdown.map((b) => b.rate)).toEqual(['100', '10', '9']);
  });

  it('rounds tax per line, so the total may differ from taxing the subtotal', () => {
    // Three lines of 0.50 at 13%: 3 × 0.07 = 0.21, whereas 13% of 1.50 would be 0.20.
    const line = { quantity: '1', unitPrice: 50, taxRate: '13' };
    const totals = documentTotals([line, line, line]);
    expect(totals.tax).toBe(21);
    expect(totals.taxBreakdown).toEqual([{ rate: '13', net: 150, tax: 21 }]);
  });

  it('gives zeros and no breakdown for an empty document', () => {
    expect(documentTotals([])).toEqual({ lines: [], subtotal: 0, tax: 0, total: 0, taxBreakdown: [] });
  });

  it('always totals to subtotal + tax, the sums of its lines and of its breakdown', () => {
    const lineArb = fc.record({
      // Quantities up to ±10,000 with up to 6 decimals keep 20 lines well inside the Minor range.
      quantity: fc
        .integer({ min: 0, max: 6 })
        .chain((scale) => fc.tuple(fc.integer({ min: -(10 ** (4 + scale)), max: 10 ** (4 + scale) }), fc.constant(scale)))
        .map(([units, scale]) => formatDecimal({ units: BigInt(units), scale })),
      unitPrice: fc.integer({ min: -1_000_000, max: 10_000_000 }),
      taxRate: fc.constantFrom('0', '6', '13', '24', '5.5', '17.25', '24.0'),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 20 }), (lines) => {
        const totals = documentTotals(lines);
        const sumNet = totals.lines.reduce((s, l) => s + l.net, 0);
        const sumTax = totals.lines.reduce((s, l) => s + l.tax, 0);
        expect(totals.total).toBe(totals.subtotal + totals.tax);
        expect(totals.subtotal).toBe(sumNet);
        expect(totals.tax).toBe(sumTax);
        expect(totals.taxBreakdown.reduce((s, b) => s + b.net, 0)).toBe(sumNet);
        expect(totals.taxBreakdown.reduce((s, b) => s + b.tax, 0)).toBe(sumTax);
        expect(new Set(totals.taxBreakdown.map((b) => b.rate)).size).toBe(totals.taxBreakdown.length);
        totals.lines.forEach((result, i) => expect(result).toEqual(lineTotals(lines[i]!)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('toMajorString', () => {
  it('writes minor units as exact major-unit text', () => {
    expect(toMajorString(12345, 'EUR')).toBe('123.45');
    expect(toMajorString(5, 'EUR')).toBe('0.05');
    expect(toMajorString(-5, 'EUR')).toBe('-0.05');
    expect(toMajorString(12345, 'JPY')).toBe('12345');
    expect(toMajorString(1234, 'BHD')).toBe('1.234');
    expect(toMajorString(0, 'BHD')).toBe('0.000');
  });
});

describe('parseMoneyInput', () => {
  it.each([
    ['1234.56', 'EUR', 123456],
    ['1234,56', 'EUR', 123456],
    ['1.234,56', 'EUR', 123456],
    ['1,234.56', 'EUR', 123456],
    ['1,234,567.89', 'EUR', 123456789],
    ['1.234.567,89', 'EUR', 123456789],
    ['1.234.567', 'EUR', 123456700],
    ['1,234', 'EUR', 123400],
    ['1.234', 'EUR', 123400],
    ['12,5', 'EUR', 1250],
    ['12.5', 'EUR', 1250],
    [',50', 'EUR', 50],
    ['0', 'EUR', 0],
    ['-0', 'EUR', 0],
    ['€ 12', 'EUR', 1200],
    ['€12', 'EUR', 1200],
    ['12 €', 'EUR', 1200],
    ['12€', 'EUR', 1200],
    ['EUR 12', 'EUR', 1200],
    ['12 eur', 'EUR', 1200],
    ['-€5', 'EUR', -500],
    ['€-5', 'EUR', -500],
    ['-5 €', 'EUR', -500],
    ['\u22125', 'EUR', -500],
    ['-5', 'EUR', -500],
    [' 7.5 ', 'EUR', 750],
    ['1.234,56\u00a0€', 'EUR', 123456],
    ['$1,234.56', 'USD', 123456],
    ['US$ 10', 'USD', 1000],
    ['100000000000', 'EUR', 10_000_000_000_000],
    ['-100000000000', 'EUR', -10_000_000_000_000],
    ['1234', 'JPY', 1234],
    ['1,234', 'JPY', 1234],
    ['1.234', 'JPY', 1234],
    ['¥1,234', 'JPY', 1234],
    ['1,234', 'BHD', 1234],
    ['1.234', 'BHD', 1234],
    ['1,234.5', 'BHD', 1234500],
    ['1.234,567', 'BHD', 1234567],
    ['12.5', 'BHD', 12500],
  ])('reads %j in %s as %d', (input, currency, expected) => {
    expect(parseMoneyInput(input, currency)).toBe(expected);
  });

  it.each([
    ['', 'EUR'],
    ['   ', 'EUR'],
    ['-', 'EUR'],
    ['€', 'EUR'],
    ['abc', 'EUR'],
    ['12abc', 'EUR'],
    ['1e3', 'EUR'],
    ['12.', 'EUR'],
    ['.', 'EUR'],
    ['1.2345', 'EUR'],
    ['1,2345', 'EUR'],
    ['1.234,567', 'EUR'],
    ['12,34.56', 'EUR'],
    ['1,23,456.00', 'EUR'],
    ['1.2.3', 'EUR'],
    [',234', 'EUR'],
    ['1,234,56', 'EUR'],
    ['1.234.56', 'EUR'],
    ['1 234', 'EUR'],
    ['+5', 'EUR'],
    ['--5', 'EUR'],
    ['5-', 'EUR'],
    ['(5)', 'EUR'],
    ['€ 12 €', 'EUR'],
    ['$12', 'EUR'],
    ['12 USD', 'EUR'],
    ['100000000000.01', 'EUR'],
    ['99999999999999999999', 'EUR'],
    ['12.5', 'JPY'],
    ['12,5', 'JPY'],
    ['1.2345', 'BHD'],
    ['1'.repeat(80), 'EUR'],
  ])('rejects %j in %s', (input, currency) => {
    expect(parseMoneyInput(input, currency)).toBeNull();
  });

  it('reads back whatever Intl writes in English, Greek or German style, with or without grouping', () => {
    const currencies = ['EUR', 'USD', 'JPY', 'BHD'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: -MAX_MINOR, max: MAX_MINOR }),
        fc.constantFrom(...currencies),
        fc.constantFrom('en-US', 'el-GR', 'de-DE', 'en-GB'),
        fc.boolean(),
        (amount, currency, locale, useGrouping) => {
          const text = new Intl.NumberFormat(locale, { style: 'currency', currency, useGrouping }).format(
            toMajorString(amount, currency) as Intl.StringNumericLiteral,
          );
          expect(parseMoneyInput(text, currency)).toBe(amount);
        },
      ),
      { numRuns: 200 },
    );
  });
});
