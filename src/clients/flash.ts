import type { FlashMessage } from '../../views/components/flash.js';

// After POST → 303 → GET the page says what happened through `?done=<code>`; only these codes are shown.
const DONE: Record<string, string> = {
  created: 'clients:flash.created',
  saved: 'clients:flash.saved',
  archived: 'clients:flash.archived',
  restored: 'clients:flash.restored',
  contact_added: 'contacts:flash.added',
  contact_saved: 'contacts:flash.saved',
  contact_removed: 'contacts:flash.removed',
  project_created: 'projects:flash.created',
  project_saved: 'projects:flash.saved',
  project_archived: 'projects:flash.archived',
};

/** A code a redirect may carry in `?done=`. */
export type DoneCode = keyof typeof DONE;

/** The success message for `?done=<code>`, or null for a missing or unknown code. */
export function doneFlash(code: string | undefined): FlashMessage | null {
  // Own keys only: "toString" or "constructor" must not reach t() as a function.
  const key = code && Object.hasOwn(DONE, code) ? DONE[code] : undefined;
  return key ? { kind: 'success', key } : null;
}
