import { fileURLToPath } from 'node:url';
import { connector as reference } from '@accounting-hub/connector-reference';
import { type Logger, silentLogger } from '@accounting-hub/core';
import { describe, expect, it } from 'vitest';
import { HubError } from '../errors/hub-error.js';
import { ConnectorLoadError } from './connector-load-error.js';
import { BUILT_IN_CONNECTORS, loadConnectors } from './load-connectors.js';

const fixture = (name: string) => fileURLToPath(new URL(`../testing/connector-fixtures/${name}.ts`, import.meta.url));

async function loadError(specifiers: string[]): Promise<ConnectorLoadError> {
  try {
    await loadConnectors(specifiers, silentLogger);
  } catch (err) {
    if (err instanceof ConnectorLoadError) return err;
    throw err;
  }
  throw new Error('expected a ConnectorLoadError');
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    ...silentLogger,
    warnings,
    warn: (_obj: object, msg?: string) => void warnings.push(msg ?? ''),
    child: () => logger,
  };
  return logger;
}

describe('loadConnectors', () => {
  it('loads the bundled connectors by their short names', async () => {
    const registry = await loadConnectors(['lexoffice', 'sevdesk', 'reference'], silentLogger);
    expect(registry.list().map((c) => c.manifest.id)).toEqual(['lexoffice', 'sevdesk', 'reference']);
    expect(registry.require('reference')).toBe(reference);
    expect(registry.sourceOf('lexoffice')).toBe('@accounting-hub/connector-lexoffice');
  });

  it('uses a plugin module rateLimitFor(options) for per-connection limits, the manifest otherwise', async () => {
    const registry = await loadConnectors(['reference', fixture('default-export-plugin')], silentLogger);
    const plugin = registry.require('default-books');
    expect(registry.rateLimitFor(plugin, { requestsPerSecond: 0.5 })).toEqual({ requestsPerSecond: 0.5, burst: 1 });
    expect(registry.rateLimitFor(reference, {})).toEqual(reference.manifest.rateLimit);
  });

  it('skips a bundled connector that is not installed, with a warning', async () => {
    const logger = recordingLogger();
    const registry = await loadConnectors(['lexoffice', 'reference'], logger, {
      isInstalled: (pkg) => pkg !== BUILT_IN_CONNECTORS.lexoffice,
    });
    expect(registry.list().map((c) => c.manifest.id)).toEqual(['reference']);
    expect(logger.warnings).toEqual(['bundled connector "lexoffice" is not installed; skipped']);
  });

  it('fails for an npm package that is not installed, naming it', async () => {
    const err = await loadError(['reference', '@acme/hub-connector-missing']);
    expect(err.problems).toEqual([{ source: '@acme/hub-connector-missing', problem: expect.stringMatching(/^not installed/) }]);
    expect(err.message).toContain('@acme/hub-connector-missing');
  });

  it('fails for broken plugin modules, naming each package and its problems', async () => {
    const err = await loadError([fixture('broken-plugin'), fixture('no-connector-plugin'), fixture('throwing-plugin'), 'reference']);
    expect(err.problems.map((p) => p.source)).toEqual([fixture('broken-plugin'), fixture('no-connector-plugin'), fixture('throwing-plugin')]);
    const [broken, empty, throwing] = err.problems.map((p) => p.problem);
    expect(broken).toMatch(/invalid connector "Broken Books": .*id: .*; version: a semver version/);
    expect(empty).toMatch(/exports no connector/);
    expect(throwing).toMatch(/failed to import: plugin exploded at import/);
    expect(err.message).toContain(fixture('broken-plugin'));
  });

  it('refuses two connectors with the same id', async () => {
    const err = await loadError(['reference', fixture('duplicate-plugin')]);
    expect(err.problems).toEqual([
      { source: fixture('duplicate-plugin'), problem: 'connector id "reference" is already taken by @accounting-hub/connector-reference' },
    ]);
  });

  it('loads one package once however it is named', async () => {
    const registry = await loadConnectors(['reference', '@accounting-hub/connector-reference'], silentLogger);
    expect(registry.list()).toHaveLength(1);
  });

  it('answers an unknown id with HubError 404 unknown_connector naming the known ids', async () => {
    const registry = await loadConnectors(['reference'], silentLogger);
    expect(registry.get('datev')).toBeUndefined();
    let err: unknown;
    try {
      registry.require('datev');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HubError);
    expect(err).toMatchObject({ statusCode: 404, code: 'unknown_connector', message: 'Unknown connector "datev"; this hub knows "reference"' });
  });
});
