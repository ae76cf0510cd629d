import { Hono } from 'hono';
import { EditProjectPage, ProjectsTab } from '../../views/projects/projects-tab.js';
import { doneFlash } from '../clients/flash.js';
import { formFields } from '../clients/form-input.js';
import { loadClientFrame } from '../clients/frame.js';
import { parseId } from '../clients/params.js';
import type { ProjectField, Raw } from '../clients/validation.js';
import type { Project } from '../db/schema.js';
import { staffActor } from '../events/service.js';
import type { AppEnv } from '../web/env.js';
import { page, seeOther } from '../web/html.js';
import { archiveProject, createProject, getProject, listProjects, updateProject } from './service.js';

const FIELDS: readonly ProjectField[] = ['name', 'email', 'portal_visible', 'portal_time'];

/** A stored project as form values. */
function formValues(p: Project): Raw<ProjectField> {
  return { name: p.name, email: p.email, portal_visible: p.portal_visible ? '1' : '0', portal_time: p.portal_time };
}

/** The projects tab of a client, and editing/archiving one project. Mounted by the clients routes. */
export const projectsRoutes = new Hono<AppEnv>()
  .get('/clients/:id{[0-9]+}/projects', async (c) => {
    const frame = await loadClientFrame(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!frame) return c.notFound();
    const projects = await listProjects(c.var.db, frame.client.id, true);
    return page(c, <ProjectsTab ui={c.var.ui} staff={c.var.staff} {...frame} projects={projects} values={{}} flash={doneFlash(c.req.query('done'))} />);
  })
  .post('/clients/:id{[0-9]+}/projects', async (c) => {
    const clientId = parseId(c.req.param('id')) ?? 0;
    const raw = formFields(await c.req.parseBody(), FIELDS);
    const result = await createProject(c.var.db, staffActor(c.var.staff), clientId, raw);
    if (result.ok) return seeOther(c, `/clients/${clientId}/projects?done=project_created`);
    const frame = result.error === 'NotFound' ? null : await loadClientFrame(c.var.db, clientId);
    if (!frame || result.error === 'NotFound') return c.notFound();
    const projects = await listProjects(c.var.db, clientId, true);
    return page(c, <ProjectsTab ui={c.var.ui} staff={c.var.staff} {...frame} projects={projects} values={raw} errors={result.errors} />, 422);
  })
  .get('/projects/:id{[0-9]+}/edit', async (c) => {
    const project = await getProject(c.var.db, parseId(c.req.param('id')) ?? 0);
    const frame = project && !project.archived_at ? await loadClientFrame(c.var.db, project.client_id) : null;
    if (!project || !frame) return c.notFound();
    return page(c, <EditProjectPage ui={c.var.ui} staff={c.var.staff} {...frame} project={project} values={formValues(project)} />);
  })
  .post('/projects/:id{[0-9]+}', async (c) => {
    const project = await getProject(c.var.db, parseId(c.req.param('id')) ?? 0);
    if (!project || project.archived_at) return c.notFound();
    const raw = formFields(await c.req.parseBody(), FIELDS);
    const result = await updateProject(c.var.db, staffActor(c.var.staff), project.id, raw);
    if (result.ok) return seeOther(c, `/clients/${project.client_id}/projects?done=project_saved`);
    const frame = result.error === 'NotFound' ? null : await loadClientFrame(c.var.db, project.client_id);
    if (!frame || result.error === 'NotFound') return c.notFound();
    return page(c, <EditProjectPage ui={c.var.ui} staff={c.var.staff} {...frame} project={project} values={{ ...formValues(project), ...raw }} errors={result.errors} />, 422);
  })
  .post('/projects/:id{[0-9]+}/archive', async (c) => {
    const result = await archiveProject(c.var.db, staffActor(c.var.staff), parseId(c.req.param('id')) ?? 0);
    if (!result.ok) return c.notFound();
    return seeOther(c, `/clients/${result.project.client_id}/projects?done=project_archived`);
  });
