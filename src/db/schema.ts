import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { WorkTables } from './schema-work.js';
import type { ServiceTables } from './schema-service.js';
import type { RequestTables } from './schema-requests.js';
import type { OnlinePaymentTables } from './schema-payments-online.js';

/** A column the database fills by default (ids, timestamps). */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type Language = 'en' | 'el';
export type DocumentKind = 'invoice' | 'estimate' | 'credit_note';
export type DocumentLifecycle = 'draft' | 'issued' | 'sent' | 'accepted' | 'rejected' | 'converted' | 'void';
export type PaymentMethod = 'bank_transfer' | 'card' | 'cash' | 'cheque' | 'other';

export interface SettingsTable { key: string; value: string }

export interface StaffUsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: 'admin' | 'staff';
  email_verified_at: string | null;
  disabled_at: string | null;
  /** Their own language; null until they choose one (their pages then fall back to the firm's default). */
  language: Defaulted<Language | null>;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

export interface StaffSessionsTable {
  id: string;
  secret_hash: Uint8Array;
  staff_user_id: number;
  created_at: number;
  last_verified_at: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  staff_user_id: number;
  name: string;
  token_hash: string;
  created_at: Defaulted<string>;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface RateLimitsTable { key: string; count: number; window_start: number; blocked_until: Defaulted<number> }

export interface IdempotencyKeysTable {
  api_token_id: number;
  key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: Defaulted<string>;
}

export interface ClientsTable {
  id: Generated<number>;
  name: string;
  /** Lower-cased, accent-free name/email/VAT for search and sorting (see src/i18n/fold.ts). */
  search_text: string;
  email: string | null;
  phone: string | null;
  vat_number: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
  currency: string;
  language: Language;
  notes: string | null;
  archived_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

export interface ContactsTable {
  id: Generated<number>;
  client_id: number;
  name: string;
  email: string;
  phone: string | null;
  archived_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

export interface ProjectsTable {
  id: Generated<number>;
  client_id: number;
  name: string;
  email: string | null;
  portal_visible: Defaulted<number>;
  portal_time: Defaulted<'all' | 'billable'>;
  archived_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

export interface DocumentsTable {
  id: Generated<number>;
  kind: DocumentKind;
  client_id: number;
  project_id: number | null;
  number: string | null;
  series_year: number | null;
  seq: number | null;
  status: DocumentLifecycle;
  issue_date: string;
  due_date: string | null;
  valid_until: string | null;
  related_invoice_id: number | null;
  converted_invoice_id: number | null;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  notes: string | null;
  /** JSON of ClientSnapshot, frozen when the document is finalized. */
  client_snapshot: string | null;
  finalized_at: string | null;
  voided_at: string | null;
  void_reason: string | null;
  responded_at: string | null;
  response_comment: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

export interface DocumentLinesTable {
  id: Generated<number>;
  document_id: number;
  position: number;
  description: string;
  quantity: string;
  unit_price: number;
  tax_rate: string;
  net: number;
  tax: number;
}

export interface PaymentsTable {
  id: Generated<number>;
  client_id: number;
  amount: number;
  currency: string;
  date: string;
  method: PaymentMethod;
  reference: string | null;
  notes: string | null;
  source: Defaulted<string>;
  voided_at: string | null;
  void_reason: string | null;
  created_at: Defaulted<string>;
}

export interface PaymentAllocationsTable {
  id: Generated<number>;
  payment_id: number;
  invoice_id: number;
  amount: number;
  created_at: Defaulted<string>;
}

export interface CreditApplicationsTable {
  id: Generated<number>;
  credit_note_id: number;
  invoice_id: number;
  amount: number;
  date: string;
  created_at: Defaulted<string>;
}

export interface RefundsTable {
  id: Generated<number>;
  client_id: number;
  payment_id: number | null;
  credit_note_id: number | null;
  amount: number;
  currency: string;
  date: string;
  method: string;
  reference: string | null;
  created_at: Defaulted<string>;
}

export interface EventsTable {
  id: Generated<number>;
  at: Defaulted<string>;
  actor_type: 'staff' | 'api' | 'portal' | 'system';
  actor_id: number | null;
  actor_name: string;
  client_id: number | null;
  subject_type: string;
  subject_id: number;
  action: string;
  /** JSON object with the action's particulars. */
  detail: string | null;
}

export type PortalRole = 'owner' | 'accounts' | 'viewer';
export type InvitationMethod = 'link' | 'password' | 'generated';

export interface PortalDefaultsTable { key: string; value: number }
export interface ClientPortalSettingsTable { client_id: number; key: string; value: number }

export interface PortalUsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  /** Null until the person sets a password (link invitations). */
  password_hash: string | null;
  language: Language;
  must_change_password: Defaulted<number>;
  /** A generated password stops working after this instant unless changed. */
  password_expires_at: string | null;
  last_login_at: string | null;
  disabled_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

export interface PortalMembershipsTable {
  id: Generated<number>;
  portal_user_id: number;
  client_id: number;
  contact_id: number | null;
  role: PortalRole;
  can_view_finances: number;
  can_pay: number;
  can_approve: number;
  can_raise_tickets: number;
  can_message: number;
  can_edit_company: number;
  status: 'invited' | 'active' | 'revoked';
  revoked_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

export interface PortalInvitationsTable {
  id: Generated<number>;
  client_id: number;
  contact_id: number | null;
  membership_id: number;
  email: string;
  token_hash: string;
  method: InvitationMethod;
  role: PortalRole;
  language: Language;
  /** 'expired' is derived: pending and expires_at in the past. */
  status: 'pending' | 'accepted' | 'revoked';
  expires_at: string;
  sent_by: number | null;
  accepted_at: string | null;
  revoked_at: string | null;
  created_at: Defaulted<string>;
}

export interface PortalSessionsTable {
  id: string;
  secret_hash: Uint8Array;
  portal_user_id: number;
  active_client_id: number | null;
  created_at: number;
  last_verified_at: number;
}

export interface OneTimeTokensTable {
  token_hash: string;
  kind: 'portal_reset' | 'staff_verify';
  subject_id: number;
  expires_at: string;
  used_at: string | null;
  created_at: Defaulted<string>;
}

export interface MailOutboxTable {
  id: Generated<number>;
  message_id: string;
  /** Comma-separated addresses. */
  to_addresses: string;
  cc_addresses: string | null;
  bcc_addresses: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  template: string;
  client_id: number | null;
  subject_type: string | null;
  subject_id: number | null;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: Defaulted<number>;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  sent_at: string | null;
  opened_at: string | null;
  created_at: Defaulted<string>;
}

export interface NotificationsTable {
  id: Generated<number>;
  staff_user_id: number | null;
  portal_user_id: number | null;
  client_id: number | null;
  kind: string;
  /** JSON with what the notification's text needs. */
  data: string;
  link: string | null;
  read_at: string | null;
  created_at: Defaulted<string>;
}

/** One preference of a portal user (JSON value). */
export interface PortalUserPreferencesTable { portal_user_id: number; key: string; value: string }

/** The typed database every query goes through (feature tables are declared in schema-*.ts). */
export interface Database extends WorkTables, ServiceTables, RequestTables, OnlinePaymentTables {
  settings: SettingsTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  api_tokens: ApiTokensTable;
  rate_limits: RateLimitsTable;
  idempotency_keys: IdempotencyKeysTable;
  clients: ClientsTable;
  contacts: ContactsTable;
  projects: ProjectsTable;
  documents: DocumentsTable;
  document_lines: DocumentLinesTable;
  payments: PaymentsTable;
  payment_allocations: PaymentAllocationsTable;
  credit_applications: CreditApplicationsTable;
  refunds: RefundsTable;
  events: EventsTable;
  portal_defaults: PortalDefaultsTable;
  client_portal_settings: ClientPortalSettingsTable;
  portal_users: PortalUsersTable;
  portal_memberships: PortalMembershipsTable;
  portal_invitations: PortalInvitationsTable;
  portal_sessions: PortalSessionsTable;
  one_time_tokens: OneTimeTokensTable;
  mail_outbox: MailOutboxTable;
  notifications: NotificationsTable;
  portal_user_preferences: PortalUserPreferencesTable;
}

export type StaffUser = Selectable<StaffUsersTable>;
export type Client = Selectable<ClientsTable>;
export type NewClient = Insertable<ClientsTable>;
export type ClientUpdate = Updateable<ClientsTable>;
export type Contact = Selectable<ContactsTable>;
export type Project = Selectable<ProjectsTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type DocumentLine = Selectable<DocumentLinesTable>;
export type Payment = Selectable<PaymentsTable>;
export type EventRow = Selectable<EventsTable>;
export type PortalUser = Selectable<PortalUsersTable>;
export type PortalMembership = Selectable<PortalMembershipsTable>;
export type PortalInvitation = Selectable<PortalInvitationsTable>;
export type MailRow = Selectable<MailOutboxTable>;
