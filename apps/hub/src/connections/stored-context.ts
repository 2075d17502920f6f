import { type AnyConnector, authError, type ConnectorContext, validationError } from '@accounting-hub/core';
import type { Connection } from '../db/entities/connection.js';
import { type SecretBox, SecretBoxError } from '../security/secret-box.js';
import { buildConnectorContext, type ContextDeps } from './connection-context.js';
import { oauthTokens } from './oauth-tokens.js';

export interface StoredContextArgs {
  invoiceId: string | null;
  maxRateLimitWaitMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * A context for a stored connection: its secret opened (credentials, or the OAuth access token), its options parsed
 * again with the connector's schema (stored as the tenant sent them, so today's defaults apply). The row's tenant
 * must be loaded (populate: ['tenant']). Throws a ConnectorError when the row cannot be used as it is.
 */
export function contextForStored(
  deps: ContextDeps & { secretBox: SecretBox },
  row: Connection,
  connector: AnyConnector,
  args: StoredContextArgs,
): ConnectorContext {
  const name = connector.manifest.displayName;
  let secret: unknown;
  try {
    secret = deps.secretBox.open(row.secret, row.id);
  } catch (err) {
    if (!(err instanceof SecretBoxError)) throw err;
    // Another HUB_SECRET_KEY than the one that sealed it, or a tampered row: the credentials are gone for the hub.
    throw authError(`The stored ${name} credentials cannot be read by this hub (was HUB_SECRET_KEY changed?); connect ${name} again`);
  }
  const options = connector.manifest.optionsSchema.safeParse(row.options ?? {});
  if (!options.success) {
    throw validationError(
      `The stored options of the ${name} connection no longer fit connector version ${connector.manifest.version} (${options.error.issues
        .map((i) => `${['options', ...i.path.map(String)].join('.')}: ${i.message}`)
        .join('; ')}); connect ${name} again`,
      { field: 'options' },
    );
  }
  let auth: { kind: 'api_token'; credentials: unknown } | { kind: 'oauth2'; accessToken: string };
  if (row.authKind === 'oauth2') {
    const tokens = oauthTokens.safeParse(secret);
    if (!tokens.success) throw authError(`The stored ${name} tokens are unreadable; connect ${name} again`);
    auth = { kind: 'oauth2', accessToken: tokens.data.accessToken };
    deps.liveTokens.set(row.id, tokens.data.accessToken);
  } else {
    auth = { kind: 'api_token', credentials: secret };
  }
  return buildConnectorContext(deps, {
    connector,
    tenant: { id: row.tenant.id, name: row.tenant.name },
    connectionId: row.id,
    auth,
    secret,
    options: options.data,
    state: row.state ?? {},
    invoiceId: args.invoiceId,
    maxRateLimitWaitMs: args.maxRateLimitWaitMs,
    signal: args.signal,
  });
}
