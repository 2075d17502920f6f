/**
 * Test support for the sevdesk scenarios (not a test file): a sevdesk sandbox per tenant (one sandbox is one
 * sevdesk account), connecting a tenant through the REST API, and reading back what the hub and sevdesk hold.
 */
import { createSevdeskSandbox, type SevdeskSandbox } from '@accounting-hub/connector-sevdesk/sandbox';
import { expect } from 'vitest';
import { callLogRows, type LogRow, type TestHub, type TestTenant } from '../testing/test-hub.js';

export type { LogRow };

export type SandboxDocument = Awaited<ReturnType<SevdeskSandbox['control']['documents']>>[number];

/** The rate the scenarios connect with: the manifest's ceiling, below the sandbox's own limit (12). */
export const REQUESTS_PER_SECOND = 10;

export interface SevdeskSettings {
  mode: 'invoice' | 'voucher';
  invoiceStatus?: 'draft' | 'finalized' | 'finalized_and_sent';
  autoSync?: boolean;
}

/** A fresh sevdesk account (sevdesk-Update 2.0) on its own port. */
export function startSevdesk(): Promise<SevdeskSandbox> {
  return createSevdeskSandbox();
}

/**
 * PUT /v1/connections/sevdesk with the sandbox's token. The sandbox serves sevdesk's paths at its root, so its URL
 * is the `baseUrl` (in production `https://my.sevdesk.de/api/v1`, the manifest's default).
 */
export function putSevdeskConnection(
  hub: TestHub,
  tenant: TestTenant,
  sandbox: SevdeskSandbox,
  apiToken = sandbox.apiToken,
): ReturnType<TestHub['call']> {
  return hub.call('PUT', '/v1/connections/sevdesk', {
    token: tenant.apiKey,
    body: { credentials: { apiToken }, options: { baseUrl: sandbox.url, requestsPerSecond: REQUESTS_PER_SECOND } },
  });
}

/** Connects the tenant to the sandbox and selects sevdesk with `settings`, asserting both answers. */
export async function connectSevdesk(hub: TestHub, tenant: TestTenant, sandbox: SevdeskSandbox, settings: SevdeskSettings): Promise<void> {
  const connected = await putSevdeskConnection(hub, tenant, sandbox);
  expect(connected.statusCode, connected.body).toBe(200);
  expect(connected.json()).toMatchObject({ connector: 'sevdesk', status: 'active' });
  await putSettings(hub, tenant, settings);
}

export async function putSettings(hub: TestHub, tenant: TestTenant, settings: SevdeskSettings): Promise<void> {
  const res = await hub.call('PUT', '/v1/settings', { token: tenant.apiKey, body: { connector: 'sevdesk', ...settings } });
  expect(res.statusCode, res.body).toBe(200);
}

/** POST /v1/invoices; answers the new invoice's id. */
export async function submitInvoice(hub: TestHub, tenant: TestTenant, body: unknown): Promise<string> {
  const res = await hub.call('POST', '/v1/invoices', { token: tenant.apiKey, body });
  expect(res.statusCode, res.body).toBe(202);
  expect(res.json()).toMatchObject({ status: 'pending' });
  return res.json().id as string;
}

/** Every row of GET /v1/logs for the query (all pages), oldest first. */
export const logRows = (hub: TestHub, token: string, query: string): Promise<LogRow[]> =>
  callLogRows(hub, token, Object.fromEntries(new URLSearchParams(query)));

/** "METHOD /path" of a log row, query cut off and sevdesk's numeric ids shown as {id}. */
export const callName = (row: Pick<LogRow, 'method' | 'path'>) =>
  `${row.method} ${(row.path.split('?')[0] ?? row.path).replace(/\/\d+(?=\/|$)/g, '/{id}')}`;

/** The sandbox document the hub's remote record points at. */
export async function sandboxDocument(sandbox: SevdeskSandbox, id: unknown): Promise<SandboxDocument> {
  const doc = (await sandbox.control.documents()).find((d) => d.id === String(id));
  if (!doc) throw new Error(`the sandbox holds no document ${String(id)}`);
  return doc;
}

/** What the sandbox's OpenAPI validation checked and refused (GET /__sandbox/openapi). */
export async function openapiReport(sandbox: SevdeskSandbox): Promise<{ checked: number; failures: unknown[] }> {
  const res = await fetch(`${sandbox.url}/__sandbox/openapi`);
  expect(res.status).toBe(200);
  return (await res.json()) as { checked: number; failures: unknown[] };
}

/** Every table's rows as text, for "this secret is stored nowhere". */
export async function databaseText(hub: TestHub): Promise<string> {
  const tables = await hub.pool.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  );
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const res = await hub.pool.query<{ row: string }>(`select t::text as row from "${table_name}" t`);
    parts.push(...res.rows.map((r) => r.row));
  }
  return parts.join('\n');
}
