import { randomUUID } from 'node:crypto';
import { connector as reference } from '@accounting-hub/connector-reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectionTestKit, startConnectionTestKit } from '../testing/connection-test-kit.js';
import { saveConnection } from './connection-store.js';

let kit: ConnectionTestKit;
beforeAll(async () => {
  kit = await startConnectionTestKit({ connectors: [reference] });
});
afterAll(async () => {
  await kit?.close();
});

describe('saveConnection', () => {
  it('keeps the existing row (and seals for its id) when a concurrent connect created it under another id', async () => {
    const tenant = await kit.newTenant();
    const base = {
      tenantId: tenant.id,
      connector: 'reference',
      authKind: 'api_token' as const,
      options: { baseUrl: 'http://127.0.0.1:1' },
      state: {},
      account: { name: 'A' },
      unavailable: null,
      authenticatedAt: new Date(),
      reauthBy: null,
      accessTokenExpiresAt: null,
      lastError: null,
    };
    const first = await saveConnection(kit.hub.pool, kit.box, { ...base, id: randomUUID(), secret: { apiKey: 'first-key-1' } });
    const second = await saveConnection(kit.hub.pool, kit.box, { ...base, id: randomUUID(), secret: { apiKey: 'second-key-2' } });
    expect(second).toBe(first);
    const { rows } = await kit.hub.pool.query<{ id: string; secret: string }>('select id, secret from connection where tenant_id = $1', [tenant.id]);
    expect(rows).toHaveLength(1);
    expect(kit.box.open(rows[0]!.secret, first)).toEqual({ apiKey: 'second-key-2' });
  });
});
