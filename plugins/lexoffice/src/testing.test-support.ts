/** Test plumbing shared by the plugin's test files (excluded from the build). */
import { randomBytes } from 'node:crypto';
import {
  type CallRecord,
  type Capabilities,
  type ConnectionAuth,
  type ConnectionState,
  type Connector,
  type ConnectorContext,
  type RateLimit,
  MemoryRateLimitStore,
  createHttpClient,
  silentLogger,
} from '@accounting-hub/core';
import { lexofficeConnector } from './connector.js';
import { type LexofficeCredentials, type LexofficeOptions, rateLimitFor, resolveOptions } from './manifest.js';
import { type LexofficeSandbox, s256 } from './sandbox/index.js';

export type LexConnector = Connector<LexofficeCredentials, LexofficeOptions>;

/** A fast rate for tests that are not about the limit: sandbox and client both use it. */
export const FAST_RPS = 10;

/**
 * The connector as the hub would run one connection: the client's rate limit from the connection's options
 * (`rateLimitFor`), and capabilities this kind of connection lacks switched off (the testkit does not read
 * testConnection's `unavailable`, so an API-key run must not claim e-mail sending).
 */
export function connectorFor(options: Partial<LexofficeOptions>, capabilityOverrides: Partial<Capabilities> = {}): LexConnector {
  return {
    ...lexofficeConnector,
    manifest: {
      ...lexofficeConnector.manifest,
      rateLimit: rateLimitFor(options),
      capabilities: { ...lexofficeConnector.manifest.capabilities, ...capabilityOverrides },
    },
  };
}

export function sandboxOptions(sandbox: LexofficeSandbox, requestsPerSecond = FAST_RPS): LexofficeOptions {
  return resolveOptions({ baseUrl: sandbox.url, authBaseUrl: sandbox.url, requestsPerSecond });
}

/** Runs the authorization code flow with PKCE against the sandbox, as the hub would, and returns the tokens. */
export async function authorizeWithPkce(sandbox: LexofficeSandbox, scope?: string): Promise<{ access_token: string; refresh_token: string }> {
  const client = sandbox.oauthClient;
  const verifier = randomBytes(48).toString('base64url');
  const redirectUri = client.redirectUris[0] ?? '';
  const authorize = new URL('/oauth2/authorize', sandbox.url);
  authorize.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    state: 'state-1',
    code_challenge_method: 'S256',
    code_challenge: s256(verifier),
    connection_name: 'Testkit GmbH',
    ...(scope ? { scope } : {}),
  }).toString();
  const consent = await fetch(authorize, { redirect: 'manual' });
  const location = new URL(consent.headers.get('location') ?? '');
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code: ${location.toString()}`);
  const token = await fetch(new URL('/oauth2/token', sandbox.url), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  if (token.status !== 200) throw new Error(`token exchange failed: ${token.status} ${await token.text()}`);
  return (await token.json()) as { access_token: string; refresh_token: string };
}

export interface TestContext {
  ctx: ConnectorContext<LexofficeCredentials, LexofficeOptions>;
  records: CallRecord[];
}

/** A connector context as the hub builds it: the core HTTP client with the connection's rate limit, recorded. */
export function testContext(
  options: LexofficeOptions,
  auth: ConnectionAuth<LexofficeCredentials>,
  state: ConnectionState = {},
  rateLimit: RateLimit = rateLimitFor(options),
): TestContext {
  const records: CallRecord[] = [];
  const http = createHttpClient({
    rateLimitKey: `test:${randomBytes(6).toString('hex')}`,
    rateLimit,
    store: new MemoryRateLimitStore(),
    sink: (r) => {
      records.push(r);
    },
    maxAttempts: 2,
    backoffMs: 5,
    maxBackoffMs: 50,
    timeoutMs: 5_000,
  });
  return {
    ctx: { tenant: { id: 't1', name: 'SEMCO Akademie' }, connection: { id: 'c1', auth, options, state }, logger: silentLogger, http },
    records,
  };
}

export function apiKeyAuth(sandbox: LexofficeSandbox): ConnectionAuth<LexofficeCredentials> {
  return { kind: 'api_token', credentials: { apiKey: sandbox.apiKey } };
}
