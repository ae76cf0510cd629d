// Telling people about requests and messages: in-app notifications (one row per recipient) and
// emails through the outbox (the generic `notice` template), written INSIDE the transaction of
// the change. Staff read their own language (else the firm's); portal members theirs. Authors
// are never told about their own words, and portal members only about what they may see.

import type { Trx } from '../db/index.js';
import type { Language } from '../db/schema.js';
import { enqueueMail } from '../mail/outbox.js';
import type { TemplateData } from '../mail/templates.js';
import { groupByMailLanguage } from '../notifications/mail-language.js';
import { activeStaffRecipients, insertNotificationRows, type StaffRecipient } from '../notifications/queries.js';
import { permissionsOf, type PortalDefaults, type VisibilityKey } from '../portal-access/visibility.js';
import { getFirmSettings } from '../settings/service.js';
import { uiFor } from '../web/ui.js';
import { memberRecipientRows } from './queries.js';
import { membersToTell, wantsEmail, type MemberRecipient, type PortalNotifyEvent } from './rules.js';

/** What building email links needs: PUBLIC_URL. */
export interface NotifyContext { publicUrl: string }

/** The text of one notice email in one language, built by the caller's translation function. */
export type NoticeText = (t: ReturnType<typeof uiFor>['t']) => { heading: string; paragraphs: string[]; actionLabel: string };

/** Something to tell: the notification's kind and data, where it links, and the email's words. */
export interface Announcement {
  kind: string;
  clientId: number;
  /** Values the in-app sentence needs (names, subjects, an excerpt as `comment`). */
  data: Record<string, string | number | null>;
  /** Path of the page it announces; the portal base is added for members. */
  path: string;
  email: NoticeText;
  /** Outbox bookkeeping: which record the email is about. */
  subjectType: string;
  subjectId: number;
}

function noticeData(text: NoticeText, language: Language, url: string): TemplateData['notice'] {
  const words = text(uiFor(language).t);
  return { heading: words.heading, paragraphs: words.paragraphs, action: { label: words.actionLabel, url } };
}

/**
 * Tells staff in-app and by email. `only` narrows the recipients (e.g. a request's assignee);
 * `exceptStaffId` leaves out the author. Returns who was told.
 */
export async function tellStaff(trx: Trx, a: Announcement, ctx: NotifyContext, opts: { only?: number | null; exceptStaffId?: number | null } = {}): Promise<StaffRecipient[]> {
  const everyone = await activeStaffRecipients(trx);
  const narrowed = opts.only != null && everyone.some((s) => s.id === opts.only) ? everyone.filter((s) => s.id === opts.only) : everyone;
  const recipients = narrowed.filter((s) => s.id !== opts.exceptStaffId);
  if (recipients.length === 0) return [];
  const data = JSON.stringify(a.data);
  await insertNotificationRows(trx, recipients.map((s) => ({ staff_user_id: s.id, portal_user_id: null, client_id: a.clientId, kind: a.kind, data, link: a.path, read_at: null })));
  const firm = await getFirmSettings(trx);
  // One message per language: each staff member reads their own, else the firm's.
  for (const group of groupByMailLanguage(recipients, firm.default_language)) {
    const mail = noticeData(a.email, group.language, a.path);
    await enqueueMail(
      trx,
      { to: group.recipients.map((s) => s.email), template: 'notice', language: group.language, data: { ...mail }, clientId: a.clientId, subjectType: a.subjectType, subjectId: a.subjectId },
      { publicUrl: ctx.publicUrl, firmName: firm.firm_name },
    );
  }
  return recipients;
}

/** A client's active members as recipients (one query). */
export async function clientMembers(trx: Trx, clientId: number): Promise<MemberRecipient[]> {
  const rows = await memberRecipientRows(trx, clientId);
  return rows.map((r) => {
    let notify: unknown = null;
    try {
      notify = r.notify === null ? null : (JSON.parse(r.notify) as unknown);
    } catch {
      notify = null;
    }
    return { portalUserId: r.portal_user_id, email: r.email, name: r.name, language: r.language, access: { status: r.status, permissions: permissionsOf(r) }, notify };
  });
}

/**
 * Tells a client's members who may see records of kind `key` (not the author; `only` narrows to
 * one person): in-app always, by email unless they turned `event` off. Returns who was told.
 */
export async function tellMembers(
  trx: Trx,
  a: Announcement,
  ctx: NotifyContext,
  opts: { settings: PortalDefaults; key: VisibilityKey | null; event: PortalNotifyEvent; authorPortalUserId: number | null; only?: number | null },
): Promise<MemberRecipient[]> {
  const members = membersToTell(await clientMembers(trx, a.clientId), opts.settings, opts.key, opts.authorPortalUserId);
  const recipients = opts.only === undefined ? members : members.filter((m) => m.portalUserId === opts.only);
  if (recipients.length === 0) return [];
  const link = `/portal${a.path}`;
  const data = JSON.stringify(a.data);
  await insertNotificationRows(trx, recipients.map((m) => ({ staff_user_id: null, portal_user_id: m.portalUserId, client_id: a.clientId, kind: a.kind, data, link, read_at: null })));
  const firm = await getFirmSettings(trx);
  for (const m of recipients) {
    if (!wantsEmail(m.notify, opts.event)) continue;
    const mail = noticeData(a.email, m.language, link);
    await enqueueMail(
      trx,
      { to: [m.email], template: 'notice', language: m.language, data: { ...mail }, clientId: a.clientId, subjectType: a.subjectType, subjectId: a.subjectId },
      { publicUrl: ctx.publicUrl, firmName: firm.firm_name },
    );
  }
  return recipients;
}
