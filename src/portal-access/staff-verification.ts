// Staff email verification: staff may invite people to the portal only once their own address
// is confirmed. A single-use token (hash stored, 24 hours) is mailed; opening it while signed in
// as the same staff member marks the address verified.

import { randomToken, sha256Hex } from '../auth/tokens.js';
import type { Db } from '../db/index.js';
import type { StaffUser } from '../db/schema.js';
import { recordEvent, staffActor } from '../events/service.js';
import { enqueueMail } from '../mail/outbox.js';
import { staffMailLanguage } from '../notifications/mail-language.js';
import type { TemplateData } from '../mail/templates.js';
import { getFirmSettings } from '../settings/service.js';

/** A verification link works for 24 hours. */
export const STAFF_VERIFY_MS = 24 * 60 * 60 * 1000;
/** At most this many verification emails per staff member per hour (the mail queue is not flooded). */
export const STAFF_VERIFY_PER_HOUR = 5;

/** Mails a verification link to the staff member's address; older unused links stop working. */
export async function sendStaffVerification(
  db: Db,
  staff: StaffUser,
  ctx: { publicUrl: string; now?: Date },
): Promise<{ ok: true; token: string } | { ok: false; error: 'AlreadyVerified' | 'TooMany' }> {
  const now = ctx.now ?? new Date();
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('staff_users').select(['email_verified_at', 'email', 'name', 'language']).where('id', '=', staff.id).executeTakeFirst();
    if (!current || current.email_verified_at) return { ok: false, error: 'AlreadyVerified' } as const;
    const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
    const recent = await trx
      .selectFrom('one_time_tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'staff_verify')
      .where('subject_id', '=', staff.id)
      .where('created_at', '>=', hourAgo)
      .executeTakeFirst();
    if (Number(recent?.n ?? 0) >= STAFF_VERIFY_PER_HOUR) return { ok: false, error: 'TooMany' } as const;
    // Only the newest link works.
    await trx.updateTable('one_time_tokens').set({ used_at: at }).where('kind', '=', 'staff_verify').where('subject_id', '=', staff.id).where('used_at', 'is', null).execute();
    const token = randomToken(32);
    await trx
      .insertInto('one_time_tokens')
      .values({ token_hash: sha256Hex(token), kind: 'staff_verify', subject_id: staff.id, expires_at: new Date(now.getTime() + STAFF_VERIFY_MS).toISOString(), used_at: null, created_at: at })
      .execute();
    const data: TemplateData['staff-verify-email'] = { name: current.name, link: `${ctx.publicUrl.replace(/\/+$/, '')}/verify-email/${token}` };
    // Their own language, else the firm's.
    const language = staffMailLanguage(current, (await getFirmSettings(trx)).default_language);
    await enqueueMail(trx, { to: [current.email], template: 'staff-verify-email', language, data: { ...data }, subjectType: 'staff_user', subjectId: staff.id }, { publicUrl: ctx.publicUrl });
    return { ok: true, token } as const;
  });
}

/**
 * Confirms the signed-in staff member's address with a mailed token. The token is bound to its
 * person: another staff member's link, a used, expired or unknown one is refused alike.
 */
export async function verifyStaffEmail(db: Db, staff: StaffUser, token: string, now = new Date()): Promise<{ ok: true } | { ok: false; error: 'InvalidToken' }> {
  if (!token || token.length > 64) return { ok: false, error: 'InvalidToken' };
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('one_time_tokens').selectAll().where('token_hash', '=', sha256Hex(token)).executeTakeFirst();
    if (!row || row.kind !== 'staff_verify' || row.subject_id !== staff.id || row.used_at !== null || row.expires_at <= at) {
      return { ok: false, error: 'InvalidToken' } as const;
    }
    await trx.updateTable('one_time_tokens').set({ used_at: at }).where('token_hash', '=', row.token_hash).execute();
    await trx.updateTable('staff_users').set({ email_verified_at: at, updated_at: at }).where('id', '=', staff.id).where('email_verified_at', 'is', null).execute();
    await recordEvent(trx, staffActor(staff), { clientId: null, subjectType: 'staff_user', subjectId: staff.id, action: 'email_verified', detail: { label: staff.email } });
    return { ok: true } as const;
  });
}
