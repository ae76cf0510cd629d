import type { FlashMessage } from '../../views/components/flash.js';
import type { DocumentError, DocumentResult } from './service.js';

// After POST → 303 → GET the page says what happened through `?done=<code>`; only these codes are shown.
const DONE = ['created', 'saved', 'finalized', 'sent', 'voided', 'converted', 'accepted', 'rejected', 'applied', 'emailed', 'emailed_invited', 'emailed_invite_failed', 'links_revoked'] as const;

/** A code a redirect may carry in `?done=`. */
export type DoneCode = (typeof DONE)[number];

/** The success message for `?done=<code>`, or null for a missing or unknown code. */
export function doneFlash(code: string | undefined): FlashMessage | null {
  return code && (DONE as readonly string[]).includes(code) ? { kind: 'success', key: `documents:flash.${code}` } : null;
}

/** The error message for a refused action: the first field's problem, or the refusal's reason. */
export function refusalFlash(result: { error: DocumentError; fields?: Record<string, string> }): FlashMessage {
  const fieldKey = result.fields ? Object.values(result.fields)[0] : undefined;
  return { kind: 'error', key: fieldKey ?? `documents:errors.${result.error}` };
}

/** HTTP status of a refused action on a page: 404 unknown, 422 bad input, 409 not allowed now. */
export function refusalStatus(result: Extract<DocumentResult<unknown>, { ok: false }>): 404 | 409 | 422 {
  return result.error === 'NotFound' ? 404 : result.error === 'Invalid' ? 422 : 409;
}
