import { randomUUID } from 'node:crypto';
import { base64url, isValidVerifier, randomToken, s256 } from './pkce.js';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Exact redirect URIs: lexoffice's OAuth 2.1 server validates them strictly (notes §1.3). */
  redirectUris: string[];
  /** The scopes enabled for the client; an authorize request without `scope` gets all of them. */
  scopes: string[];
  /** A client Lexware deactivated answers `unauthorized_client`. */
  active: boolean;
}

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  codeChallenge: string;
  scopes: string[];
  connectionName: string;
}

interface AuthCode extends AuthorizationRequest {
  code: string;
  expiresAt: number;
  used: boolean;
  /** The connection this code created, killed if the code is ever presented again. */
  connectionId?: string;
}

export interface OAuthConnection {
  id: string;
  clientId: string;
  connectionName: string;
  scopes: string[];
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
  revoked: boolean;
  createdAt: number;
}

export interface TokenSet {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

export type GrantResult = { ok: true; tokens: TokenSet } | { ok: false; error: string; description: string };

/**
 * Authorization codes are single-use and live 5 minutes (notes §1.3). Refresh tokens never expire here: their
 * lifetime is UNCERTAIN (one plugin assumes 23-24 months); revoke a connection to test the way out.
 */
const CODE_TTL_MS = 5 * 60 * 1000;

/**
 * The authorization server's memory: clients, codes, connections. One connection holds exactly one access token
 * and one refresh token; every refresh replaces both, and presenting a replaced refresh token kills the
 * connection, as lexoffice does after a lost refresh race (notes §1.3).
 */
export class OAuthStore {
  readonly clients = new Map<string, OAuthClient>();
  readonly connections = new Map<string, OAuthConnection>();
  /**
   * Every code and token this server ever handed out, rotated and revoked ones included: what a test checks
   * never shows up in a client's logs or database (`GET /__sandbox/oauth/tokens`).
   */
  readonly issued: { kind: 'code' | 'access_token' | 'refresh_token'; value: string; connectionId: string | null }[] = [];
  #codes = new Map<string, AuthCode>();
  #byAccess = new Map<string, string>();
  #byRefresh = new Map<string, string>();
  /** Refresh tokens already rotated away, to recognise their reuse. */
  #retired = new Map<string, string>();

  constructor(
    readonly accessTokenTtlSeconds: number,
    readonly now: () => number = Date.now,
  ) {}

  addClient(client: OAuthClient): OAuthClient {
    this.clients.set(client.clientId, client);
    return client;
  }

  /** HTTP Basic client authentication at the token and revoke endpoints. */
  authenticateClient(authorization: string | undefined): OAuthClient | undefined {
    const match = /^Basic\s+(.+)$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const id = decodeURIComponent(decoded.slice(0, colon));
    const secret = decodeURIComponent(decoded.slice(colon + 1));
    const client = this.clients.get(id);
    return client && client.clientSecret === secret ? client : undefined;
  }

  issueCode(request: AuthorizationRequest): string {
    const code = randomToken(128);
    this.issued.push({ kind: 'code', value: code, connectionId: null });
    this.#codes.set(code, { ...request, code, expiresAt: this.now() + CODE_TTL_MS, used: false });
    return code;
  }

