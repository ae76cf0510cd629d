import type { Client, StaffUser } from '../../src/db/schema.js';
import type { Errors, Raw } from '../../src/clients/validation.js';
import { workListHref, type WorkListQuery } from '../../src/work/list-query.js';
import type { ScheduleRow } from '../../src/work/queries.js';
import { WORK_LIMITS, type ScheduleField } from '../../src/work/validation.js';
import type { Ui } from '../../src/web/ui.js';
import type { ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, Select, TextArea } from '../components/form.js';
import { Pager } from '../components/pager.js';
import { RowActions } from './cells.js';
import { excerpt, sectionPath, WORK_RESULTS_ID, WorkFilters, WorkFrame } from './work-frame.js';

/** When an appointment is: start and end in the page's language, inside <time> elements. */
export function When(props: { ui: Ui; start: string; end: string }) {
  const { ui } = props;
  return (
    <>
      <time datetime={props.start}>{ui.dateTime(props.start)}</time> – <time datetime={props.end}>{ui.dateTime(props.end)}</time>
    </>
  );
}

/** The inputs of a schedule entry (local date-times). */
export function ScheduleFields(props: { ui: Ui; values: Raw<ScheduleField>; errors?: Errors<ScheduleField>; projects: Array<{ id: number; name: string }> }) {
  const { ui, values } = props;
  const { t } = ui;
  const errors = props.errors as Record<string, string> | undefined;
  return (
    <div class="form-grid">
      <Field ui={ui} name="title" label={t('work:fields.title')} value={values.title} errors={errors} required maxlength={WORK_LIMITS.title} />
      <Field ui={ui} name="starts_at" type="datetime-local" label={t('work:fields.starts_at')} value={values.starts_at} errors={errors} required />
      <Field ui={ui} name="ends_at" type="datetime-local" label={t('work:fields.ends_at')} value={values.ends_at} errors={errors} required />
      <Field ui={ui} name="place" label={t('work:fields.place')} value={values.place} errors={errors} maxlength={WORK_LIMITS.place} />
      <Select ui={ui} name="project_id" label={t('work:fields.project')} value={values.project_id} errors={errors} empty={t('work:no_project')} options={props.projects.map((p) => ({ value: p.id, label: p.name }))} />
      <TextArea ui={ui} name="attendees" label={t('work:fields.attendees')} value={values.attendees} errors={errors} maxlength={WORK_LIMITS.attendees} rows={2} />
      <TextArea ui={ui} name="notes" label={t('work:fields.notes')} value={values.notes} errors={errors} maxlength={WORK_LIMITS.notes} />
    </div>
  );
}

/** The filtered appointments. */
export function ScheduleResults(props: { ui: Ui; client: Client; query: WorkListQuery; errors: Record<string, string>; projects: Array<{ id: number; name: string }>; rows: ScheduleRow[]; hasNext: boolean }) {
  const { ui, client, query } = props;
  const { t } = ui;
  const path = sectionPath(client.id, 'schedule');
  return (
    <div id={WORK_RESULTS_ID}>
      <WorkFilters ui={ui} action={path} query={query} errors={props.errors} projects={props.projects} />
      {props.rows.length === 0 ? (
        <p class="empty">{t('work:schedule.none')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('work:fields.when')}</th>
              <th scope="col">{t('work:fields.title')}</th>
              <th scope="col">{t('work:fields.place')}</th>
              <th scope="col">{t('work:fields.attendees')}</th>
              <th scope="col">{t('work:fields.project')}</th>
              <th scope="col"><span class="visually-hidden">{t('common:actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td data-label={t('work:fields.when')}><When ui={ui} start={r.starts_at} end={r.ends_at} /></td>
                <td data-label={t('work:fields.title')}>{r.title}{r.notes ? <><br /><span class="hint">{excerpt(r.notes)}</span></> : null}</td>
                <td data-label={t('work:fields.place')}>{r.place ?? ''}</td>
                <td data-label={t('work:fields.attendees')}>{excerpt(r.attendees)}</td>
                <td data-label={t('work:fields.project')}>{r.project_name ?? ''}</td>
                <td class="row-actions">
                  <RowActions ui={ui} base={`/schedule/${r.id}`} editable={!r.archived_at} confirm={t('work:schedule.archive_confirm')} />
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

/** /clients/:id/work/schedule: appointments with the client and a form to add one. */
export function ScheduleSection(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  query: WorkListQuery;
  filterErrors: Record<string, string>;
  rows: ScheduleRow[];
  hasNext: boolean;
  projects: Array<{ id: number; name: string }>;
  values: Raw<ScheduleField>;
  errors?: Errors<ScheduleField>;
  flash?: FlashMessage | null;
}) {
  const { ui, client } = props;
  const { t } = ui;
  return (
    <WorkFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="schedule" flash={props.flash}>
      <h2 class="visually-hidden">{t('work:sections.schedule')}</h2>
      <ScheduleResults ui={ui} client={client} query={props.query} errors={props.filterErrors} projects={props.projects} rows={props.rows} hasNext={props.hasNext} />
      <section aria-labelledby="add-schedule">
        <h3 id="add-schedule">{t('work:schedule.add')}</h3>
        <form method="post" action={`/clients/${client.id}/work/schedule`} novalidate>
          <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
          <ScheduleFields ui={ui} values={props.values} errors={props.errors} projects={props.projects} />
          <p class="actions"><button type="submit" class="primary">{t('work:schedule.add_button')}</button></p>
        </form>
      </section>
    </WorkFrame>
  );
}

/** /schedule/:id/edit, inside the client's Work tab. */
export function EditSchedulePage(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; id: number; values: Raw<ScheduleField>; errors?: Errors<ScheduleField>; projects: Array<{ id: number; name: string }> }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <WorkFrame ui={ui} staff={props.staff} client={props.client} nav={props.nav} section="schedule">
      <h2>{t('work:schedule.edit_title')}</h2>
      <form method="post" action={`/schedule/${props.id}`} novalidate>
        <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
        <ScheduleFields ui={ui} values={props.values} errors={props.errors} projects={props.projects} />
        <p class="actions">
          <button type="submit" class="primary">{t('common:save')}</button>
          <a class="button" href={sectionPath(props.client.id, 'schedule')}>{t('common:cancel')}</a>
        </p>
      </form>
    </WorkFrame>
  );
}
