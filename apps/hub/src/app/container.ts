import type { RateLimitStore } from '@accounting-hub/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type AwilixContainer, asFunction, asValue, createContainer, InjectionMode } from 'awilix';
import type pg from 'pg';
import { type CallLogWriter, createCallLogWriter } from '../calllog/call-log-writer.js';
import type { Config } from '../config/env.js';
import { createConnectionService } from '../connections/connection-service.js';
import type { HubConnectorRegistry } from '../connectors/registry.js';
import { createNotificationService } from '../inbox/notification-service.js';
import type { JobCatalog, JobQueue } from '../jobs/queue.js';
import type { SecretBox } from '../security/secret-box.js';
import type { HubLogger } from './logger.js';
import type { HubJobs } from '../jobs/catalog.js';
import { createSyncEngine, defaultSyncOptions, type SyncEngine } from '../sync/sync-engine.js';
import type { ConnectionService, NotificationService, SyncService } from './services.js';

/** Everything the routes and the sync engine may ask the container for. */
export interface HubCradle<C extends JobCatalog = JobCatalog> {
  config: Config;
  logger: HubLogger;
  orm: MikroORM;
  /** A NEW EntityManager fork on every resolution: resolve it once per request or job and keep it. */
  em: EntityManager;
  /** The pg pool behind the ORM, for plain SQL (conditional updates, locks). */
  pool: pg.Pool;
  secretBox: SecretBox;
  rateLimitStore: RateLimitStore;
  queue: JobQueue<C>;
  /** The admin bearer token, or undefined when the admin API is off. */
  adminToken: string | undefined;
  /** The connectors loaded at start (HUB_CONNECTORS). */
  connectorRegistry: HubConnectorRegistry;
  /** Writes core's call records to `call_log`. */
  callLogWriter: CallLogWriter;
  notificationService: NotificationService;
  /** Tenants' connections: connect, OAuth, test, and open() for the sync engine. */
  connectionService: ConnectionService;
  /** Books invoices and cancellations through the tenant's connector (needs the hub's job catalog). */
  syncEngine: SyncEngine;
  /** Queues syncs: intake, re-sync, backfill. */
  syncService: SyncService;
}

export type HubContainer<C extends JobCatalog = JobCatalog> = AwilixContainer<HubCradle<C>>;

/** What the runtime starts; the services below them are built by the container. */
export type HubParts<C extends JobCatalog> = Omit<
  HubCradle<C>,
  'em' | 'callLogWriter' | 'notificationService' | 'connectionService' | 'syncEngine' | 'syncService'
>;

/**
 * Wires the started parts into an awilix container (PROXY mode: a factory takes the cradle and picks what it
 * needs). Route plugins and job handlers resolve from it, or from a scope created per request.
 */
export function createHubContainer<C extends JobCatalog>(parts: HubParts<C>): HubContainer<C> {
  const container = createContainer<HubCradle<C>>({ injectionMode: InjectionMode.PROXY, strict: true });
  container.register({
    config: asValue(parts.config),
    logger: asValue(parts.logger),
    orm: asValue(parts.orm),
    pool: asValue(parts.pool),
    secretBox: asValue(parts.secretBox),
    rateLimitStore: asValue(parts.rateLimitStore),
    queue: asValue(parts.queue),
    adminToken: asValue(parts.adminToken),
    em: asFunction(({ orm }: HubCradle<C>) => orm.em.fork()).transient(),
    connectorRegistry: asValue(parts.connectorRegistry),
    callLogWriter: asFunction(({ pool, logger }: HubCradle<C>) => createCallLogWriter(pool, logger)).singleton(),
    // Singletons that need an EntityManager take a function: each call resolves a fresh fork from the cradle.
    notificationService: asFunction((c: HubCradle<C>) => createNotificationService({ pool: c.pool, em: () => c.em })).singleton(),
    connectionService: asFunction((c: HubCradle<C>) =>
      createConnectionService({
        config: c.config,
        logger: c.logger,
        pool: c.pool,
        em: () => c.em,
        secretBox: c.secretBox,
        rateLimitStore: c.rateLimitStore,
        connectorRegistry: c.connectorRegistry,
        callLogWriter: c.callLogWriter,
        notificationService: c.notificationService,
      }),
    ).singleton(),
    syncEngine: asFunction((c: HubCradle<C>) =>
      createSyncEngine(
        {
          pool: c.pool,
          // The engine's queue is the hub's own catalog; a runtime started with another catalog never resolves it.
          queue: c.queue as unknown as JobQueue<HubJobs>,
          connectionService: c.connectionService,
          connectorRegistry: c.connectorRegistry,
          notificationService: c.notificationService,
          logger: c.logger.child({ component: 'sync' }),
        },
        {
          ...defaultSyncOptions,
          retry: { ...defaultSyncOptions.retry, maxAttempts: c.config.syncMaxAttempts, baseDelayMs: c.config.syncRetryBaseMs },
          concurrency: c.config.workerConcurrency,
        },
      ),
    ).singleton(),
    syncService: asFunction((c: HubCradle<C>) => c.syncEngine.service).singleton(),
  });
  return container;
}
