// Small factories for requests: rows written straight into a test database.

import type { Db } from '../../src/db/index.js';
import type { Ticket, TicketStatus, TicketType } from '../../src/db/schema-requests.js';

/** What a test says about a request; everything has a sensible default. */
export interface TicketSpec {
  type?: TicketType;
  subject?: string;
  description?: string;
  status?: TicketStatus;
  raisedByPortalUserId?: number | null;
  raisedByName?: string;
  invoiceId?: number | null;
}

/** Inserts a request of `clientId` (open general request unless told otherwise). */
export async function makeTicket(db: Db, clientId: number, spec: TicketSpec = {}): Promise<Ticket> {
  return db
    .insertInto('tickets')
    .values({
      client_id: clientId,
      type: spec.type ?? 'general',
      subject: spec.subject ?? 'Boiler keeps stopping',
      description: spec.description ?? 'It stopped twice this week.',
      status: spec.status ?? 'open',
      invoice_id: spec.invoiceId ?? null,
      estimate_id: null,
      assignee_id: null,
      raised_by_portal_user_id: spec.raisedByPortalUserId ?? null,
      raised_by_staff_id: null,
      raised_by_name: spec.raisedByName ?? 'Maria',
      resolved_at: null,
      closed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
