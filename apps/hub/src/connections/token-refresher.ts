import {
  type AnyConnector,
  authError,
  isConnectorError,
  type Logger,
  rateLimitedError,
  transientError,
} from '@accounting-hub/core';
import type { NotificationService } from '../app/services.js';
import type { CallLogWriter } from '../calllog/call-log-writer.js';
import type { OAuthClientConfig } from '../config/env.js';
import type { HubConnectorRegistry } from '../connectors/registry.js';
import type { Queryable } from '../ratelimit/postgres-rate-limit-store.js';
import type { SecretBox } from '../security/secret-box.js';
import type { LiveTokens } from './connection-context.js';
import { markReauthRequired } from './connection-store.js';
import { isInvalidGrant, type OAuthEndpointDeps, postToken, readTokenAnswer } from './oauth-client.js';
import { type OAuthTokens, oauthTokens } from './oauth-tokens.js';
import { openReauthNotification, reauthMessage } from './reauth.js';

export interface RefreshTiming {
  /** How long a refresh lease holds before another process may take over (a crashed holder). Default 30 s. */
  leaseMs: number;
  /** How often a process waiting for another's refresh looks again. Default 100 ms. */
  pollMs: number;
  /** How long to wait for another process's refresh before giving up with a transient error. Default 20 s. */
  maxWaitMs: number;
}

export const DEFAULT_REFRESH_TIMING: RefreshTiming = { leaseMs: 30_000, pollMs: 100, maxWaitMs: 20_000 };

export interface TokenRefresherDeps extends OAuthEndpointDeps {
  pool: Queryable;
  secretBox: SecretBox;
  registry: HubConnectorRegistry;
  oauthClients: Record<string, OAuthClientConfig>;
  callLogWriter: CallLogWriter;
  notificationService: NotificationService;
  liveTokens: LiveTokens;
  logger: Logger;
  timing?: Partial<RefreshTiming>;
  sleep?: (ms: number) => Promise<void>;
}

/** Why a refresh is wanted. */
export type RefreshWant =
  /** The access token expires within `marginMs` (or has): refresh unless someone already did. */
  | { force: false; marginMs: number }
  /** The tool refused `failedToken`: refresh unless the stored token is already another one. */
  | { force: true; failedToken: string };

export type RefreshOutcome =
  | { kind: 'fresh'; tokens: OAuthTokens; /** whether this call did the refresh */ refreshed: boolean }
  | { kind: 'reauth_required'; reason: string };

export interface TokenRefresher {
  /**
   * Makes sure the connection's stored access token is usable, refreshing it at most once across every hub process.
   * Throws a transient (or rate_limited) ConnectorError when the authorization server cannot be reached: the job
   * retries later. Answers reauth_required when the grant is dead (the connection is marked, the tenant notified).
   */
  ensureFresh(connectionId: string, want: RefreshWant): Promise<RefreshOutcome>;
}

interface Row {
  id: string;
  tenant_id: string;
  connector: string;
  auth_kind: string;
  status: string;
  secret: string;
  options: unknown;
  /** Epoch milliseconds: the hub's pool (MikroORM's) hands timestamps out as strings, plain pg as Dates. */
  expires_ms: number | null;
  /** The lease as text, exactly as stored (a JS Date would drop the microseconds the release compares). */
  lease: string | null;
  lease_active: boolean;
  last_error_message: string | null;
}

const ROW_COLUMNS = `id, tenant_id, connector, auth_kind, status, secret, options,
  (extract(epoch from access_token_expires_at) * 1000)::float8 as expires_ms,
  refresh_locked_until::text as lease, coalesce(refresh_locked_until > now(), false) as lease_active,
  last_error->>'message' as last_error_message`;

/**
 * Single-flight OAuth refresh across processes. lexoffice rotates refresh tokens and keeps exactly one per
 * connection: two processes refreshing with the same token leave one of them with a dead grant. So:
 *
 * 1. A process takes the connection's refresh lease with ONE conditional UPDATE (free, or run out after a crash).
 * 2. The winner re-reads the row in that same statement: if another process refreshed meanwhile, it stops there.
 * 3. It calls the token endpoint and stores the new tokens and clears the lease in ONE statement, before anything
 *    else uses them: a token the provider issued and we lost would kill the connection.
 * 4. Everyone else polls the row until the lease is gone and uses what the winner stored.
 */