  /** grant_type=authorization_code. A code is consumed by any attempt, failed or not (notes §1.3). */
  exchangeCode(client: OAuthClient, code: string, redirectUri: string | undefined, verifier: string | undefined): GrantResult {
    const entry = this.#codes.get(code);
    if (!entry) return { ok: false, error: 'invalid_grant', description: 'unknown authorization code' };
    if (entry.used) {
      // A replayed code is a sign of theft: whatever it produced dies with it (RFC 6749 §4.1.2). UNCERTAIN whether
      // lexoffice goes that far; it documents only that codes are single-use.
      if (entry.connectionId) this.revokeConnection(entry.connectionId);
      return { ok: false, error: 'invalid_grant', description: 'authorization code already used' };
    }
    entry.used = true;
    if (entry.expiresAt < this.now()) return { ok: false, error: 'invalid_grant', description: 'authorization code expired' };
    if (entry.clientId !== client.clientId) return { ok: false, error: 'invalid_grant', description: 'code was issued to another client' };
    if (redirectUri !== entry.redirectUri) return { ok: false, error: 'invalid_grant', description: 'redirect_uri does not match' };
    if (!verifier || !isValidVerifier(verifier)) return { ok: false, error: 'invalid_grant', description: 'code_verifier missing or malformed' };
    if (s256(verifier) !== entry.codeChallenge) return { ok: false, error: 'invalid_grant', description: 'PKCE verification failed' };
    const connection = this.#newConnection(entry);
    entry.connectionId = connection.id;
    return { ok: true, tokens: this.#tokensOf(connection) };
  }

  /** grant_type=refresh_token: rotation; the old refresh token and the old access token stop working. */
  refresh(client: OAuthClient, refreshToken: string): GrantResult {
    const retiredOf = this.#retired.get(refreshToken);
    if (retiredOf) {
      // Reuse of a rotated token: two refreshers raced, or the token leaked. lexoffice ends the connection.
      this.revokeConnection(retiredOf);
      return { ok: false, error: 'invalid_grant', description: 'refresh token was already used; the connection is revoked' };
    }
    const id = this.#byRefresh.get(refreshToken);
    const connection = id ? this.connections.get(id) : undefined;
    if (!connection || connection.revoked) return { ok: false, error: 'invalid_grant', description: 'refresh token is invalid or revoked' };
    if (connection.clientId !== client.clientId) return { ok: false, error: 'invalid_grant', description: 'refresh token belongs to another client' };
    this.#byAccess.delete(connection.accessToken);
    this.#byRefresh.delete(connection.refreshToken);
    this.#retired.set(connection.refreshToken, connection.id);
    this.#assignTokens(connection);
    return { ok: true, tokens: this.#tokensOf(connection) };
  }

  /** RFC 7009 revocation: either token ends the whole connection (notes §1.3). Unknown tokens are no error. */
  revokeToken(client: OAuthClient, token: string): void {
    const id = this.#byAccess.get(token) ?? this.#byRefresh.get(token) ?? this.#retired.get(token);
    const connection = id ? this.connections.get(id) : undefined;
    if (connection && connection.clientId === client.clientId) this.revokeConnection(connection.id);
  }

  revokeConnection(id: string): void {
    const connection = this.connections.get(id);
    if (!connection) return;
    connection.revoked = true;
    this.#byAccess.delete(connection.accessToken);
    this.#byRefresh.delete(connection.refreshToken);
  }

  revokeAll(): void {
    for (const id of this.connections.keys()) this.revokeConnection(id);
  }

  /** Ends every access token now, as lexoffice may do early (password change, logout, notes §1.3). */
  expireAccessTokens(): void {
    for (const c of this.connections.values()) c.accessExpiresAt = Math.min(c.accessExpiresAt, this.now() - 1);
  }

  /** The live connection an access token belongs to, if the token is current and unexpired. */
  connectionForAccessToken(token: string): OAuthConnection | undefined {
    const id = this.#byAccess.get(token);
    const connection = id ? this.connections.get(id) : undefined;
    if (!connection || connection.revoked || connection.accessExpiresAt <= this.now()) return undefined;
    return connection;
  }

  #newConnection(request: AuthorizationRequest): OAuthConnection {
    const connection: OAuthConnection = {
      id: randomUUID(),
      clientId: request.clientId,
      connectionName: request.connectionName,
      scopes: request.scopes,
      accessToken: '',
      accessExpiresAt: 0,
      refreshToken: '',
      revoked: false,
      createdAt: this.now(),
    };
    this.connections.set(connection.id, connection);
    this.#assignTokens(connection);
    return connection;
  }

  /** A JWT-looking access token (lexoffice's are JWTs up to 4096 chars) and a 128-character refresh token. */
  #assignTokens(connection: OAuthConnection): void {
    const header = base64url(Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })));
    const exp = this.now() + this.accessTokenTtlSeconds * 1000;
    const payload = base64url(Buffer.from(JSON.stringify({ sub: connection.id, exp: Math.floor(exp / 1000), scope: connection.scopes.join(' ') })));
    connection.accessToken = `${header}.${payload}.${randomToken(43)}`;
    connection.accessExpiresAt = exp;
    connection.refreshToken = randomToken(128);
    this.#byAccess.set(connection.accessToken, connection.id);
    this.#byRefresh.set(connection.refreshToken, connection.id);
    this.issued.push(
      { kind: 'access_token', value: connection.accessToken, connectionId: connection.id },
      { kind: 'refresh_token', value: connection.refreshToken, connectionId: connection.id },
    );
  }

  #tokensOf(connection: OAuthConnection): TokenSet {
    return {
      access_token: connection.accessToken,
      token_type: 'Bearer',
      expires_in: this.accessTokenTtlSeconds,
      refresh_token: connection.refreshToken,
      scope: connection.scopes.join(' '),
    };
  }
}
