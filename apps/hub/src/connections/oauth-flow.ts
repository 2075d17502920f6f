import { randomUUID } from 'node:crypto';
import type { AnyConnector, Logger, OAuthSpec } from '@accounting-hub/core';
import type { NotificationService } from '../app/services.js';
import type { Config, OAuthClientConfig } from '../config/env.js';
import type { Connection } from '../db/entities/connection.js';
import type { JsonObject } from '../db/entities/shapes.js';
import type { Tenant } from '../db/entities/tenant.js';
import { HubError } from '../errors/hub-error.js';
import type { Queryable } from '../ratelimit/postgres-rate-limit-store.js';
import type { SecretBox } from '../security/secret-box.js';
import { buildConnectorContext, type ContextDeps } from './connection-context.js';
import { recordTestFailure, recordTestSuccess, saveConnection } from './connection-store.js';
import { type OAuthEndpointDeps, postToken, readTokenAnswer } from './oauth-client.js';
import type { OAuthTokens } from './oauth-tokens.js';
import { parseOptions } from './parse-input.js';
import { codeChallengeS256, createCodeVerifier, createOAuthState } from './pkce.js';
import { runConnectionTest } from './run-test.js';
import { envPrefix } from './token-refresher.js';

/** How long a started authorization may take: consent screens with MFA take minutes, not hours. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

export interface OAuthFlowDeps extends ContextDeps, OAuthEndpointDeps {
  config: Pick<Config, 'publicUrl' | 'oauth'>;
  pool: Queryable;
  secretBox: SecretBox;
  notificationService: NotificationService;
  logger: Logger;
}

/** The provider sends the browser back here; it must match the redirect URI registered with the provider. */
export function callbackUrl(config: Pick<Config, 'publicUrl'>, connectorId: string): string {
  return `${config.publicUrl}/v1/oauth/${encodeURIComponent(connectorId)}/callback`;
}

/**
 * The consent URL for a tenant: PKCE S256 (the verifier sealed in `oauth_state`), a random single-use `state`
 * bound to the tenant, the connector and the options, valid for 10 minutes.
 */
export async function startAuthorization(
  deps: OAuthFlowDeps,
  tenant: Tenant,
  connectorId: string,
  input: { redirectTo?: string | undefined; options?: unknown },
): Promise<{ url: string }> {
  const connector = deps.registry.require(connectorId);
  const spec = oauthSpecOf(connector);
  oauthClientFor(deps.config, connector);
  const redirectTo = checkRedirectTo(input.redirectTo);
  const { options, input: optionsInput } = parseOptions(connector, input.options);

  const state = createOAuthState();
  const verifier = createCodeVerifier();
  // Expired authorizations nobody finished: cheap through the expires_at index, and nothing else sweeps them.
  await deps.pool.query('delete from oauth_state where expires_at < now()');
  await deps.pool.query(
    `insert into oauth_state (state, tenant_id, connector, code_verifier, redirect_to, options, expires_at, created_at)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7, now())`,
    [
      state,
      tenant.id,
      connectorId,
      deps.secretBox.seal(verifier, state),
      redirectTo,
      JSON.stringify(optionsInput),
      new Date(Date.now() + OAUTH_STATE_TTL_MS),
    ],
  );

  const url = new URL(spec.authorizeUrl(options));
  const params = url.searchParams;
  params.set('client_id', oauthClientFor(deps.config, connector).clientId);
  params.set('redirect_uri', callbackUrl(deps.config, connectorId));
  params.set('response_type', 'code');
  params.set('state', state);
  if (spec.pkce) {
    params.set('code_challenge', codeChallengeS256(verifier));
    params.set('code_challenge_method', 'S256');
  }
  // lexoffice: without `scope`, every scope enabled for the client is requested; an empty list means exactly that.
  if (spec.scopes.length > 0) params.set('scope', spec.scopes.join(' '));
  for (const [key, value] of Object.entries(spec.extraAuthorizeParams?.({ tenantName: tenant.name, options }) ?? {})) {
    params.set(key, value);
  }
  return { url: url.toString() };
}

interface ConsumedState extends Record<string, unknown> {
  tenant_id: string;
  tenant_name: string;
  code_verifier: string;
  redirect_to: string | null;
  options: JsonObject | null;
  live: boolean;
}

/**
 * The provider's redirect: consume the state (single use, whatever follows), exchange the code, store the tokens,
 * then test the connection. A failed test after a good exchange keeps the connection, with the error shown.
 */
