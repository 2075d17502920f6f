import type { Config } from '../config/env.js';
import { resolveSecrets } from '../config/local-secrets.js';
import { loadConnectors } from '../connectors/load-connectors.js';
import type { HubConnectorRegistry } from '../connectors/registry.js';
import { type HubDatabase, openDatabase } from '../db/open-database.js';
import { type HubJobs, hubJobs } from '../jobs/catalog.js';
import { type JobCatalog, JobQueue } from '../jobs/queue.js';
import { PostgresRateLimitStore } from '../ratelimit/postgres-rate-limit-store.js';
import { createSecretBox } from '../security/secret-box.js';
import { deleteOldCallLogs } from '../calllog/retention.js';
import { scheduleSweep } from '../sync/sweep.js';
import { createHubContainer, type HubContainer, type HubCradle } from './container.js';
import { createLogger, type HubLogger } from './logger.js';

export interface HubRuntimeOptions<C extends JobCatalog> {
  /** Defaults to a pino logger at the configured level on stdout. */
  logger?: HubLogger;
  /** Job types whose queues are created at start (default: the hub's catalog). */
  jobs?: C;
  /** The connectors (default: loaded from config.connectors). */
  connectorRegistry?: HubConnectorRegistry;
  /** Start the sync workers and the sweep in this process (default: config.runWorkers, with the hub's catalog only). */
  workers?: boolean;
}

export interface HubRuntime<C extends JobCatalog = HubJobs> {
  config: Config;
  container: HubContainer<C>;
  /** Shorthand for container.cradle. */
  cradle: HubCradle<C>;
  /** Whether this process runs the embedded PostgreSQL. */
  embedded: boolean;
  /** Stops the job workers (letting running jobs finish), then the database and the embedded PostgreSQL. */
  close(): Promise<void>;
}

/**
 * Starts everything below the HTTP layer: secrets (generated into the data directory in the embedded default),
 * PostgreSQL (embedded when DATABASE_URL is unset) with migrations applied, the job queue, and the container.
 * Whatever started is stopped again when a later step fails.
 */
export async function createHubRuntime<C extends JobCatalog = HubJobs>(
  config: Config,
  options: HubRuntimeOptions<C> = {},
): Promise<HubRuntime<C>> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const jobs = (options.jobs ?? hubJobs) as C;
  // First: a broken connector package stops the start before anything is running.
  const connectorRegistry = options.connectorRegistry ?? (await loadConnectors(config.connectors, logger));
  const secrets = await resolveSecrets(config, logger);

  const db: HubDatabase = await openDatabase(config, logger, { poolMax: Math.max(10, config.workerConcurrency + 2) });
  let queue: JobQueue<C>;
  try {
    queue = await JobQueue.start({ url: db.url, jobs, logger, poolMax: Math.max(4, config.workerConcurrency + 2) });
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }

  const container = createHubContainer<C>({
    config,
    logger,
    orm: db.orm,
    pool: db.pool,
    secretBox: createSecretBox(secrets.secretKey),
    rateLimitStore: new PostgresRateLimitStore(db.pool),
    queue,
    adminToken: secrets.adminToken,
    connectorRegistry,
  });

  let stopSweep: (() => Promise<void>) | undefined;
  const workers = options.workers ?? (config.runWorkers && options.jobs === undefined);
  if (workers) {
    try {
      const cradle = container.cradle as unknown as HubCradle<HubJobs>;
      await cradle.syncEngine.start();
      stopSweep = scheduleSweep(
        {
          pool: db.pool,
          syncService: cradle.syncService,
          connectionService: cradle.connectionService,
          logger: logger.child({ component: 'sweep' }),
          deleteOldCallLogs: () => deleteOldCallLogs(db.pool, config.logRetentionDays),
        },
        config.sweepCron,
      );
    } catch (error) {
      await queue.stop().catch(() => undefined);
      await db.close().catch(() => undefined);
      throw error;
    }
  }

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      await stopSweep?.();
      await queue.stop();
    } finally {
      await container.dispose().catch(() => undefined);
      await db.close();
    }
    logger.info({}, 'hub runtime stopped');
  };

  logger.info({ embedded: db.embedded, jobs: Object.keys(jobs), workers }, 'hub runtime started');
  return {
    config,
    container,
    cradle: container.cradle,
    embedded: db.embedded,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
