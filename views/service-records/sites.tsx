import { countryName, countryOptions } from '../../src/clients/country.js';
import type { Client, StaffUser } from '../../src/db/schema.js';
import type { Site } from '../../src/db/schema-service.js';
import type { ListedSite } from '../../src/service-records/service.js';
import { SERVICE_LIMITS, type Errors, type Raw, type SiteField } from '../../src/service-records/validation.js';
import type { Ui } from '../../src/web/ui.js';
import type { ClientNav } from '../clients/client-frame.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field, Select, TextArea } from '../components/form.js';
import { ServiceFrame } from './parts.js';

/** One line of a site's address ("Street 1, 10558 Athens, Greece"). */
export function siteAddress(s: Pick<Site, 'address_line1' | 'address_line2' | 'city' | 'postcode' | 'country'>, ui: Ui): string {
  const place = [s.postcode, s.city].filter(Boolean).join(' ');
  return [s.address_line1, s.address_line2, place, s.country ? countryName(s.country, ui.lang) : null].filter(Boolean).join(', ');
}

/** The inputs of a site. */
function SiteFields(props: { ui: Ui; values: Raw<SiteField>; errors?: Errors<SiteField> }) {
  const { ui, values } = props;
  const { t } = ui;
  const errors = props.errors as Record<string, string> | undefined;
  return (
    <div class="form-grid">
      <Field ui={ui} name="name" label={t('service:sites.fields.name')} value={values.name} errors={errors} required maxlength={SERVICE_LIMITS.name} autocomplete="off" />
      <Field ui={ui} name="address_line1" label={t('service:sites.fields.address_line1')} value={values.address_line1} errors={errors} maxlength={SERVICE_LIMITS.address} autocomplete="off" />
      <Field ui={ui} name="address_line2" label={t('service:sites.fields.address_line2')} value={values.address_line2} errors={errors} maxlength={SERVICE_LIMITS.address} autocomplete="off" />
      <Field ui={ui} name="city" label={t('service:sites.fields.city')} value={values.city} errors={errors} maxlength={SERVICE_LIMITS.address} autocomplete="off" />
      <Field ui={ui} name="postcode" label={t('service:sites.fields.postcode')} value={values.postcode} errors={errors} maxlength={SERVICE_LIMITS.postcode} autocomplete="off" />
      <Select ui={ui} name="country" label={t('service:sites.fields.country')} value={values.country} errors={errors} options={countryOptions(ui.lang)} empty={t('service:sites.no_country')} />
      <TextArea ui={ui} name="notes" label={t('service:sites.fields.notes')} value={values.notes} errors={errors} maxlength={SERVICE_LIMITS.notes} />
    </div>
  );
}

/** /clients/:id/sites: the client's sites (with contract coverage) and a form to add one. */
export function SitesPage(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  sites: ListedSite[];
  values: Raw<SiteField>;
  errors?: Errors<SiteField>;
  flash?: FlashMessage | null;
}) {
  const { ui, client } = props;
  const { t } = ui;
  const active = props.sites.filter((s) => !s.archived_at);
  const archived = props.sites.filter((s) => s.archived_at);
  return (
    <ServiceFrame ui={ui} staff={props.staff} client={client} nav={props.nav} section="sites" flash={props.flash}>
      <h2>{t('service:sites.title')}</h2>
      {active.length === 0 ? <p class="empty">{t('service:sites.none')}</p> : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('service:sites.fields.name')}</th>
              <th scope="col">{t('service:sites.address')}</th>
              <th scope="col">{t('service:sites.covered')}</th>
              <th scope="col"><span class="visually-hidden">{t('common:actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {active.map((s) => (
              <tr>
                <td data-label={t('service:sites.fields.name')}>{s.name}</td>
                <td data-label={t('service:sites.address')}>{siteAddress(s, ui) || '—'}</td>
                <td data-label={t('service:sites.covered')}>{s.covered ? <span class="badge badge-active">{t('service:covered')}</span> : t('service:not_covered')}</td>
                <td class="row-actions">
                  <div class="actions">
                    <a class="button" href={`/sites/${s.id}/edit`}>{t('common:edit')}</a>
                    <form method="post" action={`/sites/${s.id}/archive`} data-confirm={t('service:sites.archive_confirm')}>
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
          <ul>{archived.map((s) => <li>{s.name}</li>)}</ul>
        </details>
      ) : null}
      <section aria-labelledby="add-site">
        <h3 id="add-site">{t('service:sites.add')}</h3>
        <form method="post" action={`/clients/${client.id}/sites`} novalidate>
          <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
          <SiteFields ui={ui} values={props.values} errors={props.errors} />
          <p class="actions"><button type="submit" class="primary">{t('service:sites.add_button')}</button></p>
        </form>
      </section>
    </ServiceFrame>
  );
}

/** /sites/:id/edit. */
export function EditSitePage(props: { ui: Ui; staff: StaffUser; client: Client; nav: ClientNav; site: Site; values: Raw<SiteField>; errors?: Errors<SiteField> }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <ServiceFrame ui={ui} staff={props.staff} client={props.client} nav={props.nav} section="sites">
      <h2>{t('service:sites.edit_title', { name: props.site.name })}</h2>
      <form method="post" action={`/sites/${props.site.id}`} novalidate>
        <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
        <SiteFields ui={ui} values={props.values} errors={props.errors} />
        <p class="actions">
          <button type="submit" class="primary">{t('common:save')}</button>
          <a class="button" href={`/clients/${props.client.id}/sites`}>{t('common:cancel')}</a>
        </p>
      </form>
    </ServiceFrame>
  );
}
