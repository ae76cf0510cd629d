import { addDays } from '../../src/ledger/ledger.js';
import { notificationText, safeNotificationLink, type NotificationDay, type NotificationGroup } from '../../src/notifications/grouping.js';
import type { StaffWithBell } from '../../src/notifications/bell.js';
import type { Ui } from '../../src/web/ui.js';
import type { FlashMessage } from '../components/flash.js';
import { ErrorSummary } from '../components/form.js';
import { StaffLayout } from '../layouts/staff.js';

/** What /notifications was asked to show besides the list. */
export interface NotificationsPageState { flash?: FlashMessage | null; message?: string | null }

function dayHeading(ui: Ui, day: string, today: string): string {
  if (day === today) return ui.t('notifications:today');
  if (day === addDays(today, -1)) return ui.t('notifications:yesterday');
  return ui.date(day);
}

function Group(props: { ui: Ui; group: NotificationGroup }) {
  const { ui, group } = props;
  const { t } = ui;
  const text = notificationText(group);
  const sentence = t(text.key, text.values);
  const link = safeNotificationLink(group.link);
  const comment = typeof group.data.comment === 'string' && group.data.comment !== '' ? group.data.comment : null;
  return (
    <li class={group.unread ? 'notification unread' : 'notification'}>
      <div class="notification-text">
        {group.unread ? <span class="visually-hidden">{t('notifications:unread')} </span> : null}
        {link ? <a href={link}>{sentence}</a> : <span>{sentence}</span>}
        {group.clientName ? <span class="muted"> · {group.clientName}</span> : null}
        {comment ? <blockquote class="notification-comment">{comment}</blockquote> : null}
        <p class="hint"><time datetime={group.latestAt}>{ui.dateTime(group.latestAt)}</time></p>
      </div>
      {group.unread ? (
        <form method="post" action="/notifications/read" class="notification-read">
          {group.ids.map((id) => <input type="hidden" name="id" value={String(id)} />)}
          <button type="submit" class="link small">{t('notifications:mark_read')}</button>
        </form>
      ) : null}
    </li>
  );
}

/** /notifications: the signed-in staff member's notifications, by day and record, newest first. */
export function NotificationsPage(props: {
  ui: Ui;
  staff: StaffWithBell;
  days: NotificationDay[];
  today: string;
  olderThan: number | null;
  paged: boolean;
  state?: NotificationsPageState;
}) {
  const { ui } = props;
  const { t } = ui;
  const anyUnread = (props.staff.unreadNotifications ?? 0) > 0 || props.days.some((d) => d.groups.some((g) => g.unread));
  return (
    <StaffLayout ui={ui} staff={props.staff} title={t('notifications:title')} section="notifications" flash={props.state?.flash ?? null}>
      <div class="toolbar">
        <h1>{t('notifications:title')}</h1>
        {anyUnread ? (
          <form method="post" action="/notifications/read-all">
            <button type="submit" class="secondary">{t('notifications:mark_all_read')}</button>
          </form>
        ) : null}
      </div>
      <ErrorSummary ui={ui} message={props.state?.message ?? null} />
      {props.days.length === 0 ? (
        <p class="empty">{t('notifications:empty')}</p>
      ) : (
        props.days.map((d) => (
          <section class="notification-day" aria-label={dayHeading(ui, d.day, props.today)}>
            <h2>{dayHeading(ui, d.day, props.today)}</h2>
            <ul class="notifications">
              {d.groups.map((g) => <Group ui={ui} group={g} />)}
            </ul>
          </section>
        ))
      )}
      <nav class="pager" aria-label={t('common:pager.label')}>
        {props.paged ? <a href="/notifications">{t('notifications:newest')}</a> : <span />}
        {props.olderThan !== null ? <a href={`/notifications?before=${props.olderThan}`} rel="next">{t('notifications:older')}</a> : <span />}
      </nav>
    </StaffLayout>
  );
}
