import type { Client, StaffUser } from '../../src/db/schema.js';
import type { Errors, Raw } from '../../src/clients/validation.js';
import { formatDuration } from '../../src/work/duration.js';
import { workListHref, type WorkListQuery } from '../../src/work/list-query.js';
import type { TimeRow } from '../../src/work/queries.js';
import { WORK_LIMITS, type TimeField } from '../../src/work/validation.js';
import type { Ui } from '../../src/web/ui.js';
import type { ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, Select, TextArea } from '../components/form.js';
import { DateText } from '../components/money.js';
import { Pager } from '../components/pager.js';
import { BilledCell, RowActions } from './cells.js';
import { Checkbox, excerpt, isOn, sectionPath, WORK_RESULTS_ID, WorkFilters, WorkFrame } from './work-frame.js';

/** What the time form offers: the client's projects, the staff, the projects' task lists. */
export interface TimeFormOptions {
  projects: Array<{ id: number; name: string }>;
  staff: Array<{ id: number; name: string }>;
  tasks: Array<{ project_id: number; project_name: string; name: string }>;
}

/** The inputs of a time entry. */
export function TimeFields(props: { ui: Ui; values: Raw<TimeField>; errors?: Errors<TimeField>; options: TimeFormOptions }) {
  const { ui, values, options } = props;
  const { t } = ui;
  const errors = props.errors as Record<string, string> | undefined;
  return (
    <div class="form-grid">
      <Select ui={ui} name="project_id" label={t('work:fields.project')} value={values.project_id} errors={errors} required empty={t('work:choose')}
        options={options.projects.map((p) => ({ value: p.id, label: p.name }))} />
      <Field ui={ui} name="date" type="date" label={t('work:fields.date')} value={values.date} errors={errors} required />
      <Field ui={ui} name="duration" label={t('work:fields.duration')} value={values.duration} errors={errors} required hint={t('work:duration_hint')} maxlength={20} autocomplete="off" />
      <div class={errors?.task ? 'field has-error' : 'field'}>
        <label for="f-task">{t('work:fields.task')}</label>
        <input id="f-task" name="task" list="work-tasks" value={values.task ?? ''} maxlength={WORK_LIMITS.task} autocomplete="off" aria-invalid={errors?.task ? 'true' : undefined} aria-describedby={errors?.task ? 'f-task-error' : undefined} />
        <datalist id="work-tasks">
          {options.tasks.map((x) => <option value={x.name}>{x.project_name}</option>)}
        </datalist>
        {errors?.task ? <p class="error" id="f-task-error">{t(errors.task)}</p> : null}
      </div>
      <Select ui={ui} name="staff_user_id" label={t('work:fields.staff')} value={values.staff_user_id} errors={errors} options={options.staff.map((s) => ({ value: s.id, label: s.name }))} />
      <Checkbox ui={ui} name="billable" label={t('work:fields.billable')} checked={isOn(values.billable, true)} errors={errors} />
      <TextArea ui={ui} name="notes" label={t('work:fields.work_notes')} value={values.notes} errors={errors} maxlength={WORK_LIMITS.notes} />
    </div>
  );
}

