// Helpers of the portal-access tests: a verified staff actor, contacts, and the links inside queued emails.

import type { Db } from '../../src/db/index.js';
import type { Contact, StaffUser } from '../../src/db/schema.js';
import { staffActor, type Actor } from '../../src/events/service.js';
import type { TestApp } from '../helpers/app.js';

/** The staff admin of the test app (created and signed in on first use), its cookie and its actor. */
export async function staffOf(t: TestApp, email = 'admin@firm.test'): Promise<{ cookie: string; staff: StaffUser; actor: Actor }> {
  const cookie = await t.staffCookie(email);
  const staff = await t.db.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  return { cookie, staff, actor: staffActor(staff) };
}

let contactCounter = 0;

/** Adds a contact to a client. */
export async function makeContact(db: Db, clientId: number, overrides: Partial<Pick<Contact, 'name' | 'email'>> = {}): Promise<Contact> {
  contactCounter += 1;
  return db
    .insertInto('contacts')
    .values({ client_id: clientId, name: overrides.name ?? `Contact ${contactCounter}`, email: overrides.email ?? `contact${contactCounter}-${Date.now()}@client.test`, phone: null, archived_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The queued emails to an address, oldest first. */
export async function mailsTo(db: Db, email: string) {
  return db.selectFrom('mail_outbox').selectAll().where('to_addresses', '=', email).orderBy('id').execute();
}

/** The invitation token inside the latest invitation email to `email`. */
export async function latestInviteToken(db: Db, email: string): Promise<string> {
  const mails = (await mailsTo(db, email)).filter((m) => m.template === 'portal-invitation');
  const last = mails[mails.length - 1];
  const match = last ? /\/portal\/invite\/([a-z0-9]+)/.exec(last.text_body) : null;
  if (!match?.[1]) throw new Error(`no invitation email to ${email}`);
  return match[1];
}

/** The generated password inside the latest invitation email to `email`. */
export async function generatedPasswordIn(db: Db, email: string): Promise<string> {
  const mails = (await mailsTo(db, email)).filter((m) => m.template === 'portal-invitation');
  const last = mails[mails.length - 1];
  const match = last ? /: ([a-z2-9]{20})\b/.exec(last.text_body) : null;
  if (!match?.[1]) throw new Error(`no generated password in the email to ${email}`);
  return match[1];
}

/** A second staff member whose email is not verified, signed in. */
export async function unverifiedStaff(t: TestApp, email = 'new.colleague@firm.test') {
  const who = await staffOf(t, email);
  await t.db.updateTable('staff_users').set({ email_verified_at: null }).where('id', '=', who.staff.id).execute();
  return { ...who, staff: { ...who.staff, email_verified_at: null } };
}
