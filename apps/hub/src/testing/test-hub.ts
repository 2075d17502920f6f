/**
 * Test support for the HTTP layer (not a test file): a hub on a fresh test database with the real services,
 * and small helpers to call it through Fastify's inject().
 */
import { samplePdfDocument } from '@accounting-hub/core/seeds';
import type { CallRecord } from '@accounting-hub/core';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type pg from 'pg';
import { createLogger } from '../app/logger.js';
import { createHubRuntime, type HubRuntime } from '../app/runtime.js';
import { loadConfig } from '../config/env.js';
import { type BuildAppOptions, buildApp } from '../http/app.js';
import { getTestDatabase, type TestDatabase } from './test-database.js';

export const ADMIN_TOKEN = 'adm_test_0123456789abcdef0123456789';
const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestTenant {
  id: string;
  name: string;
  apiKey: string;
}

export interface TestHub {
  app: FastifyInstance;
  runtime: HubRuntime;
  pool: pg.Pool;
  /** inject() with `token` as the bearer token (none when undefined) and `body` as JSON. */
  call(
    method: InjectOptions['method'],
    url: string,
    opts?: { token?: string | undefined; body?: unknown; headers?: Record<string, string>; payload?: string },
  ): Promise<LightMyRequestResponse>;
  /** A new tenant through POST /v1/tenants. */
  tenant(name?: string): Promise<TestTenant>;
  /** Rows in a table (optionally of one tenant). */
  count(table: string, tenantId?: string): Promise<number>;
  /** Polls GET /v1/invoices/{id} until its status is one of `statuses` (and, if given, its cancellation's). */
  waitForInvoice(
    tenant: TestTenant,
    id: string,
    statuses: string[],
    opts?: { cancellation?: string[]; timeoutMs?: number },
  ): Promise<Record<string, unknown>>;
  /** Everything the hub logged (pino JSON lines), when started with `captureLogs`. */
  logs(): string;
  /** The database this hub runs on (to start a second hub process on it). */
  database: TestDatabase;
  close(): Promise<void>;
}

let tenantSeq = 0;

export interface StartTestHubOptions {
  env?: Record<string, string>;
  app?: BuildAppOptions;
  /** Run on this database (a second hub process on the same PostgreSQL); it is not dropped on close. */
  database?: TestDatabase;
  /** Keep the hub's log lines (at debug level) for assertions, e.g. that no secret is ever logged. */
  captureLogs?: boolean;
}

export async function startTestHub(options: StartTestHubOptions = {}): Promise<TestHub> {
  const ownsDatabase = options.database === undefined;
  const db: TestDatabase = options.database ?? (await getTestDatabase());
  const captured: string[] = [];
  const destination = options.captureLogs ? { write: (line: string) => void captured.push(line) } : undefined;
  const config = loadConfig({
    DATABASE_URL: db.url,
    HUB_SECRET_KEY: SECRET_KEY,
    HUB_ADMIN_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://hub.test',
    ...options.env,
  });
  let runtime: HubRuntime;
  try {
    const level = options.captureLogs || process.env.HUB_TEST_LOG === '1' ? 'debug' : 'silent';
    runtime = await createHubRuntime(config, { logger: createLogger(level, destination) });
  } catch (error) {
    if (ownsDatabase) await db.drop();
    throw error;
  }
  const app = buildApp(runtime, options.app);
  await app.ready();
  const { pool } = runtime.cradle;

  const hub: TestHub = {
    app,
    runtime,
    pool,
    call: (method, url, opts = {}) =>
      app.inject({
        method,
        url,
        headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
        ...(opts.payload !== undefined ? { payload: opts.payload } : opts.body !== undefined ? { payload: opts.body as object } : {}),
      }),
    async tenant(name = `Tenant ${++tenantSeq}`) {
      const res = await hub.call('POST', '/v1/tenants', { token: ADMIN_TOKEN, body: { name } });
      if (res.statusCode !== 201) throw new Error(`tenant not created: ${res.statusCode} ${res.body}`);
      return res.json() as TestTenant;
    },
    async count(table, tenantId) {
      const res = await pool.query<{ n: string }>(
        `select count(*) as n from ${table}${tenantId ? ' where tenant_id = $1' : ''}`,
        tenantId ? [tenantId] : [],
      );
      return Number(res.rows[0]!.n);
    },
    async waitForInvoice(tenant, id, statuses, opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
      let last: Record<string, unknown> = {};
      while (Date.now() < deadline) {
        const res = await hub.call('GET', `/v1/invoices/${id}`, { token: tenant.apiKey });
        last = res.json() as Record<string, unknown>;
        const cancellation = last.cancellation as { status?: string } | null;
        const cancelOk = !opts.cancellation || (cancellation?.status !== undefined && opts.cancellation.includes(cancellation.status));
        if (statuses.includes(String(last.status)) && cancelOk) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`invoice ${id} did not reach ${statuses.join('|')}: ${JSON.stringify(last)}`);
    },
    logs: () => captured.join(''),
    database: db,
    async close() {
      await app.close();
      await runtime.close();
      if (ownsDatabase) await db.drop();
    },
  };
  return hub;
}

