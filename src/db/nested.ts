import { CompiledQuery, Kysely, SqliteDialect, type DatabaseConnection, type Driver } from 'kysely';
import type { Db, Trx } from './index.js';
import type { Database } from './schema.js';

/**
 * The driver of a Kysely that lives inside an open transaction: connections come from that
 * transaction's executor, and a transaction begun on it is a savepoint — committed by RELEASE,
 * rolled back by ROLLBACK TO — so the enclosing transaction still decides what is kept.
 */
class SavepointDriver implements Driver {
  readonly #open: string[] = [];
  #count = 0;

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    throw new Error('a nested database handle takes its connection from the enclosing transaction');
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const name = `stoa_nested_${++this.#count}`;
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
    this.#open.push(name);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const name = this.#open.pop();
    if (name) await connection.executeQuery(CompiledQuery.raw(`release ${name}`));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const name = this.#open.pop();
    if (!name) return;
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${name}`));
    await connection.executeQuery(CompiledQuery.raw(`release ${name}`));
  }

  async releaseConnection(): Promise<void> {}

  // The connection belongs to the enclosing database: destroying this handle closes nothing.
  async destroy(): Promise<void> {}
}

// Only for Kysely's introspection, which nothing here uses; it never opens a database.
const dialect = new SqliteDialect({
  database: async () => {
    throw new Error('a nested database handle never opens a database of its own');
  },
});

/**
 * A `Db` inside the open transaction `trx`, for code written against `Db` that calls
 * `db.transaction()` itself (services): its queries join `trx`, and its transactions become
 * savepoints of `trx`. Nothing it writes is durable until `trx` commits, and all of it goes if
 * `trx` rolls back. Like `Db`, a query on the handle itself waits while one of its own
 * transactions runs. Once `trx` has ended the handle refuses every query.
 */
export function dbWithin(trx: Trx): Db {
  return new Kysely<Database>({ config: { dialect }, dialect, driver: new SavepointDriver(), executor: trx.getExecutor() });
}
