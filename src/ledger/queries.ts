import { sql, type RawBuilder } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { Minor } from '../money/money.js';
import { buildStatement, clientPosition, type ClientPosition, type OpenInvoice, type Statement, type StatementEntry } from './ledger.js';

// The one place where balances are read from rows. Balances are never stored: they are
// Σ of allocations of payments that are not void, and Σ of credit applications.

/** SQL: what has been paid on invoice `<alias>.id` by payments that are not void. */
export function paidSql(alias: string): RawBuilder<number> {
  return sql<number>`(select coalesce(sum(pa.amount), 0) from payment_allocations pa join payments p on p.id = pa.payment_id where pa.invoice_id = ${sql.ref(alias + '.id')} and p.voided_at is null)`;
}

/** SQL: credit applied to invoice `<alias>.id` from credit notes. */
export function creditedSql(alias: string): RawBuilder<number> {
  return sql<number>`(select coalesce(sum(ca.amount), 0) from credit_applications ca where ca.invoice_id = ${sql.ref(alias + '.id')})`;
}

/** SQL: the open balance of invoice `<alias>` (total − paid − credited). */
export function balanceSql(alias: string): RawBuilder<number> {
  return sql<number>`(${sql.ref(alias + '.total')} - ${paidSql(alias)} - ${creditedSql(alias)})`;
}

/** Paid and credited amounts of the given invoices (two grouped queries, whatever their number). */
export async function invoiceSettlements(db: Db | Trx, invoiceIds: number[]): Promise<Map<number, { paid: Minor; credited: Minor }>> {
  const out = new Map<number, { paid: Minor; credited: Minor }>();
  if (invoiceIds.length === 0) return out;
  for (const id of invoiceIds) out.set(id, { paid: 0, credited: 0 });
  const paid = await db
    .selectFrom('payment_allocations as pa')
    .innerJoin('payments as p', 'p.id', 'pa.payment_id')
    .select(['pa.invoice_id', sql<number>`sum(pa.amount)`.as('amount')])
    .where('pa.invoice_id', 'in', invoiceIds)
    .where('p.voided_at', 'is', null)
    .groupBy('pa.invoice_id')
    .execute();
  for (const r of paid) out.get(r.invoice_id)!.paid = r.amount;
  const credited = await db
    .selectFrom('credit_applications')
    .select(['invoice_id', sql<number>`sum(amount)`.as('amount')])
    .where('invoice_id', 'in', invoiceIds)
    .groupBy('invoice_id')
    .execute();
  for (const r of credited) out.get(r.invoice_id)!.credited = r.amount;
  return out;
}

/** A client's issued invoices that still owe money, as allocation needs them; with `currency`, only those in it. */
export async function openInvoices(db: Db | Trx, clientId: number, currency?: string): Promise<OpenInvoice[]> {
  let q = db
    .selectFrom('documents as d')
    .select(['d.id', 'd.number', 'd.issue_date', 'd.due_date', balanceSql('d').as('balance')])
    .where('d.client_id', '=', clientId)
    .where('d.kind', '=', 'invoice')
    .where('d.status', '=', 'issued')
    .where(balanceSql('d'), '>', 0);
  // A payment is in one currency: it may only settle invoices in that currency.
  if (currency !== undefined) q = q.where('d.currency', '=', currency);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, number: r.number, issueDate: r.issue_date, dueDate: r.due_date ?? r.issue_date, balance: r.balance }));
}

/** SQL: money the firm holds for a client and has not applied: payments' and credit notes' unapplied rests. */
function unappliedCreditSql(clientId: number): RawBuilder<number> {
  return sql<number>`(
    (select coalesce(sum(p.amount), 0) from payments p where p.client_id = ${clientId} and p.voided_at is null)
    - (select coalesce(sum(pa.amount), 0) from payment_allocations pa join payments p on p.id = pa.payment_id where p.client_id = ${clientId} and p.voided_at is null)
    + (select coalesce(sum(d.total), 0) from documents d where d.client_id = ${clientId} and d.kind = 'credit_note' and d.status = 'issued')
    - (select coalesce(sum(ca.amount), 0) from credit_applications ca join documents d on d.id = ca.credit_note_id where d.client_id = ${clientId})
    - (select coalesce(sum(r.amount), 0) from refunds r where r.client_id = ${clientId})
  )`;
}

/** Unapplied credit of one client (minor units of its currency). */
export async function unappliedCredit(db: Db | Trx, clientId: number): Promise<Minor> {
  const row = await sql<{ credit: number }>`select ${unappliedCreditSql(clientId)} as credit`.execute(db);
  return row.rows[0]?.credit ?? 0;
}

/**
 * A client's amount due, overdue amount and credit (DESIGN.md definitions) as of `today`.
 *
 * The same figures as `clientPosition({ invoices: openInvoices(…), unappliedCredit: unappliedCredit(…) })`
 * (each issued invoice's balance, a non-positive one owing nothing; overdue by due date, else
 * issue date), in ONE statement that walks the client's payments and credit notes once, grouped
 * per invoice, instead of two correlated sub-queries per invoice evaluated twice plus a second
 * statement for the credit. Allocations and credit applications only ever link a client's own
 * payments and credit notes to its own invoices (the payment and credit services check it), so
 * grouping them from the client's side gives each invoice's paid and credited amounts.
 * Benchmark (a client with 1,000 invoices among 1,000,000): the portal dashboard's figures went
 * from about 7 ms to about 1.5 ms of SQL per request.
 */
