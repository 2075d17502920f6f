import type { Logger } from '@accounting-hub/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';

/** Any 64-bit number shared by every hub process: the session lock that serialises migrations. */
const MIGRATION_LOCK = 4_242_001;

/**
 * Applies pending migrations. Several processes starting at once take turns on an advisory lock, so that exactly
 * one migrates and the others find nothing left to do.
 */
export async function runMigrations(orm: MikroORM, pool: pg.Pool, logger: Logger): Promise<string[]> {
  const lock = await pool.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await orm.migrator.up();
    const names = applied.map((m) => m.name);
    if (names.length > 0) logger.info({ migrations: names }, 'applied database migrations');
    return names;
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    lock.release();
  }
}
