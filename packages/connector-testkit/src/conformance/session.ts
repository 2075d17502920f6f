import {
  type Capabilities,
  type CallRecord,
  type ConnectionAuth,
  type ConnectionState,
  type ConnectorContext,
  type HttpClient,
  MemoryRateLimitStore,
  createHttpClient,
  silentLogger,
  testConnectionResult,
} from '@accounting-hub/core';
import type { ConformanceTarget, SandboxHandle } from './target.js';

export const TESTKIT_TENANT = { id: 'testkit-tenant', name: 'Testkit GmbH' } as const;
export const TESTKIT_CONNECTION_ID = 'testkit-connection';

/** Values shorter than this are not treated as secrets: they would match ordinary words in paths and bodies. */
const MIN_SECRET_LENGTH = 6;

/** Every string inside the credentials (or the access token): what must never reach a call record. */
export function authSecrets(auth: ConnectionAuth<unknown>): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.length >= MIN_SECRET_LENGTH) out.push(value);
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(walk);
    }
  };
  // The `kind` tag is no secret; only what sits beside it is.
  walk(auth.kind === 'api_token' ? auth.credentials : auth.accessToken);
  return out;
}

/**
 * One run of the suite against one sandbox: the connection contexts the hub would build, and every call record
 * the core HTTP client produced since the last reset.
 */
export class ConformanceSession<C, O> {
  readonly records: CallRecord[] = [];
  #handle: SandboxHandle<C, O> | undefined;
  #http: HttpClient | undefined;
  #state: ConnectionState | undefined;
  /** Capabilities this connection lacks, as testConnection reported them (the hub refuses such settings). */
  unavailable: Partial<Record<keyof Capabilities, string>> = {};

  constructor(readonly target: ConformanceTarget<C, O>) {}

  get connector() {
    return this.target.connector;
  }

  get handle(): SandboxHandle<C, O> {
    if (!this.#handle) throw new Error('The conformance session is not set up (the sandbox did not start)');
    return this.#handle;
  }

  get control() {
    return this.handle.control;
  }

  get secrets(): string[] {
    return [...authSecrets(this.handle.auth), ...authSecrets(this.handle.badAuth)];
  }

  async setup(): Promise<void> {
    this.#handle = await this.target.sandbox();
    this.#http = this.#client();
  }

  /**
   * The client the hub would build for the connection. A fresh bucket per check (the sandbox refills its own on
   * reset), so that one check's calls do not slow the next; the burst check still meets the limit in full.
   */
  #client(): HttpClient {
    const manifest = this.connector.manifest;
    return createHttpClient({
      rateLimitKey: `testkit:${manifest.id}:${TESTKIT_CONNECTION_ID}`,
      rateLimit: manifest.rateLimit,
      store: new MemoryRateLimitStore(),
      sink: (record) => {
        this.records.push(record);
      },
      secrets: this.secrets,
      maxAttempts: 2,
      backoffMs: 5,
      maxBackoffMs: 50,
      timeoutMs: 5_000,
    });
  }

  async teardown(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close?.();
  }

  /** A clean sandbox and a clean slate of records before each check. */
  async reset(): Promise<void> {
    await this.control.reset();
    this.#http = this.#client();
    this.records.length = 0;
    this.#state = undefined;
  }

  /**
   * The context the hub would pass, with good credentials. The connection state comes from testConnection,
   * as the hub stores it when a connection is made.
   */
  async ctx(): Promise<ConnectorContext<C, O>> {
    if (this.#state === undefined) {
      const result = testConnectionResult.parse(await this.connector.testConnection(this.#context(this.handle.auth, {})));
      this.#state = result.state ?? {};
      this.unavailable = result.unavailable ?? {};
    }
    return this.#context(this.handle.auth, this.#state);
  }

  /** A context whose credentials the sandbox refuses. */
  badCtx(): ConnectorContext<C, O> {
    return this.#context(this.handle.badAuth, {});
  }

  /** A context with good credentials and an empty state, for testConnection itself. */
  freshCtx(): ConnectorContext<C, O> {
    return this.#context(this.handle.auth, {});
  }

  #context(auth: ConnectionAuth<C>, state: ConnectionState): ConnectorContext<C, O> {
    if (!this.#http) throw new Error('The conformance session is not set up');
    return {
      tenant: { ...TESTKIT_TENANT },
      connection: { id: TESTKIT_CONNECTION_ID, auth, options: this.handle.options, state },
      logger: silentLogger,
      http: this.#http,
    };
  }
}
