import type { PortalView } from '../../../src/portal/context.js';
import type { PortalExpenseRow, PortalNoteRow, PortalPage, PortalScheduleRow } from '../../../src/work/portal.js';
import type { Ui } from '../../../src/web/ui.js';
import { DateText, Money } from '../../components/money.js';
import { Pager } from '../../components/pager.js';
import { PortalLayout } from '../../layouts/portal.js';

const pageHref = (path: string, extra = '') => (p: number) => {
  const params = [extra, p > 1 ? `page=${p}` : ''].filter(Boolean).join('&');
  return params ? `${path}?${params}` : path;
};

/** <base>/expenses: the client's billable expenses, read-only. */
export function PortalExpensesPage(props: { ui: Ui; portal: PortalView; list: PortalPage<PortalExpenseRow> }) {
  const { ui, portal, list } = props;
  const { t } = ui;
  return (
    <PortalLayout ui={ui} portal={portal} title={t('portal_projects:expenses.title')} section="expenses">
      <h1>{t('portal_projects:expenses.title')}</h1>
      <p class="hint">{t('portal_projects:expenses.intro')}</p>
      {list.rows.length === 0 ? <p class="empty">{t('portal_projects:expenses.none')}</p> : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('portal_projects:fields.date')}</th>
              <th scope="col">{t('portal_projects:fields.category')}</th>
              <th scope="col">{t('portal_projects:fields.project')}</th>
              <th scope="col" class="num">{t('portal_projects:fields.amount')}</th>
              <th scope="col">{t('portal_projects:fields.billed')}</th>
              <th scope="col">{t('portal_projects:fields.notes')}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((e) => (
              <tr>
                <td data-label={t('portal_projects:fields.date')}><DateText ui={ui} date={e.date} /></td>
                <td data-label={t('portal_projects:fields.category')}>{e.category}</td>
                <td data-label={t('portal_projects:fields.project')}>{e.project_name ?? ''}</td>
                <td class="num" data-label={t('portal_projects:fields.amount')}><Money ui={ui} minor={e.amount} currency={e.currency} /></td>
                <td data-label={t('portal_projects:fields.billed')}>{e.billed ? t('portal_projects:chart.billed') : t('portal_projects:chart.unbilled')}</td>
                <td data-label={t('portal_projects:fields.notes')}>{e.notes ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ui={ui} page={list.page} hasNext={list.hasNext} href={pageHref(`${portal.base}/expenses`)} />
    </PortalLayout>
  );
}

/** <base>/notes: the notes the firm shared with the client. */
export function PortalNotesPage(props: { ui: Ui; portal: PortalView; list: PortalPage<PortalNoteRow> }) {
  const { ui, portal, list } = props;
  const { t } = ui;
  return (
    <PortalLayout ui={ui} portal={portal} title={t('portal_projects:notes.title')} section="notes">
      <h1>{t('portal_projects:notes.title')}</h1>
      {list.rows.length === 0 ? <p class="empty">{t('portal_projects:notes.none')}</p> : (
        <ul class="work-notes">
          {list.rows.map((n) => (
            <li>
              <p class="meta"><DateText ui={ui} date={n.date} />{n.project_name ? <> · {n.project_name}</> : null}</p>
              <p class="note-body">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
      <Pager ui={ui} page={list.page} hasNext={list.hasNext} href={pageHref(`${portal.base}/notes`)} />
    </PortalLayout>
  );
}

/** <base>/schedule: the client's appointments, upcoming or past. */
export function PortalSchedulePage(props: { ui: Ui; portal: PortalView; list: PortalPage<PortalScheduleRow>; when: 'upcoming' | 'past' }) {
  const { ui, portal, list, when } = props;
  const { t } = ui;
  const path = `${portal.base}/schedule`;
  return (
    <PortalLayout ui={ui} portal={portal} title={t('portal_projects:schedule.title')} section="schedule">
      <h1>{t('portal_projects:schedule.title')}</h1>
      <nav class="tabs" aria-label={t('portal_projects:schedule.label')}>
        <ul>
          <li><a href={path} aria-current={when === 'upcoming' ? 'page' : undefined}>{t('portal_projects:schedule.upcoming')}</a></li>
          <li><a href={`${path}?when=past`} aria-current={when === 'past' ? 'page' : undefined}>{t('portal_projects:schedule.past')}</a></li>
        </ul>
      </nav>
      {list.rows.length === 0 ? <p class="empty">{t(when === 'upcoming' ? 'portal_projects:schedule.none_upcoming' : 'portal_projects:schedule.none_past')}</p> : (
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t('portal_projects:fields.when')}</th>
              <th scope="col">{t('portal_projects:fields.title')}</th>
              <th scope="col">{t('portal_projects:fields.place')}</th>
              <th scope="col">{t('portal_projects:fields.attendees')}</th>
              <th scope="col">{t('portal_projects:fields.project')}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((s) => (
              <tr>
                <td data-label={t('portal_projects:fields.when')}>
                  <time datetime={s.starts_at}>{ui.dateTime(s.starts_at)}</time> – <time datetime={s.ends_at}>{ui.dateTime(s.ends_at)}</time>
                </td>
                <td data-label={t('portal_projects:fields.title')}>{s.title}{s.notes ? <><br /><span class="hint">{s.notes}</span></> : null}</td>
                <td data-label={t('portal_projects:fields.place')}>{s.place ?? ''}</td>
                <td data-label={t('portal_projects:fields.attendees')}>{s.attendees ?? ''}</td>
                <td data-label={t('portal_projects:fields.project')}>{s.project_name ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ui={ui} page={list.page} hasNext={list.hasNext} href={pageHref(path, when === 'past' ? 'when=past' : '')} />
    </PortalLayout>
  );
}
