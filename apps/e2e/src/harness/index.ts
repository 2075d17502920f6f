/**
 * The end-to-end harness: the hub and the tool sandboxes as separate processes, a database they can share, and a
 * typed HTTP client. Used by the e2e tests (src/*.test.ts) and meant for reuse (chaos tests under src/chaos/).
 */
export { freePort } from './free-port.js';
export {
  type CallLogRow,
  type CancellationView,
  type ConnectionView,
  HubApiError,
  type HubClient,
  type HubResponse,
  hubClient,
  type InvoiceStatus,
  type InvoiceView,
  type LogFilters,
  type Mode,
  type NotificationView,
  type RemoteRecord,
  type Settings,
  type StoredError,
  type Tenant,
  type WaitForStatusOptions,
  waitForStatus,
} from './hub-client.js';
export { E2E_SECRET_KEY, type HubProcess, type StartHubOptions, startHubProcess } from './hub-process.js';
export {
  baseEnvironment,
  type ManagedProcess,
  type ProcessExit,
  type SpawnOptions,
  spawnManaged,
  stopAllProcesses,
} from './managed-process.js';
export {
  type ConnectionBody,
  type SandboxCredentials,
  type SandboxKind,
  type SandboxProcess,
  type SandboxReadyLine,
  type StartSandboxOptions,
  startSandboxProcess,
} from './sandbox-process.js';
export { createTestPostgres, type TestPostgres } from './test-postgres.js';
export { type EventuallyOptions, eventually, sleep } from './wait.js';
export { logDirectory, nodeBinary, WORKSPACE_ROOT, workspacePath } from './workspace.js';
export { callName, callNames } from './call-log.js';
export { type ConnectedTenant, type ConnectTenantOptions, connectTenant } from './tenants.js';
