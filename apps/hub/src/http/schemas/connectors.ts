import { authKind, capabilities, rateLimit } from '@accounting-hub/core';
import { z } from 'zod';

export const connectorView = z
  .object({
    id: z.string(),
    displayName: z.string(),
    version: z.string(),
    auth: authKind.describe('The preferred way to connect'),
    authKinds: z.array(authKind).describe('Every way to connect, preferred first'),
    capabilities,
    rateLimit: rateLimit.describe('Calls per second (and burst) the hub allows itself per connection'),
    credentialsSchema: z.record(z.string(), z.unknown()).describe('JSON schema of `credentials` for PUT /v1/connections/{connector}'),
    optionsSchema: z.record(z.string(), z.unknown()).describe('JSON schema of `options` for PUT /v1/connections/{connector}'),
  })
  .meta({ id: 'Connector' });
export type ConnectorView = z.infer<typeof connectorView>;
