// The accent colour: a #rrggbb that white text stays readable on (WCAG 2.2 AA, 4.5:1).

/** The smallest contrast an accent must keep against white text. */
export const MIN_CONTRAST = 4.5;

/** True for a six-digit hex colour such as "#1a5fb4". */
export function isHexColour(value: string): boolean {
  return /^#[0-9a-f]{6}$/i.test(value);
}

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of a #rrggbb colour (WCAG definition). */
export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** Contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Checks an accent colour from a form: the normalized colour, or the translation key of what is wrong. */
export function checkAccent(input: string): { ok: true; value: string } | { ok: false; error: string } {
  const v = input.trim().toLowerCase();
  if (!isHexColour(v)) return { ok: false, error: 'brand:errors.colour_format' };
  if (contrastRatio(v, '#ffffff') < MIN_CONTRAST) return { ok: false, error: 'brand:errors.colour_contrast' };
  return { ok: true, value: v };
}
