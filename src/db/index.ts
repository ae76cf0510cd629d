import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import path from 'node:path';
import { migrations } from '../../migrations/index.js';
import type { Database } from './schema.js';

export type { Database } from './schema.js';
/** The database handle or an open transaction: queries take either as first argument. */
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

/** An open database: Kysely for queries, the raw handle for backup and pragmas. */
export interface OpenDatabase {
  db: Db;
  sqlite: BetterSqlite3.Database;
  close(): Promise<void>;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Wraps better-sqlite3 for Kysely: caches prepared statements (Kysely's driver prepares
 * every query anew) and turns Kysely's deferred `begin` into `begin immediate`, so a
 * write transaction takes the lock up front instead of failing on upgrade.
 */
function kyselyFacade(sqlite: BetterSqlite3.Database) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      const text = sqlText === 'begin' ? 'begin immediate' : sqlText;
      let stmt = cache.get(text);
      if (stmt === undefined) {
        stmt = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

/** Applies the pragmas SECURITY.md requires; payments must survive power loss. */
export function applyPragmas(sqlite: BetterSqlite3.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // No memory-mapped I/O: mapped database pages count in the process's RSS (with the kernel's
  // fault-around, 64 KB per page touched) and grow with every client's pages read, up to the map
  // size; reads through SQLite's own page cache stay within cache_size. Measured on the issue 8
  // benchmark (1,000,000 invoices): peak RSS 212 → 195 MB, CPU per request within noise (the
  // dashboard's balances ~0.4 ms slower).
  sqlite.pragma('mmap_size = 0');
  sqlite.pragma('cache_size = -32000');
  sqlite.pragma('temp_store = MEMORY');
}

/** Path of the SQLite file inside DATA_DIR. */
export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'stoa.sqlite');
}

/** Opens (creating if needed) the SQLite database at `file`. */
export function openDatabase(file: string): OpenDatabase {
  const sqlite = new BetterSqlite3(file);
  applyPragmas(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: kyselyFacade(sqlite) }) });
  return {
    db,
    sqlite,
    close: async () => {
      await db.destroy();
    },
  };
}

/** Applies pending migrations; throws with the failing migration's error. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
