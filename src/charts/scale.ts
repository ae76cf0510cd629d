// Axis arithmetic for server-drawn charts: a "nice" top value and its ticks, and the layout
// of bars in a plot. Pure: numbers in, numbers out (floats are fine here: this draws, never bills).

/** A nice step (1, 2, 2.5 or 5 × 10^k) close to `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  const f = raw / base;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * base;
}

/** The axis for values up to `max`: ticks from 0 to a nice top, about `count` intervals. */
export function niceAxis(max: number, count = 4): { top: number; ticks: number[] } {
  if (!(max > 0) || !Number.isFinite(max)) return { top: 1, ticks: [0, 1] };
  const step = niceStep(max / count);
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return { top, ticks };
}

/** Where each of `n` bars goes in a plot `width` wide: x and width, with a gap between bars. */
export function barSlots(n: number, width: number, gapRatio = 0.3): Array<{ x: number; width: number }> {
  if (n <= 0) return [];
  const band = width / n;
  const barWidth = Math.max(1, band * (1 - gapRatio));
  return Array.from({ length: n }, (_, i) => ({ x: i * band + (band - barWidth) / 2, width: barWidth }));
}

/** Show every k-th category label so at most `max` labels fit under the bars. */
export function labelEvery(n: number, max: number): number {
  return n <= max ? 1 : Math.ceil(n / max);
}

/** A coordinate rounded for SVG text (one decimal). */
export function coord(v: number): string {
  return String(Math.round(v * 10) / 10);
}
