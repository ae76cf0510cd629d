import type { Contact, StaffUser } from '../../src/db/schema.js';
import type { Ui } from '../../src/web/ui.js';
import { Select } from '../components/form.js';
import { StaffLayout } from '../layouts/staff.js';

/** Staff menu → Client portal preview: choose a client, then the contact to see the portal as. */
export function PreviewChooserPage(props: { ui: Ui; staff: StaffUser; clients: Array<{ id: number; name: string }>; clientId: number | null; contacts: Contact[] }) {
  const { t } = props.ui;
  return (
    <StaffLayout ui={props.ui} staff={props.staff} title={t('preview:title')} section="preview">
      <h1>{t('preview:title')}</h1>
      <p>{t('preview:intro')}</p>
      <form method="get" action="/preview" class="toolbar">
        <Select ui={props.ui} name="client_id" label={t('preview:client')} value={props.clientId} empty={t('preview:choose_client')}
          options={props.clients.map((c) => ({ value: c.id, label: c.name }))} />
        <button type="submit" class="secondary">{t('preview:show_contacts')}</button>
      </form>
      {props.clientId ? (
        <ul class="preview-contacts">
          {props.contacts.map((c) => (
            <li><a href={`/preview/${props.clientId}/${c.id}`}>{t('preview:as', { name: c.name })}</a> <span class="hint">{c.email}</span></li>
          ))}
          <li><a href={`/preview/${props.clientId}/0`}>{t('preview:as_default')}</a></li>
        </ul>
      ) : null}
    </StaffLayout>
  );
}
