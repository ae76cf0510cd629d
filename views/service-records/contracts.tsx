import type { Client, EventRow, StaffUser } from '../../src/db/schema.js';
import type { ListedFile } from '../../src/files/service.js';
import type { ContractWithCoverage, NamedRef } from '../../src/service-records/service.js';
import { contractStatus, daysUntil } from '../../src/service-records/status.js';
import { CONTRACT_TEXT_FIELDS, SERVICE_LIMITS, type ContractField, type Errors } from '../../src/service-records/validation.js';
import type { Ui } from '../../src/web/ui.js';
import type { ClientNav } from '../clients/client-frame.js';
import { EventList } from '../components/events.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, TextArea } from '../components/form.js';
import { DateText, Money } from '../components/money.js';
import { AttachmentsSection } from '../files/files.js';
import { CheckboxGroup, ContractBadge, NameList, ServiceFrame } from './parts.js';

/** What the contract form shows: typed text values and ticked ids. */
export type ContractFormValues = Partial<Record<(typeof CONTRACT_TEXT_FIELDS)[number], string | null>> & { site_ids?: readonly string[]; equipment_ids?: readonly string[] };

/** The contract's period as "1 Jan 2026 – 31 Dec 2026". */
function Period(props: { ui: Ui; start: string; end: string }) {
  return <><DateText ui={props.ui} date={props.start} /> – <DateText ui={props.ui} date={props.end} /></>;
}

