import type { Config } from '../config/env.js';
import { resolveSecrets } from '../config/local-secrets.js';
import { type HubDatabase, openDatabase } from '../db/open-database.js';
import { type HubJobs, hubJobs } from '../jobs/catalog.js';
import { type JobCatalog, JobQueue } from '../jobs/queue.js';
import { PostgresRateLimitStore } from '../ratelimit/postgres-rate-limit-store.js';
import { createSecretBox } from '../security/secret-box.js';
import { createHubContainer, type HubContainer, type HubCradle } from './container.js';
import { createLogger, type HubLogger } from './logger.js';

export interface HubRuntimeOptions<C extends JobCatalog> {
  /** Defaults to a pino logger at the configured level on stdout. */
  logger?: HubLogger;
  /** Job types whose queues are created at start (default: the hub's catalog). */
  jobs?: C;
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
  });

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      await queue.stop();
    } finally {
      await container.dispose().catch(() => undefined);
      await db.close();
    }
    logger.info({}, 'hub runtime stopped');
  };

  logger.info({ embedded: db.embedded, jobs: Object.keys(jobs) }, 'hub runtime started');
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
