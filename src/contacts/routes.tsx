import { Hono } from 'hono';
import { ContactsTab, EditContactPage } from '../../views/contacts/contacts-tab.js';
import { doneFlash } from '../clients/flash.js';
import { formFields } from '../clients/form-input.js';
import { loadClientFrame } from '../clients/frame.js';
import { parseId } from '../clients/params.js';
import type { ContactField } from '../clients/validation.js';
import { staffActor } from '../events/service.js';
import type { AppEnv } from '../web/env.js';
import { page, seeOther } from '../web/html.js';
import { archiveContact, createContact, getContact, listContacts, updateContact } from './service.js';

const FIELDS: readonly ContactField[] = ['name', 'email', 'phone'];

/** The contacts tab of a client, and editing/removing one contact. Mounted by the clients routes. */
export const contactsRoutes = new Hono<AppEnv>()
  .get('/clients/:id{[0-9]+}/contacts', async (c) => {
    const frame = await loadClientFrame(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!frame) return c.notFound();
    const contacts = await listContacts(c.var.db, frame.client.id);
    return page(c, <ContactsTab ui={c.var.ui} staff={c.var.staff} {...frame} contacts={contacts} values={{}} flash={doneFlash(c.req.query('done'))} />);
  })
  .post('/clients/:id{[0-9]+}/contacts', async (c) => {
    const clientId = parseId(c.req.param('id')) ?? 0;
    const raw = formFields(await c.req.parseBody(), FIELDS);
    const result = await createContact(c.var.db, staffActor(c.var.staff), clientId, raw);
    if (result.ok) return seeOther(c, `/clients/${clientId}/contacts?done=contact_added`);
    const frame = result.error === 'NotFound' ? null : await loadClientFrame(c.var.db, clientId);
    if (!frame || result.error === 'NotFound') return c.notFound();
    const contacts = await listContacts(c.var.db, clientId);
    return page(c, <ContactsTab ui={c.var.ui} staff={c.var.staff} {...frame} contacts={contacts} values={raw} errors={result.errors} />, 422);
  })
  .get('/contacts/:id{[0-9]+}/edit', async (c) => {
    const contact = await getContact(c.var.db, parseId(c.req.param('id')) ?? 0);
    const frame = contact && !contact.archived_at ? await loadClientFrame(c.var.db, contact.client_id) : null;
    if (!contact || !frame) return c.notFound();
    return page(c, <EditContactPage ui={c.var.ui} staff={c.var.staff} {...frame} contact={contact} values={contact} />);
  })
  .post('/contacts/:id{[0-9]+}', async (c) => {
    const contact = await getContact(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!contact || contact.archived_at) return c.notFound();
    const raw = formFields(await c.req.parseBody(), FIELDS);
    const result = await updateContact(c.var.db, staffActor(c.var.staff), contact.id, raw);
    if (result.ok) return seeOther(c, `/clients/${contact.client_id}/contacts?done=contact_saved`);
    const frame = result.error === 'NotFound' ? null : await loadClientFrame(c.var.db, contact.client_id);
    if (!frame || result.error === 'NotFound') return c.notFound();
    return page(c, <EditContactPage ui={c.var.ui} staff={c.var.staff} {...frame} contact={contact} values={{ ...contact, ...raw }} errors={result.errors} />, 422);
  })
  .post('/contacts/:id{[0-9]+}/archive', async (c) => {
    const result = await archiveContact(c.var.db, staffActor(c.var.staff), parseId(c.req.param('id')) ?? 0);
    if (!result.ok) return c.notFound();
    return seeOther(c, `/clients/${result.contact.client_id}/contacts?done=contact_removed`);
  });
