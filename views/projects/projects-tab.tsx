import type { Client, Project, StaffUser } from '../../src/db/schema.js';
import { LIMITS, type Errors, type ProjectField, type Raw } from '../../src/clients/validation.js';
import type { Ui } from '../../src/web/ui.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, Select } from '../components/form.js';
import { ClientFrame, type ClientNav } from '../clients/client-frame.js';

/** True when a raw portal_visible value means "visible". */
function isOn(v: string | null | undefined): boolean {
  return v === '1' || v === 'true' || v === 'on';
}

/** The inputs of a project: name, email, portal visibility and time. */
function ProjectFields(props: { ui: Ui; values: Raw<ProjectField>; errors?: Errors<ProjectField>; idPrefix: string }) {
  const { ui, values } = props;
  const { t } = ui;
  const errors = props.errors as Record<string, string> | undefined;
  const checkId = `${props.idPrefix}-portal-visible`;
  return (
    <div class="form-grid">
      <Field ui={ui} name="name" label={t('projects:fields.name')} value={values.name} errors={errors} required maxlength={LIMITS.name} autocomplete="off" />
      <Field ui={ui} name="email" label={t('projects:fields.email')} value={values.email} errors={errors} type="email" inputmode="email" maxlength={LIMITS.email}
        hint={t('projects:email_hint')} autocomplete="off" />
      <div class={errors?.portal_visible ? 'field has-error' : 'field'}>
        <input type="hidden" name="portal_visible" value="0" />
        <label for={checkId}>
          <input id={checkId} type="checkbox" name="portal_visible" value="1" checked={isOn(values.portal_visible)} /> {t('projects:fields.portal_visible')}
        </label>
        {errors?.portal_visible ? <p class="error">{t(errors.portal_visible)}</p> : null}
      </div>
      <Select ui={ui} name="portal_time" label={t('projects:fields.portal_time')} value={values.portal_time ?? 'billable'} errors={errors}
        options={[{ value: 'billable', label: t('projects:portal_time.billable') }, { value: 'all', label: t('projects:portal_time.all') }]} />
    </div>
  );
}

/** /clients/:id/projects: the client's projects and a form to add one. */
export function ProjectsTab(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  projects: Project[];
  values: Raw<ProjectField>;
  errors?: Errors<ProjectField>;
  flash?: FlashMessage | null;
}) {
  const { ui, client } = props;
  const { t } = ui;
  const active = props.projects.filter((p) => !p.archived_at);
  const archived = props.projects.filter((p) => p.archived_at);
  return (
    <ClientFrame ui={ui} staff={props.staff} client={client} nav={props.nav} tab="projects" flash={props.flash}>
      <h2 class="visually-hidden">{t('projects:title')}</h2>
      {active.length === 0 ? (
        <p class="empty">{t('projects:none')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('projects:fields.name')}</th>
              <th scope="col">{t('projects:fields.email')}</th>
              <th scope="col">{t('projects:fields.portal_visible')}</th>
              <th scope="col">{t('projects:fields.portal_time')}</th>
              <th scope="col"><span class="visually-hidden">{t('common:actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {active.map((p) => (
              <tr>
                <td data-label={t('projects:fields.name')}>{p.name}</td>
                <td data-label={t('projects:fields.email')}>{p.email ? <a href={`mailto:${p.email}`}>{p.email}</a> : null}</td>
                <td data-label={t('projects:fields.portal_visible')}>{p.portal_visible ? t('common:yes') : t('common:no')}</td>
                <td data-label={t('projects:fields.portal_time')}>{t(`projects:portal_time.${p.portal_time}`)}</td>
                <td class="row-actions">
                  <div class="actions">
                    <a class="button" href={`/projects/${p.id}/edit`}>{t('common:edit')}</a>
                    <form method="post" action={`/projects/${p.id}/archive`} data-confirm={t('projects:archive_confirm')}>
                      <button type="submit" class="danger">{t('projects:archive')}</button>
                    </form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {archived.length ? (
        <details class="archived-projects">
          <summary>{t('projects:archived_title')} ({archived.length})</summary>
          <ul>{archived.map((p) => <li>{p.name}</li>)}</ul>
        </details>
      ) : null}
      <section aria-labelledby="add-project">
        <h3 id="add-project">{t('projects:add')}</h3>
        <form method="post" action={`/clients/${client.id}/projects`} novalidate>
          <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
          <ProjectFields ui={ui} values={props.values} errors={props.errors} idPrefix="new-project" />
          <p class="actions"><button type="submit" class="primary">{t('projects:add_button')}</button></p>
        </form>
      </section>
    </ClientFrame>
  );
}

/** /projects/:id/edit, inside the client's frame. */
export function EditProjectPage(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  project: Project;
  values: Raw<ProjectField>;
  errors?: Errors<ProjectField>;
}) {
  const { ui } = props;
  const { t } = ui;
  return (
    <ClientFrame ui={ui} staff={props.staff} client={props.client} nav={props.nav} tab="projects">
      <h2>{t('projects:edit_title')}</h2>
      <form method="post" action={`/projects/${props.project.id}`} novalidate>
        <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
        <ProjectFields ui={ui} values={props.values} errors={props.errors} idPrefix="edit-project" />
        <p class="actions">
          <button type="submit" class="primary">{t('projects:save')}</button>
          <a class="button" href={`/clients/${props.client.id}/projects`}>{t('common:cancel')}</a>
        </p>
      </form>
    </ClientFrame>
  );
}
