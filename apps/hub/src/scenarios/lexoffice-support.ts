/**
 * Shared plumbing of the lexoffice scenario tests (not a test file): a tenant connected to a lexoffice sandbox
 * through the REST API, invoice submission, and readers for the call log and the inbox.
 */
import { createHash } from 'node:crypto';
import type { LexofficeSandbox } from '@accounting-hub/connector-lexoffice/sandbox';
import { expect } from 'vitest';
import { callLogRows, type LogRow, type TestHub, type TestTenant } from '../testing/test-hub.js';

export type { LogRow };

/** SWEEP_CRON for hubs whose tests call runSweep themselves: once a year (1 January, 00:00). */
export const NO_SCHEDULED_SWEEP = '0 0 1 1 *';

/** Fast enough for tests; the real limit (2/s) is covered by the plugin's own rate-limit test. */
export const TEST_RPS = 10;

/** The connection options pointing at the sandbox; `requestsPerSecond: null` keeps lexoffice's own 2/s. */
export const sandboxOptions = (sandbox: LexofficeSandbox, requestsPerSecond: number | null = TEST_RPS) => ({
  baseUrl: sandbox.url,
  authBaseUrl: sandbox.url,
  ...(requestsPerSecond === null ? {} : { requestsPerSecond }),
});

export interface TenantSettings {
  mode: 'invoice' | 'voucher';
  invoiceStatus?: 'draft' | 'finalized' | 'finalized_and_sent';
}

export interface ConnectOptions {
  /** null: the connector's default (lexoffice's 2/s). */
  requestsPerSecond: number | null;
}

/** A new tenant connected to the sandbox with its API key (PUT /v1/connections/lexoffice) and set up (PUT /v1/settings). */
export async function apiKeyTenant(
  hub: TestHub,
  sandbox: LexofficeSandbox,
  name: string,
  settings: TenantSettings,
  connect: ConnectOptions = { requestsPerSecond: TEST_RPS },
): Promise<TestTenant> {
  const tenant = await hub.tenant(name);
  const res = await hub.call('PUT', '/v1/connections/lexoffice', {
    token: tenant.apiKey,
    body: { credentials: { apiKey: sandbox.apiKey }, options: sandboxOptions(sandbox, connect.requestsPerSecond) },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ connector: 'lexoffice', authKind: 'api_token', status: 'active' });
  const put = await hub.call('PUT', '/v1/settings', {
    token: tenant.apiKey,
    body: { connector: 'lexoffice', autoSync: true, invoiceStatus: 'draft', ...settings },
  });
  expect(put.statusCode, put.body).toBe(200);
  return tenant;
}

/** POST /v1/invoices with a raw request body; answers the invoice id. */
export async function submit(hub: TestHub, tenant: TestTenant, body: unknown): Promise<string> {
  const res = await hub.call('POST', '/v1/invoices', { token: tenant.apiKey, body });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().id as string;
}

/** Every row of GET /v1/logs with the given filters, oldest first. */
export const callLog = (hub: TestHub, tenant: TestTenant, filters: Record<string, string> = {}): Promise<LogRow[]> =>
  callLogRows(hub, tenant.apiKey, filters);

/** "METHOD /path" with lexoffice ids replaced by {id}, to compare call sequences. */
export const callName = (row: Pick<LogRow, 'method' | 'path'>) =>
  `${row.method} ${row.path.replace(/\?.*$/, '').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}')}`;

export interface NotificationRow {
  id: string;
  invoiceId: string | null;
  kind: string;
  message: string;
  state: 'open' | 'resolved';
  resolution: 'synced' | 'manual' | null;
  resolvedAt: string | null;
}

export async function notifications(hub: TestHub, tenant: TestTenant, state?: 'open' | 'resolved'): Promise<NotificationRow[]> {
  const res = await hub.call('GET', `/v1/notifications${state ? `?state=${state}` : ''}`, { token: tenant.apiKey });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as NotificationRow[];
}

/**
 * The notifications in `state` once `until` holds for them (or as they are after the timeout). The engine marks
 * an invoice failed or booked a moment before it opens or resolves its notification, so a test that saw the
 * invoice's status waits for the inbox to catch up.
 */
export async function inboxWhen(
  hub: TestHub,
  tenant: TestTenant,
  state: 'open' | 'resolved',
  until: (list: NotificationRow[]) => boolean,
  timeoutMs = 10_000,
): Promise<NotificationRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await notifications(hub, tenant, state);
    if (until(list) || Date.now() > deadline) return list;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const none = (list: unknown[]) => list.length === 0;
export const atLeast = (n: number) => (list: unknown[]) => list.length >= n;

export const sha256Base64 = (contentBase64: string) => createHash('sha256').update(Buffer.from(contentBase64, 'base64')).digest('hex');
