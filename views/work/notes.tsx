import type { Client, StaffUser } from '../../src/db/schema.js';
import type { Errors, Raw } from '../../src/clients/validation.js';
import { workListHref, type WorkListQuery } from '../../src/work/list-query.js';
import type { NoteRow } from '../../src/work/queries.js';
import { WORK_LIMITS, type NoteField } from '../../src/work/validation.js';
import type { Ui } from '../../src/web/ui.js';
import type { ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, Select, TextArea } from '../components/form.js';
import { DateText } from '../components/money.js';
import { Pager } from '../components/pager.js';
import { RowActions } from './cells.js';
import { Checkbox, isOn, sectionPath, WORK_RESULTS_ID, WorkFilters, WorkFrame } from './work-frame.js';

/** The inputs of a note. */
export function NoteFields(props: { ui: Ui; values: Raw<NoteField>; errors?: Errors<NoteField>; projects: Array<{ id: number; name: string }> }) {
  const { ui, values } = props;
  const { t } = ui;
  const errors = props.errors as Record<string, string> | undefined;
  return (
    <div class="form-grid">
      <Field ui={ui} name="date" type="date" label={t('work:fields.date')} value={values.date} errors={errors} required />
      <Select ui={ui} name="project_id" label={t('work:fields.project')} value={values.project_id} errors={errors} empty={t('work:no_project')} options={props.projects.map((p) => ({ value: p.id, label: p.name }))} />
      <TextArea ui={ui} name="body" label={t('work:fields.body')} value={values.body} errors={errors} rows={5} maxlength={WORK_LIMITS.body} />
      <Checkbox ui={ui} name="shared" label={t('work:fields.shared')} checked={isOn(values.shared)} errors={errors} hint={t('work:notes.shared_hint')} />
    </div>
  );
}

/** The filtered notes. */
export function NoteResults(props: { ui: Ui; client: Client; query: WorkListQuery; errors: Record<string, string>; projects: Array<{ id: number; name: string }>; rows: NoteRow[]; hasNext: boolean }) {
  const { ui, client, query } = props;
  const { t } = ui;
  const path = sectionPath(client.id, 'notes');
  return (
    <div id={WORK_RESULTS_ID}>
      <WorkFilters ui={ui} action={path} query={query} errors={props.errors} projects={props.projects} shared />
      {props.rows.length === 0 ? (
        <p class="empty">{t('work:notes.none')}</p>
      ) : (
        <ul class="work-notes">
          {props.rows.map((n) => (
            <li>
              <p class="meta">
                <DateText ui={ui} date={n.date} />
                {n.project_name ? <> · {n.project_name}</> : null}
                {n.author_name ? <> · {n.author_name}</> : null}{' '}
                <span class={n.shared ? 'badge badge-issued' : 'badge badge-draft'}>{n.shared ? t('work:notes.shared') : t('work:notes.internal')}</span>
              </p>
              <p class="note-body">{n.body}</p>
              <RowActions ui={ui} base={`/notes/${n.id}`} editable={!n.archived_at} confirm={t('work:notes.archive_confirm')} />
            </li>
          ))}
        </ul>
      )}
      <Pager ui={ui} page={query.page} hasNext={props.hasNext} href={(p) => workListHref(path, query, p)} />
    </div>
  );
}

/** /clients/:id/work/notes: notes about the client and a form to write one. */
export function NotesSection(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  query: WorkListQuery;
  filterErrors: Record<string, string>;
  rows: NoteRow[];
  hasNext: boolean;
  projects: Array<{ id: number; name: string }>;
  values: Raw<NoteField>;
  errors?: Errors<NoteField>;
  flash?: FlashMessage | null;
}) {
  const { ui, client } = props;
  const { t } = ui;
  return (
    <WorkFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="notes" flash={props.flash}>
      <h2 class="visually-hidden">{t('work:sections.notes')}</h2>
      <NoteResults ui={ui} client={client} query={props.query} errors={props.filterErrors} projects={props.projects} rows={props.rows} hasNext={props.hasNext} />
      <section aria-labelledby="add-note">
        <h3 id="add-note">{t('work:notes.add')}</h3>
        <form method="post" action={`/clients/${client.id}/work/notes`} novalidate>
          <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
          <NoteFields ui={ui} values={props.values} errors={props.errors} projects={props.projects} />
          <p class="actions"><button type="submit" class="primary">{t('work:notes.add_button')}</button></p>
        </form>
      </section>
    </WorkFrame>
  );
}

/** /notes/:id/edit, inside the client's Work tab. */
export function EditNotePage(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; id: number; values: Raw<NoteField>; errors?: Errors<NoteField>; projects: Array<{ id: number; name: string }> }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <WorkFrame ui={ui} staff={props.staff} client={props.client} nav={props.nav} section="notes">
      <h2>{t('work:notes.edit_title')}</h2>
      <form method="post" action={`/notes/${props.id}`} novalidate>
        <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
        <NoteFields ui={ui} values={props.values} errors={props.errors} projects={props.projects} />
        <p class="actions">
          <button type="submit" class="primary">{t('common:save')}</button>
          <a class="button" href={sectionPath(props.client.id, 'notes')}>{t('common:cancel')}</a>
        </p>
      </form>
    </WorkFrame>
  );
}
