import { Hono, type Context } from 'hono';
import { PortalProjectDocumentsPage, PortalProjectsPage, PortalProjectTimePage } from '../../views/portal/projects/project-pages.js';
import { PortalExpensesPage, PortalNotesPage, PortalSchedulePage } from '../../views/portal/projects/work-lists.js';
import { parseId, parsePage } from '../clients/params.js';
import type { DocumentKind } from '../db/schema.js';
import { mayView } from '../portal-access/visibility.js';
import { today } from '../util/time.js';
import type { AppEnv } from '../web/env.js';
import { page } from '../web/html.js';
import { listPortalExpenses, listPortalNotes, listPortalSchedule, portalProject, portalProjects, projectDocuments, projectReport } from '../work/portal.js';

type C = Context<AppEnv>;

/** May the member see this entry type? (Hidden types answer 404 on every URL.) */
const sees = (c: C, key: 'projects' | 'time_entries' | 'expenses' | 'notes' | 'schedule' | 'invoices' | 'estimates' | 'credit_notes') =>
  mayView(c.var.portal.access, c.var.portal.settings, key);

/** The document kinds of a project's documents tab this member may see. */
function visibleKinds(c: C): DocumentKind[] {
  const kinds: DocumentKind[] = [];
  if (sees(c, 'invoices')) kinds.push('invoice');
  if (sees(c, 'estimates')) kinds.push('estimate');
  if (sees(c, 'credit_notes')) kinds.push('credit_note');
  return kinds;
}

/** The project of the URL when projects are visible and it is one of the active client's visible projects. */
async function projectOf(c: C) {
  if (!sees(c, 'projects')) return null;
  return portalProject(c.var.db, c.var.portal.client.id, parseId(c.req.param('id')));
}

/** The documents tab of a project (also its page when time is not shown). */
async function documentsTab(c: C) {
  const project = await projectOf(c);
  if (!project) return c.notFound();
  const documents = await projectDocuments(c.var.db, c.var.portal.client.id, project.id, visibleKinds(c));
  return page(c, <PortalProjectDocumentsPage ui={c.var.ui} portal={c.var.portal} project={project} documents={documents} showTime={sees(c, 'time_entries')} today={today()} />);
}

/**
 * Work records in the portal: projects (time report with its chart, documents), expenses,
 * shared notes, schedule. Read-only; every query is scoped to the active client.
 */
export const portalProjectsRoutes = new Hono<AppEnv>()
  .get('/projects', async (c) => {
    if (!sees(c, 'projects')) return c.notFound();
    const projects = await portalProjects(c.var.db, c.var.portal.client.id);
    return page(c, <PortalProjectsPage ui={c.var.ui} portal={c.var.portal} projects={projects} showTime={sees(c, 'time_entries')} />);
  })
  .get('/projects/:id{[0-9]+}', async (c) => {
    if (!sees(c, 'time_entries')) return documentsTab(c);
    const project = await projectOf(c);
    if (!project) return c.notFound();
    const report = await projectReport(c.var.db, c.var.portal.client.id, project, c.req.query());
    const status = Object.keys(report.errors).length ? 422 : 200;
    return page(c, <PortalProjectTimePage ui={c.var.ui} portal={c.var.portal} project={project} report={report} showBillable={project.portal_time === 'all'} />, status);
  })
  .get('/projects/:id{[0-9]+}/documents', (c) => documentsTab(c))
  .get('/expenses', async (c) => {
    if (!sees(c, 'expenses')) return c.notFound();
    const list = await listPortalExpenses(c.var.db, c.var.portal.client.id, parsePage(c.req.query('page')));
    return page(c, <PortalExpensesPage ui={c.var.ui} portal={c.var.portal} list={list} />);
  })
  .get('/notes', async (c) => {
    if (!sees(c, 'notes')) return c.notFound();
    const list = await listPortalNotes(c.var.db, c.var.portal.client.id, parsePage(c.req.query('page')));
    return page(c, <PortalNotesPage ui={c.var.ui} portal={c.var.portal} list={list} />);
  })
  .get('/schedule', async (c) => {
    if (!sees(c, 'schedule')) return c.notFound();
    const when = c.req.query('when') === 'past' ? 'past' : 'upcoming';
    const list = await listPortalSchedule(c.var.db, c.var.portal.client.id, when, parsePage(c.req.query('page')));
    return page(c, <PortalSchedulePage ui={c.var.ui} portal={c.var.portal} list={list} when={when} />);
  });
