import { connector as reference } from '@accounting-hub/connector-reference';
import { ConnectorError, isConnectorError } from '@accounting-hub/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionService } from '../app/services.js';
import { Connection } from '../db/entities/connection.js';
import { Notification } from '../db/entities/notification.js';
import type { Tenant } from '../db/entities/tenant.js';
import type { HubError } from '../errors/hub-error.js';
import { type ConnectionTestKit, startConnectionTestKit } from '../testing/connection-test-kit.js';
import { createOAuthTestConnector } from '../testing/oauth-test-connector.js';
import { type OAuthTestServer, startOAuthTestServer } from '../testing/oauth-test-server.js';
import { oauthTokens } from './oauth-tokens.js';
import { codeChallengeS256 } from './pkce.js';

let kit: ConnectionTestKit;
let server: OAuthTestServer;
let service: ConnectionService;

beforeAll(async () => {
  server = await startOAuthTestServer();
  kit = await startConnectionTestKit({
    connectors: [createOAuthTestConnector(), createOAuthTestConnector({ id: 'unconfigured' }), reference],
    oauth: { oauthbooks: { clientId: server.clientId, clientSecret: server.clientSecret } },
  });
  service = kit.service();
});
afterAll(async () => {
  await kit?.close();
  await server?.close();
});
afterEach(() => {
  server.tokenDelayMs = 0;
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/** The browser's part: follow the consent URL to the provider, which redirects back with code and state. */
async function consent(url: string): Promise<{ code: string; state: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  expect(back.origin + back.pathname).toBe('https://hub.example.com/v1/oauth/oauthbooks/callback');
  return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
}

async function connectByOAuth(tenant: Tenant, svc: ConnectionService = service) {
  const { url } = await svc.startAuthorization(tenant, 'oauthbooks', { redirectTo: 'https://app.example.com/settings', options: { baseUrl: server.url } });
  return svc.completeAuthorization('oauthbooks', await consent(url));
}

async function rowOf(tenant: Tenant): Promise<Connection> {
  return kit.hub.orm.em.fork().findOneOrFail(Connection, { tenant: tenant.id, connector: 'oauthbooks' });
}

async function storedTokens(tenant: Tenant) {
  const row = await rowOf(tenant);
  return kit.box.openAs(row.secret, oauthTokens, row.id);
}

/** Lets the stored access token look expired, so that the next open() refreshes. */
async function expireAccessToken(tenant: Tenant): Promise<void> {
  await kit.hub.pool.query(`update connection set access_token_expires_at = now() - interval '1 minute' where tenant_id = $1`, [tenant.id]);
}

describe('OAuth authorization', () => {
  it('starts with a consent URL carrying PKCE S256, a random state bound to the tenant, scopes and extras', async () => {
    const tenant = await kit.newTenant('Tenant & Söhne');
    const { url } = await service.startAuthorization(tenant, 'oauthbooks', { redirectTo: '/done', options: { baseUrl: server.url } });
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe(`${server.url}/authorize`);
    const q = Object.fromEntries(u.searchParams);
    expect(q).toMatchObject({
      client_id: server.clientId,
      redirect_uri: 'https://hub.example.com/v1/oauth/oauthbooks/callback',
      response_type: 'code',
      code_challenge_method: 'S256',
      scope: 'books.read books.write',
      connection_name: 'Tenant & Söhne',
    });
    expect(q.state).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const { rows } = await kit.hub.pool.query('select * from oauth_state where state = $1', [q.state]);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({ tenant_id: tenant.id, connector: 'oauthbooks', redirect_to: '/done', options: { baseUrl: server.url } });
    const verifier = kit.box.open(row.code_verifier, q.state) as string;
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(row.code_verifier).not.toContain(verifier);
    expect(q.code_challenge).toBe(codeChallengeS256(verifier));
    const ttl = Date.parse(row.expires_at) - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
  });

  it('needs an OAuth client configured, an OAuth connector, valid options and a safe redirectTo', async () => {
    const tenant = await kit.newTenant();
    const unconfigured = (await caught(service.startAuthorization(tenant, 'unconfigured', { options: { baseUrl: server.url } }))) as HubError;
    expect([unconfigured.statusCode, unconfigured.code]).toEqual([422, 'oauth_not_configured']);
    expect(unconfigured.message).toContain('HUB_OAUTH_UNCONFIGURED_CLIENT_ID');
    expect(unconfigured.message).toContain('HUB_OAUTH_UNCONFIGURED_CLIENT_SECRET');
    const apiOnly = (await caught(service.startAuthorization(tenant, 'reference', {}))) as HubError;
    expect([apiOnly.statusCode, apiOnly.code]).toEqual([422, 'oauth_unsupported']);
    const badOptions = (await caught(service.startAuthorization(tenant, 'oauthbooks', { options: { baseUrl: 'x' } }))) as HubError;
    expect(badOptions.statusCode).toBe(400);
    expect(badOptions.details[0]?.path).toBe('options.baseUrl');
    const badRedirect = (await caught(
      service.startAuthorization(tenant, 'oauthbooks', { redirectTo: 'javascript:alert(1)', options: { baseUrl: server.url } }),
    )) as HubError;
    expect([badRedirect.statusCode, badRedirect.details[0]?.path]).toEqual([400, 'redirectTo']);
  });

  it('refuses a callback with an unknown, expired or used state, and reports a denial', async () => {
    const tenant = await kit.newTenant();
    const unknown = (await caught(service.completeAuthorization('oauthbooks', { code: 'c', state: 'no-such-state' }))) as HubError;
    expect([unknown.statusCode, unknown.code]).toEqual([400, 'oauth_state_invalid']);
    expect(((await caught(service.completeAuthorization('oauthbooks', { code: 'c' }))) as HubError).code).toBe('oauth_state_invalid');

    const { url } = await service.startAuthorization(tenant, 'oauthbooks', { options: { baseUrl: server.url } });
    const { state } = await consent(url);
    await kit.hub.pool.query(`update oauth_state set expires_at = now() - interval '1 second' where state = $1`, [state]);
    expect(((await caught(service.completeAuthorization('oauthbooks', { code: 'c', state }))) as HubError).code).toBe('oauth_state_invalid');

    const second = await service.startAuthorization(tenant, 'oauthbooks', { redirectTo: '/back', options: { baseUrl: server.url } });
    const denied = (await caught(
      service.completeAuthorization('oauthbooks', {
        state: new URL(second.url).searchParams.get('state')!,
        error: 'access_denied',
        error_description: 'The user said no',
      }),
    )) as HubError;
    expect([denied.statusCode, denied.code]).toEqual([400, 'oauth_denied']);
    expect(denied.message).toContain('The user said no');
    expect(denied.extra).toEqual({ redirectTo: '/back' });
  });

  it('exchanges the code (Basic client auth, PKCE verifier), stores the tokens sealed and tests the connection', async () => {
    const tenant = await kit.newTenant();
    const before = server.tokenRequests.length;
    const { url } = await service.startAuthorization(tenant, 'oauthbooks', { redirectTo: 'https://app.example.com/settings', options: { baseUrl: server.url } });
    const callback = await consent(url);
    const done = await service.completeAuthorization('oauthbooks', callback);
    expect(done).toEqual({ tenantId: tenant.id, redirectTo: 'https://app.example.com/settings' });

    const request = server.tokenRequests[before]!;
    expect(request.authorization).toMatch(/^Basic /);
    expect(request.form).toMatchObject({
      grant_type: 'authorization_code',
      code: callback.code,
      redirect_uri: 'https://hub.example.com/v1/oauth/oauthbooks/callback',
    });
    expect(request.form.code_verifier).toMatch(/^[A-Za-z0-9_-]{64}$/);

    const [view] = await service.list(tenant);
    expect(view).toMatchObject({ connector: 'oauthbooks', authKind: 'oauth2', status: 'active', lastError: null, reauthBy: null });
    expect(view!.account).toEqual({ id: 'acct-1', name: 'OAuth Books GmbH' });
    const row = await rowOf(tenant);
    expect(row.state).toEqual({ accountId: 'acct-1' });
    expect(row.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const tokens = kit.box.openAs(row.secret, oauthTokens, row.id);
    expect(server.liveAccessTokens()).toContain(tokens.accessToken);
    expect(server.liveRefreshTokens()).toContain(tokens.refreshToken);
    const { rows } = await kit.hub.pool.query<{ text: string }>('select row_to_json(c)::text as text from connection c where id = $1', [row.id]);
    expect(rows[0]!.text).not.toContain(tokens.accessToken);
    expect(rows[0]!.text).not.toContain(tokens.refreshToken!);

    // The exchange is in the call log under the connection, with every token, the code, verifier and client secret redacted.
    const log = await kit.hub.pool.query('select operation, connection_id, status_code, request, response from call_log where tenant_id = $1 order by id', [tenant.id]);
    expect(log.rows.map((r) => r.operation)).toEqual(['oauthToken', 'testConnection']);
    expect(log.rows[0]).toMatchObject({ connection_id: row.id, status_code: 200, response: { access_token: '[REDACTED]', refresh_token: '[REDACTED]' } });
    const text = await kit.callLogText();
    for (const secret of [tokens.accessToken, tokens.refreshToken!, callback.code, request.form.code_verifier!, server.clientSecret]) {
      expect(text).not.toContain(secret);
    }

    // Single use: the same callback again is refused.
    expect(((await caught(service.completeAuthorization('oauthbooks', callback))) as HubError).code).toBe('oauth_state_invalid');
  });

  it('keeps the connection with the error when the test fails after a good exchange', async () => {
    const tenant = await kit.newTenant();
    const { url } = await service.startAuthorization(tenant, 'oauthbooks', { options: { baseUrl: server.url } });
    const callback = await consent(url);
    // The provider hands out tokens, then its API refuses them (an account without API access, say).
    const svc = kit.service({
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (String(input).endsWith('/token')) server.killAccessTokens();
        return res;
      },
    });
    expect(await svc.completeAuthorization('oauthbooks', callback)).toMatchObject({ tenantId: tenant.id });
    const [view] = await service.list(tenant);
    expect(view).toMatchObject({ authKind: 'oauth2', status: 'active', account: null, lastError: { kind: 'auth', httpStatus: 401 } });
  });
});

describe('OAuth token refresh', () => {
  it('refreshes once across two processes opening the same expired connection at the same time', async () => {
    const tenant = await kit.newTenant();
    await connectByOAuth(tenant);
    const old = await storedTokens(tenant);
    await expireAccessToken(tenant);
    server.tokenDelayMs = 150;
    const refreshesBefore = server.counts.refresh_token;
    const refusedBefore = server.refusedRefreshes;

    const processA = kit.service();
    const processB = kit.service();
    const opens = [processA, processB, processA, processB, processA, processB].map((svc) =>
      svc.open({ tenantId: tenant.id, connectorId: 'oauthbooks', invoiceId: null }),
    );
    const opened = await Promise.all(opens);

    expect(server.counts.refresh_token - refreshesBefore).toBe(1);
    expect(server.refusedRefreshes).toBe(refusedBefore);
    const fresh = await storedTokens(tenant);
    expect(fresh.accessToken).not.toBe(old.accessToken);
    expect(fresh.refreshToken).not.toBe(old.refreshToken);
    for (const { ctx } of opened) {
      expect(ctx.connection.auth).toMatchObject({ kind: 'oauth2', accessToken: fresh.accessToken });
    }
    // Both processes' contexts work against the API.
    for (const { connector, ctx } of opened.slice(0, 2)) {
      await expect(connector.testConnection(ctx)).resolves.toMatchObject({ account: { id: 'acct-1' } });
    }
    const row = await rowOf(tenant);
    expect(row.refreshLockedUntil).toBeNull();
    expect(row.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    // The refresh is logged, with the tokens redacted.
    const text = await kit.callLogText();
    for (const secret of [old.refreshToken!, fresh.accessToken, fresh.refreshToken!]) expect(text).not.toContain(secret);
  });

  it('handles an early-dead access token: one forced refresh for concurrent failures, the same context then works', async () => {
    const tenant = await kit.newTenant();
    await connectByOAuth(tenant);
    const processA = kit.service();
    const processB = kit.service();
    const a = await processA.open({ tenantId: tenant.id, connectorId: 'oauthbooks', invoiceId: null });
    const b = await processB.open({ tenantId: tenant.id, connectorId: 'oauthbooks', invoiceId: null });
    server.killAccessTokens();
    const failure = await caught(a.connector.testConnection(a.ctx));
    expect(isConnectorError(failure) && failure.kind).toBe('auth');

    server.tokenDelayMs = 100;
    const before = server.counts.refresh_token;
    const verdicts = await Promise.all([
      processA.handleAuthFailure(a.connection.id, failure as ConnectorError),
      processB.handleAuthFailure(b.connection.id, failure as ConnectorError),
      processA.handleAuthFailure(a.connection.id, failure as ConnectorError),
    ]);
    expect(verdicts).toEqual(['refreshed', 'refreshed', 'refreshed']);
    expect(server.counts.refresh_token - before).toBe(1);
    await expect(a.connector.testConnection(a.ctx)).resolves.toMatchObject({ account: { id: 'acct-1' } });
    await expect(b.connector.testConnection(b.ctx)).resolves.toMatchObject({ account: { id: 'acct-1' } });
  });

  it('marks the connection reauth_required and notifies the tenant on invalid_grant', async () => {
    const tenant = await kit.newTenant();
    await connectByOAuth(tenant);
    await expireAccessToken(tenant);
    server.killGrants();

    const err = await caught(service.open({ tenantId: tenant.id, connectorId: 'oauthbooks', invoiceId: null }));
    expect(isConnectorError(err) && err.kind).toBe('auth');
    expect((err as Error).message).toMatch(/OAuth Books needs to be connected again/);
    const [view] = await service.list(tenant);
    expect(view).toMatchObject({ status: 'reauth_required', lastError: { kind: 'auth' } });
    expect(view!.lastError!.message).toContain('refresh token invalid or already used');
    const notes = await kit.hub.orm.em.fork().find(Notification, { tenant: tenant.id, kind: 'reauth_required', state: 'open' });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message).toMatch(/Connect OAuth Books again in the settings/);
    expect((await rowOf(tenant)).refreshLockedUntil).toBeNull();

    // Later jobs are refused without asking the provider again; a new authorization heals it.
    const refreshes = server.counts.refresh_token;
    const again = await caught(service.open({ tenantId: tenant.id, connectorId: 'oauthbooks', invoiceId: null }));
    expect(isConnectorError(again) && again.kind).toBe('auth');
    expect(server.counts.refresh_token).toBe(refreshes);
    await connectByOAuth(tenant);
    expect((await service.list(tenant))[0]).toMatchObject({ status: 'active', lastError: null });
    const resolved = await kit.hub.orm.em.fork().find(Notification, { tenant: tenant.id, kind: 'reauth_required' });
    expect(resolved.map((n) => n.state)).toEqual(['resolved']);
  });

  it('treats an unreachable token endpoint as transient: the connection stays active and the lease is released', async () => {
    const tenant = await kit.newTenant();
    await connectByOAuth(tenant);
    await expireAccessToken(tenant);
    server.failNextTokenRequests(503);
    const err = await caught(service.open({ tenantId: tenant.id, connectorId: 'oauthbooks', invoiceId: null }));
    expect(isConnectorError(err) && err.kind).toBe('transient');
    const row = await rowOf(tenant);
    expect(row.status).toBe('active');
    expect(row.refreshLockedUntil).toBeNull();
    // The next job gets through.
    await expect(service.open({ tenantId: tenant.id, connectorId: 'oauthbooks', invoiceId: null })).resolves.toBeDefined();
  });

  it('refreshExpiring refreshes the connections expiring soon, once each', async () => {
    const tenant = await kit.newTenant();
    await connectByOAuth(tenant);
    const other = await kit.newTenant();
    await connectByOAuth(other);
    await expireAccessToken(tenant);
    const before = server.counts.refresh_token;
    expect(await service.refreshExpiring(60_000)).toBe(1);
    expect(server.counts.refresh_token - before).toBe(1);
    expect(await service.refreshExpiring(60_000)).toBe(0);
  });

  it('test() refreshes a dead access token once before it calls the connection dead', async () => {
    const tenant = await kit.newTenant();
    await connectByOAuth(tenant);
    server.killAccessTokens();
    const before = server.counts.refresh_token;
    expect(await service.test(tenant, 'oauthbooks')).toMatchObject({ ok: true, account: { id: 'acct-1' } });
    expect(server.counts.refresh_token - before).toBe(1);

    // Another tenant's token dies while the authorization server is down: the test reports the outage, and the
    // connection is not marked dead for it.
    const other = await kit.newTenant();
    await connectByOAuth(other);
    server.killAccessTokens();
    server.failNextTokenRequests(503);
    expect(await service.test(other, 'oauthbooks')).toMatchObject({ ok: false, error: { kind: 'transient' } });
    expect((await service.list(other))[0]).toMatchObject({ status: 'active', lastError: { kind: 'transient' } });
  });

  it('marks a connection whose freshly refreshed token is refused again, instead of refreshing forever', async () => {
    const tenant = await kit.newTenant();
    await connectByOAuth(tenant);
    const opened = await service.open({ tenantId: tenant.id, connectorId: 'oauthbooks', invoiceId: null });
    const refused = new ConnectorError({ kind: 'auth', message: 'OAuth Books denied access (403)' });
    expect(await service.handleAuthFailure(opened.connection.id, refused)).toBe('refreshed');
    expect(await service.handleAuthFailure(opened.connection.id, refused)).toBe('reauth_required');
    expect((await service.list(tenant))[0]?.status).toBe('reauth_required');
  });

  it('refreshes again when a refreshed token that has worked since is refused (it died anew), however soon', async () => {
    const tenant = await kit.newTenant();
    await connectByOAuth(tenant);
    const opened = await service.open({ tenantId: tenant.id, connectorId: 'oauthbooks', invoiceId: null });
    const refused = new ConnectorError({ kind: 'auth', message: 'OAuth Books: token expired (401)' });
    server.killAccessTokens();
    expect(await service.handleAuthFailure(opened.connection.id, refused)).toBe('refreshed');
    expect(await service.test(tenant, 'oauthbooks')).toMatchObject({ ok: true });
    // Seconds later the provider ends the tokens again (a logout): a refresh, not a dead connection.
    server.killAccessTokens();
    const before = server.counts.refresh_token;
    expect(await service.handleAuthFailure(opened.connection.id, refused)).toBe('refreshed');
    expect(server.counts.refresh_token - before).toBe(1);
    expect((await service.list(tenant))[0]?.status).toBe('active');
  });
});

describe('OAuth disconnect', () => {
  it('revokes the refresh token with Basic client auth, then deletes the connection', async () => {
    const tenant = await kit.newTenant();
    await connectByOAuth(tenant);
    const tokens = await storedTokens(tenant);
    await service.disconnect(tenant, 'oauthbooks');
    expect(server.revokedTokens.at(-1)).toBe(tokens.refreshToken);
    expect(server.liveRefreshTokens()).not.toContain(tokens.refreshToken);
    expect(await service.list(tenant)).toEqual([]);
    expect(await kit.callLogText()).not.toContain(tokens.refreshToken!);
  });

  it('still deletes the connection when the revocation fails', async () => {
    const tenant = await kit.newTenant();
    await connectByOAuth(tenant);
    const svc = kit.service({ fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    await svc.disconnect(tenant, 'oauthbooks');
    expect(await service.list(tenant)).toEqual([]);
  });
});
