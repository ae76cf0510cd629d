import { serve } from '@hono/node-server';
import { getHeapStatistics } from 'node:v8';
import { createApp } from './app.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { databaseFile, migrateToLatest, openDatabase } from './db/index.js';
import { requeueInterruptedMail } from './mail/queries.js';
import { startMailWorker } from './mail/worker.js';
import { startReconciler } from './payments-online/reconcile.js';
import { log } from './util/log.js';

/** Starts Stoa: config → db → migrate → app → listen; shuts down gracefully on SIGTERM/SIGINT. */
export async function startServer(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
  const database = openDatabase(databaseFile(config.dataDir));
  const applied = await migrateToLatest(database.db);
  if (applied.length) log.info('migrations applied', { applied });
  const app = createApp({ db: database.db, config });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    // The heap cap in effect (`npm start` and `stoa serve` set it), so an operator can check it.
    const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
    log.info('listening', { url: config.publicUrl, address: info.address, port: info.port, dataDir: config.dataDir, heapLimitMb });
  });
  // Mail a crashed run was sending goes out now, not when its lease runs out.
  const requeued = await requeueInterruptedMail(database.db, new Date().toISOString());
  if (requeued) log.warn('mail interrupted by a crash requeued', { count: requeued });
  const mailWorker = startMailWorker(database.db, config);
  // Payments whose provider callback never came (SECURITY.md row 34), every few minutes.
  const reconciler = startReconciler({ db: database.db, config });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const force = setTimeout(() => {
      log.error('forced exit: requests still open after 10 s');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close(async () => {
      await reconciler.stop();
      await mailWorker.stop();
      await database.close();
      log.info('stopped');
      process.exit(0);
    });
    // Idle keep-alive sockets would hold close() open.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await startServer();
}