/** The filtered time list with its totals (the region the filters swap). */
export function TimeResults(props: { ui: Ui; client: Client; query: WorkListQuery; errors: Record<string, string>; projects: Array<{ id: number; name: string }>; rows: TimeRow[]; hasNext: boolean; totals: { minutes: number; billable: number; unbilled: number } }) {
  const { ui, client, query } = props;
  const { t } = ui;
  const path = sectionPath(client.id, 'time');
  return (
    <div id={WORK_RESULTS_ID}>
      <WorkFilters ui={ui} action={path} query={query} errors={props.errors} projects={props.projects} billing />
      <section class="tiles" aria-label={t('work:time.totals')}>
        <div class="tile"><h3>{t('work:time.total')}</h3><p class="figure">{formatDuration(props.totals.minutes)}</p></div>
        <div class="tile"><h3>{t('work:time.billable')}</h3><p class="figure">{formatDuration(props.totals.billable)}</p></div>
        <div class="tile"><h3>{t('work:time.unbilled')}</h3><p class="figure">{formatDuration(props.totals.unbilled)}</p></div>
      </section>
      {props.rows.length === 0 ? (
        <p class="empty">{t('work:time.none')}</p>
      ) : (
        <table class="responsive time-entries">
          <thead>
            <tr>
              <th scope="col">{t('work:fields.date')}</th>
              <th scope="col">{t('work:fields.project')}</th>
              <th scope="col">{t('work:fields.task')}</th>
              <th scope="col">{t('work:fields.staff')}</th>
              <th scope="col" class="num">{t('work:fields.duration')}</th>
              <th scope="col">{t('work:fields.billable')}</th>
              <th scope="col">{t('work:fields.billed')}</th>
              <th scope="col">{t('work:fields.work_notes')}</th>
              <th scope="col"><span class="visually-hidden">{t('common:actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td data-label={t('work:fields.date')}><DateText ui={ui} date={r.date} /></td>
                <td data-label={t('work:fields.project')}>{r.project_name}</td>
                <td data-label={t('work:fields.task')}>{r.task ?? ''}</td>
                <td data-label={t('work:fields.staff')}>{r.staff_name}</td>
                <td class="num" data-label={t('work:fields.duration')}>{formatDuration(r.minutes)}</td>
                <td data-label={t('work:fields.billable')}>{r.billable ? t('common:yes') : t('common:no')}</td>
                <td data-label={t('work:fields.billed')}><BilledCell ui={ui} billable={r.billable === 1} invoiceId={r.billed_invoice_id} number={r.invoice_number} /></td>
                <td data-label={t('work:fields.work_notes')}>{excerpt(r.notes)}</td>
                <td class="row-actions">
                  <RowActions ui={ui} base={`/time-entries/${r.id}`} editable={!r.archived_at && r.billed_invoice_id === null} confirm={t('work:time.archive_confirm')} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ui={ui} page={query.page} hasNext={props.hasNext} href={(p) => workListHref(path, query, p)} />
    </div>
  );
}

/** /clients/:id/work: the client's time entries, filters, totals, and a form to log time. */
export function TimeSection(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  query: WorkListQuery;
  filterErrors: Record<string, string>;
  rows: TimeRow[];
  hasNext: boolean;
  totals: { minutes: number; billable: number; unbilled: number };
  options: TimeFormOptions;
  values: Raw<TimeField>;
  errors?: Errors<TimeField>;
  flash?: FlashMessage | null;
}) {
  const { ui, client } = props;
  const { t } = ui;
  return (
    <WorkFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="time" flash={props.flash}>
      <h2 class="visually-hidden">{t('work:sections.time')}</h2>
      <TimeResults ui={ui} client={client} query={props.query} errors={props.filterErrors} projects={props.options.projects} rows={props.rows} hasNext={props.hasNext} totals={props.totals} />
      <section aria-labelledby="add-time">
        <h3 id="add-time">{t('work:time.add')}</h3>
        {props.options.projects.length === 0 && !props.errors ? (
          <p class="empty">{t('work:time.no_projects')} <a href={`/clients/${client.id}/projects`}>{t('work:time.add_project')}</a></p>
        ) : (
          <form method="post" action={`/clients/${client.id}/work/time`} novalidate>
            <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
            <TimeFields ui={ui} values={props.values} errors={props.errors} options={props.options} />
            <p class="actions"><button type="submit" class="primary">{t('work:time.add_button')}</button></p>
          </form>
        )}
      </section>
    </WorkFrame>
  );
}

/** /time-entries/:id/edit, inside the client's Work tab. */
export function EditTimePage(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; id: number; values: Raw<TimeField>; errors?: Errors<TimeField>; options: TimeFormOptions; message?: string | null }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <WorkFrame ui={ui} staff={props.staff} client={props.client} nav={props.nav} section="time">
      <h2>{t('work:time.edit_title')}</h2>
      <form method="post" action={`/time-entries/${props.id}`} novalidate>
        <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} message={props.message} />
        <TimeFields ui={ui} values={props.values} errors={props.errors} options={props.options} />
        <p class="actions">
          <button type="submit" class="primary">{t('common:save')}</button>
          <a class="button" href={sectionPath(props.client.id, 'time')}>{t('common:cancel')}</a>
        </p>
      </form>
    </WorkFrame>
  );
}
