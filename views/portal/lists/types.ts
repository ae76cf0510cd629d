import type { PortalView } from '../../../src/portal/context.js';
import type { PortalAllocation, PortalDocumentRow, PortalPaymentRow } from '../../../src/portal/list-queries.js';
import type { ListErrors, ListState, PortalListName, PortalStatus } from '../../../src/portal/lists.js';
import type { Minor } from '../../../src/money/money.js';
import type { Ui } from '../../../src/web/ui.js';

/** Id of the region htmx swaps: filters, columns chooser and results, so every control stays in step. */
export const LIST_REGION_ID = 'portal-list';

/** A document row with its status as the portal shows it. */
export interface PortalDocumentItem extends PortalDocumentRow {
  shown: PortalStatus;
  overdue: boolean;
  /** Invoices: what is still owed. */
  balance: Minor;
}

/** The rows of one list. */
export type PortalListRows =
  | { list: 'invoices' | 'estimates' | 'credit_notes'; rows: PortalDocumentItem[] }
  | { list: 'payments'; rows: PortalPaymentRow[]; allocations: Map<number, PortalAllocation[]> };

/** Everything a portal list page (or its htmx partial) shows. */
export interface PortalListView {
  ui: Ui;
  portal: PortalView;
  list: PortalListName;
  state: ListState;
  errors: ListErrors;
  /** Optional columns shown, in display order. */
  columns: string[];
  /** Optional columns the member may choose from. */
  available: string[];
  /** Sort keys allowed. */
  sorts: string[];
  projects: Array<{ id: number; name: string }>;
  /** Rows matching the filters (all pages). */
  total: number;
  data: PortalListRows;
  /** Whether links to invoice pages may be shown (invoices visible). */
  invoiceLinks: boolean;
}