export async function completeAuthorization(
  deps: OAuthFlowDeps,
  connectorId: string,
  query: { code?: string | undefined; state?: string | undefined; error?: string | undefined; error_description?: string | undefined },
): Promise<{ tenantId: string; redirectTo: string | null }> {
  const connector = deps.registry.require(connectorId);
  const spec = oauthSpecOf(connector);
  const name = connector.manifest.displayName;
  const consumed = query.state ? await consumeState(deps.pool, query.state, connectorId) : undefined;

  if (query.error) {
    const redirect = consumed?.live ? { redirectTo: consumed.redirect_to } : {};
    throw new HubError(400, 'oauth_denied', `${name} authorization was not granted: ${query.error_description ?? query.error}`, [], redirect);
  }
  if (!consumed?.live || !query.state) {
    throw new HubError(400, 'oauth_state_invalid', `This ${name} authorization is unknown, expired or already used: start connecting again`);
  }
  if (!query.code) {
    throw new HubError(400, 'invalid_request', `${name} sent no authorization code`, [{ path: 'code', message: 'required' }]);
  }
  const client = oauthClientFor(deps.config, connector);
  const verifier = deps.secretBox.open(consumed.code_verifier, query.state);
  if (typeof verifier !== 'string') throw new Error('the stored PKCE verifier is not a string');
  const { options, input: optionsInput } = parseOptions(connector, consumed.options ?? {});
  const tenantId = consumed.tenant_id;

  // The call-log rows of the exchange and of the test carry the id the connection keeps.
  const connectionId = (await existingConnectionId(deps.pool, tenantId, connectorId)) ?? randomUUID();
  const tokens = await exchangeCode(deps, {
    connector,
    spec,
    client,
    tenantId,
    connectionId,
    url: spec.tokenUrl(options),
    form: {
      grant_type: 'authorization_code',
      code: query.code,
      redirect_uri: callbackUrl(deps.config, connectorId),
      ...(spec.pkce ? { code_verifier: verifier } : {}),
    },
    secrets: [query.code, verifier],
  });

  // Stored before anything else: the provider has handed out the grant, and a lost token cannot be fetched again.
  const id = await saveConnection(deps.pool, deps.secretBox, {
    id: connectionId,
    tenantId,
    connector: connectorId,
    authKind: 'oauth2',
    secret: tokens.tokens,
    options: optionsInput,
    state: {},
    account: null,
    unavailable: null,
    authenticatedAt: new Date(),
    // Refresh-token lifetimes are mostly undocumented (lexoffice's is UNCERTAIN): shown only when the provider says.
    reauthBy: tokens.refreshTokenExpiresAt === null ? null : new Date(tokens.refreshTokenExpiresAt),
    accessTokenExpiresAt: tokens.tokens.expiresAt === null ? null : new Date(tokens.tokens.expiresAt),
    lastError: null,
  });
  deps.liveTokens.set(id, tokens.tokens.accessToken);

  const ctx = buildConnectorContext(deps, {
    connector,
    tenant: { id: tenantId, name: consumed.tenant_name },
    connectionId: id,
    auth: { kind: 'oauth2', accessToken: tokens.tokens.accessToken },
    secret: tokens.tokens,
    options,
    state: {},
    invoiceId: null,
  });
  const outcome = await runConnectionTest(connector, ctx);
  if (outcome.ok) await recordTestSuccess(deps.pool, id, outcome.result);
  else {
    deps.logger.warn({ tenantId, connector: connectorId, error: outcome.error.toJSON() }, 'connection test failed right after the OAuth authorization');
    await recordTestFailure(deps.pool, id, outcome.error, true);
  }
  await deps.notificationService.resolveForConnection(tenantId, connectorId);
  return { tenantId, redirectTo: consumed.redirect_to };
}

async function exchangeCode(
  deps: OAuthFlowDeps,
  call: {
    connector: AnyConnector;
    spec: OAuthSpec<unknown>;
    client: OAuthClientConfig;
    tenantId: string;
    connectionId: string;
    url: string;
    form: Record<string, string>;
    secrets: string[];
  },
): Promise<{ tokens: OAuthTokens; refreshTokenExpiresAt: string | null }> {
  const name = call.connector.manifest.displayName;
  const id = call.connector.manifest.id;
  let res: Awaited<ReturnType<typeof postToken>>;
  try {
    res = await postToken(
      deps,
      {
        connectorId: id,
        spec: call.spec,
        client: call.client,
        sink: deps.callLogWriter.sinkFor({ tenantId: call.tenantId, connector: id, connectionId: call.connectionId, invoiceId: null }),
        secrets: call.secrets,
      },
      call.url,
      call.form,
      'oauthToken',
    );
  } catch (err) {
    throw new HubError(502, 'oauth_exchange_failed', `Could not reach ${name} to finish the authorization: ${err instanceof Error ? err.message : String(err)}`);
  }
  const answer = readTokenAnswer(res);
  if (answer.ok) return answer;
  deps.logger.warn({ connector: id, status: answer.status, error: answer.error, description: answer.description }, 'OAuth code exchange failed');
  const refused = answer.status !== null && answer.status >= 400 && answer.status < 500 && answer.status !== 429;
  throw new HubError(
    refused ? 400 : 502,
    'oauth_exchange_failed',
    refused ? `${name} refused the authorization: ${answer.description}` : `${name} could not finish the authorization: ${answer.description}`,
  );
}

