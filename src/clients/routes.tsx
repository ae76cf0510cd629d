import { Hono } from 'hono';
import { ClientDetailsPage, ClientEventsPage } from '../../views/clients/client-details.js';
import { EditClientPage, NewClientPage } from '../../views/clients/client-form.js';
import { CLIENTS_RESULTS_ID, ClientsPage, ClientsResults, JumpResults, type ClientsQuery } from '../../views/clients/clients-list.js';
import { contactsRoutes } from '../contacts/routes.js';
import { listClientEvents, staffActor } from '../events/service.js';
import { projectsRoutes } from '../projects/routes.js';
import type { AppEnv } from '../web/env.js';
import { fragment, isHtmx, page, seeOther } from '../web/html.js';
import { doneFlash } from './flash.js';
import { formFields } from './form-input.js';
import { loadClientFrame } from './frame.js';
import { parseId, parsePage } from './params.js';
import { archiveClient, clientValues, createClient, isCurrencyLocked, jumpSuggestions, newClientDefaults, restoreClient, searchClients, updateClient } from './service.js';
import { CLIENT_FIELDS } from './validation.js';

const EVENTS_PAGE_SIZE = 50;

/** Staff pages of clients (list, new, details, edit, archive, history); contacts and projects tabs mount here too. */
export const clientsRoutes = new Hono<AppEnv>()
  .get('/clients', async (c) => {
    const query: ClientsQuery = { q: (c.req.query('q') ?? '').trim().slice(0, 200), archived: c.req.query('archived') === '1', page: parsePage(c.req.query('page')) };
    const { rows, hasNext, jumpTo } = await searchClients(c.var.db, { q: query.q, includeArchived: query.archived, page: query.page });
    if (c.req.query('jump') === '1' && jumpTo !== null) return c.redirect(`/clients/${jumpTo}`, 302);
    // The live search targets the results region; anything else (boost, history restore) gets the whole page.
    if (isHtmx(c) && c.req.header('HX-Target') === CLIENTS_RESULTS_ID) return fragment(c, <ClientsResults ui={c.var.ui} rows={rows} query={query} hasNext={hasNext} />);
    return page(c, <ClientsPage ui={c.var.ui} staff={c.var.staff} rows={rows} query={query} hasNext={hasNext} flash={doneFlash(c.req.query('done'))} />);
  })
  .get('/clients/jump', async (c) => {
    const options = await jumpSuggestions(c.var.db, (c.req.query('q') ?? '').slice(0, 200));
    return fragment(c, <JumpResults options={options} />);
  })
  .get('/clients/new', async (c) => {
    const values = await newClientDefaults(c.var.db);
    return page(c, <NewClientPage ui={c.var.ui} staff={c.var.staff} values={values} />);
  })
  .post('/clients', async (c) => {
    const raw = formFields(await c.req.parseBody(), CLIENT_FIELDS);
    const result = await createClient(c.var.db, staffActor(c.var.staff), raw);
    if (!result.ok) return page(c, <NewClientPage ui={c.var.ui} staff={c.var.staff} values={raw} errors={result.errors} />, 422);
    return seeOther(c, `/clients/${result.client.id}?done=created`);
  })
  .get('/clients/:id{[0-9]+}', async (c) => {
    const frame = await loadClientFrame(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!frame) return c.notFound();
    return page(c, <ClientDetailsPage ui={c.var.ui} staff={c.var.staff} {...frame} flash={doneFlash(c.req.query('done'))} />);
  })
  .get('/clients/:id{[0-9]+}/edit', async (c) => {
    const frame = await loadClientFrame(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!frame) return c.notFound();
    const locked = await isCurrencyLocked(c.var.db, frame.client.id);
    return page(c, <EditClientPage ui={c.var.ui} staff={c.var.staff} {...frame} values={clientValues(frame.client)} currencyLocked={locked} />);
  })
  .post('/clients/:id{[0-9]+}', async (c) => {
    const id = parseId(c.req.param('id')) ?? 0;
    const raw = formFields(await c.req.parseBody(), CLIENT_FIELDS);
    const result = await updateClient(c.var.db, staffActor(c.var.staff), id, raw);
    if (result.ok) return seeOther(c, `/clients/${id}?done=saved`);
    const frame = result.error === 'NotFound' ? null : await loadClientFrame(c.var.db, id);
    if (!frame || result.error === 'NotFound') return c.notFound();
    const locked = await isCurrencyLocked(c.var.db, frame.client.id);
    const values = { ...clientValues(frame.client), ...raw };
    return page(c, <EditClientPage ui={c.var.ui} staff={c.var.staff} {...frame} values={values} errors={result.errors} currencyLocked={locked} />, 422);
  })
  .post('/clients/:id{[0-9]+}/archive', async (c) => {
    const result = await archiveClient(c.var.db, staffActor(c.var.staff), parseId(c.req.param('id')) ?? 0);
    if (!result.ok) return c.notFound();
    return seeOther(c, `/clients/${result.client.id}?done=archived`);
  })
  .post('/clients/:id{[0-9]+}/restore', async (c) => {
    const result = await restoreClient(c.var.db, staffActor(c.var.staff), parseId(c.req.param('id')) ?? 0);
    if (!result.ok) return c.notFound();
    return seeOther(c, `/clients/${result.client.id}?done=restored`);
  })
  .get('/clients/:id{[0-9]+}/events', async (c) => {
    const frame = await loadClientFrame(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!frame) return c.notFound();
    const before = parseId(c.req.query('before'));
    const found = await listClientEvents(c.var.db, frame.client.id, { beforeId: before ?? undefined, limit: EVENTS_PAGE_SIZE + 1 });
    const events = found.slice(0, EVENTS_PAGE_SIZE);
    const last = events[events.length - 1];
    const olderHref = found.length > EVENTS_PAGE_SIZE && last ? `/clients/${frame.client.id}/events?before=${last.id}` : null;
    const newestHref = before ? `/clients/${frame.client.id}/events` : null;
    return page(c, <ClientEventsPage ui={c.var.ui} staff={c.var.staff} {...frame} events={events} olderHref={olderHref} newestHref={newestHref} />);
  })
  .route('/', contactsRoutes)
  .route('/', projectsRoutes);
