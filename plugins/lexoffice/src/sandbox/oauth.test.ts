import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectionName, lexofficeManifest, resolveOptions } from '../manifest.js';
import { s256 } from './oauth/pkce.js';
import { type LexofficeSandbox, createLexofficeSandbox } from './server.js';

let sandbox: LexofficeSandbox;
let manual: LexofficeSandbox;

beforeAll(async () => {
  sandbox = await createLexofficeSandbox({ requestsPerSecond: 10 });
  manual = await createLexofficeSandbox({ requestsPerSecond: 10, autoConsent: false });
});
afterAll(async () => {
  await sandbox.close();
  await manual.close();
});
beforeEach(async () => {
  await sandbox.control.reset();
});

function basic(s: LexofficeSandbox, secret = s.oauthClient.clientSecret): string {
  return `Basic ${Buffer.from(`${s.oauthClient.clientId}:${secret}`).toString('base64')}`;
}

function authorizeUrl(s: LexofficeSandbox, challenge: string, extra: Record<string, string> = {}): URL {
  const url = new URL('/oauth2/authorize', s.url);
  url.search = new URLSearchParams({
    client_id: s.oauthClient.clientId,
    redirect_uri: s.oauthClient.redirectUris[0] ?? '',
    response_type: 'code',
    state: 'xyz',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    connection_name: 'SEMCO Akademie',
    ...extra,
  }).toString();
  return url;
}

async function authorize(s: LexofficeSandbox, challenge: string, extra: Record<string, string> = {}) {
  const r = await fetch(authorizeUrl(s, challenge, extra), { redirect: 'manual' });
  return { status: r.status, location: r.headers.get('location') ? new URL(r.headers.get('location') ?? '') : undefined, body: await r.text() };
}

async function token(s: LexofficeSandbox, form: Record<string, string>, auth = basic(s)) {
  const r = await fetch(new URL('/oauth2/token', s.url), {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: r.status, body: (await r.json()) as Record<string, string> };
}

async function profileStatus(s: LexofficeSandbox, accessToken: string): Promise<number> {
  return (await fetch(new URL('/v1/profile', s.url), { headers: { authorization: `Bearer ${accessToken}` } })).status;
}

async function codeFor(s: LexofficeSandbox, verifier: string): Promise<string> {
  const { location } = await authorize(s, s256(verifier));
  return location?.searchParams.get('code') ?? '';
}

const verifier = () => randomBytes(48).toString('base64url');

describe('PKCE', () => {
  it('computes S256 as RFC 7636 appendix B says', () => {
    expect(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
});

describe('GET /oauth2/authorize', () => {
  it('redirects back with a 128-character code and the state', async () => {
    const { status, location } = await authorize(sandbox, s256(verifier()));
    expect(status).toBe(302);
    expect(location?.origin + (location?.pathname ?? '')).toBe(sandbox.oauthClient.redirectUris[0]);
    expect(location?.searchParams.get('state')).toBe('xyz');
    expect(location?.searchParams.get('code')).toHaveLength(128);
  });

  it('refuses an unknown client or an unregistered redirect URI without redirecting', async () => {
    const c = s256(verifier());
    expect((await authorize(sandbox, c, { client_id: 'nope' })).status).toBe(400);
    const wrong = await authorize(sandbox, c, { redirect_uri: 'https://evil.example/callback' });
    expect(wrong.status).toBe(400);
    expect(wrong.location).toBeUndefined();
    expect(JSON.parse(wrong.body)).toMatchObject({ error: 'invalid_request' });
  });

  it('insists on PKCE with S256, a known scope and a clean connection_name (errors go back to the client)', async () => {
    const c = s256(verifier());
    const cases: [Record<string, string>, string][] = [
      [{ code_challenge: '' }, 'invalid_request'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'contacts.read admin.everything' }, 'invalid_scope'],
      [{ connection_name: 'Müller & Söhne <GmbH>' }, 'invalid_request'],
    ];
    for (const [extra, error] of cases) {
      const { status, location } = await authorize(sandbox, c, extra);
      expect(status, JSON.stringify(extra)).toBe(302);
      expect(location?.searchParams.get('error'), JSON.stringify(extra)).toBe(error);
      expect(location?.searchParams.get('state')).toBe('xyz');
    }
  });

  it('shows the consent page when not auto-consenting; "Zugriff erlauben" gives a code, "verweigern" access_denied', async () => {
    const page = await authorize(manual, s256(verifier()));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Zugriff erlauben');
    expect(page.body).toContain('Kontakte in lexoffice speichern');
    const consent = /name="consent" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const decide = async (decision: string, id: string) =>
      fetch(new URL('/oauth2/authorize/decision', manual.url), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ consent: id, decision }),
      });
    const allowed = new URL((await decide('allow', consent)).headers.get('location') ?? '');
    expect(allowed.searchParams.get('code')).toHaveLength(128);
    const second = await authorize(manual, s256(verifier()));
    const id2 = /name="consent" value="([^"]+)"/.exec(second.body)?.[1] ?? '';
    const denied = new URL((await decide('deny', id2)).headers.get('location') ?? '');
    expect(denied.searchParams.get('error')).toBe('access_denied');
  });
});

