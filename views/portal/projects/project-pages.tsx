import type { DocumentKind, Project } from '../../../src/db/schema.js';
import { displayStatus } from '../../../src/documents/kinds.js';
import type { PortalView } from '../../../src/portal/context.js';
import { formatDuration } from '../../../src/work/duration.js';
import { reportHref } from '../../../src/work/list-query.js';
import type { PortalProjectDocument, ProjectReport } from '../../../src/work/portal.js';
import type { Ui } from '../../../src/web/ui.js';
import { ErrorSummary, Select } from '../../components/form.js';
import { DateText, Money } from '../../components/money.js';
import { Pager } from '../../components/pager.js';
import { PortalLayout } from '../../layouts/portal.js';
import { PeriodFields } from '../../statement/period-fields.js';
import { hoursText, TimeChart } from './time-chart.js';

/** A project in the portal's list, with the hours the member may see. */
export interface PortalProjectItem { id: number; name: string; minutes: number; last_date: string | null }

/** <base>/projects: the client's visible projects. */
export function PortalProjectsPage(props: { ui: Ui; portal: PortalView; projects: PortalProjectItem[]; showTime: boolean }) {
  const { ui, portal } = props;
  const { t } = ui;
  return (
    <PortalLayout ui={ui} portal={portal} title={t('portal_projects:title')} section="projects">
      <h1>{t('portal_projects:title')}</h1>
      {props.projects.length === 0 ? (
        <p class="empty">{t('portal_projects:none')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('portal_projects:fields.project')}</th>
              {props.showTime ? <th scope="col" class="num">{t('portal_projects:fields.hours')}</th> : null}
              {props.showTime ? <th scope="col">{t('portal_projects:fields.last_activity')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.projects.map((p) => (
              <tr>
                <td data-label={t('portal_projects:fields.project')}><a href={`${portal.base}/projects/${p.id}`}>{p.name}</a></td>
                {props.showTime ? <td class="num" data-label={t('portal_projects:fields.hours')}>{hoursText(ui, p.minutes)}</td> : null}
                {props.showTime ? <td data-label={t('portal_projects:fields.last_activity')}><DateText ui={ui} date={p.last_date} /></td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PortalLayout>
  );
}

/** The tabs of a project's page: time (when time entries are visible) and documents. */
function ProjectTabs(props: { ui: Ui; portal: PortalView; project: Project; tab: 'time' | 'documents'; showTime: boolean }) {
  const { t } = props.ui;
  const base = `${props.portal.base}/projects/${props.project.id}`;
  return (
    <nav class="tabs" aria-label={t('portal_projects:tabs.label')}>
      <ul>
        {props.showTime ? <li><a href={base} aria-current={props.tab === 'time' ? 'page' : undefined}>{t('portal_projects:tabs.time')}</a></li> : null}
        <li><a href={props.showTime ? `${base}/documents` : base} aria-current={props.tab === 'documents' ? 'page' : undefined}>{t('portal_projects:tabs.documents')}</a></li>
      </ul>
    </nav>
  );
}

function ProjectHead(props: { ui: Ui; portal: PortalView; project: Project }) {
  const { t } = props.ui;
  return (
    <>
      <p><a href={`${props.portal.base}/projects`}>← {t('portal_projects:all_projects')}</a></p>
      <h1>{props.project.name}</h1>
      {props.project.portal_time === 'billable' ? <p class="hint">{t('portal_projects:billable_only')}</p> : null}
    </>
  );
}

/** The report's filters: period, task, assignee, weeks or months. */
function ReportFilters(props: { ui: Ui; action: string; report: ProjectReport }) {
  const { ui, report } = props;
  const { t } = ui;
  const q = report.query;
  return (
    <form method="get" action={props.action} class="toolbar" role="search" aria-label={t('portal_projects:report.filters')}>
      <ErrorSummary ui={ui} errors={report.errors} />
      <PeriodFields ui={ui} values={{ period: q.period, from: q.from, to: q.to }} errors={report.errors} />
      <Select ui={ui} name="task" label={t('portal_projects:fields.task')} value={q.task} empty={t('portal_projects:report.any_task')} options={report.choices.tasks.map((x) => ({ value: x, label: x }))} />
      <Select ui={ui} name="staff" label={t('portal_projects:fields.assignee')} value={q.staff} empty={t('portal_projects:report.anyone')} options={report.choices.staff.map((s) => ({ value: s.id, label: s.name }))} />
      <Select ui={ui} name="by" label={t('portal_projects:report.by')} value={q.by} empty={t('portal_projects:report.by_auto')}
        options={[{ value: 'week', label: t('portal_projects:chart.week') }, { value: 'month', label: t('portal_projects:chart.month') }]} />
      <button type="submit" class="secondary">{t('portal_projects:report.apply')}</button>
    </form>
  );
}

/** <base>/projects/:id: the time report of a project (chart, summary, entries). */
export function PortalProjectTimePage(props: { ui: Ui; portal: PortalView; project: Project; report: ProjectReport; showBillable: boolean }) {
  const { ui, portal, project, report } = props;
  const { t } = ui;
  const path = `${portal.base}/projects/${project.id}`;
  return (
    <PortalLayout ui={ui} portal={portal} title={project.name} section="projects">
      <ProjectHead ui={ui} portal={portal} project={project} />
      <ProjectTabs ui={ui} portal={portal} project={project} tab="time" showTime />
      <ReportFilters ui={ui} action={path} report={report} />
      <section class="tiles" aria-label={t('portal_projects:report.totals')}>
        <div class="tile"><h2>{t('portal_projects:report.total')}</h2><p class="figure">{hoursText(ui, report.totals.minutes)}</p></div>
        <div class="tile"><h2>{t('portal_projects:chart.billed')}</h2><p class="figure">{hoursText(ui, report.totals.billed)}</p></div>
        <div class="tile"><h2>{t('portal_projects:chart.unbilled')}</h2><p class="figure">{hoursText(ui, report.totals.unbilled)}</p></div>
      </section>
      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">{t('portal_projects:report.over_time')}</h2>
        <TimeChart ui={ui} projectName={project.name} buckets={report.buckets} by={report.granularity} totals={report.totals} truncated={report.truncated} />
      </section>
      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t('portal_projects:report.summary')}</h2>
        {report.summary.length === 0 ? <p class="empty">{t('portal_projects:report.no_time')}</p> : (
          <table class="responsive">
            <thead>
              <tr>
                <th scope="col">{t('portal_projects:fields.task')}</th>
                <th scope="col">{t('portal_projects:fields.assignee')}</th>
                <th scope="col" class="num">{t('portal_projects:fields.hours')}</th>
                <th scope="col" class="num">{t('portal_projects:chart.billed')}</th>
              </tr>
            </thead>
            <tbody>
              {report.summary.map((r) => (
                <tr>
                  <td data-label={t('portal_projects:fields.task')}>{r.task ?? t('portal_projects:no_task')}</td>
                  <td data-label={t('portal_projects:fields.assignee')}>{r.staff_name}</td>
                  <td class="num" data-label={t('portal_projects:fields.hours')}>{hoursText(ui, r.minutes)}</td>
                  <td class="num" data-label={t('portal_projects:chart.billed')}>{hoursText(ui, r.billed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="entries-heading">
        <h2 id="entries-heading">{t('portal_projects:report.entries')}</h2>
        {report.entries.length === 0 ? <p class="empty">{t('portal_projects:report.no_time')}</p> : (
          <table class="responsive">
            <thead>
              <tr>
                <th scope="col">{t('portal_projects:fields.date')}</th>
                <th scope="col">{t('portal_projects:fields.task')}</th>
                <th scope="col">{t('portal_projects:fields.assignee')}</th>
                <th scope="col" class="num">{t('portal_projects:fields.duration')}</th>
                {props.showBillable ? <th scope="col">{t('portal_projects:fields.billable')}</th> : null}
                <th scope="col">{t('portal_projects:fields.billed')}</th>
                <th scope="col">{t('portal_projects:fields.notes')}</th>
              </tr>
            </thead>
            <tbody>
              {report.entries.map((e) => (
                <tr>
                  <td data-label={t('portal_projects:fields.date')}><DateText ui={ui} date={e.date} /></td>
                  <td data-label={t('portal_projects:fields.task')}>{e.task ?? ''}</td>
                  <td data-label={t('portal_projects:fields.assignee')}>{e.staff_name}</td>
                  <td class="num" data-label={t('portal_projects:fields.duration')}>{formatDuration(e.minutes)}</td>
                  {props.showBillable ? <td data-label={t('portal_projects:fields.billable')}>{e.billable ? t('portal_projects:yes') : t('portal_projects:no')}</td> : null}
                  <td data-label={t('portal_projects:fields.billed')}>{e.billed ? t('portal_projects:chart.billed') : e.billable ? t('portal_projects:chart.unbilled') : '—'}</td>
                  <td data-label={t('portal_projects:fields.notes')}>{e.notes ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager ui={ui} page={report.query.page} hasNext={report.hasNext} href={(p) => reportHref(path, report.query, p)} />
      </section>
    </PortalLayout>
  );
}

const KIND_PATH: Record<DocumentKind, string> = { invoice: '/invoices', estimate: '/estimates', credit_note: '/credit-notes' };

/** A document's status in the portal's words (converted estimates read as accepted). */
function statusOf(d: PortalProjectDocument, today: string): { status: string; overdue: boolean } {
  const shown = displayStatus(d.kind, d, d.kind === 'invoice' ? d.balance : 0, today);
  return { status: shown.status === 'converted' ? 'accepted' : shown.status, overdue: shown.overdue };
}

/** <base>/projects/:id/documents: the invoices, estimates and credit notes issued for the project. */
export function PortalProjectDocumentsPage(props: { ui: Ui; portal: PortalView; project: Project; documents: PortalProjectDocument[]; showTime: boolean; today: string }) {
  const { ui, portal, project } = props;
  const { t } = ui;
  return (
    <PortalLayout ui={ui} portal={portal} title={project.name} section="projects">
      <ProjectHead ui={ui} portal={portal} project={project} />
      <ProjectTabs ui={ui} portal={portal} project={project} tab="documents" showTime={props.showTime} />
      <h2 class="visually-hidden">{t('portal_projects:tabs.documents')}</h2>
      {props.documents.length === 0 ? <p class="empty">{t('portal_projects:documents.none')}</p> : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('portal_projects:documents.document')}</th>
              <th scope="col">{t('portal_projects:fields.date')}</th>
              <th scope="col" class="num">{t('portal_projects:documents.total')}</th>
              <th scope="col">{t('portal_projects:documents.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.documents.map((d) => {
              const s = statusOf(d, props.today);
              return (
                <tr>
                  <td data-label={t('portal_projects:documents.document')}>
                    <a href={`${portal.base}${KIND_PATH[d.kind]}/${d.id}`}>{t(`portal_projects:documents.kinds.${d.kind}`, { number: d.number ?? '' })}</a>
                  </td>
                  <td data-label={t('portal_projects:fields.date')}><DateText ui={ui} date={d.issue_date} /></td>
                  <td class="num" data-label={t('portal_projects:documents.total')}><Money ui={ui} minor={d.total} currency={d.currency} /></td>
                  <td data-label={t('portal_projects:documents.status')}>
                    <span class={`badge badge-${s.status}`}>{t(`portal_projects:status.${s.status}`)}</span>
                    {s.overdue ? <> <span class="badge badge-overdue">{t('portal_projects:status.overdue')}</span></> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </PortalLayout>
  );
}
