// Staff notifications: written in the transaction of the change they announce (one row per
// active staff member), read and marked read by their recipient only.

import type { Db, Trx } from '../db/index.js';
import { nowIso } from '../util/time.js';
import { groupNotifications, type NotificationDay, type NotificationKind } from './grouping.js';
import {
  activeStaffRecipients,
  countUnreadForStaff,
  insertNotificationRows,
  listStaffNotifications,
  markAllStaffNotificationsRead,
  markStaffNotificationsRead,
  type StaffRecipient,
} from './queries.js';

export type { StaffRecipient } from './queries.js';

/** What a staff notification says: its kind, the data its sentence needs, the record it links to. */
export interface StaffNotice {
  kind: NotificationKind;
  clientId: number | null;
  /** Values for the sentence (names, numbers); stored as JSON, rendered through t(). */
  data: Record<string, string | number | null>;
  /** A staff page path, e.g. /estimates/12. */
  link: string | null;
}

/**
 * Notifies every active staff member in-app; call INSIDE the transaction of the change.
 * Returns the recipients, so a caller can also email them in the same transaction.
 */
export async function notifyStaff(trx: Db | Trx, notice: StaffNotice): Promise<StaffRecipient[]> {
  const recipients = await activeStaffRecipients(trx);
  const data = JSON.stringify(notice.data);
  await insertNotificationRows(
    trx,
    recipients.map((r) => ({ staff_user_id: r.id, portal_user_id: null, client_id: notice.clientId, kind: notice.kind, data, link: notice.link, read_at: null })),
  );
  return recipients;
}

/** The number on the staff bell. */
export function unreadNotificationCount(db: Db, staffUserId: number): Promise<number> {
  return countUnreadForStaff(db, staffUserId);
}

/** Notifications shown on one page of /notifications. */
export const NOTIFICATIONS_PAGE_SIZE = 100;

/** One page of a staff member's notifications, grouped by day and record; `olderThan` is the next page's cursor. */
export async function staffNotificationsPage(db: Db, staffUserId: number, beforeId: number | null): Promise<{ days: NotificationDay[]; olderThan: number | null }> {
  const rows = await listStaffNotifications(db, staffUserId, { beforeId, limit: NOTIFICATIONS_PAGE_SIZE + 1 });
  const shown = rows.slice(0, NOTIFICATIONS_PAGE_SIZE);
  const last = shown[shown.length - 1];
  return { days: groupNotifications(shown), olderThan: rows.length > NOTIFICATIONS_PAGE_SIZE && last ? last.id : null };
}

/** Most ids one "mark as read" may name (a group holds at most a page of notifications). */
export const MAX_MARK_IDS = NOTIFICATIONS_PAGE_SIZE;

/**
 * Marks some of the caller's notifications read. Ids come from a form: they must be positive
 * integers, at most MAX_MARK_IDS; ids of other people's notifications change nothing.
 */
export async function markNotificationsRead(db: Db, staffUserId: number, rawIds: readonly string[]): Promise<{ ok: true; changed: number } | { ok: false; error: 'Invalid' }> {
  const ids = rawIds.map((s) => (/^\d{1,15}$/.test(s.trim()) ? Number(s.trim()) : NaN));
  if (ids.length === 0 || ids.length > MAX_MARK_IDS || ids.some((n) => !Number.isSafeInteger(n) || n <= 0)) return { ok: false, error: 'Invalid' };
  return { ok: true, changed: await markStaffNotificationsRead(db, staffUserId, [...new Set(ids)], nowIso()) };
}

/** Marks all of the caller's notifications read. */
export async function markAllNotificationsRead(db: Db, staffUserId: number): Promise<number> {
  return markAllStaffNotificationsRead(db, staffUserId, nowIso());
}
