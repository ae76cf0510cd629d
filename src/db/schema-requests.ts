import type { Generated, Selectable } from 'kysely';
import type { Defaulted } from './schema.js';

/** What a client asks for: a complaint, a quote, a dispute (an invoice or the statement), anything else. */
export type TicketType = 'complaint' | 'quote' | 'dispute' | 'general';
/** Where a request stands: open → in progress → resolved → closed (and reopened). */
export type TicketStatus = 'open' | 'in_progress' | 'resolved' | 'closed';
/** A public reply, a staff-only note, or a status change. */
export type TicketUpdateKind = 'reply' | 'note' | 'status';
/** What a conversation is about. */
export type ThreadAbout = 'general' | 'invoice' | 'estimate' | 'project' | 'ticket';

export interface TicketsTable {
  id: Generated<number>;
  client_id: number;
  type: TicketType;
  subject: string;
  description: string;
  status: Defaulted<TicketStatus>;
  /** A disputed invoice; a dispute without one is about the account statement. */
  invoice_id: number | null;
  /** The draft estimate a quote request became. */
  estimate_id: number | null;
  site_id: number | null;
  equipment_id: number | null;
  assignee_id: number | null;
  raised_by_portal_user_id: number | null;
  raised_by_staff_id: number | null;
  raised_by_name: string;
  last_activity_at: Defaulted<string>;
  resolved_at: string | null;
  closed_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

export interface TicketUpdatesTable {
  id: Generated<number>;
  ticket_id: number;
  client_id: number;
  kind: TicketUpdateKind;
  body: Defaulted<string>;
  status_from: TicketStatus | null;
  status_to: TicketStatus | null;
  author_type: 'staff' | 'portal';
  author_staff_id: number | null;
  author_portal_user_id: number | null;
  author_name: string;
  created_at: Defaulted<string>;
}

/** A file attached to a request. */
export interface TicketFilesTable { ticket_id: number; file_id: number }

export interface MessageThreadsTable {
  id: Generated<number>;
  client_id: number;
  about_type: ThreadAbout;
  /** The record's id; 0 for the client's general thread. */
  about_id: number;
  last_message_at: Defaulted<string>;
  created_at: Defaulted<string>;
}

export interface MessagesTable {
  id: Generated<number>;
  thread_id: number;
  client_id: number;
  author_type: 'staff' | 'portal';
  author_staff_id: number | null;
  author_portal_user_id: number | null;
  author_name: string;
  /** Plain text; shown escaped with its line breaks. */
  body: string;
  created_at: Defaulted<string>;
}

export interface MessageReadsTable {
  thread_id: number;
  reader_type: 'staff' | 'portal';
  reader_id: number;
  last_read_id: number;
}

/** Tables of tickets and messages (migration 007). */
export interface RequestTables {
  tickets: TicketsTable;
  ticket_updates: TicketUpdatesTable;
  ticket_files: TicketFilesTable;
  message_threads: MessageThreadsTable;
  messages: MessagesTable;
  message_reads: MessageReadsTable;
}

export type Ticket = Selectable<TicketsTable>;
export type TicketUpdate = Selectable<TicketUpdatesTable>;
export type MessageThread = Selectable<MessageThreadsTable>;
export type Message = Selectable<MessagesTable>;
