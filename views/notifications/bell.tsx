import type { Ui } from '../../src/web/ui.js';

/**
 * The staff bell: a link to /notifications with the unread count. With htmx it refreshes its
 * count every minute by fetching itself (GET /notifications/bell renders this same component).
 */
export function NotificationBell(props: { ui: Ui; count: number | undefined; current?: boolean }) {
  const { t } = props.ui;
  const count = props.count ?? 0;
  const label = count > 0 ? t('notifications:bell.unread', { count }) : t('notifications:bell.none');
  return (
    <a
      id="notification-bell"
      class={count > 0 ? 'bell has-unread' : 'bell'}
      href="/notifications"
      aria-label={label}
      title={label}
      aria-current={props.current ? 'page' : undefined}
      hx-get="/notifications/bell"
      hx-trigger="every 60s"
      hx-swap="outerHTML"
    >
      <span class="bell-icon" aria-hidden="true" />
      {count > 0 ? <span class="bell-count" data-count={String(count)}>{count > 99 ? '99+' : String(count)}</span> : null}
    </a>
  );
}
