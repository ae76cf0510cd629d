import type { Child } from 'hono/jsx';
import type { Client, StaffUser } from '../../src/db/schema.js';
import type { WorkListQuery, WorkSection } from '../../src/work/list-query.js';
import type { Ui } from '../../src/web/ui.js';
import { ClientFrame, type ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Select, type FieldErrors } from '../components/form.js';
import { PeriodFields } from '../statement/period-fields.js';

/** Id of the region a filter form swaps with htmx. */
export const WORK_RESULTS_ID = 'work-results';

/** Where each section of the Work tab lives, under /clients/:id. */
export const SECTION_PATHS: Record<WorkSection, string> = {
  time: '/work',
  expenses: '/work/expenses',
  notes: '/work/notes',
  schedule: '/work/schedule',
  setup: '/work/setup',
};

/** The URL of a section of a client's Work tab. */
export function sectionPath(clientId: number, section: WorkSection): string {
  return `/clients/${clientId}${SECTION_PATHS[section]}`;
}

/** A client's Work tab: the client frame, the section links, then the section. */
export function WorkFrame(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; section: WorkSection; flash?: FlashMessage | null; children: Child }) {
  const { t } = props.ui;
  const sections: WorkSection[] = ['time', 'expenses', 'notes', 'schedule', 'setup'];
  return (
    <ClientFrame ui={props.ui} staff={props.staff} client={props.client} nav={props.nav} tab="work" flash={props.flash}>
      <nav class="subtabs" aria-label={t('work:sections.label')}>
        <ul>
          {sections.map((s) => (
            <li><a href={sectionPath(props.client.id, s)} aria-current={s === props.section ? 'page' : undefined}>{t(`work:sections.${s}`)}</a></li>
          ))}
        </ul>
      </nav>
      {props.children}
    </ClientFrame>
  );
}

/** A yes/no checkbox that always submits a value (hidden "0", then the box's "1"). */
export function Checkbox(props: { ui: Ui; name: string; label: string; checked: boolean; errors?: FieldErrors; hint?: string }) {
  // Not f-<name>: a filter select of the same name may be on the page.
  const id = `cb-${props.name}`;
  const error = props.errors?.[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <input type="hidden" name={props.name} value="0" />
      <label for={id}>
        <input id={id} type="checkbox" name={props.name} value="1" checked={props.checked} aria-describedby={error ? `${id}-error` : undefined} /> {props.label}
      </label>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      {error ? <p class="error" id={`${id}-error`}>{props.ui.t(error)}</p> : null}
    </div>
  );
}

/** True when a raw checkbox value means "on". */
export function isOn(v: string | null | undefined, fallback = false): boolean {
  if (v === undefined || v === null) return fallback;
  return v === '1' || v === 'true' || v === 'on';
}

/** The filters of a Work list: period, project, and the section's own (billable, billed, shared), plus archived. */
export function WorkFilters(props: {
  ui: Ui;
  action: string;
  query: WorkListQuery;
  errors: FieldErrors;
  projects: Array<{ id: number; name: string }>;
  billing?: boolean;
  shared?: boolean;
}) {
  const { ui, query } = props;
  const { t } = ui;
  return (
    <form method="get" action={props.action} class="toolbar" role="search" aria-label={t('work:filters.label')}
      hx-get={props.action} hx-target={`#${WORK_RESULTS_ID}`} hx-select={`#${WORK_RESULTS_ID}`} hx-swap="outerHTML" hx-push-url="true">
      <ErrorSummary ui={ui} errors={props.errors} />
      <PeriodFields ui={ui} values={{ period: query.period, from: query.from, to: query.to }} errors={props.errors} />
      <Select ui={ui} name="project" label={t('work:fields.project')} value={query.project} empty={t('work:filters.any_project')} options={props.projects.map((p) => ({ value: p.id, label: p.name }))} />
      {props.billing ? (
        <>
          <Select ui={ui} name="billable" label={t('work:fields.billable')} value={query.billable} empty={t('work:filters.any')}
            options={[{ value: '1', label: t('work:filters.billable') }, { value: '0', label: t('work:filters.not_billable') }]} />
          <Select ui={ui} name="billed" label={t('work:filters.billed_label')} value={query.billed} empty={t('work:filters.any')}
            options={[{ value: 'unbilled', label: t('work:filters.unbilled') }, { value: 'billed', label: t('work:filters.billed') }]} />
        </>
      ) : null}
      {props.shared ? (
        <Select ui={ui} name="shared" label={t('work:fields.shared')} value={query.shared} empty={t('work:filters.any')}
          options={[{ value: '1', label: t('work:filters.shared') }, { value: '0', label: t('work:filters.internal') }]} />
      ) : null}
      <div class="field">
        <label for="f-archived"><input id="f-archived" type="checkbox" name="archived" value="1" checked={query.archived} /> {t('work:filters.archived')}</label>
      </div>
      <button type="submit" class="secondary">{t('work:filters.apply')}</button>
    </form>
  );
}

/** A short preview of long text for a table cell (the edit page shows it whole). */
export function excerpt(text: string | null, max = 120): string {
  if (!text) return '';
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}
