import type { AnyConnector } from '@accounting-hub/core';
import { describeConnector } from '../connectors/describe-connector.js';
import type { ConnectorView } from './schemas/connectors.js';

/**
 * GET /v1/connectors: the connector layer's description, shaped as the contract has it: `auth` is the preferred
 * auth kind (one string), `authKinds` every kind, preferred first.
 */
export function renderConnector(connector: AnyConnector): ConnectorView {
  const d = describeConnector(connector);
  return {
    id: d.id,
    displayName: d.displayName,
    version: d.version,
    auth: d.authKind,
    authKinds: d.auth,
    capabilities: d.capabilities,
    rateLimit: d.rateLimit,
    credentialsSchema: d.credentialsSchema,
    optionsSchema: d.optionsSchema,
  };
}
