import {
  type CallSink,
  createHttpClient,
  type HttpResponse,
  type Logger,
  type OAuthSpec,
  type RateLimitStore,
} from '@accounting-hub/core';
import { z } from 'zod';
import type { OAuthClientConfig } from '../config/env.js';
import type { OAuthTokens } from './oauth-tokens.js';

/**
 * Calls to a provider's authorization server (token and revoke endpoints). They go through core's HTTP client like
 * every other call, so they are rate-limited, recorded in the call log and redacted (tokens sit under
 * `access_token` / `refresh_token` keys, which the redaction hides by name; the client secret, the code and the
 * verifier are passed as secrets on top).
 */
export interface OAuthEndpointDeps {
  rateLimitStore: RateLimitStore;
  logger: Logger;
  fetch?: typeof fetch;
}

export interface OAuthEndpointCall {
  connectorId: string;
  spec: OAuthSpec<unknown>;
  client: OAuthClientConfig;
  sink: CallSink;
  /** Values to scrub from the call log besides what the redaction finds by key. */
  secrets: string[];
  signal?: AbortSignal;
}

/**
 * Authorization servers block clients that hammer them, for minutes or for good (lexoffice notes §1.3): all token
 * calls of one connector share this modest bucket across every hub process.
 */
const TOKEN_ENDPOINT_LIMIT = { requestsPerSecond: 5, burst: 10 };
/** Well inside the 30-second refresh lease, so that a lease never runs out while its holder still waits. */
const TOKEN_TIMEOUT_MS = 15_000;

export type TokenAnswer =
  | { ok: true; tokens: OAuthTokens; refreshTokenExpiresAt: string | null }
  | {
      ok: false;
      /** The HTTP status, or null when no usable answer came (then `error` is undefined). */
      status: number | null;
      /** The OAuth error code (`invalid_grant`, ...), when the body had one. */
      error: string | undefined;
      description: string;
      retryAfterMs?: number | undefined;
    };

const tokenBody = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  // Some servers send numbers as strings.
  expires_in: z.coerce.number().positive().optional(),
  refresh_token_expires_in: z.coerce.number().positive().optional(),
});

const errorBody = z.object({ error: z.string(), error_description: z.string().optional() });

/** POSTs a form to the token endpoint with the spec's client authentication; resolves with the raw response. */
export async function postToken(
  deps: OAuthEndpointDeps,
  call: OAuthEndpointCall,
  url: string,
  form: Record<string, string>,
  operation: 'oauthToken' | 'oauthRefresh' | 'oauthRevoke',
): Promise<HttpResponse> {
  const http = createHttpClient({
    rateLimitKey: `oauth:${call.connectorId}`,
    rateLimit: TOKEN_ENDPOINT_LIMIT,
    store: deps.rateLimitStore,
    sink: call.sink,
    secrets: [call.client.clientSecret, ...call.secrets],
    timeoutMs: TOKEN_TIMEOUT_MS,
    // A token POST is not repeated after a timeout (the client's rule for non-idempotent requests); this also stops
    // retries of 5xx, so that a refresh never sends one refresh token twice.
    maxAttempts: 1,
    logger: deps.logger,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(call.signal ? { signal: call.signal } : {}),
  });
  const headers: Record<string, string> = {};
  const body: Record<string, string> = { ...form };
  if (call.spec.clientAuth === 'basic') {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.
    const user = encodeURIComponent(call.client.clientId);
    const pass = encodeURIComponent(call.client.clientSecret);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  } else {
    body.client_id = call.client.clientId;
    body.client_secret = call.client.clientSecret;
  }
  return http.request({ method: 'POST', url, headers, body: { kind: 'urlencoded', value: body }, operation });
}

/**
 * Reads a token endpoint's answer. A refresh answer without a refresh token keeps the previous one (servers that do
 * not rotate); an expiry is computed from `expires_in` against this process's clock.
 */
export function readTokenAnswer(res: HttpResponse, previousRefreshToken: string | null = null, now = Date.now()): TokenAnswer {
  if (res.status >= 200 && res.status < 300) {
    const parsed = tokenBody.safeParse(res.body);
    if (!parsed.success) {
      return { ok: false, status: res.status, error: undefined, description: 'the token endpoint answered without an access token' };
    }
    const t = parsed.data;
    return {
      ok: true,
      tokens: {
        accessToken: t.access_token,
        refreshToken: t.refresh_token ?? previousRefreshToken,
        expiresAt: t.expires_in === undefined ? null : new Date(now + t.expires_in * 1000).toISOString(),
      },
      refreshTokenExpiresAt:
        t.refresh_token_expires_in === undefined ? null : new Date(now + t.refresh_token_expires_in * 1000).toISOString(),
    };
  }
  const err = errorBody.safeParse(res.body);
  const retryAfter = Number(res.headers['retry-after']);
  return {
    ok: false,
    status: res.status,
    error: err.success ? err.data.error : undefined,
    description: err.success ? (err.data.error_description ?? err.data.error) : `HTTP ${res.status}`,
    ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
  };
}

/** Whether the grant itself is dead (refresh token expired, revoked or already used): only a new consent helps. */
export function isInvalidGrant(answer: TokenAnswer): boolean {
  return !answer.ok && answer.error === 'invalid_grant' && (answer.status === 400 || answer.status === 401);
}
