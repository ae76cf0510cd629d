import { Hono } from 'hono';
import { z } from 'zod';
import { apiError, notFound, pageParams, pageResult, readJson } from '../api/http.js';
import { apiFields, contactJson } from '../clients/api-json.js';
import { parseId } from '../clients/params.js';
import { getClient } from '../clients/service.js';
import { staffActor } from '../events/service.js';
import type { AppEnv } from '../web/env.js';
import { listContactsAfter } from './queries.js';
import { createContact, getContact, updateContact } from './service.js';

const text = z.string({ error: 'must be a string or null' }).nullable().optional();
const contactBody = z.object({ name: text, email: text, phone: text });

/** JSON API v1 for contacts; mounted by the clients API. */
export const contactsApi = new Hono<AppEnv>()
  .post('/clients/:id/contacts', async (c) => {
    const clientId = parseId(c.req.param('id'));
    if (clientId === null || !(await getClient(c.var.db, clientId))) return notFound(c);
    const body = await readJson(c, contactBody);
    if (!body.ok) return body.response;
    const result = await createContact(c.var.db, staffActor(c.var.apiUser, 'api'), clientId, body.data);
    if (result.ok) return c.json(contactJson(result.contact), 201);
    if (result.error === 'NotFound') return notFound(c);
    return apiError(c, 422, 'validation_failed', 'Some fields are not valid', apiFields(result.errors));
  })
  .get('/clients/:id/contacts', async (c) => {
    const client = await getClient(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!client) return notFound(c);
    const p = pageParams(c);
    if (!p.ok) return p.response;
    const rows = await listContactsAfter(c.var.db, { afterId: p.afterId, limit: p.limit + 1, clientId: client.id });
    return c.json(pageResult(rows, p.limit, contactJson));
  })
  .get('/contacts', async (c) => {
    const p = pageParams(c);
    if (!p.ok) return p.response;
    const raw = c.req.query('client_id');
    const clientId = raw === undefined ? null : parseId(raw);
    if (raw !== undefined && clientId === null) return apiError(c, 400, 'invalid_parameter', 'client_id must be an id', { client_id: 'must be an id' });
    const rows = await listContactsAfter(c.var.db, { afterId: p.afterId, limit: p.limit + 1, clientId });
    return c.json(pageResult(rows, p.limit, contactJson));
  })
  .get('/contacts/:id', async (c) => {
    const contact = await getContact(c.var.db, parseId(c.req.param('id')) ?? 0);
    return contact ? c.json(contactJson(contact)) : notFound(c);
  })
  .patch('/contacts/:id', async (c) => {
    const contact = await getContact(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!contact) return notFound(c);
    const body = await readJson(c, contactBody);
    if (!body.ok) return body.response;
    const result = await updateContact(c.var.db, staffActor(c.var.apiUser, 'api'), contact.id, body.data);
    if (result.ok) return c.json(contactJson(result.contact));
    if (result.error === 'NotFound') return notFound(c);
    return apiError(c, 422, 'validation_failed', 'Some fields are not valid', apiFields(result.errors));
  });
