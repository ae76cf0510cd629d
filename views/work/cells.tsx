import type { Ui } from '../../src/web/ui.js';

/** Where a billable entry stands: billed on an invoice (linked), not yet billed, or not billable. */
export function BilledCell(props: { ui: Ui; billable: boolean; invoiceId: number | null; number: string | null }) {
  const { t } = props.ui;
  if (props.invoiceId !== null) {
    const label = props.number ?? t('work:billed_on_draft', { id: props.invoiceId });
    return <a href={`/invoices/${props.invoiceId}`}>{label}</a>;
  }
  if (!props.billable) return <span class="hint">—</span>;
  return <span class="badge badge-draft">{t('work:unbilled')}</span>;
}

/** Edit and archive for an entry that may still change; nothing for billed or archived ones. */
export function RowActions(props: { ui: Ui; base: string; editable: boolean; confirm: string }) {
  const { t } = props.ui;
  if (!props.editable) return null;
  return (
    <div class="actions">
      <a class="button" href={`${props.base}/edit`}>{t('common:edit')}</a>
      <form method="post" action={`${props.base}/archive`} data-confirm={props.confirm}>
        <button type="submit" class="danger">{t('work:archive')}</button>
      </form>
    </div>
  );
}
