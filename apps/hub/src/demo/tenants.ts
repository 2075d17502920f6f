import type { LexofficeSandbox } from '@accounting-hub/connector-lexoffice/sandbox';
import type { SevdeskSandbox } from '@accounting-hub/connector-sevdesk/sandbox';
import { DemoError, describeBody, type HubClient } from './http-client.js';
import { authorizeThroughHub } from './oauth.js';
import type { DemoTenantSpec } from './scenarios.js';
import type { SavedTenant } from './state-file.js';

/**
 * The tenant a previous run created, when the hub still knows its API key; otherwise a new one through
 * POST /v1/tenants (admin). `created` tells which.
 */
export async function ensureTenant(
  client: HubClient,
  adminToken: string,
  spec: DemoTenantSpec,
  saved: SavedTenant | undefined,
): Promise<{ tenant: SavedTenant; created: boolean }> {
  if (saved) {
    const check = await client.call('GET', '/v1/settings', { token: saved.apiKey });
    if (check.status === 200) return { tenant: saved, created: false };
    if (check.status !== 401 && check.status !== 403) {
      throw new DemoError(`GET /v1/settings for ${spec.name} answered ${check.status}: ${describeBody(check.body)}`);
    }
    // The database was reset since: the saved key is unknown, so the tenant is made again.
  }
  const res = await client.expect<SavedTenant>([201], 'POST', '/v1/tenants', { token: adminToken, body: { name: spec.name } });
  const { id, name, apiKey } = res.body;
  return { tenant: { id, name, apiKey }, created: true };
}

export interface DemoSandboxHandles {
  lexoffice: LexofficeSandbox;
  sevdesk: SevdeskSandbox;
}

/**
 * Connects the tenant to this run's sandbox (the sandboxes are in memory, so every run connects again): the
 * lexoffice API key or sevdesk API token through PUT /v1/connections, or lexoffice's OAuth flow through the hub's
 * authorize and callback routes. Then the settings (connector, mode, invoice status, automatic sync).
 */
export async function connectTenant(client: HubClient, spec: DemoTenantSpec, tenant: SavedTenant, sandboxes: DemoSandboxHandles): Promise<void> {
  const token = tenant.apiKey;
  if (spec.connector === 'lexoffice') {
    const options = { baseUrl: sandboxes.lexoffice.url, authBaseUrl: sandboxes.lexoffice.url };
    if (spec.auth === 'oauth') {
      await authorizeThroughHub(client, token, 'lexoffice', options);
    } else {
      await client.expect([200], 'PUT', '/v1/connections/lexoffice', {
        token,
        body: { credentials: { apiKey: sandboxes.lexoffice.apiKey }, options },
      });
    }
  } else {
    await client.expect([200], 'PUT', '/v1/connections/sevdesk', {
      token,
      body: { credentials: { apiToken: sandboxes.sevdesk.apiToken }, options: { baseUrl: sandboxes.sevdesk.url } },
    });
  }
  const connections = await client.expect<{ connector: string; status: string; lastError: { message?: string } | null }[]>(
    [200],
    'GET',
    '/v1/connections',
    { token },
  );
  const connection = connections.body.find((c) => c.connector === spec.connector);
  if (connection?.status !== 'active') {
    throw new DemoError(
      `${spec.name}: the ${spec.connector} connection is ${connection?.status ?? 'missing'}${connection?.lastError?.message ? `: ${connection.lastError.message}` : ''}`,
    );
  }
  await client.expect([200], 'PUT', '/v1/settings', {
    token,
    body: { connector: spec.connector, mode: spec.settings.mode, invoiceStatus: spec.settings.invoiceStatus, autoSync: true },
  });
}
