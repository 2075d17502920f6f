import type { HubClient, Settings, Tenant } from './hub-client.js';
import type { SandboxKind, SandboxProcess } from './sandbox-process.js';

export interface ConnectedTenant {
  tenant: Tenant;
  /** The hub's API with this tenant's key. */
  api: HubClient;
}

export interface ConnectTenantOptions {
  /** The admin client of the hub (creates the tenant). */
  admin: HubClient;
  sandbox: SandboxProcess<SandboxKind>;
  name: string;
  settings: Partial<Omit<Settings, 'connector'>> & { mode: Settings['mode'] };
  /** The connection's `requestsPerSecond` option (the hub's own pacing); absent: the connector's default. */
  requestsPerSecond?: number;
}

/**
 * A new tenant (POST /v1/tenants) connected to the sandbox with its token-style credentials
 * (PUT /v1/connections/{tool}, tested by the hub at once) and set to book there (PUT /v1/settings).
 */
export async function connectTenant(options: ConnectTenantOptions): Promise<ConnectedTenant> {
  const { admin, sandbox } = options;
  const tenant = await admin.createTenant(options.name);
  const api = admin.as(tenant.apiKey);
  const connection = await api.putConnection(
    sandbox.kind,
    sandbox.connection(options.requestsPerSecond === undefined ? {} : { requestsPerSecond: options.requestsPerSecond }),
  );
  if (connection.status !== 'active') throw new Error(`the ${sandbox.kind} connection is ${connection.status}: ${JSON.stringify(connection)}`);
  await api.putSettings({ connector: sandbox.kind, autoSync: true, invoiceStatus: 'draft', ...options.settings });
  return { tenant, api };
}
