import type { Generated, Selectable } from 'kysely';
import type { Defaulted } from './schema.js';

/** One task of a project's task list (offered when logging time; entries keep the text). */
export interface ProjectTasksTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  archived_at: string | null;
  created_at: Defaulted<string>;
}

/** A project's hourly rate in minor units of `currency` (the client's when it was set). */
export interface ProjectRatesTable {
  project_id: number;
  hourly_rate: number;
  currency: string;
  updated_at: Defaulted<string>;
}

/** Time a staff member spent on a project; billed once, on one invoice. */
export interface TimeEntriesTable {
  id: Generated<number>;
  /** The project's client (copied: projects never move between clients). */
  client_id: number;
  project_id: number;
  staff_user_id: number;
  date: string;
  minutes: number;
  task: string | null;
  billable: Defaulted<number>;
  /** The invoice this entry was billed on; null until billed (and again once that invoice is voided). */
  billed_invoice_id: number | null;
  notes: string | null;
  archived_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

/** Money spent for a client, in the client's currency; billed once, on one invoice. */
export interface ExpensesTable {
  id: Generated<number>;
  client_id: number;
  project_id: number | null;
  /** Who recorded it. */
  staff_user_id: number | null;
  date: string;
  category: string;
  amount: number;
  currency: string;
  billable: Defaulted<number>;
  billed_invoice_id: number | null;
  notes: string | null;
  /** The uploaded receipt (a row of `files`, not shared with the client), or null. */
  receipt_file_id: Defaulted<number | null>;
  archived_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

/** A note about a client's work; shown in the portal only when `shared`. */
export interface NotesTable {
  id: Generated<number>;
  client_id: number;
  project_id: number | null;
  /** The author. */
  staff_user_id: number | null;
  date: string;
  body: string;
  shared: Defaulted<number>;
  archived_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

/** An appointment with a client: when, where, who. */
export interface ScheduleEntriesTable {
  id: Generated<number>;
  client_id: number;
  project_id: number | null;
  staff_user_id: number | null;
  title: string;
  /** ISO instants (UTC). */
  starts_at: string;
  ends_at: string;
  place: string | null;
  attendees: string | null;
  notes: string | null;
  archived_at: string | null;
  created_at: Defaulted<string>;
  updated_at: Defaulted<string>;
}

/** Tables of time entries, expenses, notes, schedule entries (migration 005). */
export interface WorkTables {
  project_tasks: ProjectTasksTable;
  project_rates: ProjectRatesTable;
  time_entries: TimeEntriesTable;
  expenses: ExpensesTable;
  notes: NotesTable;
  schedule_entries: ScheduleEntriesTable;
}

export type ProjectTask = Selectable<ProjectTasksTable>;
export type TimeEntry = Selectable<TimeEntriesTable>;
export type Expense = Selectable<ExpensesTable>;
export type Note = Selectable<NotesTable>;
export type ScheduleEntry = Selectable<ScheduleEntriesTable>;
