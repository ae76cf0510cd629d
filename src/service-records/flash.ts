import type { FlashMessage } from '../../views/components/flash.js';

// After POST → 303 → GET a page says what happened through `?done=<code>`; only these codes are shown.
const DONE = new Map<string, string>([
  ['site_created', 'service:flash.site_created'],
  ['site_saved', 'service:flash.site_saved'],
  ['site_archived', 'service:flash.site_archived'],
  ['contract_created', 'service:flash.contract_created'],
  ['contract_saved', 'service:flash.contract_saved'],
  ['contract_cancelled', 'service:flash.contract_cancelled'],
  ['contract_archived', 'service:flash.contract_archived'],
  ['equipment_created', 'service:flash.equipment_created'],
  ['equipment_saved', 'service:flash.equipment_saved'],
  ['equipment_archived', 'service:flash.equipment_archived'],
  ['report_created', 'service:flash.report_created'],
  ['report_saved', 'service:flash.report_saved'],
  ['report_archived', 'service:flash.report_archived'],
  ['file_uploaded', 'files:flash.uploaded'],
  ['file_shared', 'files:flash.shared'],
  ['file_unshared', 'files:flash.unshared'],
  ['file_archived', 'files:flash.archived'],
]);

/** The success message for `?done=<code>` on service and file pages, or null. */
export function serviceFlash(code: string | undefined): FlashMessage | null {
  const key = code ? DONE.get(code) : undefined;
  return key ? { kind: 'success', key } : null;
}
