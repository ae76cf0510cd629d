import type { Db, Trx } from '../db/index.js';
import type { Contact, PortalInvitation, PortalMembership, PortalUser, StaffUser } from '../db/schema.js';
import type { Insertable, Updateable } from 'kysely';
import type { Database } from '../db/schema.js';

// Kysely only: memberships, invitations and what they need. Callers pass db or a transaction.

/** A staff member by id (disabled ones included). */
export async function findStaffUser(db: Db | Trx, id: number): Promise<StaffUser | undefined> {
  return db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** How many invitations the firm has created since `sinceIso` (the daily cap). */
export async function countInvitationsSince(db: Db | Trx, sinceIso: string): Promise<number> {
  const row = await db.selectFrom('portal_invitations').select((eb) => eb.fn.countAll<number>().as('n')).where('created_at', '>=', sinceIso).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A current (not removed) contact of the client, or undefined. */
export async function findClientContact(db: Db | Trx, clientId: number, contactId: number): Promise<Contact | undefined> {
  return db.selectFrom('contacts').selectAll().where('id', '=', contactId).where('client_id', '=', clientId).where('archived_at', 'is', null).executeTakeFirst();
}

/** The portal login of an email (already lower-cased). */
export async function findPortalUserByEmail(db: Db | Trx, email: string): Promise<PortalUser | undefined> {
  return db.selectFrom('portal_users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** A portal login by id. */
export async function findPortalUser(db: Db | Trx, id: number): Promise<PortalUser | undefined> {
  return db.selectFrom('portal_users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a portal login and returns it. */
export async function insertPortalUser(db: Db | Trx, values: Insertable<Database['portal_users']>): Promise<PortalUser> {
  return db.insertInto('portal_users').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a portal login. */
export async function updatePortalUser(db: Db | Trx, id: number, values: Updateable<Database['portal_users']>): Promise<void> {
  await db.updateTable('portal_users').set(values).where('id', '=', id).execute();
}

/** The membership of a login in a client, if any. */
export async function findMembershipOf(db: Db | Trx, portalUserId: number, clientId: number): Promise<PortalMembership | undefined> {
  return db.selectFrom('portal_memberships').selectAll().where('portal_user_id', '=', portalUserId).where('client_id', '=', clientId).executeTakeFirst();
}

/** A membership by id. */
export async function findMembership(db: Db | Trx, id: number): Promise<PortalMembership | undefined> {
  return db.selectFrom('portal_memberships').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a membership and returns it. */
export async function insertMembership(db: Db | Trx, values: Insertable<Database['portal_memberships']>): Promise<PortalMembership> {
  return db.insertInto('portal_memberships').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a membership and returns it. */
export async function updateMembership(db: Db | Trx, id: number, values: Updateable<Database['portal_memberships']>): Promise<PortalMembership> {
  return db.updateTable('portal_memberships').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Revokes a membership's pending invitations (a re-invite or revocation makes older links stop working). */
export async function revokePendingInvitations(db: Db | Trx, membershipId: number, at: string): Promise<void> {
  await db.updateTable('portal_invitations').set({ status: 'revoked', revoked_at: at }).where('membership_id', '=', membershipId).where('status', '=', 'pending').execute();
}

/** Inserts an invitation and returns it. */
export async function insertInvitation(db: Db | Trx, values: Insertable<Database['portal_invitations']>): Promise<PortalInvitation> {
  return db.insertInto('portal_invitations').values(values).returningAll().executeTakeFirstOrThrow();
}

/** An invitation by id. */
export async function findInvitation(db: Db | Trx, id: number): Promise<PortalInvitation | undefined> {
  return db.selectFrom('portal_invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An invitation by the SHA-256 of its token. */
export async function findInvitationByHash(db: Db | Trx, tokenHash: string): Promise<PortalInvitation | undefined> {
  return db.selectFrom('portal_invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** The latest invitation of a membership. */
export async function latestInvitationOf(db: Db | Trx, membershipId: number): Promise<PortalInvitation | undefined> {
  return db.selectFrom('portal_invitations').selectAll().where('membership_id', '=', membershipId).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** A login's pending, unexpired invitations whose membership is still waiting (accepted at sign-in). */
export async function pendingInvitationsOfUser(db: Db | Trx, portalUserId: number, nowIso: string): Promise<Array<PortalInvitation & { client_name: string }>> {
  return db
    .selectFrom('portal_invitations as i')
    .innerJoin('portal_memberships as m', 'm.id', 'i.membership_id')
    .innerJoin('clients as c', 'c.id', 'i.client_id')
    .selectAll('i')
    .select('c.name as client_name')
    .where('m.portal_user_id', '=', portalUserId)
    .where('m.status', '=', 'invited')
    .where('i.status', '=', 'pending')
    .where('i.expires_at', '>', nowIso)
    .orderBy('i.id')
    .execute();
}

/** Marks an invitation accepted if it is still pending; false when another request got there first. */
export async function markInvitationAccepted(db: Db | Trx, id: number, at: string): Promise<boolean> {
  const res = await db.updateTable('portal_invitations').set({ status: 'accepted', accepted_at: at }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Ids of staff members who can sign in (they get notifications). */
export async function activeStaffIds(db: Db | Trx): Promise<number[]> {
  const rows = await db.selectFrom('staff_users').select('id').where('disabled_at', 'is', null).execute();
  return rows.map((r) => r.id);
}

/** Inserts notifications (one row per recipient) in one statement. */
export async function insertNotifications(db: Db | Trx, rows: Array<Insertable<Database['notifications']>>): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('notifications').values(rows).execute();
}

/** How many active memberships a login has (its sessions end when none is left). */
export async function countActiveMemberships(db: Db | Trx, portalUserId: number): Promise<number> {
  const row = await db
    .selectFrom('portal_memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('portal_user_id', '=', portalUserId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A membership with its person, as the client's Portal tab lists it. */
export type MemberRow = PortalMembership & { email: string; user_name: string; last_login_at: string | null; disabled_at: string | null; contact_name: string | null };

/** The client's memberships with their logins and contacts, people first by name. */
export async function listMembers(db: Db | Trx, clientId: number): Promise<MemberRow[]> {
  return db
    .selectFrom('portal_memberships as m')
    .innerJoin('portal_users as u', 'u.id', 'm.portal_user_id')
    .leftJoin('contacts as ct', 'ct.id', 'm.contact_id')
    .selectAll('m')
    .select(['u.email', 'u.name as user_name', 'u.last_login_at', 'u.disabled_at', 'ct.name as contact_name'])
    .where('m.client_id', '=', clientId)
    .orderBy('m.status')
    .orderBy('u.name')
    .orderBy('m.id')
    .execute();
}

/** An invitation with the name of the contact and of the staff member who sent it. */
export type InvitationRow = PortalInvitation & { contact_name: string | null; sent_by_name: string | null };

/** The client's invitations, newest first (bounded: the tab shows the latest ones). */
export async function listInvitations(db: Db | Trx, clientId: number, limit = 100): Promise<InvitationRow[]> {
  return db
    .selectFrom('portal_invitations as i')
    .leftJoin('contacts as ct', 'ct.id', 'i.contact_id')
    .leftJoin('staff_users as s', 's.id', 'i.sent_by')
    .selectAll('i')
    .select(['ct.name as contact_name', 's.name as sent_by_name'])
    .where('i.client_id', '=', clientId)
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute();
}

/** A page of invitations (of one client, or all) by id ascending (API keyset paging). */
export async function listInvitationsAfter(db: Db | Trx, clientId: number | null, afterId: number, limit: number): Promise<PortalInvitation[]> {
  let q = db.selectFrom('portal_invitations').selectAll().where('id', '>', afterId);
  if (clientId !== null) q = q.where('client_id', '=', clientId);
  return q.orderBy('id').limit(limit).execute();
}

/** The client's current contacts that have an email (who can be invited), by name. */
export async function invitableContacts(db: Db | Trx, clientId: number): Promise<Contact[]> {
  return db.selectFrom('contacts').selectAll().where('client_id', '=', clientId).where('archived_at', 'is', null).where('email', '!=', '').orderBy('name').orderBy('id').execute();
}
