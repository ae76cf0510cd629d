import { StackedBarChart } from '../../../src/charts/stacked-bar-chart.js';
import type { Bucket, Granularity } from '../../../src/work/report.js';
import type { Ui } from '../../../src/web/ui.js';

const shortFormats = new Map<string, Intl.DateTimeFormat>();

// Short axis labels in the page's language: "2 Mar" for a week, "Mar 26" for a month.
function shortLabel(ui: Ui, date: string, by: Granularity): string {
  const key = ui.locale + by;
  let f = shortFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(ui.locale, by === 'week' ? { day: 'numeric', month: 'short', timeZone: 'UTC' } : { month: 'short', year: '2-digit', timeZone: 'UTC' });
    shortFormats.set(key, f);
  }
  return f.format(new Date(date + 'T00:00:00Z'));
}

const hourFormats = new Map<string, Intl.NumberFormat>();

/** Hours in the page's language ("1.5 h", "1,5 ώ."). */
export function hoursValue(ui: Ui, hours: number): string {
  let f = hourFormats.get(ui.locale);
  if (!f) {
    f = new Intl.NumberFormat(ui.locale, { maximumFractionDigits: 2 });
    hourFormats.set(ui.locale, f);
  }
  return ui.t('portal_projects:hours', { value: f.format(hours) });
}

/** Minutes as hours in the page's language. */
export function hoursText(ui: Ui, minutes: number): string {
  return hoursValue(ui, minutes / 60);
}

/** Time over time, billed and not yet billed, as an accessible SVG chart with its data table. */
export function TimeChart(props: { ui: Ui; projectName: string; buckets: Bucket[]; by: Granularity; totals: { minutes: number; billed: number; unbilled: number }; truncated: boolean }) {
  const { ui, buckets, by } = props;
  const { t } = ui;
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  if (!first || !last) return <p class="empty">{t('portal_projects:report.no_time')}</p>;
  const description = t(`portal_projects:chart.description_${by}`, {
    project: props.projectName,
    from: ui.date(first.start),
    to: ui.date(last.end),
    total: hoursText(ui, props.totals.minutes),
    billed: hoursText(ui, props.totals.billed),
    unbilled: hoursText(ui, props.totals.unbilled),
  });
  return (
    <>
      <StackedBarChart
        id="time-chart"
        title={t(`portal_projects:chart.title_${by}`)}
        description={description}
        series={[{ label: t('portal_projects:chart.billed'), tone: 'primary' }, { label: t('portal_projects:chart.unbilled'), tone: 'secondary' }]}
        categories={buckets.map((b) => ({
          label: shortLabel(ui, b.start, by),
          fullLabel: by === 'week' ? t('portal_projects:chart.week_of', { date: ui.date(b.start) }) : shortLabel(ui, b.start, 'month'),
          values: [b.billed / 60, b.unbilled / 60],
        }))}
        format={(hours) => hoursValue(ui, hours)}
        categoryHeading={t(`portal_projects:chart.${by}`)}
        totalHeading={t('portal_projects:chart.total')}
        tableSummary={t('portal_projects:chart.show_table')}
      />
      {props.truncated ? <p class="hint">{t('portal_projects:chart.truncated')}</p> : null}
    </>
  );
}
