import type { Logger } from '@accounting-hub/core';
import { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { Config } from '../config/env.js';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres.js';
import { runMigrations } from './migrate.js';
import { ormConfig } from './orm-config.js';

export interface HubDatabase {
  orm: MikroORM;
  /** The pg pool behind the ORM, for the few statements that are plain SQL (rate limits, locks). */
  pool: pg.Pool;
  url: string;
  /** Whether this process runs the embedded PostgreSQL in `<dataDir>/pg`. */
  embedded: boolean;
  /** Closes the ORM's pool, then stops the embedded PostgreSQL if there is one. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  poolMax?: number;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL in the data directory when it is unset, and brings
 * the schema up to date before anything else touches it.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  logger: Logger,
  options: OpenDatabaseOptions = {},
): Promise<HubDatabase> {
  let server: EmbeddedPostgresHandle | undefined;
  let url = config.databaseUrl;
  if (url === undefined) {
    server = await startEmbeddedPostgres({ dir: config.dataDir, logger });
    url = server.url;
  }
  let orm: MikroORM | undefined;
  try {
    orm = await MikroORM.init(ormConfig(url, options.poolMax === undefined ? {} : { poolMax: options.poolMax }));
    const pool = await orm.em.getConnection().getNativeClient();
    // An idle connection that PostgreSQL ends (a restart, a failover, an administrator) errors on the pool; without
    // a listener that is an uncaught exception and the whole hub dies. The pool replaces the connection by itself.
    pool.on('error', (error) => logger.warn({ err: error }, 'an idle database connection was closed by the server'));
    await runMigrations(orm, pool, logger);
    const opened = orm;
    return {
      orm: opened,
      pool,
      url,
      embedded: server !== undefined,
      close: async () => {
        await opened.close(true);
        await server?.stop();
      },
    };
  } catch (error) {
    await orm?.close(true).catch(() => undefined);
    await server?.stop().catch(() => undefined);
    throw error;
  }
}
