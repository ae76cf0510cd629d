// Pure: how staff notifications are grouped and worded. A notification stores a kind and the
// data its sentence needs (never the sentence), so it reads in whichever language staff use.

import { today } from '../util/time.js';

/** Kinds of staff notifications Stoa writes today; an unknown kind still renders, generically. */
export const NOTIFICATION_KINDS = ['document_viewed', 'estimate_accepted', 'estimate_rejected', 'portal_invitation_accepted', 'company_updated', 'ticket_raised', 'ticket_replied', 'ticket_assigned', 'message_received', 'online_payment_received', 'online_payment_attention', 'online_payment_refunded'] as const;
/** One known notification kind. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A stored notification as grouping needs it. */
export interface NotificationInput {
  id: number;
  kind: string;
  data: string;
  link: string | null;
  read_at: string | null;
  created_at: string;
  client_name: string | null;
}

/** Notifications of one day about the same record, by the same person, of the same kind. */
export interface NotificationGroup {
  /** Every notification in the group, newest first (what "mark as read" marks). */
  ids: number[];
  kind: string;
  /** The newest notification's data. */
  data: Record<string, unknown>;
  link: string | null;
  clientName: string | null;
  count: number;
  unread: boolean;
  latestAt: string;
}

/** One day of notifications, newest group first. */
export interface NotificationDay { day: string; groups: NotificationGroup[] }

/** Parses stored data; anything that is not a JSON object becomes {}. */
export function parseNotificationData(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

// Who the notification is about: the person who acted (viewer, responder, invitee).
function actorOf(data: Record<string, unknown>): string {
  return str(data.name) || str(data.inviteeName);
}

/**
 * Groups notifications (given newest first) by calendar day (server time zone), then by kind,
 * record (link) and person: "Μαρία viewed INV-2026-0012 3 times". Order is kept: days and groups
 * newest first.
 */
export function groupNotifications(rows: readonly NotificationInput[]): NotificationDay[] {
  const days: NotificationDay[] = [];
  const groups = new Map<string, NotificationGroup>();
  for (const row of rows) {
    const day = today(new Date(row.created_at));
    let bucket = days[days.length - 1];
    if (!bucket || bucket.day !== day) {
      bucket = days.find((d) => d.day === day);
      if (!bucket) {
        bucket = { day, groups: [] };
        days.push(bucket);
      }
    }
    const data = parseNotificationData(row.data);
    const key = JSON.stringify([day, row.kind, row.link ?? `#${row.id}`, actorOf(data)]);
    const existing = groups.get(key);
    if (existing) {
      existing.ids.push(row.id);
      existing.count += 1;
      existing.unread ||= row.read_at === null;
      continue;
    }
    const group: NotificationGroup = {
      ids: [row.id],
      kind: row.kind,
      data,
      link: row.link,
      clientName: row.client_name,
      count: 1,
      unread: row.read_at === null,
      latestAt: row.created_at,
    };
    groups.set(key, group);
    bucket.groups.push(group);
  }
  return days;
}

/** A translation key and its values: what a notification group says. */
export interface NotificationText { key: string; values: Record<string, string | number> }

/** The sentence of a group, as a translation key (notifications namespace) and values. */
export function notificationText(group: Pick<NotificationGroup, 'kind' | 'data' | 'count' | 'clientName'>): NotificationText {
  const d = group.data;
  const client = group.clientName ?? str(d.clientName);
  switch (group.kind) {
    case 'document_viewed':
      return { key: 'notifications:text.document_viewed', values: { name: str(d.name), number: str(d.number), count: group.count } };
    case 'estimate_accepted':
    case 'estimate_rejected':
      return { key: `notifications:text.${group.kind}`, values: { name: str(d.name), number: str(d.number), count: group.count } };
    case 'portal_invitation_accepted':
      return { key: 'notifications:text.portal_invitation_accepted', values: { name: str(d.inviteeName), client, count: group.count } };
    case 'company_updated':
      return { key: 'notifications:text.company_updated', values: { name: str(d.name), client, count: group.count } };
    case 'ticket_raised':
    case 'ticket_replied':
    case 'ticket_assigned':
      return { key: `notifications:text.${group.kind}`, values: { name: str(d.name), subject: str(d.subject), count: group.count } };
    case 'message_received':
      return str(d.about)
        ? { key: 'notifications:text.message_received_about', values: { name: str(d.name), about: str(d.about), count: group.count } }
        : { key: 'notifications:text.message_received', values: { name: str(d.name), count: group.count } };
    case 'online_payment_received':
      return { key: 'notifications:text.online_payment_received', values: { name: str(d.name), client, count: group.count } };
    case 'online_payment_attention':
    case 'online_payment_refunded':
      return { key: `notifications:text.${group.kind}`, values: { client: client || str(d.name), count: group.count } };
    default:
      return { key: 'notifications:text.other', values: { count: group.count } };
  }
}

/** A link stored with a notification, if it is a same-site path (never an absolute or protocol-relative URL). */
export function safeNotificationLink(link: string | null): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(link)) return null;
  return link;
}
