import { connector as reference } from '@accounting-hub/connector-reference';
import { type AnyConnector, authError, type ConnectorContext, defineConnector, defaultErrorFor } from '@accounting-hub/core';
import { z } from 'zod';

const options = z.strictObject({ baseUrl: z.url() });
type Options = z.infer<typeof options>;

async function testConnection(ctx: ConnectorContext<{ apiKey: string }, Options>) {
  const auth = ctx.connection.auth;
  const bearer = auth.kind === 'oauth2' ? auth.accessToken : auth.credentials.apiKey;
  const req = {
    method: 'GET' as const,
    url: `${ctx.connection.options.baseUrl}/v1/account`,
    headers: { authorization: `Bearer ${bearer}` },
    operation: 'testConnection',
  };
  const res = await ctx.http.request(req);
  if (res.status === 401) throw authError('OAuth Books refused the token (401)', { httpStatus: 401 });
  const error = defaultErrorFor(res, req, 'OAuth Books');
  if (error) throw error;
  const account = res.body as { id: string; name: string };
  return { account: { id: account.id, name: account.name }, state: { accountId: account.id } };
}

/**
 * A connector for the hub's OAuth tests, against startOAuthTestServer(): OAuth first (PKCE, Basic client auth,
 * rotating refresh tokens, revocation) and API keys too, like lexoffice. Only testConnection talks to the server;
 * the other operations are the reference connector's and are not used.
 */
export function createOAuthTestConnector(opts: { id?: string; auth?: ('oauth2' | 'api_token')[] } = {}): AnyConnector {
  return defineConnector<{ apiKey: string }, Options>({
    ...(reference as AnyConnector),
    manifest: {
      ...reference.manifest,
      id: opts.id ?? 'oauthbooks',
      displayName: 'OAuth Books',
      auth: opts.auth ?? ['oauth2', 'api_token'],
      credentialsSchema: z.strictObject({ apiKey: z.string().min(8) }),
      optionsSchema: options,
      oauth: {
        authorizeUrl: (o) => `${o.baseUrl}/authorize`,
        tokenUrl: (o) => `${o.baseUrl}/token`,
        revokeUrl: (o) => `${o.baseUrl}/revoke`,
        scopes: ['books.read', 'books.write'],
        pkce: true,
        clientAuth: 'basic',
        extraAuthorizeParams: ({ tenantName }) => ({ connection_name: tenantName }),
        rotatingRefreshTokens: true,
      },
    },
    testConnection,
  });
}
