import { randomUUID } from 'node:crypto';
import {
  type AnyConnector,
  authError,
  type ConnectorError,
  type Logger,
  type RateLimitStore,
  toConnectorError,
  unsupportedError,
} from '@accounting-hub/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConnectionService, ConnectionTestResult, NotificationService, OpenedConnection } from '../app/services.js';
import type { CallLogWriter } from '../calllog/call-log-writer.js';
import type { Config } from '../config/env.js';
import type { HubConnectorRegistry } from '../connectors/registry.js';
import { Connection } from '../db/entities/connection.js';
import type { Tenant } from '../db/entities/tenant.js';
import { HubError, notFound } from '../errors/hub-error.js';
import type { Queryable } from '../ratelimit/postgres-rate-limit-store.js';
import type { SecretBox } from '../security/secret-box.js';
import { buildConnectorContext, LiveTokens } from './connection-context.js';
import {
  deleteConnection,
  markReauthRequired,
  recordTestFailure,
  recordTestSuccess,
  saveConnection,
  storedError,
} from './connection-store.js';
import { toConnectionView } from './connection-view.js';
import { completeAuthorization, existingConnectionId, type OAuthFlowDeps, revokeGrant, startAuthorization } from './oauth-flow.js';
import { oauthTokens } from './oauth-tokens.js';
import { parseConnectInput } from './parse-input.js';
import { openReauthNotification, reauthMessage } from './reauth.js';
import { runConnectionTest } from './run-test.js';
import { contextForStored } from './stored-context.js';
import { createTokenRefresher, type RefreshTiming } from './token-refresher.js';

export interface ConnectionServiceDeps {
  config: Pick<Config, 'publicUrl' | 'oauth'>;
  logger: Logger;
  /** Plain SQL: the writes that must be atomic across processes (refresh lease, upserts). */
  pool: Queryable;
  /** A fresh EntityManager fork per call (the cradle's `em`). */
  em: () => EntityManager;
  secretBox: SecretBox;
  rateLimitStore: RateLimitStore;
  connectorRegistry: HubConnectorRegistry;
  callLogWriter: CallLogWriter;
  notificationService: NotificationService;
  /** Tests point the HTTP clients elsewhere. */
  fetch?: typeof fetch;
  refreshTiming?: Partial<RefreshTiming>;
  /** Refresh an access token this long before it expires. Default 5 minutes: no job starts on a dying token. */
  refreshMarginMs?: number;
}

export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

/** A freshly refreshed token refused again this soon means the grant lacks rights, not freshness. */
const REFUSED_AFTER_REFRESH_MS = 60_000;

/**
 * Tenants' connections to their bookkeeping tools: connect (token credentials, tested before anything is stored),
 * OAuth authorization, tests, disconnect, and `open()`, the sync engine's door to a ready ConnectorContext.
 * See app/services.ts for the contract of each method.
 */
