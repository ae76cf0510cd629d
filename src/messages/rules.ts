// Pure: what a conversation may be about, who may see it in the portal, and who hears of a new
// message. Every portal query about threads asks `portalAboutTypes` first.

import type { ThreadAbout } from '../db/schema-requests.js';
import { mayAct, mayView, type MemberAccess, type PortalDefaults, type VisibilityKey } from '../portal-access/visibility.js';

export type { ThreadAbout } from '../db/schema-requests.js';

/** What a thread is about, in display order. */
export const ABOUT_TYPES: readonly ThreadAbout[] = ['general', 'invoice', 'estimate', 'project', 'ticket'];

/** A thread's subject: the client's general thread or one record. */
export type About = { type: 'general'; id: 0 } | { type: Exclude<ThreadAbout, 'general'>; id: number };

/** The general thread of a client. */
export const GENERAL: About = { type: 'general', id: 0 };

/** The form value of a subject: "general" or "invoice:12". */
export function aboutValue(about: About): string {
  return about.type === 'general' ? 'general' : `${about.type}:${about.id}`;
}

/** Reads a subject from a form or query value; null for anything else. */
export function parseAbout(raw: string | undefined | null): About | null {
  const v = (raw ?? '').trim();
  if (v === 'general') return GENERAL;
  const m = /^(invoice|estimate|project|ticket):([1-9]\d{0,14})$/.exec(v);
  if (!m) return null;
  return { type: m[1] as Exclude<ThreadAbout, 'general'>, id: Number(m[2]) };
}

/** The visibility key that shows threads about `type` in the portal (general threads need none). */
export function visibilityOf(type: ThreadAbout): VisibilityKey | null {
  switch (type) {
    case 'general':
      return null;
    case 'invoice':
      return 'invoices';
    case 'estimate':
      return 'estimates';
    case 'project':
      return 'projects';
    case 'ticket':
      return 'tickets';
  }
}

/** The kinds of thread this member may see: general always, the others when their records are visible. */
export function portalAboutTypes(access: MemberAccess, settings: PortalDefaults): ThreadAbout[] {
  if (access.status !== 'active') return [];
  return ABOUT_TYPES.filter((type) => {
    const key = visibilityOf(type);
    return key === null || mayView(access, settings, key);
  });
}

/** May this member write in conversations (start one, reply)? */
export function mayMessage(access: MemberAccess, settings: PortalDefaults): boolean {
  return mayAct(access, settings, 'message');
}

/** A portal member who might hear of a message, as stored. */
export interface MemberRecipient {
  portalUserId: number;
  email: string;
  name: string;
  language: 'en' | 'el';
  access: MemberAccess;
  /** The member's stored email choices (JSON object under 'notify'), or null. */
  notify: unknown;
}

/** Email choices a member can turn off for requests and conversations (stored with the portal's other choices). */
export type PortalNotifyEvent = 'message_received' | 'ticket_updated';

/** Does the member want this email? Every choice defaults to on; only an explicit `false` turns it off. */
export function wantsEmail(stored: unknown, event: PortalNotifyEvent): boolean {
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return true;
  return (stored as Record<string, unknown>)[event] !== false;
}

/**
 * The members to tell about something of kind `key` (null: anything the client's members all
 * see): active members who may see it, never its author.
 */
export function membersToTell(members: readonly MemberRecipient[], settings: PortalDefaults, key: VisibilityKey | null, authorPortalUserId: number | null): MemberRecipient[] {
  return members.filter((m) => m.portalUserId !== authorPortalUserId && m.access.status === 'active' && (key === null || mayView(m.access, settings, key)));
}

/** The parts of a thread's title: what it is about and the record's own label (number, name, subject). */
export interface ThreadTitleSource { about_type: ThreadAbout; about_id: number; doc_number: string | null; project_name: string | null; ticket_subject: string | null }

/** The record's own words in a thread's title ('' for the general thread): "INV-2026-0001", a project's name, "#4 Leaking pump". */
export function aboutLabel(row: ThreadTitleSource): string {
  switch (row.about_type) {
    case 'general':
      return '';
    case 'invoice':
    case 'estimate':
      return row.doc_number ?? `#${row.about_id}`;
    case 'project':
      return row.project_name ?? `#${row.about_id}`;
    case 'ticket':
      return `#${row.about_id}${row.ticket_subject ? ` ${row.ticket_subject}` : ''}`;
  }
}

/** A thread's title as a translation key (messages namespace) and its values. */
export function threadTitle(row: ThreadTitleSource): { key: string; values: { label: string } } {
  return { key: `messages:about.${row.about_type}`, values: { label: aboutLabel(row) } };
}
