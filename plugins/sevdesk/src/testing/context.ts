import {
  type CallRecord,
  type ConnectionState,
  MemoryRateLimitStore,
  createHttpClient,
  silentLogger,
  testConnectionResult,
} from '@accounting-hub/core';
import { connector } from '../connector.js';
import { rateLimitFor } from '../manifest.js';
import type { SevdeskSandbox } from '../sandbox/index.js';
import type { SevdeskContext } from '../state.js';

/** A connection to a sandbox as the hub builds it, with every call record kept for assertions. */
export interface TestConnection {
  records: CallRecord[];
  ctx(state?: ConnectionState): SevdeskContext;
  /** The context after testConnection, with the state the hub would store. */
  connected(): Promise<SevdeskContext>;
  /** The records of writes (not GET) since `mark`, as "METHOD /path". */
  writesSince(mark: number): string[];
}

export function testConnectionTo(sandbox: SevdeskSandbox, opts: { apiToken?: string; revenueAccountId?: string } = {}): TestConnection {
  const records: CallRecord[] = [];
  const http = createHttpClient({
    rateLimitKey: `sevdesk-test:${Math.random()}`,
    // Faster than a real connection: the focused tests' sandboxes allow it, and the suite stays short.
    rateLimit: rateLimitFor({ requestsPerSecond: 20 }),
    store: new MemoryRateLimitStore(),
    sink: (r) => {
      records.push(r);
    },
    maxAttempts: 2,
    backoffMs: 5,
    maxBackoffMs: 50,
    timeoutMs: 5_000,
  });
  const ctx = (state: ConnectionState = {}): SevdeskContext => ({
    tenant: { id: 'tenant-1', name: 'Sandbox Akademie GmbH' },
    connection: {
      id: 'conn-1',
      auth: { kind: 'api_token', credentials: { apiToken: opts.apiToken ?? sandbox.apiToken } },
      options: { baseUrl: sandbox.url, requestsPerSecond: 10, ...(opts.revenueAccountId ? { revenueAccountId: opts.revenueAccountId } : {}) },
      state,
    },
    logger: silentLogger,
    http,
  });
  return {
    records,
    ctx,
    async connected() {
      const result = testConnectionResult.parse(await connector.testConnection(ctx()));
      return ctx(result.state ?? {});
    },
    writesSince(mark) {
      return records
        .slice(mark)
        .filter((r) => r.method !== 'GET')
        .map((r) => `${r.method} ${r.path.split('?')[0]}`);
    },
  };
}
