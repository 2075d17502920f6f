import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LexError, gatewayError, unauthorized } from './http-errors.js';
import type { OAuthConnection, OAuthStore } from './oauth/store.js';

/** Who is calling: the account's private API key, or a partner app's OAuth connection. */
export type Caller = { kind: 'api_key' } | { kind: 'oauth'; connection: OAuthConnection };

const callers = new WeakMap<FastifyRequest, Caller>();

export function callerOf(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  if (!caller) throw unauthorized();
  return caller;
}

/** The bucket a caller draws from. UNCERTAIN whether partner limits are per connection or per client (notes §2). */
export function rateLimitKey(caller: Caller): string {
  return caller.kind === 'api_key' ? 'api-key' : `connection:${caller.connection.id}`;
}

/**
 * Partner connections may call an endpoint only with its scope (notes §1.3 table); API keys here carry every
 * scope. UNCERTAIN: the body of lexoffice's 403 for a missing scope.
 */
export function requireScope(request: FastifyRequest, ...scopes: string[]): void {
  const caller = callerOf(request);
  if (caller.kind !== 'oauth') return;
  const missing = scopes.filter((s) => !caller.connection.scopes.includes(s));
  if (missing.length > 0) throw gatewayError(403, `Forbidden: the connection lacks the scope ${missing.join(', ')}`);
}

/** Partner-API-only endpoints (sendmail): the public API has no such route, the gateway answers 403. UNCERTAIN: 403 vs 404. */
export function requirePartnerApi(request: FastifyRequest): void {
  if (callerOf(request).kind !== 'oauth') throw gatewayError(403, 'Missing Authentication Token');
}

/**
 * Bearer authentication as the gateway does it: `{"message":"Unauthorized"}` for a missing, unknown, expired or
 * revoked token; 403 for a header that is not `Bearer <token>` (notes §3.1).
 */
export function installBearerAuth(app: FastifyInstance, apiKey: string, oauth: OAuthStore): void {
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) throw unauthorized();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new LexError(403, { message: `'${header.slice(0, 16)}…' not a valid key=value pair (missing equal-sign) in Authorization header` });
    }
    const token = match[1] ?? '';
    if (token === apiKey) {
      callers.set(request, { kind: 'api_key' });
      return;
    }
    const connection = oauth.connectionForAccessToken(token);
    if (!connection) throw unauthorized();
    callers.set(request, { kind: 'oauth', connection });
  });
}
