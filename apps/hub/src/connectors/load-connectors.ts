import { InvalidManifestError, type Logger, validateConnector } from '@accounting-hub/core';
import { ConnectorLoadError } from './connector-load-error.js';
import { createConnectorRegistry, type HubConnectorRegistry, type LoadedConnector } from './registry.js';

/** Short names in HUB_CONNECTORS for the connectors of this workspace. */
export const BUILT_IN_CONNECTORS: Readonly<Record<string, string>> = {
  reference: '@accounting-hub/connector-reference',
  lexoffice: '@accounting-hub/connector-lexoffice',
  sevdesk: '@accounting-hub/connector-sevdesk',
};

export interface LoadConnectorsOptions {
  /** Imports a package (tests swap it); default: a dynamic import() from the hub's own location. */
  importModule?: (specifier: string) => Promise<unknown>;
  /** Whether a package can be found; default: import.meta.resolve from the hub's own location. */
  isInstalled?: (specifier: string) => boolean;
}

/**
 * Loads the connectors named in HUB_CONNECTORS: a short name (`lexoffice`) is a bundled workspace package, anything
 * else an npm package (or a path) imported dynamically. A module exports `connector`, or a connector as its default
 * export; `rateLimitFor(options)` next to it gives per-connection rate limits.
 *
 * Every problem (package missing, nothing exported, manifest invalid, duplicate id) is collected and thrown as one
 * ConnectorLoadError naming each package, so that a broken deployment stops at start with the whole list. The one
 * exception: a bundled connector that is not installed (a slimmed image, a package still being written) is skipped
 * with a warning, because nobody asked for it by package name.
 */
export async function loadConnectors(
  specifiers: readonly string[],
  logger: Logger,
  options: LoadConnectorsOptions = {},
): Promise<HubConnectorRegistry> {
  const importModule = options.importModule ?? ((s: string) => import(s));
  const isInstalled = options.isInstalled ?? resolvable;
  const loaded: LoadedConnector[] = [];
  const problems: { source: string; problem: string }[] = [];
  const seen = new Set<string>();

  for (const specifier of specifiers) {
    const builtIn = Object.hasOwn(BUILT_IN_CONNECTORS, specifier);
    const source = builtIn ? BUILT_IN_CONNECTORS[specifier]! : specifier;
    // `lexoffice` and `@accounting-hub/connector-lexoffice` are one module: load it once.
    if (seen.has(source)) continue;
    seen.add(source);

    if (!isInstalled(source)) {
      if (builtIn) {
        logger.warn({ connector: specifier, package: source }, `bundled connector "${specifier}" is not installed; skipped`);
      } else {
        problems.push({ source, problem: `not installed (add it to the hub's dependencies: npm install ${source})` });
      }
      continue;
    }

    let mod: unknown;
    try {
      mod = await importModule(source);
    } catch (err) {
      problems.push({ source, problem: `failed to import: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    const found = connectorExports(mod);
    if (found.connector === undefined) {
      problems.push({ source, problem: 'exports no connector (expected a named export `connector` or a default export)' });
      continue;
    }
    try {
      validateConnector(found.connector);
    } catch (err) {
      const problem =
        err instanceof InvalidManifestError
          ? `invalid connector "${err.connectorId}": ${err.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`
          : `invalid connector: ${err instanceof Error ? err.message : String(err)}`;
      problems.push({ source, problem });
      continue;
    }
    loaded.push({ connector: found.connector, source, rateLimitFor: found.rateLimitFor });
  }

  if (problems.length > 0) throw new ConnectorLoadError(problems);
  const registry = createConnectorRegistry(loaded, logger);
  logger.info(
    { connectors: loaded.map((l) => ({ id: l.connector.manifest.id, version: l.connector.manifest.version, package: l.source })) },
    'connectors loaded',
  );
  return registry;
}

interface ConnectorExports {
  connector: unknown;
  rateLimitFor: ((options: unknown) => unknown) | undefined;
}

/** The connector and rateLimitFor of a module namespace; a CommonJS plugin arrives as `{ default: module.exports }`. */
function connectorExports(mod: unknown): ConnectorExports {
  if (!isObject(mod)) return { connector: undefined, rateLimitFor: undefined };
  const def = mod.default;
  let connector: unknown = mod.connector;
  let rateLimitFor: unknown = mod.rateLimitFor;
  if (connector === undefined && isObject(def)) {
    connector = 'manifest' in def ? def : def.connector;
    rateLimitFor ??= def.rateLimitFor;
  }
  return {
    connector,
    rateLimitFor: typeof rateLimitFor === 'function' ? (rateLimitFor as (options: unknown) => unknown) : undefined,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

/** Found by the resolver, from where the import will run. Only "not found" counts as missing; other errors show at import. */
function resolvable(specifier: string): boolean {
  try {
    import.meta.resolve(specifier);
    return true;
  } catch (err) {
    return (err as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND';
  }
}
