import type { PortalStatus } from '../../../src/portal/lists.js';
import type { Ui } from '../../../src/web/ui.js';

/** A document's status in the portal's words, with an "overdue" badge for a late invoice. */
export function PortalStatusBadge(props: { ui: Ui; status: PortalStatus; overdue?: boolean }) {
  const { t } = props.ui;
  return (
    <span class="badges">
      <span class={`badge badge-${props.status}`}>{t(`portal_docs:status.${props.status}`)}</span>
      {props.overdue ? <> <span class="badge badge-overdue">{t('portal_docs:status.overdue')}</span></> : null}
    </span>
  );
}
