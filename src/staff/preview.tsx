import { Hono } from 'hono';
import { PreviewChooserPage } from '../../views/home/preview-chooser.js';
import { clientOptions } from '../clients/service.js';
import { listContacts } from '../contacts/service.js';
import { portalPages } from '../portal/routes.js';
import { previewPortal } from '../portal/context.js';
import type { AppEnv } from '../web/env.js';
import { page } from '../web/html.js';

/** Staff preview: the portal's own pages, as a chosen contact of a client sees them, read-only. */
export const previewRoutes = new Hono<AppEnv>();
previewRoutes.get('/preview', async (c) => {
  const raw = c.req.query('client_id') ?? '';
  const clients = await clientOptions(c.var.db);
  const clientId = /^\d{1,15}$/.test(raw) && clients.some((x) => x.id === Number(raw)) ? Number(raw) : null;
  const contacts = clientId ? await listContacts(c.var.db, clientId) : [];
  return page(c, <PreviewChooserPage ui={c.var.ui} staff={c.var.staff} clients={clients} clientId={clientId} contacts={contacts} />);
});
const previewApp = new Hono<AppEnv>();
previewApp.use('*', previewPortal());
previewApp.route('/', portalPages);
previewRoutes.route('/preview/:clientId/:contactId', previewApp);
