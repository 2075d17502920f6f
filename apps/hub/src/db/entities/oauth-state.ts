import { defineEntity, p } from '@mikro-orm/core';
import type { JsonObject } from './shapes.js';
import { Tenant } from './tenant.js';

/** One OAuth authorization in flight: the `state` parameter binds the callback to the tenant that started it. */
export const OAuthStateSchema = defineEntity({
  name: 'OAuthState',
  tableName: 'oauth_state',
  properties: {
    /** Random, unguessable; the `state` query parameter itself. */
    state: p.string().length(64).primary(),
    tenant: () => p.manyToOne(Tenant).deleteRule('cascade'),
    connector: p.string().length(40),
    /** The PKCE code verifier, sealed with the SecretBox (context: the state). */
    codeVerifier: p.text(),
    redirectTo: p.text().nullable(),
    /** The connection options the tenant asked for (validated input), used for the token URL and then stored. */
    options: p.json<JsonObject>().nullable(),
    expiresAt: p.datetime().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class OAuthState extends OAuthStateSchema.class {}
OAuthStateSchema.setClass(OAuthState);