export async function clientBalances(db: Db | Trx, clientId: number, today: string): Promise<ClientPosition> {
  const result = await sql<{ amount_due: number; overdue: number; credit: number }>`
    with paid as (
      select pa.invoice_id, sum(pa.amount) as amount
        from payments p join payment_allocations pa on pa.payment_id = p.id
       where p.client_id = ${clientId} and p.voided_at is null
       group by pa.invoice_id
    ), credited as (
      select ca.invoice_id, sum(ca.amount) as amount
        from documents cn join credit_applications ca on ca.credit_note_id = cn.id
       where cn.client_id = ${clientId} and cn.kind = 'credit_note'
       group by ca.invoice_id
    ), open as (
      select coalesce(d.due_date, d.issue_date) as due, d.total - coalesce(paid.amount, 0) - coalesce(credited.amount, 0) as balance
        from documents d
        left join paid on paid.invoice_id = d.id
        left join credited on credited.invoice_id = d.id
       where d.client_id = ${clientId} and d.kind = 'invoice' and d.status = 'issued'
    ), owed as (
      select coalesce(sum(balance), 0) as amount_due, coalesce(sum(case when due < ${today} then balance else 0 end), 0) as overdue
        from open where balance > 0
    )
    select owed.amount_due, owed.overdue, (
        (select coalesce(sum(p.amount), 0) from payments p where p.client_id = ${clientId} and p.voided_at is null)
        - (select coalesce(sum(amount), 0) from paid)
        + (select coalesce(sum(d.total), 0) from documents d where d.client_id = ${clientId} and d.kind = 'credit_note' and d.status = 'issued')
        - (select coalesce(sum(amount), 0) from credited)
        - (select coalesce(sum(r.amount), 0) from refunds r where r.client_id = ${clientId})
      ) as credit
      from owed`.execute(db);
  const row = result.rows[0];
  return { amountDue: row?.amount_due ?? 0, overdue: row?.overdue ?? 0, credit: row?.credit ?? 0 };
}

/** What the firm is owed in one currency. */
export interface FirmPosition { currency: string; amountDue: Minor; overdue: Minor; credit: Minor }

/** Receivables of the whole firm, per currency, as of `today`. */
export async function firmPosition(db: Db, today: string): Promise<FirmPosition[]> {
  const due = await db
    .selectFrom(
      db.selectFrom('documents as d')
        .select(['d.currency', 'd.due_date', balanceSql('d').as('balance')])
        .where('d.kind', '=', 'invoice')
        .where('d.status', '=', 'issued')
        .as('open'),
    )
    .select([
      'open.currency',
      sql<number>`coalesce(sum(case when open.balance > 0 then open.balance else 0 end), 0)`.as('amount_due'),
      sql<number>`coalesce(sum(case when open.balance > 0 and open.due_date < ${today} then open.balance else 0 end), 0)`.as('overdue'),
    ])
    .groupBy('open.currency')
    .execute();
  const credit = await sql<{ currency: string; credit: number }>`
    select currency, sum(amount) as credit from (
      select p.currency, p.amount - coalesce((select sum(pa.amount) from payment_allocations pa where pa.payment_id = p.id), 0) as amount
        from payments p where p.voided_at is null
      union all
      select d.currency, d.total - coalesce((select sum(ca.amount) from credit_applications ca where ca.credit_note_id = d.id), 0)
        from documents d where d.kind = 'credit_note' and d.status = 'issued'
      union all
      select r.currency, -r.amount from refunds r
    ) group by currency`.execute(db);
  const byCurrency = new Map<string, FirmPosition>();
  for (const r of due) byCurrency.set(r.currency, { currency: r.currency, amountDue: r.amount_due, overdue: r.overdue, credit: 0 });
  for (const r of credit.rows) {
    const p = byCurrency.get(r.currency) ?? { currency: r.currency, amountDue: 0, overdue: 0, credit: 0 };
    p.credit = r.credit;
    byCurrency.set(r.currency, p);
  }
  return [...byCurrency.values()].filter((p) => p.amountDue || p.overdue || p.credit).sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The client's account history for a period: opening balance, each entry with running balance, closing. */
export async function clientStatement(db: Db | Trx, clientId: number, from: string | null, to: string | null): Promise<Statement> {
  const upTo = to ?? '9999-12-31';
  const [docs, payments, refunds] = await Promise.all([
    db.selectFrom('documents')
      .select(['id', 'kind', 'number', 'issue_date', 'total'])
      .where('client_id', '=', clientId)
      .where('kind', 'in', ['invoice', 'credit_note'])
      .where('status', '=', 'issued')
      .where('issue_date', '<=', upTo)
      .execute(),
    db.selectFrom('payments')
      .select(['id', 'date', 'amount', 'reference', 'method'])
      .where('client_id', '=', clientId)
      .where('voided_at', 'is', null)
      .where('date', '<=', upTo)
      .execute(),
    db.selectFrom('refunds')
      .select(['id', 'date', 'amount', 'reference'])
      .where('client_id', '=', clientId)
      .where('date', '<=', upTo)
      .execute(),
  ]);
  const entries: StatementEntry[] = [];
  for (const d of docs) {
    entries.push({ id: d.id, date: d.issue_date, type: d.kind === 'invoice' ? 'invoice' : 'credit_note', reference: d.number ?? `#${d.id}`, amount: d.total });
  }
  for (const p of payments) entries.push({ id: p.id, date: p.date, type: 'payment', reference: p.reference ?? `#${p.id}`, amount: p.amount });
  for (const r of refunds) entries.push({ id: r.id, date: r.date, type: 'refund', reference: r.reference ?? `#${r.id}`, amount: r.amount });
  return buildStatement(entries, from, to);
}
