import { silentLogger } from '@accounting-hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { migrations } from './migrations/index.js';
import { openDatabase } from './open-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await getTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('openDatabase on DATABASE_URL', () => {
  it('migrates an empty database to exactly the schema the entities describe', async () => {
    const opened = await openDatabase({ databaseUrl: db.url, dataDir: '/nonexistent' }, silentLogger);
    try {
      expect(opened.embedded).toBe(false);
      const { rows } = await opened.pool.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
      );
      expect(rows.map((r) => r.table_name)).toEqual([
        'call_log',
        'connection',
        'customer',
        'customer_link',
        'document',
        'invoice',
        'mikro_orm_migrations',
        'notification',
        'oauth_state',
        'rate_limit_bucket',
        'tenant',
      ]);
      expect((await opened.orm.schema.getUpdateSchemaSQL()).trim()).toBe('');
    } finally {
      await opened.close();
    }
  });

  it('applies nothing the second time, even when several processes open it at once', async () => {
    const opened = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: db.url, dataDir: '/nonexistent' }, silentLogger)));
    try {
      const { rows } = await opened[0]!.pool.query<{ n: number }>('select count(*)::int as n from mikro_orm_migrations');
      expect(rows[0]!.n).toBe(migrations.length);
    } finally {
      await Promise.all(opened.map((o) => o.close()));
    }
  });
});
