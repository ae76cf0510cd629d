import type { Client, Contact, StaffUser } from '../../src/db/schema.js';
import { LIMITS, type ContactField, type Errors, type Raw } from '../../src/clients/validation.js';
import type { Ui } from '../../src/web/ui.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary, Field } from '../components/form.js';
import { ClientFrame, type ClientNav } from '../clients/client-frame.js';

/** Name, email and phone inputs of a contact. */
function ContactFields(props: { ui: Ui; values: Raw<ContactField>; errors?: Errors<ContactField> }) {
  const { ui, values } = props;
  const { t } = ui;
  const errors = props.errors as Record<string, string> | undefined;
  return (
    <div class="form-grid">
      <Field ui={ui} name="name" label={t('contacts:fields.name')} value={values.name} errors={errors} required maxlength={LIMITS.name} autocomplete="off" />
      <Field ui={ui} name="email" label={t('contacts:fields.email')} value={values.email} errors={errors} required type="email" inputmode="email" maxlength={LIMITS.email} autocomplete="off" />
      <Field ui={ui} name="phone" label={t('contacts:fields.phone')} value={values.phone} errors={errors} type="tel" maxlength={LIMITS.phone} autocomplete="off" />
    </div>
  );
}

/** /clients/:id/contacts: the client's contacts and a form to add one, on the same page. */
export function ContactsTab(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  contacts: Contact[];
  values: Raw<ContactField>;
  errors?: Errors<ContactField>;
  flash?: FlashMessage | null;
}) {
  const { ui, client } = props;
  const { t } = ui;
  return (
    <ClientFrame ui={ui} staff={props.staff} client={client} nav={props.nav} tab="contacts" flash={props.flash}>
      <h2 class="visually-hidden">{t('contacts:title')}</h2>
      {props.contacts.length === 0 ? (
        <p class="empty">{t('contacts:none')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('contacts:fields.name')}</th>
              <th scope="col">{t('contacts:fields.email')}</th>
              <th scope="col">{t('contacts:fields.phone')}</th>
              <th scope="col"><span class="visually-hidden">{t('common:actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {props.contacts.map((c) => (
              <tr>
                <td data-label={t('contacts:fields.name')}>{c.name}</td>
                <td data-label={t('contacts:fields.email')}><a href={`mailto:${c.email}`}>{c.email}</a></td>
                <td data-label={t('contacts:fields.phone')}>{c.phone}</td>
                <td class="row-actions">
                  <div class="actions">
                    <a class="button" href={`/contacts/${c.id}/edit`}>{t('common:edit')}</a>
                    <a class="button" href={`/clients/${client.id}/portal?contact_id=${c.id}#invite`}>{t('access:invite.from_contacts')}</a>
                    <form method="post" action={`/contacts/${c.id}/archive`} data-confirm={t('contacts:remove_confirm')}>
                      <button type="submit" class="danger">{t('contacts:remove')}</button>
                    </form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="add-contact">
        <h3 id="add-contact">{t('contacts:add')}</h3>
        <form method="post" action={`/clients/${client.id}/contacts`} novalidate>
          <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
          <ContactFields ui={ui} values={props.values} errors={props.errors} />
          <p class="actions"><button type="submit" class="primary">{t('contacts:add_button')}</button></p>
        </form>
      </section>
    </ClientFrame>
  );
}

/** /contacts/:id/edit, inside the client's frame. */
export function EditContactPage(props: {
  ui: Ui;
  staff: StaffUser;
  client: Client;
  nav: ClientNav;
  contact: Contact;
  values: Raw<ContactField>;
  errors?: Errors<ContactField>;
}) {
  const { ui } = props;
  const { t } = ui;
  return (
    <ClientFrame ui={ui} staff={props.staff} client={props.client} nav={props.nav} tab="contacts">
      <h2>{t('contacts:edit_title')}</h2>
      <form method="post" action={`/contacts/${props.contact.id}`} novalidate>
        <ErrorSummary ui={ui} errors={props.errors as Record<string, string> | undefined} />
        <ContactFields ui={ui} values={props.values} errors={props.errors} />
        <p class="actions">
          <button type="submit" class="primary">{t('contacts:save')}</button>
          <a class="button" href={`/clients/${props.client.id}/contacts`}>{t('common:cancel')}</a>
        </p>
      </form>
    </ClientFrame>
  );
}
