import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApiToken, upsertAdmin } from './auth/service.js';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.js';
import { databaseFile, migrateToLatest, openDatabase, type OpenDatabase } from './db/index.js';
import { describeSummary, reconcilePayments } from './payments-online/reconcile.js';
import { seedDemo } from './seed/demo.js';
import { startServer } from './server.js';

const USAGE = `usage: stoa <command>
  serve                                      start the server (same as npm start)
  migrate                                    apply pending migrations and exit
  seed --demo                                fill an empty database with a demo firm
  create-admin --email E --password P [--name N]   create or reset a staff admin
  create-token --email E [--name N]          create an API token (printed on the last line)
  backup FILE                                consistent online copy of the database
  reconcile-payments                         ask payment providers about checkouts whose callback never came`;

class UsageError extends Error {}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`missing --${name}`);
  return v;
}

async function withDatabase<T>(config: Config, fn: (db: OpenDatabase) => Promise<T>): Promise<T> {
  const database = openDatabase(databaseFile(config.dataDir));
  try {
    await migrateToLatest(database.db);
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Runs one CLI command; returns the exit code (0 ok, 1 failure, 2 bad arguments). */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    loadDotEnv();
    if (command === 'serve') {
      await startServer();
      return -1; // keeps running
    }
    if (!command || command === 'help' || command === '--help') {
      process.stdout.write(USAGE + '\n');
      return command ? 0 : 2;
    }
    const config = loadConfig();
    switch (command) {
      case 'migrate': {
        const applied = await withDatabase(config, (d) => migrateToLatest(d.db));
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
        return 0;
      }
      case 'seed': {
        const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean' } }, strict: true });
        if (!values.demo) throw new UsageError('only "seed --demo" is supported');
        const result = await withDatabase(config, (d) => seedDemo(d.db));
        if (!result.ok) {
          process.stderr.write(result.error + '\n');
          return 1;
        }
        process.stdout.write(result.summary + '\n');
        return 0;
      }
      case 'create-admin': {
        const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } }, strict: true });
        const email = required(values, 'email');
        const password = required(values, 'password');
        const result = await withDatabase(config, (d) => upsertAdmin(d.db, { email, password, name: values.name ?? null }));
        if (!result.ok) throw new UsageError(result.error);
        process.stdout.write(`${result.created ? 'created' : 'reset'} admin ${email.toLowerCase()}\n`);
        return 0;
      }
      case 'create-token': {
        const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' } }, strict: true });
        const email = required(values, 'email');
        const result = await withDatabase(config, (d) => createApiToken(d.db, { email, name: values.name ?? null }));
        if (!result.ok) throw new UsageError(result.error);
        process.stdout.write(`API token for ${email.toLowerCase()} (shown once):\n${result.token}\n`);
        return 0;
      }
      case 'backup': {
        const { positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true });
        const target = positionals[0];
        if (!target || positionals.length > 1) throw new UsageError('usage: stoa backup FILE');
        const dest = path.resolve(target);
        if (existsSync(dest)) throw new UsageError(`${dest} already exists`);
        if (!existsSync(path.dirname(dest))) throw new UsageError(`folder ${path.dirname(dest)} does not exist`);
        const source = databaseFile(config.dataDir);
        if (!existsSync(source)) throw new UsageError(`no database at ${source}`);
        const database = openDatabase(source);
        try {
          await database.sqlite.backup(dest);
        } finally {
          await database.close();
        }
        process.stdout.write(`backup written to ${dest}\n`);
        return 0;
      }
      case 'reconcile-payments': {
        parseArgs({ args: rest, options: {}, strict: true });
        const summary = await withDatabase(config, (d) => reconcilePayments({ db: d.db, config }));
        process.stdout.write(describeSummary(summary) + '\n');
        // A provider that could not answer: the checkouts wait for the next pass; cron sees a failure.
        return summary.errors > 0 ? 1 : 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      return err instanceof ConfigError ? 1 : 2;
    }
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(err.message + '\n');
      return 2;
    }
    throw err;
  }
}