describe('POST /oauth2/token', () => {
  it('exchanges a code once with the right verifier; the code is then spent', async () => {
    const v = verifier();
    const code = await codeFor(sandbox, v);
    const redirect_uri = sandbox.oauthClient.redirectUris[0] ?? '';
    const ok = await token(sandbox, { grant_type: 'authorization_code', code, redirect_uri, code_verifier: v });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 14399 });
    expect(ok.body.refresh_token).toHaveLength(128);
    expect(await profileStatus(sandbox, ok.body.access_token ?? '')).toBe(200);
    // Replaying the code fails and kills what it produced.
    const replay = await token(sandbox, { grant_type: 'authorization_code', code, redirect_uri, code_verifier: v });
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await profileStatus(sandbox, ok.body.access_token ?? '')).toBe(401);
  });

  it('refuses a wrong verifier and consumes the code anyway', async () => {
    const v = verifier();
    const code = await codeFor(sandbox, v);
    const redirect_uri = sandbox.oauthClient.redirectUris[0] ?? '';
    expect((await token(sandbox, { grant_type: 'authorization_code', code, redirect_uri, code_verifier: verifier() })).body.error).toBe('invalid_grant');
    expect((await token(sandbox, { grant_type: 'authorization_code', code, redirect_uri, code_verifier: v })).body.error).toBe('invalid_grant');
  });

  it('refuses a mismatching redirect_uri and a client that does not authenticate', async () => {
    const v = verifier();
    const code = await codeFor(sandbox, v);
    const bad = await token(sandbox, { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:1/x', code_verifier: v });
    expect(bad.body.error).toBe('invalid_grant');
    const noClient = await token(sandbox, { grant_type: 'authorization_code', code, code_verifier: v }, basic(sandbox, 'wrong-secret'));
    expect(noClient).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('rotates refresh tokens; reusing an old one is invalid_grant and kills the connection', async () => {
    const v = verifier();
    const first = (await token(sandbox, { grant_type: 'authorization_code', code: await codeFor(sandbox, v), redirect_uri: sandbox.oauthClient.redirectUris[0] ?? '', code_verifier: v })).body;
    const second = await token(sandbox, { grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '' });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    // One access token per connection: the old one stops working at the refresh.
    expect(await profileStatus(sandbox, first.access_token ?? '')).toBe(401);
    expect(await profileStatus(sandbox, second.body.access_token ?? '')).toBe(200);
    // A lost refresh race: the old refresh token again.
    const reuse = await token(sandbox, { grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '' });
    expect(reuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await profileStatus(sandbox, second.body.access_token ?? '')).toBe(401);
    expect((await token(sandbox, { grant_type: 'refresh_token', refresh_token: second.body.refresh_token ?? '' })).body.error).toBe('invalid_grant');
  });

  it('revoking the refresh token ends the access token too; unknown grant types are refused', async () => {
    const v = verifier();
    const t = (await token(sandbox, { grant_type: 'authorization_code', code: await codeFor(sandbox, v), redirect_uri: sandbox.oauthClient.redirectUris[0] ?? '', code_verifier: v })).body;
    const revoke = await fetch(new URL('/oauth2/revoke', sandbox.url), {
      method: 'POST',
      headers: { authorization: basic(sandbox), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: t.refresh_token ?? '' }),
    });
    expect(revoke.status).toBe(200);
    expect(await profileStatus(sandbox, t.access_token ?? '')).toBe(401);
    expect((await token(sandbox, { grant_type: 'client_credentials' })).body.error).toBe('unsupported_grant_type');
  });

  it('access tokens end early when lexoffice says so (admin: expire, revoke-all)', async () => {
    const v = verifier();
    const t = (await token(sandbox, { grant_type: 'authorization_code', code: await codeFor(sandbox, v), redirect_uri: sandbox.oauthClient.redirectUris[0] ?? '', code_verifier: v })).body;
    await fetch(new URL('/__sandbox/oauth/expire-access-tokens', sandbox.url), { method: 'POST' });
    const res = await fetch(new URL('/v1/profile', sandbox.url), { headers: { authorization: `Bearer ${t.access_token}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Unauthorized' });
    // A refresh still works after expiry, until the connection is revoked.
    const fresh = await token(sandbox, { grant_type: 'refresh_token', refresh_token: t.refresh_token ?? '' });
    expect(fresh.status).toBe(200);
    await fetch(new URL('/__sandbox/oauth/revoke-all', sandbox.url), { method: 'POST' });
    expect((await token(sandbox, { grant_type: 'refresh_token', refresh_token: fresh.body.refresh_token ?? '' })).body.error).toBe('invalid_grant');
  });
});

describe("the manifest's OAuth spec against the sandbox", () => {
  it('builds an authorize URL the sandbox accepts, with connection_name cleaned of characters lexoffice refuses', async () => {
    const options = resolveOptions({ baseUrl: sandbox.url, authBaseUrl: sandbox.url });
    const spec = lexofficeManifest.oauth;
    if (!spec) throw new Error('no oauth spec');
    expect(spec.tokenUrl(options)).toBe(`${sandbox.url}/oauth2/token`);
    expect(spec.revokeUrl?.(options)).toBe(`${sandbox.url}/oauth2/revoke`);
    const url = new URL(spec.authorizeUrl(options));
    url.search = new URLSearchParams({
      client_id: sandbox.oauthClient.clientId,
      redirect_uri: sandbox.oauthClient.redirectUris[0] ?? '',
      response_type: 'code',
      state: 's',
      code_challenge_method: 'S256',
      code_challenge: s256(verifier()),
      scope: spec.scopes.join(' '),
      ...(spec.extraAuthorizeParams?.({ tenantName: 'Müller & Söhne <GmbH>', options }) ?? {}),
    }).toString();
    const check = await fetch(new URL(`/__sandbox/oauth/authorize-url-check?url=${encodeURIComponent(url.toString())}`, sandbox.url));
    expect(await check.json()).toMatchObject({ ok: true, problems: [], connectionName: 'Müller Söhne GmbH' });
  });

  it('cleans tenant names for connection_name', () => {
    expect(connectionName('SEMCO Akademie')).toBe('SEMCO Akademie');
    expect(connectionName('Jodel & Söhne GbR (Mainz)')).toBe('Jodel Söhne GbR (Mainz)');
    expect(connectionName('<<>>')).toBe('Accounting Hub');
  });
});
