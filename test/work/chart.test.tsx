import { describe, expect, it } from 'vitest';
import { StackedBarChart } from '../../src/charts/stacked-bar-chart.js';
import { barSlots, niceAxis, niceStep } from '../../src/charts/scale.js';

describe('chart axes', () => {
  it('picks nice steps and a top at or above the largest value', () => {
    expect(niceStep(0.3)).toBe(0.5);
    expect(niceStep(7)).toBe(10);
    expect(niceAxis(9.2)).toEqual({ top: 10, ticks: [0, 2.5, 5, 7.5, 10] });
    expect(niceAxis(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(barSlots(2, 100).map((s) => Math.round(s.x))).toEqual([8, 58]);
  });
});

describe('the stacked bar chart', () => {
  const render = async (label: string) =>
    String(
      await (
        <StackedBarChart
          id="c1"
          title={`Hours ${label}`}
          description="Ten hours in March, four billed."
          series={[{ label: 'Billed', tone: 'primary' }, { label: 'Not billed', tone: 'secondary' }]}
          categories={[{ label, fullLabel: `Month ${label}`, values: [4, 6] }, { label: 'Apr', fullLabel: 'April', values: [0, 0] }]}
          format={(n) => `${n} h`}
          categoryHeading="Month"
          totalHeading="Total"
          tableSummary="Show the figures"
        />
      ),
    );

  it('is one image named by its title and described by its desc, with the figures in a table', async () => {
    const html = await render('Mar');
    expect(html).toContain('<svg role="img" aria-labelledby="c1-title c1-desc"');
    expect(html).toContain('<title id="c1-title">Hours Mar</title>');
    expect(html).toContain('<desc id="c1-desc">Ten hours in March, four billed.</desc>');
    expect(html).toMatch(/<caption>Hours Mar<\/caption>/);
    expect(html).toMatch(/<th scope="row">Month Mar<\/th><td class="num">4 h<\/td><td class="num">6 h<\/td><td class="num">10 h<\/td>/);
    // Two rectangles for March, none for an empty April.
    expect(html.match(/<rect /g)).toHaveLength(2);
  });

  it('needs no script or inline style, and escapes every label', async () => {
    const html = await render('<script>alert(1)</script>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/\sstyle=|\son\w+=/);
  });
});
