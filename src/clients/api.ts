import { Hono } from 'hono';
import { z } from 'zod';
import { apiError, notFound, pageParams, pageResult, readJson } from '../api/http.js';
import { contactsApi } from '../contacts/api.js';
import { listClientEvents, staffActor } from '../events/service.js';
import { projectsApi } from '../projects/api.js';
import type { AppEnv } from '../web/env.js';
import { apiFields, clientJson, eventJson } from './api-json.js';
import { parseId } from './params.js';
import { listClientsAfter } from './queries.js';
import { createClient, getClient, updateClient } from './service.js';
import type { ClientField, Raw } from './validation.js';

// Types only here: lengths, formats and codes are checked by validateClient, like the forms.
const text = z.string({ error: 'must be a string or null' }).nullable().optional();
const clientBody = z.object({
  name: text,
  email: text,
  phone: text,
  vat_number: text,
  billing_address: z.object({ line1: text, line2: text, city: text, postcode: text, country: text }, { error: 'must be an object or null' }).nullable().optional(),
  currency: text,
  language: text,
  notes: text,
});
const clientPatch = clientBody.extend({ archived: z.boolean({ error: 'must be true or false' }).optional() });
type ClientBody = z.output<typeof clientBody>;

/** Where client fields live in the API's JSON. */
const PATHS: Record<string, string> = {
  address_line1: 'billing_address.line1',
  address_line2: 'billing_address.line2',
  city: 'billing_address.city',
  postcode: 'billing_address.postcode',
  country: 'billing_address.country',
};

/** API JSON → raw client fields; absent stays undefined (unchanged), billing_address null clears the address. */
function clientRaw(b: ClientBody): Raw<ClientField> {
  const a = b.billing_address;
  return {
    name: b.name,
    email: b.email,
    phone: b.phone,
    vat_number: b.vat_number,
    currency: b.currency,
    language: b.language,
    notes: b.notes,
    address_line1: a === null ? null : a?.line1,
    address_line2: a === null ? null : a?.line2,
    city: a === null ? null : a?.city,
    postcode: a === null ? null : a?.postcode,
    country: a === null ? null : a?.country,
  };
}

/** JSON API v1 for clients (and, mounted here, contacts and projects). */
export const clientsApi = new Hono<AppEnv>()
  .post('/clients', async (c) => {
    const body = await readJson(c, clientBody);
    if (!body.ok) return body.response;
    const result = await createClient(c.var.db, staffActor(c.var.apiUser, 'api'), clientRaw(body.data));
    if (!result.ok) return apiError(c, 422, 'validation_failed', 'Some fields are not valid', apiFields(result.errors, PATHS));
    return c.json(clientJson(result.client), 201);
  })
  .get('/clients', async (c) => {
    const p = pageParams(c);
    if (!p.ok) return p.response;
    const rows = await listClientsAfter(c.var.db, { afterId: p.afterId, limit: p.limit + 1, q: (c.req.query('q') ?? '').slice(0, 200) });
    return c.json(pageResult(rows, p.limit, clientJson));
  })
  .get('/clients/:id', async (c) => {
    const client = await getClient(c.var.db, parseId(c.req.param('id')) ?? 0);
    return client ? c.json(clientJson(client)) : notFound(c);
  })
  .patch('/clients/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null || !(await getClient(c.var.db, id))) return notFound(c);
    const body = await readJson(c, clientPatch);
    if (!body.ok) return body.response;
    const result = await updateClient(c.var.db, staffActor(c.var.apiUser, 'api'), id, clientRaw(body.data), { archived: body.data.archived });
    if (result.ok) return c.json(clientJson(result.client));
    if (result.error === 'NotFound') return notFound(c);
    if (result.error === 'CurrencyLocked') {
      return apiError(c, 409, 'currency_locked', 'The client has documents or payments in its currency; the currency cannot change', apiFields(result.errors, PATHS));
    }
    return apiError(c, 422, 'validation_failed', 'Some fields are not valid', apiFields(result.errors, PATHS));
  })
  .get('/clients/:id/events', async (c) => {
    const client = await getClient(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!client) return notFound(c);
    const p = pageParams(c);
    if (!p.ok) return p.response;
    // Newest first: the opaque cursor holds the last id shown, and the next page is below it.
    const rows = await listClientEvents(c.var.db, client.id, { beforeId: p.afterId || undefined, limit: p.limit + 1 });
    return c.json(pageResult(rows, p.limit, eventJson));
  })
  .route('/', contactsApi)
  .route('/', projectsApi);
