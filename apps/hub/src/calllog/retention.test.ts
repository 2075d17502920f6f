import { silentLogger } from '@accounting-hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tenant } from '../db/entities/tenant.js';
import { type HubDatabase, openDatabase } from '../db/open-database.js';
import { generateApiKey } from '../security/api-keys.js';
import { getTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { deleteOldCallLogs } from './retention.js';

let db: TestDatabase;
let hub: HubDatabase;

beforeAll(async () => {
  db = await getTestDatabase();
  hub = await openDatabase({ databaseUrl: db.url, dataDir: '/nonexistent' }, silentLogger);
});
afterAll(async () => {
  await hub?.close();
  await db?.drop();
});

describe('deleteOldCallLogs', () => {
  it('deletes rows older than the retention in batches and answers how many', async () => {
    const em = hub.orm.em.fork();
    const key = generateApiKey();
    const tenant = em.create(Tenant, { name: 'Old Logs AG', apiKeyPrefix: key.prefix, apiKeyHash: key.hash });
    await em.flush();
    // 23 rows of 100 days ago, 5 of 10 days ago.
    await hub.pool.query(
      `insert into call_log (at, tenant_id, connector, attempt, method, host, path, duration_ms, error)
       select now() - (case when g <= 23 then 100 else 10 end) * interval '1 day', $1, 'reference', 1, 'GET', 'h', '/', 1, false
       from generate_series(1, 28) g`,
      [tenant.id],
    );
    expect(await deleteOldCallLogs(hub.pool, 90, 5)).toBe(23);
    const { rows } = await hub.pool.query<{ n: number }>('select count(*)::int as n from call_log');
    expect(rows[0]!.n).toBe(5);
    expect(await deleteOldCallLogs(hub.pool, 90)).toBe(0);
    expect(await deleteOldCallLogs(hub.pool, 5)).toBe(5);
  });
});
