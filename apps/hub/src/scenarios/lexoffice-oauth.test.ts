/**
 * Issue 4, "Done when" 3: lexoffice's OAuth flow end to end against the sandbox's authorization server, through
 * the hub's own authorize and callback routes: a refresh that rotates the token, a revoked connection turning
 * into reauth_required, and the way back. Also: "finalized and sent" (the partner API's sendmail) works on an
 * OAuth connection and is refused on an API-key connection.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createLexofficeSandbox, type LexofficeSandbox } from '@accounting-hub/connector-lexoffice/sandbox';
import { seedInvoiceInputs } from '@accounting-hub/core/seeds';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runSweep } from '../sync/sweep.js';
import { startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';
import {
  apiKeyTenant,
  atLeast,
  callLog,
  callName,
  inboxWhen,
  NO_SCHEDULED_SWEEP,
  none,
  notifications,
  sandboxOptions,
  submit,
  TEST_RPS,
} from './lexoffice-support.js';

const PUBLIC_URL = 'http://hub.semco.test';
const CALLBACK = `${PUBLIC_URL}/v1/oauth/lexoffice/callback`;
const client = { clientId: randomUUID(), clientSecret: randomBytes(24).toString('base64url') };

let sandbox: LexofficeSandbox;
let hub: TestHub;

beforeAll(async () => {
  sandbox = await createLexofficeSandbox({ requestsPerSecond: TEST_RPS });
  // The partner client the hub runs as, registered at run time with the hub's callback as its redirect URI.
  const registered = await fetch(`${sandbox.url}/__sandbox/oauth/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...client, redirectUris: [CALLBACK] }),
  });
  expect(registered.status).toBe(201);
  hub = await startTestHub({
    captureLogs: true,
    env: {
      PUBLIC_URL,
      HUB_OAUTH_LEXOFFICE_CLIENT_ID: client.clientId,
      HUB_OAUTH_LEXOFFICE_CLIENT_SECRET: client.clientSecret,
      // The test runs the sweep itself; the scheduled one (every 5 minutes) must not get there first.
      SWEEP_CRON: NO_SCHEDULED_SWEEP,
    },
  });
});
afterAll(async () => {
  await hub?.close();
  await sandbox?.close();
});

/** The tenant clicks "connect lexoffice": the hub's authorize route, the sandbox's consent (automatic), the hub's callback. */
async function authorizeThroughRoutes(tenant: TestTenant): Promise<void> {
  const options = encodeURIComponent(JSON.stringify(sandboxOptions(sandbox)));
  const start = await hub.call('GET', `/v1/connections/lexoffice/authorize?options=${options}`, {
    token: tenant.apiKey,
    headers: { accept: 'application/json' },
  });
  expect(start.statusCode, start.body).toBe(200);
  const consentUrl = new URL(start.json().url);
  expect(consentUrl.origin + consentUrl.pathname).toBe(`${sandbox.url}/oauth2/authorize`);
  expect(consentUrl.searchParams.get('client_id')).toBe(client.clientId);
  expect(consentUrl.searchParams.get('redirect_uri')).toBe(CALLBACK);
  expect(consentUrl.searchParams.get('code_challenge_method')).toBe('S256');

  const consent = await fetch(consentUrl, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const back = new URL(consent.headers.get('location')!);
  expect(back.origin + back.pathname).toBe(CALLBACK);
  expect(back.searchParams.get('code')).toEqual(expect.any(String));
  expect(back.searchParams.get('state')).toBe(consentUrl.searchParams.get('state'));

  const callback = await hub.call('GET', `${back.pathname}${back.search}`);
  expect(callback.statusCode, callback.body).toBe(200);
  expect(callback.body).toContain('Connected');
}

async function connection(tenant: TestTenant) {
  const list = (await hub.call('GET', '/v1/connections', { token: tenant.apiKey })).json() as Record<string, unknown>[];
  expect(list).toHaveLength(1);
  return list[0]!;
}

/** The sandbox's live OAuth connections of the hub's client. */
const liveSandboxConnections = () => [...sandbox.oauth.connections.values()].filter((c) => c.clientId === client.clientId && !c.revoked);

const refreshWith = (refreshToken: string) =>
  fetch(`${sandbox.url}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  });

describe('lexoffice over OAuth', () => {
  it('authorizes through the hub\'s routes, books and mails an invoice, refreshes with rotation, turns reauth_required when revoked, and recovers after re-authorization', async () => {
    const tenant = await hub.tenant('SEMCO Akademie');
    await authorizeThroughRoutes(tenant);
    const connected = await connection(tenant);
    expect(connected).toMatchObject({ connector: 'lexoffice', authKind: 'oauth2', status: 'active', lastError: null, authenticatedAt: expect.any(String) });
    const [sandboxConnection] = liveSandboxConnections();
    expect(sandboxConnection).toMatchObject({ connectionName: 'SEMCO Akademie' });

    // Invoice mode, finalized and sent: the partner API may e-mail invoices.
    const settings = await hub.call('PUT', '/v1/settings', {
      token: tenant.apiKey,
      body: { connector: 'lexoffice', mode: 'invoice', invoiceStatus: 'finalized_and_sent', autoSync: true },
    });
    expect(settings.statusCode, settings.body).toBe(200);

    // 1. A booking on the fresh connection, mailed through sendmail.
    const jannik = await submit(hub, tenant, seedInvoiceInputs.jannikHuber);
    const booked = await hub.waitForInvoice(tenant, jannik, ['booked']);
    expect(booked.remote).toMatchObject({ kind: 'invoice', number: 'RE0001', status: 'open' });
    const jannikDoc = (await sandbox.control.documents()).find((d) => d.id === (booked.remote as { id: string }).id);
    expect(jannikDoc).toMatchObject({ status: 'open', totalGross: '1962.00' });
    const mails = (await (await fetch(`${sandbox.url}/__sandbox/mails`)).json()) as { voucherNumber: string }[];
    expect(mails).toEqual([expect.objectContaining({ voucherNumber: 'RE0001' })]);
    expect((await callLog(hub, tenant, { invoiceId: jannik })).map(callName)).toContain('POST /v1/invoices/{id}/sendmail');

    // 2. lexoffice ends the access token early: the next booking refreshes once (rotation) and books.
    const oldRefreshToken = sandboxConnection!.refreshToken;
    const oldAccessToken = sandboxConnection!.accessToken;
    const refreshes = vi.spyOn(sandbox.oauth, 'refresh');
    expect((await fetch(`${sandbox.url}/__sandbox/oauth/expire-access-tokens`, { method: 'POST' })).status).toBe(204);
    const jodel = await submit(hub, tenant, seedInvoiceInputs.jodelUndSoehne);
    const jodelBooked = await hub.waitForInvoice(tenant, jodel, ['booked']);
    expect(jodelBooked.remote).toMatchObject({ kind: 'invoice', number: 'RE0002' });
    expect(refreshes).toHaveBeenCalledTimes(1);
    expect(refreshes.mock.results[0]?.value).toMatchObject({ ok: true });
    refreshes.mockRestore();
    expect(sandboxConnection!.refreshToken).not.toBe(oldRefreshToken);
    expect(sandboxConnection!.accessToken).not.toBe(oldAccessToken);
    expect(liveSandboxConnections()).toHaveLength(1);
    expect(await connection(tenant)).toMatchObject({ status: 'active' });
    // The booking's first call met the dead token (401), the rest went through with the new one.
    const jodelCalls = await callLog(hub, tenant, { invoiceId: jodel });
    expect(jodelCalls[0]).toMatchObject({ statusCode: 401, error: true });
    expect(jodelCalls.slice(1).every((c) => !c.error)).toBe(true);
    const refreshRows = (await callLog(hub, tenant)).filter((c) => c.operation === 'oauthRefresh');
    expect(refreshRows).toEqual([expect.objectContaining({ method: 'POST', path: '/oauth2/token', statusCode: 200, error: false })]);

    // 3. The tenant removes the app in lexoffice: the next booking finds the grant dead.
    expect((await fetch(`${sandbox.url}/__sandbox/oauth/revoke-all`, { method: 'POST' })).status).toBe(204);
    const bettina = await submit(hub, tenant, seedInvoiceInputs.bettinaWolf);
    const failed = await hub.waitForInvoice(tenant, bettina, ['failed']);
    expect(failed.lastError).toMatchObject({ kind: 'auth' });
    expect(await connection(tenant)).toMatchObject({
      status: 'reauth_required',
      lastError: { kind: 'auth', message: expect.stringContaining('no longer accepts the authorization') },
    });
    const open = await inboxWhen(hub, tenant, 'open', atLeast(2));
    expect(open).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'reauth_required',
          invoiceId: null,
          state: 'open',
          // The refresh told why: lexoffice refuses the grant (not "a fresh token lacks rights").
          message: expect.stringMatching(/no longer accepts the authorization \(refresh token is invalid or revoked\).*Connect lexoffice.* again/),
        }),
        expect.objectContaining({ kind: 'sync_failed', invoiceId: bettina, state: 'open' }),
      ]),
    );
    expect(open).toHaveLength(2);
    // The rotated-away refresh token is dead too: lexoffice recognises it as already used.
    const reuse = await refreshWith(oldRefreshToken);
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('already used') });

    // 4. The tenant connects again through the same routes: active, the reauth notification resolved, and the sweep
    //    books the invoice that failed on the dead grant.
    await authorizeThroughRoutes(tenant);
    expect(await connection(tenant)).toMatchObject({ status: 'active', authKind: 'oauth2', lastError: null });
    const resolved = await notifications(hub, tenant, 'resolved');
    expect(resolved).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'reauth_required', state: 'resolved' })]));
    const { cradle } = hub.runtime;
    const report = await runSweep({
      pool: cradle.pool,
      syncService: cradle.syncService,
      connectionService: cradle.connectionService,
      logger: cradle.logger,
      deleteOldCallLogs: async () => 0,
    });
    expect(report).toMatchObject({ reconnectedRetried: 1 });
    const rebooked = await hub.waitForInvoice(tenant, bettina, ['booked']);
    expect(rebooked).toMatchObject({ lastError: null, remote: { kind: 'invoice', number: 'RE0003', status: 'open' } });
    expect(await inboxWhen(hub, tenant, 'open', none)).toEqual([]);
    expect(await notifications(hub, tenant, 'resolved')).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'sync_failed', invoiceId: bettina, resolution: 'synced' })]),
    );
    const mailed = (await (await fetch(`${sandbox.url}/__sandbox/mails`)).json()) as { voucherNumber: string }[];
    expect(mailed.map((m) => m.voucherNumber).sort()).toEqual(['RE0001', 'RE0002', 'RE0003']);

    // No token or client secret in the call log or the process logs.
    const logText = JSON.stringify(await callLog(hub, tenant));
    const processLogs = hub.logs();
    const secrets = [client.clientSecret, oldRefreshToken, oldAccessToken, ...[...sandbox.oauth.connections.values()].flatMap((c) => [c.accessToken, c.refreshToken])];
    for (const secret of secrets) {
      expect(logText).not.toContain(secret);
      expect(processLogs).not.toContain(secret);
    }
  });

  it('refuses "finalized and sent" on an API-key connection (422 setting_unsupported): only the partner API can send mail', async () => {
    const tenant = await apiKeyTenant(hub, sandbox, 'API-Key GmbH', { mode: 'invoice', invoiceStatus: 'finalized' });
    const res = await hub.call('PUT', '/v1/settings', { token: tenant.apiKey, body: { invoiceStatus: 'finalized_and_sent' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'setting_unsupported', details: [expect.objectContaining({ path: 'invoiceStatus' })] });
    expect((await hub.call('GET', '/v1/settings', { token: tenant.apiKey })).json()).toMatchObject({ invoiceStatus: 'finalized' });
  });
});
