// Small pure helpers the PDFs and downloads share: numbers that are not money, safe filenames.

const integerFormats = new Map<string, { format: Intl.NumberFormat; decimal: string }>();

function integerFormat(locale: string) {
  let f = integerFormats.get(locale);
  if (!f) {
    const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
    f = { format: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }), decimal };
    integerFormats.set(locale, f);
  }
  return f;
}

/**
 * A stored decimal string ("1234.5", a quantity or a tax rate) written the locale's way
 * ("1.234,5" in Greek), digit for digit: no float ever rounds it. Anything else is returned as is.
 */
export function formatDecimalText(value: string, locale: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  const { format, decimal } = integerFormat(locale);
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]}${format.format(BigInt(m[2]!))}${fraction ? decimal + fraction : ''}`;
}

/** A tax rate as printed: "24%", "6,5%". */
export function formatPercent(rate: string, locale: string): string {
  return `${formatDecimalText(rate, locale)}%`;
}

/**
 * A download's file name reduced to ASCII letters, digits, dot, dash and underscore, so the
 * Content-Disposition header needs no encoding and cannot be broken by quotes or CRLF.
 */
export function safeFilename(name: string, fallback = 'download'): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 120);
  return cleaned === '' ? fallback : cleaned;
}

/** `attachment; filename="…"` for a file name (made ASCII-safe first). */
export function attachmentDisposition(filename: string): string {
  return `attachment; filename="${safeFilename(filename)}"`;
}