export function createTokenRefresher(deps: TokenRefresherDeps): TokenRefresher {
  const timing = { ...DEFAULT_REFRESH_TIMING, ...deps.timing };
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { pool } = deps;

  const tryLease = async (id: string): Promise<Row | undefined> => {
    const { rows } = await pool.query<Row & Record<string, unknown>>(
      `update connection set refresh_locked_until = now() + $2::float8 * interval '1 millisecond'
       where id = $1 and (refresh_locked_until is null or refresh_locked_until < now())
       returning ${ROW_COLUMNS}`,
      [id, timing.leaseMs],
    );
    return rows[0];
  };

  const readRow = async (id: string): Promise<Row | undefined> => {
    const { rows } = await pool.query<Row & Record<string, unknown>>(`select ${ROW_COLUMNS} from connection where id = $1`, [id]);
    return rows[0];
  };

  /** Lets go of our lease only: after it ran out, another process may hold a new one. */
  const release = async (row: Row): Promise<void> => {
    await pool
      .query('update connection set refresh_locked_until = null where id = $1 and refresh_locked_until = $2::timestamptz', [row.id, row.lease])
      .catch((err: unknown) => deps.logger.warn({ err, connectionId: row.id }, 'could not release the refresh lease'));
  };

  const tokensOf = (row: Row): OAuthTokens => {
    const tokens = deps.secretBox.openAs(row.secret, oauthTokens, row.id);
    deps.liveTokens.set(row.id, tokens.accessToken);
    return tokens;
  };

  const needsRefresh = (row: Row, tokens: OAuthTokens, want: RefreshWant): boolean => {
    if (want.force) return tokens.accessToken === want.failedToken;
    return row.expires_ms !== null && row.expires_ms < Date.now() + want.marginMs;
  };

  const connectorOf = (row: Row): AnyConnector => {
    const connector = deps.registry.get(row.connector);
    if (!connector?.manifest.oauth) {
      throw transientError(`The connector "${row.connector}" of this OAuth connection is not loaded in this hub`);
    }
    return connector;
  };

  /** The lease is ours and a refresh is due: call the token endpoint and settle the row, whatever happens. */
  const refreshHolding = async (row: Row, tokens: OAuthTokens): Promise<RefreshOutcome> => {
    const connector = connectorOf(row);
    const spec = connector.manifest.oauth!;
    const name = connector.manifest.displayName;
    if (tokens.refreshToken === null) {
      return reauth(row, connector, `${name} gave no refresh token, and the access token has run out.`);
    }
    const client = deps.oauthClients[row.connector];
    if (!client) {
      throw transientError(`Cannot refresh the ${name} token: the hub has no OAuth client for "${row.connector}" (${envPrefix(row.connector)}_CLIENT_ID / _CLIENT_SECRET)`);
    }
    const parsed = connector.manifest.optionsSchema.safeParse(row.options ?? {});
    const options = parsed.success ? parsed.data : row.options;
    const res = await postToken(
      deps,
      {
        connectorId: row.connector,
        spec,
        client,
        sink: deps.callLogWriter.sinkFor({ tenantId: row.tenant_id, connector: row.connector, connectionId: row.id, invoiceId: null }),
        secrets: [tokens.refreshToken, tokens.accessToken],
      },
      spec.tokenUrl(options),
      { grant_type: 'refresh_token', refresh_token: tokens.refreshToken },
      'oauthRefresh',
    );
    const answer = readTokenAnswer(res, tokens.refreshToken);
    if (answer.ok) {
      // Stored first, in one statement with the lease release: the provider has already invalidated the old pair.
      await pool.query(
        `update connection set secret = $2, access_token_expires_at = $3, reauth_by = coalesce($4, reauth_by),
           refresh_locked_until = null, updated_at = now()
         where id = $1`,
        [row.id, deps.secretBox.seal(answer.tokens, row.id), answer.tokens.expiresAt, answer.refreshTokenExpiresAt],
      );
      deps.liveTokens.set(row.id, answer.tokens.accessToken);
      deps.logger.info({ connectionId: row.id, connector: row.connector, expiresAt: answer.tokens.expiresAt }, 'OAuth tokens refreshed');
      return { kind: 'fresh', tokens: answer.tokens, refreshed: true };
    }
    if (isInvalidGrant(answer)) {
      return reauth(row, connector, `${name} no longer accepts the authorization (${answer.description}).`);
    }
    // The authorization server is down, limiting us, or refuses the hub's own client: not the tenant's doing.
    deps.logger.error(
      { connectionId: row.id, connector: row.connector, status: answer.status, error: answer.error, description: answer.description },
      'OAuth token refresh failed',
    );
    await release(row);
    if (answer.status === 429) {
      throw rateLimitedError(`${name}'s authorization server is rate limiting token refreshes`, answer.retryAfterMs ?? 60_000);
    }
    const hint = answer.error === 'invalid_client' || answer.error === 'unauthorized_client' ? ` (check ${envPrefix(row.connector)}_CLIENT_ID / _CLIENT_SECRET)` : '';
    throw transientError(`Could not refresh the ${name} token: ${answer.description}${hint}`, { httpStatus: answer.status ?? undefined });
  };

  /** The grant is dead: mark the connection, unless another process stored new tokens meanwhile. */
  const reauth = async (row: Row, connector: AnyConnector, reason: string): Promise<RefreshOutcome> => {
    const error = authError(reason);
    const marked = await markReauthRequired(pool, row.id, { ...error.toJSON(), at: new Date().toISOString() }, row.secret);
    if (!marked) {
      const now = await readRow(row.id);
      if (now && now.status !== 'reauth_required') {
        await release(row);
        return { kind: 'fresh', tokens: tokensOf(now), refreshed: false };
      }
      return { kind: 'reauth_required', reason: now?.status === 'reauth_required' ? reason : 'The connection was removed.' };
    }
    deps.logger.warn({ connectionId: row.id, connector: row.connector, reason }, 'OAuth grant is dead: the tenant must connect again');
    await openReauthNotification(deps.notificationService, {
      tenantId: row.tenant_id,
      connectionId: row.id,
      connector,
      message: reauthMessage(connector, reason),
      error,
    });
    return { kind: 'reauth_required', reason };
  };

  return {
    async ensureFresh(connectionId, want) {
      const deadline = Date.now() + timing.maxWaitMs;
      for (;;) {
        const leased = await tryLease(connectionId);
        if (leased) {
          try {
            if (leased.auth_kind !== 'oauth2') throw new Error(`connection ${connectionId} does not use OAuth`);
            if (leased.status === 'reauth_required') {
              await release(leased);
              return { kind: 'reauth_required', reason: 'The connection needs to be authorized again.' };
            }
            const tokens = tokensOf(leased);
            if (!needsRefresh(leased, tokens, want)) {
              await release(leased);
              return { kind: 'fresh', tokens, refreshed: false };
            }
            return await refreshHolding(leased, tokens);
          } catch (err) {
            // Whatever went wrong, the lease must not block the other processes until it runs out.
            await release(leased);
            // An uncertain token call means the refresh may have happened, not a booking: for the job it is transient.
            if (isConnectorError(err) && err.kind !== 'uncertain') throw err;
            throw transientError(`Could not refresh the OAuth token: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
          }
        }
        const row = await readRow(connectionId);
        if (!row) throw authError('The connection no longer exists: connect it again in the settings');
        if (row.status === 'reauth_required') {
          return { kind: 'reauth_required', reason: row.last_error_message ?? 'The connection needs to be authorized again.' };
        }
        if (!row.lease_active) {
          const tokens = tokensOf(row);
          if (!needsRefresh(row, tokens, want)) return { kind: 'fresh', tokens, refreshed: false };
          continue; // the lease is free (or ran out): take it
        }
        if (Date.now() > deadline) {
          throw transientError('Another hub process is refreshing this connection\'s OAuth token and has not finished yet');
        }
        await sleep(timing.pollMs);
      }
    },
  };
}

/** `HUB_OAUTH_MY_TOOL` for connector `my-tool` (see config/env.ts). */
export function envPrefix(connectorId: string): string {
  return `HUB_OAUTH_${connectorId.toUpperCase().replace(/-/g, '_')}`;
}
