import type { DisplayStatus } from '../../src/documents/kinds.js';
import type { Ui } from '../../src/web/ui.js';

/** A document's status as a coloured badge, with an extra "overdue" badge for late invoices. */
export function StatusBadge(props: { ui: Ui; status: DisplayStatus; overdue?: boolean }) {
  const { t } = props.ui;
  return (
    <span class="badges">
      <span class={`badge badge-${props.status}`}>{t(`documents:status.${props.status}`)}</span>
      {props.overdue ? <> <span class="badge badge-overdue">{t('documents:status.overdue')}</span></> : null}
    </span>
  );
}
