import { PERIOD_CHOICES, type PeriodChoice } from '../../src/payments/period.js';
import type { Ui } from '../../src/web/ui.js';
import { Field, Select, type FieldErrors } from '../components/form.js';

/** What the period control shows: the chosen period and the dates as typed. */
export interface PeriodValues { period: PeriodChoice; from: string; to: string }

/** The period inputs of a GET filter form: a named period, or custom from/to dates. */
export function PeriodFields(props: { ui: Ui; values: PeriodValues; errors: FieldErrors }) {
  const { t } = props.ui;
  return (
    <>
      <Select
        ui={props.ui}
        name="period"
        label={t('statement:period.label')}
        value={props.values.period}
        errors={props.errors}
        options={PERIOD_CHOICES.map((p) => ({ value: p, label: t(`statement:period.${p}`) }))}
      />
      <Field ui={props.ui} name="from" type="date" label={t('statement:period.from')} value={props.values.from} errors={props.errors} />
      <Field ui={props.ui} name="to" type="date" label={t('statement:period.to')} value={props.values.to} errors={props.errors} />
    </>
  );
}

/** The period as a heading: "1 Jan 2026 – 31 Dec 2026", "Since …", "Until …" or "All time". */
export function periodLabel(ui: Ui, from: string | null, to: string | null): string {
  if (from && to) return ui.t('statement:period.range', { from: ui.date(from), to: ui.date(to) });
  if (from) return ui.t('statement:period.since', { from: ui.date(from) });
  if (to) return ui.t('statement:period.until', { to: ui.date(to) });
  return ui.t('statement:period.everything');
}
