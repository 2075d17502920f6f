import { randomBytes, randomUUID } from 'node:crypto';
import { createLexofficeSandbox, type LexofficeSandbox } from '@accounting-hub/connector-lexoffice/sandbox';
import { createReferenceSandbox, type ReferenceSandbox } from '@accounting-hub/connector-reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';

const PUBLIC_URL = 'http://hub.test';
const oauthClient = {
  clientId: randomUUID(),
  clientSecret: randomBytes(24).toString('base64url'),
  redirectUris: [`${PUBLIC_URL}/v1/oauth/lexoffice/callback`],
};

let hub: TestHub;
let reference: ReferenceSandbox;
let lexoffice: LexofficeSandbox;
let tenant: TestTenant;

beforeAll(async () => {
  reference = await createReferenceSandbox();
  lexoffice = await createLexofficeSandbox({ oauthClients: [oauthClient], requestsPerSecond: 50 });
  hub = await startTestHub({
    env: {
      PUBLIC_URL,
      HUB_OAUTH_LEXOFFICE_CLIENT_ID: oauthClient.clientId,
      HUB_OAUTH_LEXOFFICE_CLIENT_SECRET: oauthClient.clientSecret,
    },
  });
  tenant = await hub.tenant('Connections GmbH');
});
afterAll(async () => {
  await hub?.close();
  await reference?.close();
  await lexoffice?.close();
});

const connectReference = (t: TestTenant, apiKey = reference.apiKey) =>
  hub.call('PUT', '/v1/connections/reference', { token: t.apiKey, body: { credentials: { apiKey }, options: { baseUrl: reference.url } } });

describe('token connections', () => {
  it('PUT tests the credentials at once and answers 200 active with the account', async () => {
    const res = await connectReference(tenant);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ connector: 'reference', authKind: 'api_token', status: 'active', account: expect.any(Object) });
  });

  it('PUT with refused credentials answers 422 with the provider\'s reason and stores nothing', async () => {
    const t = await hub.tenant();
    const res = await connectReference(t, 'wrong-key-123');
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(await hub.count('connection', t.id)).toBe(0);
  });

  it('PUT validates the body and the connector', async () => {
    const bad = await hub.call('PUT', '/v1/connections/reference', { token: tenant.apiKey, body: { apiKey: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['apiKey', 'credentials']);
    const unknown = await hub.call('PUT', '/v1/connections/datev', { token: tenant.apiKey, body: { credentials: { apiKey: 'x' } } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('unknown_connector');
  });

  it('GET lists the connections; POST .../test tests one', async () => {
    const list = await hub.call('GET', '/v1/connections', { token: tenant.apiKey });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      expect.objectContaining({ connector: 'reference', status: 'active', authenticatedAt: expect.any(String), reauthBy: null, lastError: null }),
    ]);
    const test = await hub.call('POST', '/v1/connections/reference/test', { token: tenant.apiKey });
    expect(test.statusCode).toBe(200);
    expect(test.json()).toMatchObject({ ok: true, account: expect.any(Object), checkedAt: expect.any(String) });
  });

  it('DELETE disconnects (204), then 404', async () => {
    const t = await hub.tenant();
    expect((await connectReference(t)).statusCode).toBe(200);
    const del = await hub.call('DELETE', '/v1/connections/reference', { token: t.apiKey });
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    expect((await hub.call('GET', '/v1/connections', { token: t.apiKey })).json()).toEqual([]);
    expect((await hub.call('DELETE', '/v1/connections/reference', { token: t.apiKey })).statusCode).toBe(404);
    expect((await hub.call('POST', '/v1/connections/reference/test', { token: t.apiKey })).statusCode).toBe(404);
  });

  it('is per tenant: the admin gets 403, another tenant sees none of them', async () => {
    expect((await hub.call('GET', '/v1/connections', { token: ADMIN_TOKEN })).statusCode).toBe(403);
    const other = await hub.tenant();
    expect((await hub.call('GET', '/v1/connections', { token: other.apiKey })).json()).toEqual([]);
    expect((await hub.call('DELETE', '/v1/connections/reference', { token: other.apiKey })).statusCode).toBe(404);
    expect((await hub.call('GET', '/v1/connections', { token: tenant.apiKey })).json()).toHaveLength(1);
  });
});

