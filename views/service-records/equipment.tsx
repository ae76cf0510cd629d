import type { Client, StaffUser } from '../../src/db/schema.js';
import type { Equipment } from '../../src/db/schema-service.js';
import type { ListedEquipment, NamedRef } from '../../src/service-records/service.js';
import { warrantyStatus } from '../../src/service-records/status.js';
import { SERVICE_LIMITS, type EquipmentField, type Errors, type Raw } from '../../src/service-records/validation.js';
import type { Ui } from '../../src/web/ui.js';
import type { ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, Select, TextArea } from '../components/form.js';
import { DateText } from '../components/money.js';
import { ServiceFrame, WarrantyBadge } from './parts.js';

/** The inputs of a piece of equipment. */
function EquipmentFields(props: { ui: Ui; values: Raw<EquipmentField>; errors?: Errors<EquipmentField>; sites: NamedRef[] }) {
  const { ui, values } = props;
  const { t } = ui;
  const errors = props.errors as Record<string, string> | undefined;
  return (
    <div class="form-grid">
      <Field ui={ui} name="name" label={t('service:equipment.fields.name')} value={values.name} errors={errors} required maxlength={SERVICE_LIMITS.name} hint={t('service:equipment.name_hint')} autocomplete="off" />
      <Select ui={ui} name="site_id" label={t('service:equipment.fields.site_id')} value={values.site_id} errors={errors} options={props.sites.map((s) => ({ value: s.id, label: s.name }))} empty={t('service:equipment.no_site')} />
      <Field ui={ui} name="model" label={t('service:equipment.fields.model')} value={values.model} errors={errors} maxlength={SERVICE_LIMITS.name} autocomplete="off" />
      <Field ui={ui} name="serial_number" label={t('service:equipment.fields.serial_number')} value={values.serial_number} errors={errors} maxlength={SERVICE_LIMITS.code} autocomplete="off" />
      <Field ui={ui} name="installed_on" label={t('service:equipment.fields.installed_on')} value={values.installed_on} errors={errors} type="date" />
      <Field ui={ui} name="warranty_until" label={t('service:equipment.fields.warranty_until')} value={values.warranty_until} errors={errors} type="date" />
      <TextArea ui={ui} name="notes" label={t('service:equipment.fields.notes')} value={values.notes} errors={errors} maxlength={SERVICE_LIMITS.notes} />
    </div>
  );
}

/** /clients/:id/equipment: the client's equipment with warranty and contract coverage, and a form to add one. */
export function EquipmentPage(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  equipment: ListedEquipment[];
  sites: NamedRef[];
  today: string;
  values: Raw<EquipmentField>;
  errors?: Errors<EquipmentField>;
  flash?: FlashMessage | null;
}) {
  const { ui, client } = props;
  const { t } = ui;
  const active = props.equipment.filter((e) => !e.archived_at);
  const archived = props.equipment.filter((e) => e.archived_at);
  return (
    <ServiceFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="equipment" flash={props.flash}>
      <h2>{t('service:equipment.title')}</h2>
      {active.length === 0 ? <p class="empty">{t('service:equipment.none')}</p> : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('service:equipment.fields.name')}</th>
              <th scope="col">{t('service:equipment.fields.model')}</th>
              <th scope="col">{t('service:equipment.fields.serial_number')}</th>
              <th scope="col">{t('service:equipment.fields.site_id')}</th>
              <th scope="col">{t('service:equipment.fields.warranty_until')}</th>
              <th scope="col">{t('service:equipment.contract')}</th>
              <th scope="col"><span class="visually-hidden">{t('common:actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {active.map((e) => (
              <tr>
                <td data-label={t('service:equipment.fields.name')}>{e.name}</td>
                <td data-label={t('service:equipment.fields.model')}>{e.model ?? '—'}</td>
                <td data-label={t('service:equipment.fields.serial_number')}>{e.serial_number ?? '—'}</td>
                <td data-label={t('service:equipment.fields.site_id')}>{e.site_name ?? '—'}</td>
                <td data-label={t('service:equipment.fields.warranty_until')}><DateText ui={ui} date={e.warranty_until} /> <WarrantyBadge ui={ui} status={warrantyStatus(e.warranty_until, props.today)} /></td>
                <td data-label={t('service:equipment.contract')}>{e.contract_id ? <a href={`/contracts/${e.contract_id}`}>{e.contract_title}</a> : t('service:not_covered')}</td>
                <td class="row-actions">
                  <div class="actions">
                    <a class="button" href={`/equipment/${e.id}/edit`}>{t('common:edit')}</a>
                    <form method="post" action={`/equipment/${e.id}/archive`} data-confirm={t('service:equipment.archive_confirm')}>
                      <button type="submit" class="danger">{t('service:archive')}</button>
                    </form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {archived.length ? (
        <details class="archived-records">
          <summary>{t('service:archived_title', { count: archived.length })}</summary>
          <ul>{archived.map((e) => <li>{[e.name, e.serial_number].filter(Boolean).join(' · ')}</li>)}</ul>
        </details>
      ) : null}
      <section aria-labelledby="add-equipment">
        <h3 id="add-equipment">{t('service:equipment.add')}</h3>
        <form method="post" action={`/clients/${client.id}/equipment`} novalidate>
          <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
          <EquipmentFields ui={ui} values={props.values} errors={props.errors} sites={props.sites} />
          <p class="actions"><button type="submit" class="primary">{t('service:equipment.add_button')}</button></p>
        </form>
      </section>
    </ServiceFrame>
  );
}

/** /equipment/:id/edit. */
export function EditEquipmentPage(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; equipment: Equipment; sites: NamedRef[]; values: Raw<EquipmentField>; errors?: Errors<EquipmentField> }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <ServiceFrame ui={ui} staff={props.staff} client={props.client} nav={props.nav} section="equipment">
      <h2>{t('service:equipment.edit_title', { name: props.equipment.name })}</h2>
      <form method="post" action={`/equipment/${props.equipment.id}`} novalidate>
        <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
        <EquipmentFields ui={ui} values={props.values} errors={props.errors} sites={props.sites} />
        <p class="actions">
          <button type="submit" class="primary">{t('common:save')}</button>
          <a class="button" href={`/clients/${props.client.id}/equipment`}>{t('common:cancel')}</a>
        </p>
      </form>
    </ServiceFrame>
  );
}