export function createConnectionService(deps: ConnectionServiceDeps): ConnectionService {
  const registry = deps.connectorRegistry;
  const liveTokens = new LiveTokens();
  const marginMs = deps.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const shared: OAuthFlowDeps = {
    config: deps.config,
    pool: deps.pool,
    secretBox: deps.secretBox,
    notificationService: deps.notificationService,
    logger: deps.logger,
    registry,
    rateLimitStore: deps.rateLimitStore,
    callLogWriter: deps.callLogWriter,
    liveTokens,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  };
  const refresher = createTokenRefresher({
    ...shared,
    oauthClients: deps.config.oauth,
    ...(deps.refreshTiming ? { timing: deps.refreshTiming } : {}),
  });
  /** Per connection, the token this process's last forced refresh produced, and when. */
  const forcedRefreshes = new Map<string, { token: string; at: number }>();

  const findRow = async (tenantId: string, connectorId: string): Promise<Connection | null> =>
    deps.em().findOne(Connection, { tenant: tenantId, connector: connectorId }, { populate: ['tenant'] });

  const loadRow = async (id: string): Promise<Connection | null> => deps.em().findOne(Connection, { id }, { populate: ['tenant'] });

  /** Whether the connection made a successful API call (token endpoint aside) since `at`: its token worked then. */
  const workedSince = async (connectionId: string, tenantId: string, at: number): Promise<boolean> => {
    const { rows } = await deps.pool.query(
      `select 1 from call_log
       where tenant_id = $1 and connection_id = $2 and at >= $3 and status_code < 400 and coalesce(operation, '') not like 'oauth%'
       limit 1`,
      [tenantId, connectionId, new Date(at)],
    );
    return rows.length > 0;
  };

  /** Marks the connection reauth_required and tells the tenant, in that order (the notification is the lesser loss). */
  const requireReauth = async (row: Pick<Connection, 'id'> & { tenantId: string }, connector: AnyConnector, error: ConnectorError) => {
    await markReauthRequired(deps.pool, row.id, storedError(error));
    await openReauthNotification(deps.notificationService, {
      tenantId: row.tenantId,
      connectionId: row.id,
      connector,
      message: reauthMessage(connector, error.message),
      error,
    });
  };

  /** Refreshes the access token first when it is about to expire; answers the row to use (reloaded when refreshed). */
  const withFreshToken = async (row: Connection, connector: AnyConnector): Promise<Connection> => {
    const expires = row.accessTokenExpiresAt;
    if (row.authKind !== 'oauth2' || expires == null || expires.getTime() >= Date.now() + marginMs) return row;
    const outcome = await refresher.ensureFresh(row.id, { force: false, marginMs });
    if (outcome.kind === 'reauth_required') {
      throw authError(`${connector.manifest.displayName} needs to be connected again: ${outcome.reason}`);
    }
    return (await loadRow(row.id)) ?? row;
  };

  const service: ConnectionService = {
    async connect(tenant, connectorId, input) {
      const connector = registry.require(connectorId);
      const name = connector.manifest.displayName;
      if (!connector.manifest.auth.includes('api_token')) {
        throw new HubError(422, 'oauth_only', `${name} connects through OAuth only: use GET /v1/connections/${connectorId}/authorize`);
      }
      const parsed = parseConnectInput(connector, input);
      // The test runs under the id the connection will have (a reconnect keeps its id), so its call-log rows and
      // rate-limit bucket are the connection's own; nothing else is stored unless the test passes.
      const connectionId = (await existingConnectionId(deps.pool, tenant.id, connectorId)) ?? randomUUID();
      const ctx = buildConnectorContext(shared, {
        connector,
        tenant: { id: tenant.id, name: tenant.name },
        connectionId,
        auth: { kind: 'api_token', credentials: parsed.credentials },
        secret: parsed.credentials,
        options: parsed.options,
        state: {},
        invoiceId: null,
      });
      const outcome = await runConnectionTest(connector, ctx);
      if (!outcome.ok) {
        throw new HubError(422, 'connection_test_failed', outcome.error.message, [], { error: outcome.error.toJSON() });
      }
      const { result } = outcome;
      const id = await saveConnection(deps.pool, deps.secretBox, {
        id: connectionId,
        tenantId: tenant.id,
        connector: connectorId,
        authKind: 'api_token',
        secret: parsed.credentials,
        options: parsed.input,
        state: result.state ?? {},
        account: result.account,
        unavailable: result.unavailable ?? null,
        authenticatedAt: new Date(),
        reauthBy: result.expiresAt ? new Date(result.expiresAt) : null,
        accessTokenExpiresAt: null,
        lastError: null,
      });
      liveTokens.delete(id);
      await deps.notificationService.resolveForConnection(tenant.id, connectorId);
      const saved = await loadRow(id);
      if (!saved) throw new Error(`the ${connectorId} connection vanished right after it was saved`);
      return toConnectionView(saved);
    },

    async list(tenant) {
      const rows = await deps.em().find(Connection, { tenant: tenant.id }, { orderBy: { connector: 'asc' } });
      return rows.map(toConnectionView);
    },

    async test(tenant, connectorId) {
      const connector = registry.require(connectorId);
      let row = await findRow(tenant.id, connectorId);
      if (!row) throw notFound(`${connector.manifest.displayName} connection`);
      const checkedAt = () => new Date().toISOString();
      const attempt = async (current: Connection) => {
        try {
          // A connection already marked reauth_required is tested as it is: a refresh would only fail again.
          const usable = current.status === 'reauth_required' ? current : await withFreshToken(current, connector);
          return await runConnectionTest(connector, contextForStored(shared, usable, connector, { invoiceId: null }));
        } catch (err) {
          return { ok: false as const, error: toConnectorError(err) };
        }
      };
      let outcome = await attempt(row);
      if (!outcome.ok && outcome.error.kind === 'auth' && row.authKind === 'oauth2' && row.status !== 'reauth_required') {
        // OAuth access tokens die early (password change, logout): one forced refresh before calling it dead.
        const verdict = await service.handleAuthFailure(row.id, outcome.error).catch((err: unknown) => toConnectorError(err));
        if (verdict === 'reauth_required') {
          return { ok: false, error: outcome.error.toJSON(), checkedAt: checkedAt() };
        }
        if (verdict === 'refreshed') {
          row = (await loadRow(row.id)) ?? row;
          outcome = await attempt(row);
        } else {
          // The refresh itself failed (authorization server down): that, not the stale token, is the news.
          outcome = { ok: false, error: verdict };
        }
      }
      const result: ConnectionTestResult = outcome.ok
        ? { ok: true, account: outcome.result.account, checkedAt: checkedAt() }
        : { ok: false, error: outcome.error.toJSON(), checkedAt: checkedAt() };
      if (outcome.ok) {
        await recordTestSuccess(deps.pool, row.id, outcome.result);
        await deps.notificationService.resolveForConnection(tenant.id, connectorId);
      } else if (outcome.error.kind === 'auth') {
        await requireReauth({ id: row.id, tenantId: tenant.id }, connector, outcome.error);
      } else {
        await recordTestFailure(deps.pool, row.id, outcome.error);
      }
      return result;
    },

    async disconnect(tenant, connectorId) {
      const connector = registry.require(connectorId);
      const row = await findRow(tenant.id, connectorId);
      if (!row) throw notFound(`${connector.manifest.displayName} connection`);
      if (row.authKind === 'oauth2') {
        let tokens: ReturnType<typeof oauthTokens.parse> | undefined;
        try {
          tokens = deps.secretBox.openAs(row.secret, oauthTokens, row.id);
        } catch (err) {
          deps.logger.warn({ err, connectionId: row.id }, 'cannot read the OAuth tokens to revoke them');
        }
        if (tokens) await revokeGrant(shared, row, connector, tokens);
      }
      await deleteConnection(deps.pool, row.id);
      liveTokens.delete(row.id);
      forcedRefreshes.delete(row.id);
    },

    startAuthorization: (tenant: Tenant, connectorId, input) => startAuthorization(shared, tenant, connectorId, input),

    completeAuthorization: (connectorId, query) => completeAuthorization(shared, connectorId, query),

    async open(args) {
      const connector = registry.get(args.connectorId);
      if (!connector) throw unsupportedError(`The connector "${args.connectorId}" is not loaded in this hub`);
      const name = connector.manifest.displayName;
      let row = await findRow(args.tenantId, args.connectorId);
      if (!row) throw authError(`No ${name} connection: connect it in settings`);
      if (row.status === 'reauth_required') {
        throw authError(`${name} needs to be connected again: ${row.lastError?.message ?? 'the authorization is no longer valid'}`);
      }
      row = await withFreshToken(row, connector);
      const ctx = contextForStored(shared, row, connector, {
        invoiceId: args.invoiceId,
        maxRateLimitWaitMs: args.maxRateLimitWaitMs,
        signal: args.signal,
      });
      const opened: OpenedConnection = { connector, connection: row, ctx };
      return opened;
    },

    async handleAuthFailure(connectionId, error) {
      const row = await loadRow(connectionId);
      if (!row) return 'reauth_required';
      const connector = registry.get(row.connector);
      if (!connector) return 'reauth_required';
      const who = { id: row.id, tenantId: row.tenant.id };
      if (row.status === 'reauth_required') return 'reauth_required';
      if (row.authKind !== 'oauth2') {
        await requireReauth(who, connector, error);
        return 'reauth_required';
      }
      const stored = deps.secretBox.openAs(row.secret, oauthTokens, row.id);
      const failedToken = liveTokens.get(row.id) ?? stored.accessToken;
      const recent = forcedRefreshes.get(row.id);
      if (
        recent &&
        recent.token === failedToken &&
        Date.now() - recent.at < REFUSED_AFTER_REFRESH_MS &&
        !(await workedSince(row.id, who.tenantId, recent.at))
      ) {
        // We just refreshed and the new token is refused too: the grant itself lacks what the call needs. (A token
        // that worked since and is refused now died anew, e.g. revoked or logged out: refreshing tells which.)
        await requireReauth(who, connector, authError(`${connector.manifest.displayName} refused a freshly refreshed token: ${error.message}`));
        return 'reauth_required';
      }
      const outcome = await refresher.ensureFresh(row.id, { force: true, failedToken });
      if (outcome.kind === 'reauth_required') return 'reauth_required';
      if (outcome.refreshed) forcedRefreshes.set(row.id, { token: outcome.tokens.accessToken, at: Date.now() });
      return 'refreshed';
    },

    async refreshExpiring(withinMs) {
      const { rows } = await deps.pool.query<{ id: string }>(
        `select id from connection
         where auth_kind = 'oauth2' and status <> 'reauth_required'
           and access_token_expires_at < now() + $1::float8 * interval '1 millisecond'
         order by access_token_expires_at
         limit 1000`,
        [withinMs],
      );
      let refreshed = 0;
      // One after another: authorization servers punish bursts, and the sweep has minutes to spare.
      for (const { id } of rows) {
        try {
          const outcome = await refresher.ensureFresh(id, { force: false, marginMs: withinMs });
          if (outcome.kind === 'fresh' && outcome.refreshed) refreshed++;
        } catch (err) {
          deps.logger.warn({ err, connectionId: id }, 'could not refresh an expiring OAuth token');
        }
      }
      return refreshed;
    },
  };
  return service;
}
