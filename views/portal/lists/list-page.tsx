import { PortalLayout } from '../../layouts/portal.js';
import { ColumnsChooser, ListFilters } from './filters.js';
import { ListResults } from './results.js';
import { LIST_REGION_ID, type PortalListView } from './types.js';

export { LIST_REGION_ID } from './types.js';
export type { PortalDocumentItem, PortalListRows, PortalListView } from './types.js';

/** The swappable region of a list: filters, columns chooser and results. The page shows it; htmx gets just it. */
export function PortalListRegion(props: PortalListView) {
  return (
    <div id={LIST_REGION_ID} class="portal-list">
      <ListFilters {...props} />
      <ColumnsChooser {...props} />
      <ListResults {...props} />
    </div>
  );
}

/** A portal list page: invoices, estimates, credit notes or payments. */
export function PortalListPage(props: PortalListView) {
  const { t } = props.ui;
  const title = t(`portal_docs:lists.${props.list}.title`);
  return (
    <PortalLayout ui={props.ui} portal={props.portal} title={title} section={props.list}>
      <h1>{title}</h1>
      <PortalListRegion {...props} />
    </PortalLayout>
  );
}
