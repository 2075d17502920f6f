import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import type { ConnectionAccount, ConnectionState, JsonObject, StoredError, UnavailableCapabilities } from './shapes.js';
import { Tenant } from './tenant.js';

/** A tenant's link to one bookkeeping tool. One per tenant and connector. */
export const ConnectionSchema = defineEntity({
  name: 'Connection',
  tableName: 'connection',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    tenant: () => p.manyToOne(Tenant).deleteRule('cascade'),
    connector: p.string().length(40),
    authKind: p.enum(['oauth2', 'api_token']),
    status: p.enum(['active', 'reauth_required', 'error']).default('active'),
    /**
     * Sealed with the SecretBox (context: the connection id): the API credentials, or
     * `{ accessToken, refreshToken, expiresAt }` for OAuth.
     */
    secret: p.text(),
    /** The connector's options (validated by its optionsSchema), e.g. `baseUrl`. */
    options: p.json<JsonObject>().default('{}'),
    /** Connector-owned facts about the connection (e.g. sevdesk's tax system). */
    state: p.json<ConnectionState>().default('{}'),
    account: p.json<ConnectionAccount>().nullable(),
    unavailable: p.json<UnavailableCapabilities>().nullable(),
    authenticatedAt: p.datetime().nullable(),
    /** When the tenant must authorize again (API key or refresh token expiry). */
    reauthBy: p.datetime().nullable(),
    accessTokenExpiresAt: p.datetime().nullable(),
    lastError: p.json<StoredError>().nullable(),
    /** Single-flight OAuth refresh across processes: set with a conditional UPDATE, cleared after the refresh. */
    refreshLockedUntil: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['tenant', 'connector'] }],
});

export class Connection extends ConnectionSchema.class {}
ConnectionSchema.setClass(Connection);
