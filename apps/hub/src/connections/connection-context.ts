import {
  type AnyConnector,
  type ConnectionAuth,
  type ConnectionState,
  type ConnectorContext,
  createHttpClient,
  type Logger,
  type RateLimitStore,
} from '@accounting-hub/core';
import type { CallLogWriter } from '../calllog/call-log-writer.js';
import type { HubConnectorRegistry } from '../connectors/registry.js';
import { secretStrings } from './oauth-tokens.js';

/**
 * The newest access token this process knows per OAuth connection. Contexts read their token through it, so that
 * a context opened before a refresh (here or in another process, seen on the next open) sends the new token on its
 * next call: after handleAuthFailure answers 'refreshed', retrying with the same context works.
 */
export class LiveTokens {
  readonly #tokens = new Map<string, string>();

  get(connectionId: string): string | undefined {
    return this.#tokens.get(connectionId);
  }

  set(connectionId: string, accessToken: string): void {
    this.#tokens.set(connectionId, accessToken);
  }

  delete(connectionId: string): void {
    this.#tokens.delete(connectionId);
  }
}

export interface ContextDeps {
  registry: HubConnectorRegistry;
  rateLimitStore: RateLimitStore;
  callLogWriter: CallLogWriter;
  logger: Logger;
  liveTokens: LiveTokens;
  fetch?: typeof fetch;
}

export interface ContextInput {
  connector: AnyConnector;
  tenant: { id: string; name: string };
  connectionId: string;
  auth: { kind: 'api_token'; credentials: unknown } | { kind: 'oauth2'; accessToken: string };
  /** The decrypted secret: every string in it is scrubbed from the call log. */
  secret: unknown;
  /** Parsed with the connector's optionsSchema. */
  options: unknown;
  state: ConnectionState;
  invoiceId: string | null;
  maxRateLimitWaitMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * What a connector gets for one job: its connection's auth, options and state, a logger tagged with who it works
 * for (never with credentials), and the HTTP client that rate-limits per connection across all hub processes and
 * writes every attempt to the call log with the connection's secrets scrubbed.
 */
export function buildConnectorContext(deps: ContextDeps, input: ContextInput): ConnectorContext {
  const { connector, tenant, connectionId, invoiceId } = input;
  const connectorId = connector.manifest.id;
  const logger = deps.logger.child({ tenantId: tenant.id, connector: connectorId, connectionId, invoiceId });
  const http = createHttpClient({
    rateLimitKey: `conn:${connectionId}`,
    rateLimit: deps.registry.rateLimitFor(connector, input.options),
    store: deps.rateLimitStore,
    sink: deps.callLogWriter.sinkFor({ tenantId: tenant.id, connector: connectorId, connectionId, invoiceId }),
    secrets: secretStrings(input.secret),
    logger,
    ...(input.maxRateLimitWaitMs !== undefined ? { maxRateLimitWaitMs: input.maxRateLimitWaitMs } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  return {
    tenant: { id: tenant.id, name: tenant.name },
    connection: { id: connectionId, auth: liveAuth(deps.liveTokens, connectionId, input.auth), options: input.options, state: input.state },
    logger,
    http,
    ...(input.signal ? { signal: input.signal } : {}),
  };
}

function liveAuth(live: LiveTokens, connectionId: string, auth: ContextInput['auth']): ConnectionAuth<unknown> {
  if (auth.kind === 'api_token') return { kind: 'api_token', credentials: auth.credentials };
  const initial = auth.accessToken;
  return {
    kind: 'oauth2',
    get accessToken() {
      return live.get(connectionId) ?? initial;
    },
  };
}
