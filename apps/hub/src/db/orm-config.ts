import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { entities } from './entities/index.js';
import { migrations } from './migrations/index.js';

export interface OrmConfigOptions {
  /** Connection pool size (default 10). */
  poolMax?: number;
  /** Log every query (through MikroORM's logger). */
  debug?: boolean;
}

/**
 * The MikroORM configuration of the hub. Migrations are a checked-in list of classes rather than files found by a
 * glob, so that the same code runs from src (tsx, vitest) and from dist, and nothing is written at run time.
 */
export function ormConfig(url: string, options: OrmConfigOptions = {}): Options {
  return defineConfig({
    clientUrl: url,
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: options.poolMax ?? 10 },
    debug: options.debug ?? false,
    // Work always happens in a fork (em.fork() per request / job); the global EM would leak identity maps.
    allowGlobalContext: false,
    ensureDatabase: false,
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true,
    },
  });
}
