import type { Insertable } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { MailOutboxTable, MailRow } from '../db/schema.js';

/** Inserts a rendered mail; returns its id. */
export async function insertMail(db: Db | Trx, row: Insertable<MailOutboxTable>): Promise<number> {
  const inserted = await db.insertInto('mail_outbox').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

/**
 * Claims the next due row for one attempt: a queued row whose time has come, or a row left in
 * 'sending' whose lease ran out (a worker died mid-send). One UPDATE that repeats the due test on the
 * row it changes, so two workers (or processes) can never claim the same attempt. Counts the attempt.
 */
export async function claimNextMail(db: Db, nowIso: string, leaseUntilIso: string): Promise<MailRow | undefined> {
  return db
    .updateTable('mail_outbox')
    .set((eb) => ({ status: 'sending', locked_until: leaseUntilIso, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', (eb) =>
      eb
        .selectFrom('mail_outbox')
        .select('id')
        .where((w) =>
          w.or([
            w.and([w('status', '=', 'queued'), w('next_attempt_at', '<=', nowIso)]),
            w.and([w('status', '=', 'sending'), w('locked_until', '<', nowIso)]),
          ]),
        )
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(1),
    )
    .where((w) =>
      w.or([
        w.and([w('status', '=', 'queued'), w('next_attempt_at', '<=', nowIso)]),
        w.and([w('status', '=', 'sending'), w('locked_until', '<', nowIso)]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
}

/**
 * Puts every row left in 'sending' back in the queue, due now. Only for a server starting up: it is
 * the one sender of its DATA_DIR, so such rows were claimed by a process that died mid-send, and
 * waiting out their lease would hold the mail for minutes. The attempt stays counted; resending may
 * at most duplicate a message under the same Message-ID (SECURITY.md row 38). Returns how many.
 */
export async function requeueInterruptedMail(db: Db, nowIso: string): Promise<number> {
  const r = await db
    .updateTable('mail_outbox')
    .set({ status: 'queued', next_attempt_at: nowIso, locked_until: null, last_error: 'interrupted: the server stopped while sending' })
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// Outcomes are written only by the holder of the claim: same row, still sending, same attempt number.
function claimed(db: Db, claim: Pick<MailRow, 'id' | 'attempts'>) {
  return db
    .updateTable('mail_outbox')
    .where('id', '=', claim.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', claim.attempts);
}

/** Marks a claimed attempt delivered; false when the claim was lost (lease expired and taken over). */
export async function markMailSent(db: Db, claim: Pick<MailRow, 'id' | 'attempts'>, sentAtIso: string, note: string | null): Promise<boolean> {
  const r = await claimed(db, claim).set({ status: 'sent', sent_at: sentAtIso, locked_until: null, last_error: note }).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Puts a claimed attempt back in the queue for a later try. */
export async function scheduleMailRetry(db: Db, claim: Pick<MailRow, 'id' | 'attempts'>, nextAttemptIso: string, error: string): Promise<boolean> {
  const r = await claimed(db, claim)
    .set({ status: 'queued', next_attempt_at: nextAttemptIso, locked_until: null, last_error: error })
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Gives up on a claimed message: it will not be retried. */
export async function markMailFailed(db: Db, claim: Pick<MailRow, 'id' | 'attempts'>, error: string): Promise<boolean> {
  const r = await claimed(db, claim).set({ status: 'failed', locked_until: null, last_error: error }).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** What staff see about the mails sent for one thing (an invitation, an invoice…), oldest first. */
export interface MailStatus {
  id: number;
  status: MailRow['status'];
  to: string[];
  subject: string;
  template: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  sent_at: string | null;
  opened_at: string | null;
  created_at: string;
}

/** The mails about `subjectType` #`subjectId`, with their delivery state (one query). */
export async function mailStatusFor(db: Db | Trx, subjectType: string, subjectId: number): Promise<MailStatus[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['id', 'status', 'to_addresses', 'subject', 'template', 'attempts', 'last_error', 'next_attempt_at', 'sent_at', 'opened_at', 'created_at'])
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute();
  return rows.map(({ to_addresses, ...r }) => ({ ...r, to: to_addresses.split(',').filter((a) => a !== '') }));
}
