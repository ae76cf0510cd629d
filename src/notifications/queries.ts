import type { Insertable } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { Database, Language } from '../db/schema.js';

// Kysely only: staff notifications. Every read and write names the recipient in its WHERE.

/** A new notification row (one per recipient). */
export type NewNotification = Insertable<Database['notifications']>;

/** A staff member who receives notifications: signs in, so not disabled. Emails to them speak `language` (null: the firm's default). */
export interface StaffRecipient { id: number; name: string; email: string; language: Language | null }

/** One notification as the staff list shows it, with its client's name. */
export interface StaffNotificationRow {
  id: number;
  kind: string;
  data: string;
  link: string | null;
  read_at: string | null;
  created_at: string;
  client_id: number | null;
  client_name: string | null;
}

/** Staff members who can sign in (they get notifications and notice emails). */
export async function activeStaffRecipients(db: Db | Trx): Promise<StaffRecipient[]> {
  return db.selectFrom('staff_users').select(['id', 'name', 'email', 'language']).where('disabled_at', 'is', null).orderBy('id').execute();
}

/** Inserts notifications in one statement. */
export async function insertNotificationRows(db: Db | Trx, rows: NewNotification[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('notifications').values(rows).execute();
}

/** How many unread notifications a staff member has (index notifications_staff covers it). */
export async function countUnreadForStaff(db: Db | Trx, staffUserId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('staff_user_id', '=', staffUserId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A staff member's notifications, newest first, keyset-paged by id (`beforeId` excluded). */
export async function listStaffNotifications(db: Db | Trx, staffUserId: number, page: { beforeId: number | null; limit: number }): Promise<StaffNotificationRow[]> {
  let q = db
    .selectFrom('notifications as n')
    .leftJoin('clients as c', 'c.id', 'n.client_id')
    .select(['n.id', 'n.kind', 'n.data', 'n.link', 'n.read_at', 'n.created_at', 'n.client_id', 'c.name as client_name'])
    .where('n.staff_user_id', '=', staffUserId);
  if (page.beforeId !== null) q = q.where('n.id', '<', page.beforeId);
  return q.orderBy('n.id', 'desc').limit(page.limit).execute();
}

/** Marks the given notifications of this staff member read; others' ids are left alone. Returns how many changed. */
export async function markStaffNotificationsRead(db: Db | Trx, staffUserId: number, ids: number[], at: string): Promise<number> {
  if (ids.length === 0) return 0;
  const res = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('staff_user_id', '=', staffUserId)
    .where('id', 'in', ids)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Marks every unread notification of this staff member read. Returns how many changed. */
export async function markAllStaffNotificationsRead(db: Db | Trx, staffUserId: number, at: string): Promise<number> {
  const res = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('staff_user_id', '=', staffUserId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
