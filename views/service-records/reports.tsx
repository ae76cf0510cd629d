import type { Client, EventRow, StaffUser } from '../../src/db/schema.js';
import type { ListedFile } from '../../src/files/service.js';
import type { NamedRef, ReportWithEquipment } from '../../src/service-records/service.js';
import { REPORT_TEXT_FIELDS, SERVICE_LIMITS, type Errors, type ReportField } from '../../src/service-records/validation.js';
import type { Ui } from '../../src/web/ui.js';
import type { ClientNav } from '../clients/client-frame.js';
import { EventList } from '../components/events.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, Select, TextArea } from '../components/form.js';
import { DateText } from '../components/money.js';
import { Pager } from '../components/pager.js';
import { AttachmentsSection } from '../files/files.js';
import { CheckboxGroup, Multiline, NameList, ServiceFrame } from './parts.js';

/** What the report form shows: typed text values and ticked equipment ids. */
export type ReportFormValues = Partial<Record<(typeof REPORT_TEXT_FIELDS)[number], string | null>> & { equipment_ids?: readonly string[] };

/** /clients/:id/service-reports: the client's visits, latest first. */
export function ReportsPage(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  reports: ReportWithEquipment[];
  page: number;
  hasNext: boolean;
  archived: boolean;
  flash?: FlashMessage | null;
}) {
  const { ui, client } = props;
  const { t } = ui;
  const base = `/clients/${client.id}/service-reports`;
  return (
    <ServiceFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="reports" flash={props.flash}>
      <div class="toolbar">
        <h2>{props.archived ? t('service:reports.archived_title') : t('service:reports.title')}</h2>
        {props.archived ? <a href={base}>{t('service:show_active')}</a> : (
          <>
            <a href={`${base}?archived=1`}>{t('service:show_archived')}</a>
            <a class="button primary" href={`${base}/new`}>{t('service:reports.new')}</a>
          </>
        )}
      </div>
      {props.reports.length === 0 ? <p class="empty">{t('service:reports.none')}</p> : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('service:reports.fields.visit_date')}</th>
              <th scope="col">{t('service:reports.fields.site_id')}</th>
              <th scope="col">{t('service:reports.fields.technician')}</th>
              <th scope="col">{t('service:reports.fields.equipment_ids')}</th>
            </tr>
          </thead>
          <tbody>
            {props.reports.map((r) => (
              <tr>
                <td data-label={t('service:reports.fields.visit_date')}><a href={`/service-reports/${r.id}`}><DateText ui={ui} date={r.visit_date} /></a></td>
                <td data-label={t('service:reports.fields.site_id')}>{r.site_name}</td>
                <td data-label={t('service:reports.fields.technician')}>{r.technician}</td>
                <td data-label={t('service:reports.fields.equipment_ids')}><NameList items={r.equipment} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ui={ui} page={props.page} hasNext={props.hasNext} href={(p) => `${base}?${props.archived ? 'archived=1&' : ''}page=${p}`} />
    </ServiceFrame>
  );
}

/** New or edit report form: site, visit date, technician (staff or typed), equipment, work done, findings. */
export function ReportFormPage(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  reportId: number | null;
  values: ReportFormValues;
  options: { sites: NamedRef[]; equipment: Array<NamedRef & { serial_number: string | null; site_name: string | null }>; technicians: NamedRef[] };
  errors?: Errors<ReportField>;
}) {
  const { ui, client, values } = props;
  const { t } = ui;
  const errors = props.errors as Record<string, string> | undefined;
  const action = props.reportId ? `/service-reports/${props.reportId}` : `/clients/${client.id}/service-reports`;
  const cancel = props.reportId ? `/service-reports/${props.reportId}` : `/clients/${client.id}/service-reports`;
  return (
    <ServiceFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="reports">
      <h2>{props.reportId ? t('service:reports.edit_title') : t('service:reports.new')}</h2>
      {props.options.sites.length === 0 && !props.reportId ? <p class="hint">{t('service:reports.needs_site')} <a href={`/clients/${client.id}/sites`}>{t('service:reports.add_site')}</a></p> : null}
      <form method="post" action={action} novalidate>
        <ErrorSummary ui={ui} errors={errors} />
        <div class="form-grid">
          <Select ui={ui} name="site_id" label={t('service:reports.fields.site_id')} value={values.site_id} errors={errors} required
            options={props.options.sites.map((s) => ({ value: s.id, label: s.name }))} empty={t('service:reports.choose_site')} />
          <Field ui={ui} name="visit_date" label={t('service:reports.fields.visit_date')} value={values.visit_date} errors={errors} type="date" required />
          <Select ui={ui} name="technician" label={t('service:reports.fields.technician')} value={values.technician} errors={errors}
            options={props.options.technicians.map((s) => ({ value: s.id, label: s.name }))} empty={t('service:reports.other_technician')} />
          <Field ui={ui} name="technician_name" label={t('service:reports.fields.technician_name')} value={values.technician_name} errors={errors} maxlength={SERVICE_LIMITS.name} hint={t('service:reports.technician_name_hint')} />
          <TextArea ui={ui} name="work_done" label={t('service:reports.fields.work_done')} value={values.work_done} errors={errors} rows={5} maxlength={SERVICE_LIMITS.text} />
          <TextArea ui={ui} name="findings" label={t('service:reports.fields.findings')} value={values.findings} errors={errors} rows={4} maxlength={SERVICE_LIMITS.text} />
        </div>
        <CheckboxGroup ui={ui} name="equipment_ids" legend={t('service:reports.fields.equipment_ids')} checked={values.equipment_ids ?? []} error={errors?.equipment_ids}
          options={props.options.equipment.map((e) => ({ id: e.id, label: [e.name, e.serial_number, e.site_name].filter(Boolean).join(' · ') }))} empty={t('service:reports.no_equipment')} />
        <p class="actions">
          <button type="submit" class="primary">{props.reportId ? t('common:save') : t('service:reports.create')}</button>
          <a class="button" href={cancel}>{t('common:cancel')}</a>
        </p>
      </form>
    </ServiceFrame>
  );
}

/** /service-reports/:id: the visit, its attachments (with upload) and history. */
export function ReportPage(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  report: ReportWithEquipment;
  files: ListedFile[];
  events: EventRow[];
  flash?: FlashMessage | null;
}) {
  const { ui, client } = props;
  const { t } = ui;
  const r = props.report;
  return (
    <ServiceFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="reports" flash={props.flash}>
      <h2>{t('service:reports.heading', { date: ui.date(r.visit_date), site: r.site_name })}{r.archived_at ? <span class="badge badge-void"> {t('service:archived')}</span> : null}</h2>
      <dl class="details">
        <dt>{t('service:reports.fields.visit_date')}</dt><dd><DateText ui={ui} date={r.visit_date} /></dd>
        <dt>{t('service:reports.fields.site_id')}</dt><dd>{r.site_name}</dd>
        <dt>{t('service:reports.fields.technician')}</dt><dd>{r.technician}</dd>
        <dt>{t('service:reports.fields.equipment_ids')}</dt><dd><NameList items={r.equipment} /></dd>
      </dl>
      <h3>{t('service:reports.fields.work_done')}</h3>
      <Multiline text={r.work_done} />
      <h3>{t('service:reports.fields.findings')}</h3>
      <Multiline text={r.findings} />
      {r.archived_at ? null : (
        <div class="actions">
          <a class="button" href={`/service-reports/${r.id}/edit`}>{t('common:edit')}</a>
          <form method="post" action={`/service-reports/${r.id}/archive`} data-confirm={t('service:reports.archive_confirm')}>
            <button type="submit" class="danger">{t('service:archive')}</button>
          </form>
        </div>
      )}
      {r.archived_at ? null : <AttachmentsSection ui={ui} clientId={client.id} files={props.files} fixed={{ field: 'service_report_id', id: r.id, returnTo: 'report' }} />}
      <section aria-labelledby="history-h">
        <h3 id="history-h">{t('service:history')}</h3>
        <EventList ui={ui} events={props.events} />
      </section>
      <p><a href={`/clients/${client.id}/service-reports`}>{t('service:reports.back')}</a></p>
    </ServiceFrame>
  );
}
