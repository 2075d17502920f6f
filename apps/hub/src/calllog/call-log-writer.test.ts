import { type CallRecord, silentLogger } from '@accounting-hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tenant } from '../db/entities/tenant.js';
import { type HubDatabase, openDatabase } from '../db/open-database.js';
import { generateApiKey } from '../security/api-keys.js';
import { getTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { createCallLogWriter, MAX_LOGGED_BODY_BYTES } from './call-log-writer.js';

let db: TestDatabase;
let hub: HubDatabase;
let tenantId: string;

beforeAll(async () => {
  db = await getTestDatabase();
  hub = await openDatabase({ databaseUrl: db.url, dataDir: '/nonexistent' }, silentLogger);
  const em = hub.orm.em.fork();
  const key = generateApiKey();
  const tenant = em.create(Tenant, { name: 'Log GmbH', apiKeyPrefix: key.prefix, apiKeyHash: key.hash });
  await em.flush();
  tenantId = tenant.id;
});
afterAll(async () => {
  await hub?.close();
  await db?.drop();
});

const record = (overrides: Partial<CallRecord> = {}): CallRecord => ({
  at: '2026-03-01T10:00:00.000Z',
  operation: 'bookVoucher',
  attempt: 1,
  method: 'POST',
  path: '/v1/vouchers?x=1',
  host: 'api.example.com',
  statusCode: 201,
  durationMs: 42.4,
  error: false,
  message: undefined,
  request: { number: 'RE-1' },
  response: { id: 'v-1' },
  ...overrides,
});

describe('createCallLogWriter', () => {
  it('writes one row per record, tagged with tenant, connector, connection and invoice', async () => {
    const invoiceId = '00000000-0000-4000-8000-0000000000aa';
    const connectionId = '00000000-0000-4000-8000-0000000000bb';
    const sink = createCallLogWriter(hub.pool).sinkFor({ tenantId, connector: 'reference', connectionId, invoiceId });
    await sink(record());
    await sink(record({ attempt: 2, statusCode: null, error: true, message: 'timeout after 30000 ms', response: null }));
    const { rows } = await hub.pool.query('select * from call_log where invoice_id = $1 order by id', [invoiceId]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      tenant_id: tenantId,
      connector: 'reference',
      connection_id: connectionId,
      invoice_id: invoiceId,
      operation: 'bookVoucher',
      attempt: 1,
      method: 'POST',
      host: 'api.example.com',
      path: '/v1/vouchers?x=1',
      status_code: 201,
      duration_ms: 42,
      error: false,
      message: null,
      request: { number: 'RE-1' },
      response: { id: 'v-1' },
    });
    expect(Date.parse(rows[0].at)).toBe(Date.parse('2026-03-01T10:00:00.000Z'));
    expect(rows[1]).toMatchObject({ attempt: 2, status_code: null, error: true, message: 'timeout after 30000 ms', response: null });
  });

  it('caps big bodies again and survives what jsonb refuses (NUL characters)', async () => {
    const invoiceId = '00000000-0000-4000-8000-0000000000cc';
    const sink = createCallLogWriter(hub.pool).sinkFor({ tenantId, connector: 'reference', connectionId: null, invoiceId });
    await sink(record({ request: { blob: 'x'.repeat(100_000) }, response: 'binary\u0000junk \\u0000 stays' }));
    const { rows } = await hub.pool.query('select request, response from call_log where invoice_id = $1', [invoiceId]);
    expect(rows[0].request).toMatchObject({ truncated: true, bytes: 100_011 });
    expect(JSON.stringify(rows[0].request).length).toBeLessThan(MAX_LOGGED_BODY_BYTES + 200);
    expect(rows[0].response).toBe('binaryjunk \\u0000 stays');
  });

  it('never throws into the HTTP client: a failed insert is logged and swallowed', async () => {
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, warn: (obj: object) => void warnings.push(obj) };
    const broken = { query: async () => Promise.reject(new Error('connection refused')) };
    const sink = createCallLogWriter(broken, logger).sinkFor({ tenantId, connector: 'reference', connectionId: null, invoiceId: null });
    await expect(sink(record())).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
  });
});
