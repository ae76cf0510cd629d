// Kysely only: the built-in test gateway's own record of what it took or declined (it plays the
// provider, so it keeps the provider's side of the story apart from our checkouts).

import type { Selectable } from 'kysely';
import type { Db, Trx } from '../db/index.js';
import type { TestGatewayOutcomesTable } from '../db/schema-payments-online.js';

/** The test gateway's outcome of one checkout. */
export type TestGatewayOutcomeRow = Selectable<TestGatewayOutcomesTable>;

/** Stores what the test gateway did with a checkout; the first outcome stands, as at a real provider. */
export async function saveTestGatewayOutcome(db: Db | Trx, row: Omit<TestGatewayOutcomeRow, 'created_at'>): Promise<void> {
  await db.insertInto('test_gateway_outcomes').values(row).onConflict((oc) => oc.column('checkout_id').doNothing()).execute();
}

/** What the test gateway did with a checkout, if anything. */
export async function findTestGatewayOutcome(db: Db | Trx, checkoutId: string): Promise<TestGatewayOutcomeRow | undefined> {
  return db.selectFrom('test_gateway_outcomes').selectAll().where('checkout_id', '=', checkoutId).executeTakeFirst();
}
