import type { RateLimitStore } from '@accounting-hub/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type AwilixContainer, asFunction, asValue, createContainer, InjectionMode } from 'awilix';
import type pg from 'pg';
import type { Config } from '../config/env.js';
import type { JobCatalog, JobQueue } from '../jobs/queue.js';
import type { SecretBox } from '../security/secret-box.js';
import type { HubLogger } from './logger.js';

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
}

export type HubContainer<C extends JobCatalog = JobCatalog> = AwilixContainer<HubCradle<C>>;

export type HubParts<C extends JobCatalog> = Omit<HubCradle<C>, 'em'>;

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
  });
  return container;
}
