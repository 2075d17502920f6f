import type { AnyConnector, AuthKind, Capabilities, RateLimit } from '@accounting-hub/core';
import { z } from 'zod';

/** A connector as `GET /v1/connectors` shows it. */
export interface ConnectorDescription {
  id: string;
  displayName: string;
  version: string;
  /** Every way a connection can authenticate, preferred first. */
  auth: AuthKind[];
  /** The preferred one (`auth[0]`), for clients that show one. */
  authKind: AuthKind;
  capabilities: Capabilities;
  rateLimit: RateLimit;
  /** JSON Schema of `credentials` in `PUT /v1/connections/{connector}`. */
  credentialsSchema: Record<string, unknown>;
  /** JSON Schema of `options` as the tenant sends them (defaults make fields optional). */
  optionsSchema: Record<string, unknown>;
}

const cache = new WeakMap<AnyConnector, ConnectorDescription>();

/**
 * The public description of a connector. Schemas are rendered as the tenant sends them (`io: 'input'`): a field
 * with a default is optional to send. Whatever JSON Schema cannot express (a transform, a refinement) is shown as
 * "any" instead of failing the listing. Memoised: manifests do not change while the hub runs.
 */
export function describeConnector(connector: AnyConnector): ConnectorDescription {
  const cached = cache.get(connector);
  if (cached) return cached;
  const m = connector.manifest;
  const description: ConnectorDescription = {
    id: m.id,
    displayName: m.displayName,
    version: m.version,
    auth: [...m.auth],
    authKind: m.auth[0]!,
    capabilities: m.capabilities,
    rateLimit: m.rateLimit,
    credentialsSchema: jsonSchema(m.credentialsSchema),
    optionsSchema: jsonSchema(m.optionsSchema),
  };
  cache.set(connector, description);
  return description;
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
