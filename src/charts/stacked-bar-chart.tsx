// A stacked bar chart drawn on the server as inline SVG: no script, no inline style (our CSP),
// every label escaped by JSX. Accessible: the SVG is one image (role="img") named by its
// <title> and described by its <desc>; the same figures follow in a data table.

import { barSlots, coord, labelEvery, niceAxis } from './scale.js';

/** One stacked series (e.g. "Billed"); `tone` picks its colour from the chart palette. */
export interface ChartSeries { label: string; tone: 'primary' | 'secondary' | 'tertiary' }

/** One bar: a short axis label, a full label for the table, one value per series. */
export interface ChartCategory { label: string; fullLabel: string; values: number[] }

/** Everything the chart shows; all text comes translated and values come with their formatter. */
export interface StackedBarChartProps {
  /** Prefix of element ids (unique on the page). */
  id: string;
  title: string;
  /** A sentence or two that says what the chart shows (read instead of the picture). */
  description: string;
  series: ChartSeries[];
  categories: ChartCategory[];
  format: (value: number) => string;
  /** Heading of the category column and of the totals column of the data table. */
  categoryHeading: string;
  totalHeading: string;
  /** Summary of the data-table disclosure ("Show the figures"). */
  tableSummary: string;
}

// Colours also live in static/app.css (.chart-tone-*); the attributes keep the chart legible without it.
const FILL: Record<ChartSeries['tone'], string> = { primary: '#1f5f8b', secondary: '#8fb8d8', tertiary: '#c98a2b' };

const WIDTH = 720;
const HEIGHT = 260;
const LEFT = 56;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 36;

/** The chart, its legend and its data table, inside one <figure>. */
export function StackedBarChart(props: StackedBarChartProps) {
  const { id, series, categories, format } = props;
  const totals = categories.map((c) => c.values.reduce((a, b) => a + b, 0));
  const axis = niceAxis(Math.max(0, ...totals));
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const y = (v: number) => TOP + plotH - (v / axis.top) * plotH;
  const slots = barSlots(categories.length, plotW);
  const every = labelEvery(categories.length, 12);
  return (
    <figure class="chart" id={id}>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
        xmlns="http://www.w3.org/2000/svg"
        class="chart-svg"
      >
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{props.description}</desc>
        <g class="chart-grid">
          {axis.ticks.map((tick) => (
            <g>
              <line x1={coord(LEFT)} x2={coord(WIDTH - RIGHT)} y1={coord(y(tick))} y2={coord(y(tick))} stroke="#d8dee5" stroke-width="1" />
              <text x={coord(LEFT - 6)} y={coord(y(tick) + 4)} text-anchor="end" font-size="11" fill="#5b6673">{format(tick)}</text>
            </g>
          ))}
        </g>
        <g class="chart-bars">
          {categories.map((cat, i) => {
            const slot = slots[i]!;
            let base = 0;
            return (
              <g>
                {cat.values.map((v, s) => {
                  const tone = series[s]?.tone ?? 'primary';
                  const top = y(base + v);
                  const bottom = y(base);
                  base += v;
                  return v > 0 ? (
                    <rect class={`chart-tone-${tone}`} x={coord(LEFT + slot.x)} y={coord(top)} width={coord(slot.width)} height={coord(bottom - top)} fill={FILL[tone]}>
                      <title>{`${cat.fullLabel} · ${series[s]?.label ?? ''}: ${format(v)}`}</title>
                    </rect>
                  ) : null;
                })}
                {i % every === 0 ? (
                  <text x={coord(LEFT + slot.x + slot.width / 2)} y={coord(HEIGHT - BOTTOM + 16)} text-anchor="middle" font-size="11" fill="#1d2733">{cat.label}</text>
                ) : null}
              </g>
            );
          })}
        </g>
        <line x1={coord(LEFT)} x2={coord(WIDTH - RIGHT)} y1={coord(y(0))} y2={coord(y(0))} stroke="#5b6673" stroke-width="1" />
      </svg>
      <figcaption>
        <ul class="chart-legend">
          {series.map((s) => (
            <li><span class={`chart-swatch chart-tone-${s.tone}`} aria-hidden="true"></span> {s.label}</li>
          ))}
        </ul>
      </figcaption>
      <details class="chart-data">
        <summary>{props.tableSummary}</summary>
        <table>
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.categoryHeading}</th>
              {series.map((s) => <th scope="col" class="num">{s.label}</th>)}
              <th scope="col" class="num">{props.totalHeading}</th>
            </tr>
          </thead>
          <tbody>
            {categories.map((cat, i) => (
              <tr>
                <th scope="row">{cat.fullLabel}</th>
                {cat.values.map((v) => <td class="num">{format(v)}</td>)}
                <td class="num">{format(totals[i] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