/**
 * Revokes an OAuth connection's grant where the provider offers it (RFC 7009: the refresh token, which takes the
 * access token with it). Best effort: the tenant wants the connection gone either way, so failures are logged.
 */
export async function revokeGrant(deps: OAuthFlowDeps, row: Connection, connector: AnyConnector, tokens: OAuthTokens): Promise<void> {
  const spec = connector.manifest.oauth;
  if (!spec?.revokeUrl) return;
  const client = deps.config.oauth[connector.manifest.id];
  const log = { connectionId: row.id, connector: connector.manifest.id };
  if (!client) {
    deps.logger.warn(log, 'cannot revoke the OAuth grant: no OAuth client configured');
    return;
  }
  try {
    const parsed = connector.manifest.optionsSchema.safeParse(row.options ?? {});
    const url = spec.revokeUrl(parsed.success ? parsed.data : row.options);
    if (!url) return;
    const token = tokens.refreshToken ?? tokens.accessToken;
    const res = await postToken(
      deps,
      {
        connectorId: connector.manifest.id,
        spec,
        client,
        sink: deps.callLogWriter.sinkFor({ tenantId: row.tenant.id, connector: connector.manifest.id, connectionId: row.id, invoiceId: null }),
        secrets: [tokens.accessToken, ...(tokens.refreshToken ? [tokens.refreshToken] : [])],
      },
      url,
      { token },
      'oauthRevoke',
    );
    if (res.status >= 300) deps.logger.warn({ ...log, status: res.status }, 'the provider refused to revoke the OAuth grant');
  } catch (err) {
    deps.logger.warn({ ...log, err }, 'could not revoke the OAuth grant');
  }
}

/** The id of the tenant's connection to the connector, if there is one: a reconnect keeps it. */
export async function existingConnectionId(pool: Queryable, tenantId: string, connectorId: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ id: string }>('select id from connection where tenant_id = $1 and connector = $2', [tenantId, connectorId]);
  return rows[0]?.id;
}

async function consumeState(pool: Queryable, state: string, connectorId: string): Promise<ConsumedState | undefined> {
  // Deleted as it is read: a state works once, even when two callbacks race.
  const { rows } = await pool.query<ConsumedState>(
    `with used as (
       delete from oauth_state where state = $1 and connector = $2
       returning tenant_id, code_verifier, redirect_to, options, expires_at > now() as live
     )
     select used.*, t.name as tenant_name from used join tenant t on t.id = used.tenant_id`,
    [state, connectorId],
  );
  return rows[0];
}

function oauthSpecOf(connector: AnyConnector): OAuthSpec<unknown> {
  const spec = connector.manifest.oauth;
  if (!spec || !connector.manifest.auth.includes('oauth2')) {
    throw new HubError(
      422,
      'oauth_unsupported',
      `${connector.manifest.displayName} does not connect through OAuth: send its credentials to PUT /v1/connections/${connector.manifest.id}`,
    );
  }
  return spec;
}

function oauthClientFor(config: Pick<Config, 'oauth'>, connector: AnyConnector): OAuthClientConfig {
  const client = config.oauth[connector.manifest.id];
  if (client) return client;
  const prefix = envPrefix(connector.manifest.id);
  throw new HubError(
    422,
    'oauth_not_configured',
    `This hub has no OAuth client for ${connector.manifest.displayName}: set ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET`,
  );
}

/** Where to send the browser afterwards: an http(s) URL or a path on the hub; anything else (javascript:, //evil) is refused. */
function checkRedirectTo(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const ok =
    value.length <= 2000 &&
    ((value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')) || /^https?:\/\/[^\s/]+/i.test(value));
  if (ok && !value.startsWith('/')) {
    try {
      new URL(value);
    } catch {
      return invalidRedirect();
    }
  }
  return ok ? value : invalidRedirect();
}

function invalidRedirect(): never {
  throw new HubError(400, 'invalid_request', 'redirectTo must be an http(s) URL or a path', [
    { path: 'redirectTo', message: 'expected an http(s) URL or a path starting with /' },
  ]);
}