/** /clients/:id/contracts: the client's contracts, their status (derived), period, value and coverage. */
export function ContractsPage(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; contracts: ContractWithCoverage[]; today: string; flash?: FlashMessage | null }) {
  const { ui, client } = props;
  const { t } = ui;
  const active = props.contracts.filter((k) => !k.archived_at);
  const archived = props.contracts.filter((k) => k.archived_at);
  return (
    <ServiceFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="contracts" flash={props.flash}>
      <div class="toolbar">
        <h2>{t('service:contracts.title')}</h2>
        <a class="button primary" href={`/clients/${client.id}/contracts/new`}>{t('service:contracts.new')}</a>
      </div>
      {active.length === 0 ? <p class="empty">{t('service:contracts.none')}</p> : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('service:contracts.fields.title')}</th>
              <th scope="col">{t('service:contracts.period')}</th>
              <th scope="col">{t('service:contracts.fields.renewal_date')}</th>
              <th scope="col">{t('service:contracts.sites_covered')}</th>
              <th scope="col" class="num">{t('service:contracts.fields.value')}</th>
              <th scope="col">{t('service:status')}</th>
            </tr>
          </thead>
          <tbody>
            {active.map((k) => (
              <tr>
                <td data-label={t('service:contracts.fields.title')}><a href={`/contracts/${k.id}`}>{k.title}</a>{k.number ? <span class="hint"> {k.number}</span> : null}</td>
                <td data-label={t('service:contracts.period')}><Period ui={ui} start={k.period_start} end={k.period_end} /></td>
                <td data-label={t('service:contracts.fields.renewal_date')}><DateText ui={ui} date={k.renewal_date} /></td>
                <td data-label={t('service:contracts.sites_covered')}><NameList items={k.sites} /></td>
                <td data-label={t('service:contracts.fields.value')} class="num"><Money ui={ui} minor={k.value} currency={k.currency} /></td>
                <td data-label={t('service:status')}><ContractBadge ui={ui} status={contractStatus(k, props.today)} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {archived.length ? (
        <details class="archived-records">
          <summary>{t('service:archived_title', { count: archived.length })}</summary>
          <ul>{archived.map((k) => <li><a href={`/contracts/${k.id}`}>{k.title}</a></li>)}</ul>
        </details>
      ) : null}
    </ServiceFrame>
  );
}

/** New or edit contract form: title, number, period, renewal, value, sites and equipment covered. */
export function ContractFormPage(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  /** Set when editing. */
  contractId: number | null;
  values: ContractFormValues;
  options: { sites: NamedRef[]; equipment: Array<NamedRef & { serial_number: string | null; site_name: string | null }> };
  errors?: Errors<ContractField>;
}) {
  const { ui, client, values } = props;
  const { t } = ui;
  const errors = props.errors as Record<string, string> | undefined;
  const action = props.contractId ? `/contracts/${props.contractId}` : `/clients/${client.id}/contracts`;
  const cancel = props.contractId ? `/contracts/${props.contractId}` : `/clients/${client.id}/contracts`;
  return (
    <ServiceFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="contracts">
      <h2>{props.contractId ? t('service:contracts.edit_title') : t('service:contracts.new')}</h2>
      <form method="post" action={action} novalidate>
        <ErrorSummary ui={ui} errors={errors} />
        <div class="form-grid">
          <Field ui={ui} name="title" label={t('service:contracts.fields.title')} value={values.title} errors={errors} required maxlength={SERVICE_LIMITS.name} hint={t('service:contracts.title_hint')} />
          <Field ui={ui} name="number" label={t('service:contracts.fields.number')} value={values.number} errors={errors} maxlength={SERVICE_LIMITS.code} />
          <Field ui={ui} name="period_start" label={t('service:contracts.fields.period_start')} value={values.period_start} errors={errors} type="date" required />
          <Field ui={ui} name="period_end" label={t('service:contracts.fields.period_end')} value={values.period_end} errors={errors} type="date" required />
          <Field ui={ui} name="renewal_date" label={t('service:contracts.fields.renewal_date')} value={values.renewal_date} errors={errors} type="date" />
          <Field ui={ui} name="value" label={t('service:contracts.fields.value')} value={values.value} errors={errors} inputmode="decimal" required hint={t('service:contracts.value_hint')} />
          <Field ui={ui} name="currency" label={t('service:contracts.fields.currency')} value={values.currency} errors={errors} required maxlength={3} />
          <TextArea ui={ui} name="notes" label={t('service:contracts.fields.notes')} value={values.notes} errors={errors} maxlength={SERVICE_LIMITS.notes} />
        </div>
        <CheckboxGroup ui={ui} name="site_ids" legend={t('service:contracts.fields.site_ids')} checked={values.site_ids ?? []} error={errors?.site_ids}
          options={props.options.sites.map((s) => ({ id: s.id, label: s.name }))} empty={t('service:contracts.no_sites')} />
        <CheckboxGroup ui={ui} name="equipment_ids" legend={t('service:contracts.fields.equipment_ids')} checked={values.equipment_ids ?? []} error={errors?.equipment_ids}
          options={props.options.equipment.map((e) => ({ id: e.id, label: [e.name, e.serial_number, e.site_name].filter(Boolean).join(' · ') }))} empty={t('service:contracts.no_equipment')} />
        <p class="actions">
          <button type="submit" class="primary">{props.contractId ? t('common:save') : t('service:contracts.create')}</button>
          <a class="button" href={cancel}>{t('common:cancel')}</a>
        </p>
      </form>
    </ServiceFrame>
  );
}

/** /contracts/:id: the contract, what it covers, its files and history; edit, cancel, archive. */
export function ContractPage(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  contract: ContractWithCoverage;
  files: ListedFile[];
  events: EventRow[];
  today: string;
  flash?: FlashMessage | null;
}) {
  const { ui, client } = props;
  const { t } = ui;
  const k = props.contract;
  const status = contractStatus(k, props.today);
  const renewalIn = daysUntil(k.renewal_date, props.today);
  return (
    <ServiceFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="contracts" flash={props.flash}>
      <div class="toolbar">
        <h2>{k.title} <ContractBadge ui={ui} status={status} />{k.archived_at ? <span class="badge badge-void"> {t('service:archived')}</span> : null}</h2>
      </div>
      <dl class="details">
        <dt>{t('service:contracts.fields.number')}</dt><dd>{k.number ?? '—'}</dd>
        <dt>{t('service:contracts.period')}</dt><dd><Period ui={ui} start={k.period_start} end={k.period_end} /></dd>
        <dt>{t('service:contracts.fields.renewal_date')}</dt>
        <dd><DateText ui={ui} date={k.renewal_date} />{renewalIn !== null && renewalIn >= 0 && status === 'active' ? <span class="hint"> {t('service:contracts.renewal_in', { count: renewalIn })}</span> : null}</dd>
        <dt>{t('service:contracts.fields.value')}</dt><dd><Money ui={ui} minor={k.value} currency={k.currency} /></dd>
        <dt>{t('service:contracts.fields.site_ids')}</dt><dd><NameList items={k.sites} /></dd>
        <dt>{t('service:contracts.fields.equipment_ids')}</dt><dd><NameList items={k.equipment} /></dd>
        <dt>{t('service:contracts.fields.notes')}</dt><dd class="notes">{k.notes ?? '—'}</dd>
      </dl>
      {k.archived_at ? null : (
        <div class="actions">
          <a class="button" href={`/contracts/${k.id}/edit`}>{t('common:edit')}</a>
          {k.status === 'active' ? (
            <form method="post" action={`/contracts/${k.id}/cancel`} data-confirm={t('service:contracts.cancel_confirm')}>
              <button type="submit" class="secondary">{t('service:contracts.cancel')}</button>
            </form>
          ) : null}
          <form method="post" action={`/contracts/${k.id}/archive`} data-confirm={t('service:contracts.archive_confirm')}>
            <button type="submit" class="danger">{t('service:archive')}</button>
          </form>
        </div>
      )}
      {k.archived_at ? null : <AttachmentsSection ui={ui} clientId={client.id} files={props.files} fixed={{ field: 'contract_id', id: k.id, returnTo: 'contract' }} />}
      <section aria-labelledby="history-h">
        <h3 id="history-h">{t('service:history')}</h3>
        <EventList ui={ui} events={props.events} />
      </section>
      <p><a href={`/clients/${client.id}/contracts`}>{t('service:contracts.back')}</a></p>
    </ServiceFrame>
  );
}
