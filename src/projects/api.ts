import { Hono } from 'hono';
import { z } from 'zod';
import { api, apiError, notFound, pageParams, pageResult, readJson } from '../api/http.js';
import { apiFields, projectJson } from '../clients/api-json.js';
import { parseId } from '../clients/params.js';
import type { ProjectField, Raw } from '../clients/validation.js';
import { staffActor } from '../events/service.js';
import type { AppEnv } from '../web/env.js';
import { listProjectsAfter } from './queries.js';
import { createProject, getProject, updateProject } from './service.js';

const text = z.string({ error: 'must be a string or null' }).nullable().optional();
const projectPatch = z.object({
  name: text,
  email: text,
  portal_visible: z.boolean({ error: 'must be true or false' }).optional(),
  portal_time: z.enum(['all', 'billable'], { error: 'must be all or billable' }).optional(),
});
const projectBody = projectPatch.extend({ client_id: api.id });
type ProjectBody = z.output<typeof projectPatch>;

/** API JSON → raw project fields; absent stays undefined (unchanged). */
function projectRaw(b: ProjectBody): Raw<ProjectField> {
  return { name: b.name, email: b.email, portal_time: b.portal_time, portal_visible: b.portal_visible === undefined ? undefined : b.portal_visible ? '1' : '0' };
}

/** JSON API v1 for projects; mounted by the clients API. */
export const projectsApi = new Hono<AppEnv>()
  .post('/projects', async (c) => {
    const body = await readJson(c, projectBody);
    if (!body.ok) return body.response;
    const result = await createProject(c.var.db, staffActor(c.var.apiUser, 'api'), body.data.client_id, projectRaw(body.data));
    if (result.ok) return c.json(projectJson(result.project), 201);
    if (result.error === 'NotFound') return apiError(c, 422, 'validation_failed', 'Some fields are not valid', { client_id: 'no client has this id' });
    return apiError(c, 422, 'validation_failed', 'Some fields are not valid', apiFields(result.errors));
  })
  .get('/projects', async (c) => {
    const p = pageParams(c);
    if (!p.ok) return p.response;
    const raw = c.req.query('client_id');
    const clientId = raw === undefined ? null : parseId(raw);
    if (raw !== undefined && clientId === null) return apiError(c, 400, 'invalid_parameter', 'client_id must be an id', { client_id: 'must be an id' });
    const rows = await listProjectsAfter(c.var.db, { afterId: p.afterId, limit: p.limit + 1, clientId });
    return c.json(pageResult(rows, p.limit, projectJson));
  })
  .get('/projects/:id', async (c) => {
    const project = await getProject(c.var.db, parseId(c.req.param('id')) ?? 0);
    return project ? c.json(projectJson(project)) : notFound(c);
  })
  .patch('/projects/:id', async (c) => {
    const project = await getProject(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!project) return notFound(c);
    const body = await readJson(c, projectPatch);
    if (!body.ok) return body.response;
    const result = await updateProject(c.var.db, staffActor(c.var.apiUser, 'api'), project.id, projectRaw(body.data));
    if (result.ok) return c.json(projectJson(result.project));
    if (result.error === 'NotFound') return notFound(c);
    return apiError(c, 422, 'validation_failed', 'Some fields are not valid', apiFields(result.errors));
  });
