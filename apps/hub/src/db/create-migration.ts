/**
 * Writes a migration for the difference between the entities and the schema the checked-in migrations build.
 * Run: `pnpm --filter @accounting-hub/hub migration:create [name]`, then add the new class to migrations/index.ts
 * and read the SQL: the migration is code from then on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@accounting-hub/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { ormConfig } from './orm-config.js';

async function main(): Promise<void> {
  const name = process.argv[2];
  const dir = await mkdtemp('/tmp/hub-migration-');
  const pg = await startEmbeddedPostgres({ dir, logger: silentLogger });
  try {
    const orm = await MikroORM.init(ormConfig(pg.url));
    try {
      await orm.migrator.up();
      const path = fileURLToPath(new URL('./migrations', import.meta.url));
      const result = await orm.migrator.create(path, false, false, name);
      console.log(result.fileName ? `wrote ${path}/${result.fileName}` : 'no changes: the migrations match the entities');
      for (const line of result.diff.up) console.log(line);
    } finally {
      await orm.close();
    }
  } finally {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
