import { type AnyConnector, type Logger, type RateLimit, rateLimit as rateLimitSchema, silentLogger } from '@accounting-hub/core';
import type { ConnectorRegistry } from '../app/services.js';
import { HubError } from '../errors/hub-error.js';
import { ConnectorLoadError } from './connector-load-error.js';

/** A connector as its package delivered it. */
export interface LoadedConnector {
  connector: AnyConnector;
  /** The package (or path) it came from, for messages. */
  source: string;
  /** The module's `rateLimitFor(options)`, when it exports one (lexoffice, sevdesk): a per-connection limit. */
  rateLimitFor?: ((options: unknown) => unknown) | undefined;
}

/** The registry plus what the connection layer needs beyond the seam in app/services.ts. */
export interface HubConnectorRegistry extends ConnectorRegistry {
  /**
   * The rate limit of one connection: the plugin's `rateLimitFor(options)` when it exports one and answers a valid
   * limit, else the manifest's. Options are the parsed (validated) connection options.
   */
  rateLimitFor(connector: AnyConnector, options: unknown): RateLimit;
  /** The package a connector came from. */
  sourceOf(id: string): string | undefined;
}

/** Builds the registry; refuses two connectors with one id (which one would a tenant's connection mean?). */
export function createConnectorRegistry(loaded: readonly LoadedConnector[], logger: Logger = silentLogger): HubConnectorRegistry {
  const byId = new Map<string, LoadedConnector>();
  const problems: { source: string; problem: string }[] = [];
  for (const entry of loaded) {
    const id = entry.connector.manifest.id;
    const earlier = byId.get(id);
    if (earlier) {
      problems.push({ source: entry.source, problem: `connector id "${id}" is already taken by ${earlier.source}` });
      continue;
    }
    byId.set(id, entry);
  }
  if (problems.length > 0) throw new ConnectorLoadError(problems);

  const get = (id: string) => byId.get(id)?.connector;
  return {
    list: () => [...byId.values()].map((e) => e.connector),
    get,
    require(id) {
      const connector = get(id);
      if (connector) return connector;
      const known = [...byId.keys()];
      throw new HubError(
        404,
        'unknown_connector',
        `Unknown connector "${id}"; this hub knows ${known.length === 0 ? 'none' : known.map((k) => `"${k}"`).join(', ')}`,
      );
    },
    rateLimitFor(connector, options) {
      const custom = byId.get(connector.manifest.id)?.rateLimitFor;
      if (custom === undefined) return connector.manifest.rateLimit;
      try {
        const parsed = rateLimitSchema.safeParse(custom(options));
        if (parsed.success) return parsed.data;
        logger.warn({ connector: connector.manifest.id, issues: parsed.error.issues }, 'rateLimitFor answered an invalid limit; using the manifest');
      } catch (err) {
        // Plugin code: a throw here must not stop every job of the connector.
        logger.warn({ err, connector: connector.manifest.id }, 'rateLimitFor failed; using the manifest');
      }
      return connector.manifest.rateLimit;
    },
    sourceOf: (id) => byId.get(id)?.source,
  };
}