describe('OAuth', () => {
  const options = () => encodeURIComponent(JSON.stringify({ baseUrl: lexoffice.url, authBaseUrl: lexoffice.url }));

  it('authorize -> consent -> callback -> 302 to redirectTo with connected=lexoffice; the connection is active', async () => {
    const t = await hub.tenant('OAuth GmbH');
    const start = await hub.call(
      'GET',
      `/v1/connections/lexoffice/authorize?redirectTo=${encodeURIComponent('https://app.example/settings?tab=1')}&options=${options()}`,
      { token: t.apiKey },
    );
    expect(start.statusCode).toBe(302);
    const consent = new URL(start.headers.location as string);
    expect(consent.origin).toBe(lexoffice.url);
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consent.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/v1/oauth/lexoffice/callback`);

    // The sandbox consents at once and sends the browser back to the hub.
    const approved = await fetch(consent, { redirect: 'manual' });
    expect(approved.status).toBe(302);
    const back = new URL(approved.headers.get('location')!);
    expect(back.pathname).toBe('/v1/oauth/lexoffice/callback');

    const callback = await hub.call('GET', `${back.pathname}${back.search}`);
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('https://app.example/settings?tab=1&connected=lexoffice');
    const list = (await hub.call('GET', '/v1/connections', { token: t.apiKey })).json();
    expect(list).toEqual([expect.objectContaining({ connector: 'lexoffice', authKind: 'oauth2', status: 'active' })]);

    // The state works once.
    const replay = await hub.call('GET', `${back.pathname}${back.search}`);
    expect(replay.statusCode).toBe(400);
    expect(replay.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers { url } to API clients that ask for JSON, and a success page without redirectTo', async () => {
    const t = await hub.tenant();
    const start = await hub.call('GET', `/v1/connections/lexoffice/authorize?options=${options()}`, {
      token: t.apiKey,
      headers: { accept: 'application/json' },
    });
    expect(start.statusCode).toBe(200);
    const approved = await fetch(start.json().url, { redirect: 'manual' });
    const back = new URL(approved.headers.get('location')!);
    const callback = await hub.call('GET', `${back.pathname}${back.search}`);
    expect(callback.statusCode).toBe(200);
    expect(callback.headers['content-type']).toMatch(/text\/html/);
    expect(callback.body).toContain('Connected');
  });

  it('the callback needs no token and answers a bad state with an HTML error page (400)', async () => {
    const res = await hub.call('GET', '/v1/oauth/lexoffice/callback?code=abc&state=forged');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/unknown, expired or already used/);
    expect(res.body).not.toContain('<script');
  });

  it('a denied consent goes back to redirectTo with the error', async () => {
    const t = await hub.tenant();
    const start = await hub.call(
      'GET',
      `/v1/connections/lexoffice/authorize?redirectTo=${encodeURIComponent('https://app.example/s')}&options=${options()}`,
      { token: t.apiKey, headers: { accept: 'application/json' } },
    );
    const state = new URL(start.json().url).searchParams.get('state');
    const res = await hub.call('GET', `/v1/oauth/lexoffice/callback?error=access_denied&state=${state}`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://app.example/s?error=oauth_denied&connector=lexoffice');
  });

  it('authorize validates redirectTo and options, and refuses a connector without OAuth', async () => {
    const bad = await hub.call('GET', '/v1/connections/lexoffice/authorize?redirectTo=javascript:alert(1)&options=nope', { token: tenant.apiKey });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['options', 'redirectTo']);
    const noOauth = await hub.call('GET', '/v1/connections/sevdesk/authorize', { token: tenant.apiKey });
    expect(noOauth.statusCode).toBeGreaterThanOrEqual(400);
    expect(noOauth.statusCode).toBeLessThan(500);
  });
});
