import { randomBytes } from 'node:crypto';
import { type AnyConnector, silentLogger } from '@accounting-hub/core';
import pg from 'pg';
import type { ConnectionService, NotificationService } from '../app/services.js';
import { createCallLogWriter } from '../calllog/call-log-writer.js';
import type { OAuthClientConfig } from '../config/env.js';
import { type ConnectionServiceDeps, createConnectionService } from '../connections/connection-service.js';
import { createConnectorRegistry, type HubConnectorRegistry } from '../connectors/registry.js';
import { Tenant } from '../db/entities/tenant.js';
import { type HubDatabase, openDatabase } from '../db/open-database.js';
import { createNotificationService } from '../inbox/notification-service.js';
import { PostgresRateLimitStore } from '../ratelimit/postgres-rate-limit-store.js';
import { generateApiKey } from '../security/api-keys.js';
import { createSecretBox, type SecretBox } from '../security/secret-box.js';
import { getTestDatabase, type TestDatabase } from './test-database.js';

/**
 * The hub's pool is MikroORM's, which hands out date and time values as strings (date, timestamp, timestamptz,
 * interval); the services' own pools here do the same, so tests see what production sees.
 */
const ormLikeTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    [1082, 1114, 1184, 1186].includes(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A migrated test database and the parts a ConnectionService needs, for the connection tests. */
export interface ConnectionTestKit {
  hub: HubDatabase;
  box: SecretBox;
  registry: HubConnectorRegistry;
  notifications: NotificationService;
  /**
   * A service as one hub process has it: its own pg pool (so two services stand for two processes), sharing the
   * database, the secret key and the connectors.
   */
  service(overrides?: Partial<ConnectionServiceDeps>): ConnectionService;
  newTenant(name?: string): Promise<Tenant>;
  /** Every call_log row as one JSON text, to search for leaked secrets. */
  callLogText(): Promise<string>;
  close(): Promise<void>;
}

export async function startConnectionTestKit(opts: {
  connectors: AnyConnector[];
  oauth?: Record<string, OAuthClientConfig>;
  publicUrl?: string;
}): Promise<ConnectionTestKit> {
  const db: TestDatabase = await getTestDatabase();
  const hub = await openDatabase({ databaseUrl: db.url, dataDir: '/nonexistent' }, silentLogger);
  const box = createSecretBox(randomBytes(32));
  const registry = createConnectorRegistry(opts.connectors.map((connector) => ({ connector, source: 'test' })));
  const pools: pg.Pool[] = [];
  const em = () => hub.orm.em.fork();
  const notifications = createNotificationService({ pool: hub.pool, em });

  return {
    hub,
    box,
    registry,
    notifications,
    service(overrides = {}) {
      const pool = new pg.Pool({ connectionString: db.url, max: 6, types: ormLikeTypes });
      // A test may end while a pool is idle; its clients' errors at drop time are not the test's business.
      pool.on('error', () => undefined);
      pools.push(pool);
      return createConnectionService({
        config: { publicUrl: opts.publicUrl ?? 'https://hub.example.com', oauth: opts.oauth ?? {} },
        logger: silentLogger,
        pool,
        em,
        secretBox: box,
        rateLimitStore: new PostgresRateLimitStore(pool),
        connectorRegistry: registry,
        callLogWriter: createCallLogWriter(pool, silentLogger),
        notificationService: createNotificationService({ pool, em }),
        ...overrides,
      });
    },
    async newTenant(name = 'Muster GmbH') {
      const fork = em();
      const key = generateApiKey();
      const tenant = fork.create(Tenant, { name, apiKeyPrefix: key.prefix, apiKeyHash: key.hash });
      await fork.flush();
      return tenant;
    },
    async callLogText() {
      const { rows } = await hub.pool.query<{ text: string | null }>('select coalesce(json_agg(c)::text, \'\') as text from call_log c');
      return rows[0]?.text ?? '';
    },
    async close() {
      for (const pool of pools) await pool.end();
      await hub.close();
      await db.drop();
    },
  };
}
