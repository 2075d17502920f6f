import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AnyConnector, type ConnectorManifest, validateConnector } from '@accounting-hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileMap, InvalidSpecError, generate } from './generate.js';
import { type ConnectorSpec, DEPENDENCY_VERSIONS } from './spec.js';
import { TempWorkspace, WORKSPACE_ROOT } from './testing/temp-workspace.js';

const EXPECTED_FILES = [
  'README.md',
  'package.json',
  'src/connector.test.ts',
  'src/connector.ts',
  'src/index.ts',
  'src/manifest.ts',
  'src/sandbox/main.ts',
  'src/sandbox/server.ts',
  'tsconfig.build.json',
  'tsconfig.json',
  'vitest.config.ts',
];

const OPERATIONS = ['testConnection', 'upsertCustomer', 'bookInvoice', 'bookVoucher', 'attachDocument', 'credit', 'findBooked'];

const acme: ConnectorSpec = { id: 'acme-books', name: 'Acme Books', auth: 'api_token' };

interface PackageJson {
  name: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

function packageJsonOf(files: FileMap): PackageJson {
  return JSON.parse(files['package.json']!) as PackageJson;
}

describe('generate()', () => {
  it('yields the package files of a connector', () => {
    for (const auth of ['api_token', 'oauth2'] as const) {
      expect(Object.keys(generate({ ...acme, auth })).sort()).toEqual(EXPECTED_FILES);
    }
  });

  it('wires the package into the workspace like plugins/reference', () => {
    const files = generate(acme);
    const pkg = packageJsonOf(files);
    const reference = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'plugins/reference/package.json'), 'utf8')) as PackageJson;
    expect(pkg.name).toBe('@accounting-hub/connector-acme-books');
    // The reference's scripts, its demo aside.
    const { demo: _demo, ...referenceScripts } = reference.scripts;
    expect(pkg.scripts).toEqual(referenceScripts);
    expect(pkg.dependencies).toEqual({
      '@accounting-hub/connector-testkit': 'workspace:*',
      '@accounting-hub/core': 'workspace:*',
      fastify: '5.12.8',
      zod: '4.6.7',
    });
    expect(pkg.devDependencies).toEqual({ tsx: DEPENDENCY_VERSIONS.tsx, vitest: '5.1.1' });
    // The same versions as the workspace's connectors use, so pnpm adds nothing new to the lockfile.
    for (const [dep, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      if (version === 'workspace:*') continue;
      expect(reference.dependencies[dep] ?? reference.devDependencies[dep], dep).toBe(version);
    }
    expect(JSON.parse(files['tsconfig.json']!).extends).toBe('../../tsconfig.base.json');
    expect(files['vitest.config.ts']).toContain("from '../../vitest.shared.js'");
    expect(files['src/connector.test.ts']).toContain('runConnectorConformance({');
  });

  it('points the shared configs at the workspace root from wherever the package sits', () => {
    const files = generate(acme, { rootRelative: '../../..' });
    expect(JSON.parse(files['tsconfig.json']!).extends).toBe('../../../tsconfig.base.json');
    expect(files['vitest.config.ts']).toContain("from '../../../vitest.shared.js'");
  });

  it('writes every operation as "not written yet", with what it must do', () => {
    const connector = generate(acme)['src/connector.ts']!;
    for (const op of OPERATIONS) {
      expect(connector).toContain(`async ${op}(`);
      expect(connector).toContain(`throw new ConnectorError({ kind: 'unsupported', message: '${op} is not written yet' });`);
    }
    expect(connector).toContain('defineConnector<AcmeBooksCredentials, AcmeBooksOptions>({');
    for (const helper of ['callTool', 'ctx.http', 'defaultErrorFor', 'groupBookkeepingItems', 'computeTotals', 'findBooked']) {
      expect(connector).toContain(helper);
    }
  });

  it('refuses a spec it cannot turn into a valid package, naming the part', () => {
    const attempt = (spec: Partial<ConnectorSpec>) => () => generate({ ...acme, ...spec } as ConnectorSpec);
    for (const id of ['Acme', 'a', '1acme', 'acme_books', 'x'.repeat(41)]) {
      expect(attempt({ id })).toThrow(expect.objectContaining({ argument: 'id' }) as unknown as Error);
    }
    expect(attempt({ name: '' })).toThrow(InvalidSpecError);
    expect(attempt({ name: 'two\nlines' })).toThrow(/name "two/);
    expect(attempt({ name: 'x'.repeat(81) })).toThrow(/at most 80/);
    expect(attempt({ auth: 'basic' as 'api_token' })).toThrow(/auth "basic" must be one of api_token, oauth2/);
  });
});

describe('the generated manifest, loaded', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await TempWorkspace.create();
  });
  afterAll(() => ws.remove());

  async function load(spec: ConnectorSpec) {
    await ws.writePackage(spec.id, generate(spec));
    const { connector } = await ws.import<{ connector: AnyConnector }>(spec.id, 'src/connector.ts');
    const index = await ws.import<Record<string, unknown>>(spec.id, 'src/index.ts');
    return { connector, index };
  }

  it('passes validateConnector (api_token)', async () => {
    const { connector, index } = await load(acme);
    expect(() => validateConnector(connector)).not.toThrow();
    const m: ConnectorManifest = connector.manifest;
    expect(m).toMatchObject({ id: 'acme-books', displayName: 'Acme Books', version: '0.1.0', auth: ['api_token'] });
    expect(m.oauth).toBeUndefined();
    expect(m.credentialsSchema.safeParse({ apiToken: 'a-token-of-enough-length' }).success).toBe(true);
    expect(m.credentialsSchema.safeParse({ apiToken: 'short' }).success).toBe(false);
    expect(m.optionsSchema.safeParse({ baseUrl: 'https://api.acme.example' }).success).toBe(true);
    expect(m.optionsSchema.safeParse({}).success).toBe(false);
    // Conservative: voucher mode and standard VAT only.
    expect(Object.entries(m.capabilities).filter(([, on]) => on === true).map(([k]) => k)).toEqual(['vouchers']);
    expect(m.capabilities.taxSituations).toEqual(['standard']);
    expect(Object.keys(index).sort()).toEqual(['acmeBooksManifest', 'connector', 'createAcmeBooksSandbox']);
  });

  it('passes validateConnector (oauth2), with an OAuth spec built from the options', async () => {
    const { connector, index } = await load({ id: 'acme-cloud', name: 'Acme Cloud', auth: 'oauth2' });
    expect(() => validateConnector(connector)).not.toThrow();
    const m: ConnectorManifest = connector.manifest;
    expect(m.auth).toEqual(['oauth2']);
    const options = { baseUrl: 'https://api.acme.example', authBaseUrl: 'https://login.acme.example/' };
    expect(m.optionsSchema.safeParse(options).success).toBe(true);
    expect(m.oauth?.authorizeUrl(options)).toBe('https://login.acme.example/oauth2/authorize');
    expect(m.oauth?.tokenUrl(options)).toBe('https://login.acme.example/oauth2/token');
    expect(index.acmeCloudOAuth).toBe(m.oauth);
  });

  it('keeps a display name with quotes, backticks, placeholders, backslashes and comment ends intact', async () => {
    const dollar = '$';
    const name = `O'Neil \`${dollar}{x}\` "Books" \\ */ Ä`;
    const { connector } = await load({ id: 'quote-books', name, auth: 'api_token' });
    expect(connector.manifest.displayName).toBe(name);
    expect(() => validateConnector(connector)).not.toThrow();
  });
});
