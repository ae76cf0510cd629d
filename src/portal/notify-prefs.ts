// A portal member's email choices: which events the firm's system may email them about. Stored
// per portal user (not per client) under the preference key 'notify'; every choice defaults to on.

import type { Db, Trx } from '../db/index.js';
import type { FormBody } from '../web/forms.js';
import { formStrings } from '../web/forms.js';
import { getPreference, setPreference } from './preferences.js';

/** The events a member can choose to be emailed about. */
export const NOTIFY_EVENTS = ['invoice_issued', 'estimate_sent', 'payment_received'] as const;
/** One of NOTIFY_EVENTS. */
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
/** A member's choices: true = email me. */
export type NotifyPrefs = Record<NotifyEvent, boolean>;

/** Preference key the choices are stored under. */
export const NOTIFY_PREF_KEY = 'notify';

/** Everything on: what a member who never chose gets. */
export const DEFAULT_NOTIFY_PREFS: NotifyPrefs = { invoice_issued: true, estimate_sent: true, payment_received: true };

/** Reads stored choices: booleans of known events are taken, anything else falls back to the default. Pure. */
export function notifyPrefsFrom(stored: unknown): NotifyPrefs {
  const out: NotifyPrefs = { ...DEFAULT_NOTIFY_PREFS };
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return out;
  const record = stored as Record<string, unknown>;
  for (const e of NOTIFY_EVENTS) {
    const v = record[e];
    if (typeof v === 'boolean') out[e] = v;
  }
  return out;
}

/**
 * Reads the checkboxes of the settings form (`notify_<event>`, a hidden "0" before each checkbox
 * "1", so the last value wins). Pure. Any value but 0/1 (or a checkbox's "on") is refused.
 */
export function notifyPrefsFromForm(body: FormBody): { ok: true; value: NotifyPrefs } | { ok: false; value: NotifyPrefs; errors: Record<string, string> } {
  const value: NotifyPrefs = { invoice_issued: false, estimate_sent: false, payment_received: false };
  const errors: Record<string, string> = {};
  for (const e of NOTIFY_EVENTS) {
    const all = formStrings(body, `notify_${e}`);
    const last = all[all.length - 1] ?? '0';
    if (last === '1' || last === 'on') value[e] = true;
    else if (last !== '0') errors[`notify_${e}`] = 'validation:invalid';
  }
  return Object.keys(errors).length > 0 ? { ok: false, value, errors } : { ok: true, value };
}

/** A portal user's email choices (defaults where never chosen). Later features ask this before emailing a member. */
export async function portalNotifyPrefs(db: Db | Trx, portalUserId: number): Promise<NotifyPrefs> {
  return notifyPrefsFrom(await getPreference(db, portalUserId, NOTIFY_PREF_KEY));
}

/** Stores a portal user's email choices. */
export async function savePortalNotifyPrefs(db: Db | Trx, portalUserId: number, prefs: NotifyPrefs): Promise<void> {
  await setPreference(db, portalUserId, NOTIFY_PREF_KEY, prefs);
}