/** A valid POST /v1/invoices body: net invoice, two lines, inline company customer. */
export function invoiceBody(number: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    number,
    date: '2024-03-01',
    dueDate: '2024-03-15',
    serviceDate: '2024-02-28',
    currency: 'EUR',
    taxMode: 'net',
    customer: {
      ref: 'C-1000',
      type: 'company',
      companyName: 'Musterfirma GmbH',
      vatId: 'DE123456789',
      address: { street: 'Hauptstr. 1', zip: '10115', city: 'Berlin', countryCode: 'DE' },
      email: 'buchhaltung@musterfirma.de',
    },
    lines: [
      { title: 'Seminar', quantity: 2, unitName: 'Tag', unitPrice: '800.00', taxRate: 19 },
      { title: 'Skript', quantity: '1', unitPrice: 50, taxRate: 7 },
    ],
    remark: 'Vielen Dank!',
    document: samplePdfDocument(`${number}.pdf`, `Rechnung ${number}`),
    ...overrides,
  };
}

/** Sets a tenant's settings directly (no connector checks), e.g. a connector without a connection. */
export async function setTenantSettings(
  pool: pg.Pool,
  tenantId: string,
  s: { connector?: string | null; autoSync?: boolean; mode?: 'invoice' | 'voucher' },
): Promise<void> {
  await pool.query(
    `update tenant set connector = coalesce($2, connector), auto_sync = coalesce($3, auto_sync), mode = coalesce($4, mode)
     where id = $1`,
    [tenantId, s.connector ?? null, s.autoSync ?? null, s.mode ?? null],
  );
  if (s.connector === null) await pool.query('update tenant set connector = null where id = $1', [tenantId]);
}

/** A row of GET /v1/logs. */
export interface LogRow {
  id: string;
  tenantId: string;
  connector: string;
  invoiceId: string | null;
  operation: string | null;
  method: string;
  path: string;
  statusCode: number | null;
  error: boolean;
  message: string | null;
  request: unknown;
  response: unknown;
}

/** Every row of GET /v1/logs with the given filters, all pages, oldest first (the API answers newest first). */
export async function callLogRows(hub: TestHub, token: string, filters: Record<string, string> = {}): Promise<LogRow[]> {
  const rows: LogRow[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ ...filters, limit: '500', ...(cursor ? { cursor } : {}) });
    const res = await hub.call('GET', `/v1/logs?${query}`, { token });
    if (res.statusCode !== 200) throw new Error(`GET /v1/logs answered ${res.statusCode}: ${res.body}`);
    const page = res.json() as { items: LogRow[]; nextCursor: string | null };
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rows.reverse();
}

/** A call record as a connector's HTTP client hands it to the call log, for tests that need a log row. */
export function sampleCallRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    at: new Date().toISOString(),
    operation: 'bookVoucher',
    attempt: 1,
    method: 'POST',
    host: 'h',
    path: '/p',
    statusCode: 201,
    durationMs: 1,
    error: false,
    message: undefined,
    request: null,
    response: null,
    ...overrides,
  };
}
