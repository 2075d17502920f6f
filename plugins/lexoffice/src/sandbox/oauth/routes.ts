import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { queryOf } from '../wire-input.js';
import { checkAuthorizeRequest, consentPage, redirectWith } from './authorize.js';
import type { AuthorizationRequest, OAuthStore } from './store.js';

export interface OAuthRouteOptions {
  store: OAuthStore;
  /** true: approve at once (tests, demo); false: show the consent page. */
  autoConsent: boolean;
}

/** Pending consents live as long as a code would. */
const CONSENT_TTL_MS = 5 * 60 * 1000;

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });
}

/**
 * lexoffice's OAuth 2.1 authorization server under /oauth2 (notes §1.3): authorize (PKCE S256, strict
 * redirect URIs, `connection_name`), token (authorization_code and refresh_token with rotation, HTTP Basic
 * client authentication) and revoke (RFC 7009).
 */
export async function oauthRoutes(app: FastifyInstance, opts: OAuthRouteOptions): Promise<void> {
  const { store } = opts;
  const consents = new Map<string, { request: AuthorizationRequest; expiresAt: number }>();

  // Token, revoke and the consent form post `application/x-www-form-urlencoded`.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  const approve = (reply: FastifyReply, request: AuthorizationRequest) => {
    const code = store.issueCode(request);
    return reply.redirect(redirectWith(request.redirectUri, { code, state: request.state }), 302);
  };

  app.get('/authorize', async (request, reply) => {
    const check = checkAuthorizeRequest(store, queryOf(request));
    if (check.kind === 'refuse') return oauthError(reply, check.status, check.error, check.description);
    if (check.kind === 'redirect_error') {
      return reply.redirect(
        redirectWith(check.redirectUri, { error: check.error, error_description: check.description, state: check.state }),
        302,
      );
    }
    if (opts.autoConsent) return approve(reply, check.request);
    const id = randomUUID();
    consents.set(id, { request: check.request, expiresAt: store.now() + CONSENT_TTL_MS });
    const appName = check.request.connectionName || check.request.clientId;
    return reply.type('text/html; charset=utf-8').send(consentPage(id, appName, check.request.scopes));
  });

  app.post('/authorize/decision', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const pending = consents.get(body.consent ?? '');
    consents.delete(body.consent ?? '');
    if (!pending || pending.expiresAt < store.now()) return oauthError(reply, 400, 'invalid_request', 'the consent request is unknown or expired');
    if (body.decision !== 'allow') {
      return reply.redirect(
        redirectWith(pending.request.redirectUri, { error: 'access_denied', error_description: 'Zugriff verweigert', state: pending.request.state }),
        302,
      );
    }
    return approve(reply, pending.request);
  });

  app.post('/token', async (request, reply) => {
    const client = store.authenticateClient(request.headers.authorization);
    if (!client) {
      return reply.code(401).header('www-authenticate', 'Basic realm="lexoffice"').send({ error: 'invalid_client', error_description: 'client authentication failed' });
    }
    if (!client.active) return oauthError(reply, 400, 'unauthorized_client', 'the client is deactivated');
    const body = (request.body ?? {}) as Record<string, string>;
    const result =
      body.grant_type === 'authorization_code'
        ? store.exchangeCode(client, body.code ?? '', body.redirect_uri, body.code_verifier)
        : body.grant_type === 'refresh_token'
          ? store.refresh(client, body.refresh_token ?? '')
          : { ok: false as const, error: 'unsupported_grant_type', description: 'only authorization_code and refresh_token are supported' };
    if (!result.ok) return oauthError(reply, 400, result.error, result.description);
    return reply.header('cache-control', 'no-store').send(result.tokens);
  });

  app.post('/revoke', async (request, reply) => {
    const client = store.authenticateClient(request.headers.authorization);
    if (!client) return reply.code(401).send({ error: 'invalid_client', error_description: 'client authentication failed' });
    const body = (request.body ?? {}) as Record<string, string>;
    if (!body.token) return oauthError(reply, 400, 'invalid_request', 'token is required');
    store.revokeToken(client, body.token);
    return reply.code(200).send();
  });
}
