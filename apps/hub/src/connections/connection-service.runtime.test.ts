import { randomBytes } from 'node:crypto';
import { connector as reference, createReferenceSandbox, type ReferenceSandbox } from '@accounting-hub/connector-reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../app/logger.js';
import { createHubRuntime, type HubRuntime } from '../app/runtime.js';
import { loadConfig } from '../config/env.js';
import { createConnectorRegistry } from '../connectors/registry.js';
import { Tenant } from '../db/entities/tenant.js';
import { defineJobs } from '../jobs/queue.js';
import { generateApiKey } from '../security/api-keys.js';
import { createOAuthTestConnector } from '../testing/oauth-test-connector.js';
import { type OAuthTestServer, startOAuthTestServer } from '../testing/oauth-test-server.js';
import { getTestDatabase, type TestDatabase } from '../testing/test-database.js';

const jobs = defineJobs({ noop: { payload: z.object({}) } });

let db: TestDatabase;
let sandbox: ReferenceSandbox;
let oauth: OAuthTestServer;
let runtime: HubRuntime<typeof jobs>;

beforeAll(async () => {
  db = await getTestDatabase();
  sandbox = await createReferenceSandbox();
  oauth = await startOAuthTestServer();
  const config = loadConfig({
    DATABASE_URL: db.url,
    HUB_SECRET_KEY: randomBytes(32).toString('hex'),
    HUB_CONNECTORS: 'reference',
    PUBLIC_URL: 'https://hub.example.com',
    HUB_OAUTH_OAUTHBOOKS_CLIENT_ID: oauth.clientId,
    HUB_OAUTH_OAUTHBOOKS_CLIENT_SECRET: oauth.clientSecret,
  });
  runtime = await createHubRuntime(config, {
    logger: createLogger('silent'),
    jobs,
    connectorRegistry: createConnectorRegistry([
      { connector: reference, source: '@accounting-hub/connector-reference' },
      { connector: createOAuthTestConnector(), source: 'test' },
    ]),
  });
});
afterAll(async () => {
  await runtime?.close();
  await oauth?.close();
  await sandbox?.close();
  await db?.drop();
});

async function newTenant(): Promise<Tenant> {
  const em = runtime.cradle.em;
  const key = generateApiKey();
  const tenant = em.create(Tenant, { name: 'Wired GmbH', apiKeyPrefix: key.prefix, apiKeyHash: key.hash });
  await em.flush();
  return tenant;
}

describe('the connection layer as the runtime wires it (pino logger, the ORM pool)', () => {
  it('registers the registry, call-log writer, inbox and connection service as singletons', () => {
    const { container } = runtime;
    expect(container.resolve('connectionService')).toBe(container.resolve('connectionService'));
    expect(container.resolve('callLogWriter')).toBe(container.resolve('callLogWriter'));
    expect(container.resolve('notificationService')).toBe(container.resolve('notificationService'));
    expect(runtime.cradle.connectorRegistry.list().map((c) => c.manifest.id)).toEqual(['reference', 'oauthbooks']);
  });

  it('connects, opens and logs through the cradle', async () => {
    const tenant = await newTenant();
    const { connectionService, pool } = runtime.cradle;
    await connectionService.connect(tenant, 'reference', { credentials: { apiKey: sandbox.apiKey }, options: { baseUrl: sandbox.url } });
    const opened = await connectionService.open({ tenantId: tenant.id, connectorId: 'reference', invoiceId: null });
    await expect(opened.connector.testConnection(opened.ctx)).resolves.toMatchObject({ account: {} });
    const { rows } = await pool.query('select count(*)::int as n from call_log where tenant_id = $1', [tenant.id]);
    expect(rows[0].n).toBe(2);
  });

  it('refreshes an expired OAuth token through the ORM pool (timestamps arrive as strings there)', async () => {
    const tenant = await newTenant();
    const { connectionService, pool } = runtime.cradle;
    const { url } = await connectionService.startAuthorization(tenant, 'oauthbooks', { options: { baseUrl: oauth.url } });
    const res = await fetch(url, { redirect: 'manual' });
    const back = new URL(res.headers.get('location')!);
    await connectionService.completeAuthorization('oauthbooks', { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! });
    await pool.query(`update connection set access_token_expires_at = now() - interval '1 minute' where tenant_id = $1`, [tenant.id]);
    const before = oauth.counts.refresh_token;
    const opened = await connectionService.open({ tenantId: tenant.id, connectorId: 'oauthbooks', invoiceId: null });
    expect(oauth.counts.refresh_token - before).toBe(1);
    await expect(opened.connector.testConnection(opened.ctx)).resolves.toMatchObject({ account: { id: 'acct-1' } });
  });
});
