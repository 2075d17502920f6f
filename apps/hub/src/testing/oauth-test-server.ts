import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny OAuth 2.1 authorization server plus one API endpoint, for the hub's connection tests: authorization code
 * with PKCE S256, Basic client authentication, rotating refresh tokens (a used refresh token answers
 * `invalid_grant`, as lexoffice's does), RFC 7009 revocation, and `GET /v1/account` that accepts only live access
 * tokens. It counts what it was asked, so that tests can prove "exactly one refresh".
 */
export interface OAuthTestServer {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Calls per grant type, and revocations. */
  counts: { authorization_code: number; refresh_token: number; revoke: number };
  /** Refresh requests that were refused because their refresh token was already used or revoked. */
  refusedRefreshes: number;
  /** Forms the token endpoint received (for asserting what the hub sent). */
  tokenRequests: { form: Record<string, string>; authorization: string | undefined }[];
  revokedTokens: string[];
  /** Every token currently valid. */
  liveAccessTokens(): string[];
  liveRefreshTokens(): string[];
  /** The provider ends sessions (password change): every access token dies, refresh tokens stay. */
  killAccessTokens(): void;
  /** The tenant removed the app: every grant dies. */
  killGrants(): void;
  /** Answer the next token requests with this status (503, 429, ...) instead of handling them. */
  failNextTokenRequests(status: number, times?: number): void;
  /** Delay of the token endpoint, to widen race windows. */
  tokenDelayMs: number;
  expiresIn: number;
  close(): Promise<void>;
}

interface Grant {
  refreshToken: string;
  accessToken: string;
}

export async function startOAuthTestServer(opts: { expiresIn?: number; tokenDelayMs?: number } = {}): Promise<OAuthTestServer> {
  const clientId = `client-${randomBytes(4).toString('hex')}`;
  const clientSecret = `secret-${randomBytes(12).toString('hex')}`;
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Set<string>();
  let failures: { status: number; left: number } | undefined;

  const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const issue = (): Grant & { body: Record<string, unknown> } => {
    const grant = { refreshToken: token('rt'), accessToken: token('at') };
    refreshTokens.set(grant.refreshToken, grant);
    accessTokens.add(grant.accessToken);
    return {
      ...grant,
      body: {
        access_token: grant.accessToken,
        token_type: 'Bearer',
        expires_in: server.expiresIn,
        refresh_token: grant.refreshToken,
        scope: 'books.read books.write',
      },
    };
  };
  const basicOk = (req: IncomingMessage) =>
    req.headers.authorization === `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    if (req.method === 'GET' && url.pathname === '/authorize') {
      // The consent screen, approved at once: a code bound to the PKCE challenge and the redirect URI.
      const q = url.searchParams;
      if (q.get('client_id') !== clientId || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
        return json(res, 400, { error: 'invalid_request' });
      }
      const code = token('code');
      codes.set(code, { challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri')! });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = Object.fromEntries(new URLSearchParams(body));
      server.tokenRequests.push({ form, authorization: req.headers.authorization });
      if (server.tokenDelayMs > 0) await new Promise((r) => setTimeout(r, server.tokenDelayMs));
      if (failures && failures.left > 0) {
        failures.left--;
        return json(res, failures.status, { error: 'temporarily_unavailable' });
      }
      if (!basicOk(req)) return json(res, 401, { error: 'invalid_client' });
      if (form.grant_type === 'authorization_code') {
        server.counts.authorization_code++;
        const entry = codes.get(form.code ?? '');
        codes.delete(form.code ?? '');
        const challenge = createHash('sha256').update(form.code_verifier ?? '').digest('base64url');
        if (!entry || entry.redirectUri !== form.redirect_uri || entry.challenge !== challenge) {
          return json(res, 400, { error: 'invalid_grant', error_description: 'code, redirect_uri or code_verifier wrong' });
        }
        return json(res, 200, issue().body);
      }
      if (form.grant_type === 'refresh_token') {
        server.counts.refresh_token++;
        const grant = refreshTokens.get(form.refresh_token ?? '');
        if (!grant) {
          server.refusedRefreshes++;
          return json(res, 400, { error: 'invalid_grant', error_description: 'refresh token invalid or already used' });
        }
        // Rotation: the old pair dies with the refresh.
        refreshTokens.delete(grant.refreshToken);
        accessTokens.delete(grant.accessToken);
        return json(res, 200, issue().body);
      }
      return json(res, 400, { error: 'unsupported_grant_type' });
    }
    if (req.method === 'POST' && url.pathname === '/revoke') {
      if (!basicOk(req)) return json(res, 401, { error: 'invalid_client' });
      server.counts.revoke++;
      const revoked = new URLSearchParams(body).get('token') ?? '';
      server.revokedTokens.push(revoked);
      const grant = refreshTokens.get(revoked);
      if (grant) {
        refreshTokens.delete(revoked);
        accessTokens.delete(grant.accessToken);
      }
      res.writeHead(200);
      return res.end();
    }
    if (req.method === 'GET' && url.pathname === '/v1/account') {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !accessTokens.has(bearer)) return json(res, 401, { message: 'Unauthorized' });
      return json(res, 200, { id: 'acct-1', name: 'OAuth Books GmbH', plan: 'partner' });
    }
    json(res, 404, { message: 'not found' });
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => json(res, 500, { message: String(err) }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  const server: OAuthTestServer = {
    url: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    counts: { authorization_code: 0, refresh_token: 0, revoke: 0 },
    refusedRefreshes: 0,
    tokenRequests: [],
    revokedTokens: [],
    liveAccessTokens: () => [...accessTokens],
    liveRefreshTokens: () => [...refreshTokens.keys()],
    killAccessTokens: () => accessTokens.clear(),
    killGrants: () => {
      accessTokens.clear();
      refreshTokens.clear();
    },
    failNextTokenRequests: (status, times = 1) => {
      failures = { status, left: times };
    },
    tokenDelayMs: opts.tokenDelayMs ?? 0,
    expiresIn: opts.expiresIn ?? 3600,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return server;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
