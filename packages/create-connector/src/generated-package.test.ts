import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ConnectionAuth,
  type Connector,
  ConnectorError,
  MemoryRateLimitStore,
  createHttpClient,
  silentLogger,
} from '@accounting-hub/core';
import { type SandboxControl, conformanceChecks } from '@accounting-hub/connector-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileMap, generate } from './generate.js';
import { type CheckOutcome, named, outcomes } from './testing/kit.js';
import { TempWorkspace, tscNoEmit } from './testing/temp-workspace.js';

/**
 * The real check of the generator: a generated package builds, the conformance kit fails for every operation of
 * it (the kit is strict: a connector that does nothing cannot pass), and a check turns green once its operation is
 * written. Packages are generated into a temporary copy of the workspace layout, never into the workspace itself.
 */

type Credentials = { apiToken: string };
type Options = { baseUrl: string };

interface GeneratedSandbox {
  url: string;
  token: string;
  control: SandboxControl;
  close: () => Promise<void>;
}
interface GeneratedModule {
  connector: Connector<Credentials, Options>;
  createAcmeBooksSandbox: () => Promise<GeneratedSandbox>;
}

const OPERATIONS = ['testConnection', 'upsertCustomer', 'bookInvoice', 'bookVoucher', 'attachDocument', 'credit', 'findBooked'] as const;

const spec = { id: 'acme-books', name: 'Acme Books', auth: 'api_token' } as const;

/** A display name with everything that could break a string, template literal or comment it lands in. */
const DOLLAR = '$';
const ODD_NAME = `O'Neil \`${DOLLAR}{x}\` "Books" \\ */ Ä`;

/** Replaces `from` in `text`, insisting it is there exactly once (a template change must not void the test). */
function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1, `expected exactly one ${JSON.stringify(from)}`).toBe(1);
  return text.replace(from, () => to);
}

/** The package with testConnection written, and the sandbox route it calls. */
function withTestConnectionWritten(files: FileMap): FileMap {
  const connector = replaceOnce(
    files['src/connector.ts']!,
    `  async testConnection(_ctx) {
    throw new ConnectorError({ kind: 'unsupported', message: 'testConnection is not written yet' });
  },`,
    `  async testConnection(ctx) {
    const res = await callTool(ctx, { operation: 'testConnection', method: 'GET', path: '/v1/account' });
    const account = res.body as { id: string; name: string };
    return { account: { id: account.id, name: account.name } };
  },`,
  );
  const server = replaceOnce(
    files['src/sandbox/server.ts']!,
    `app.get('/v1/account', notWritten('GET /v1/account: answer the account (id, name)'));`,
    `app.get('/v1/account', async () => ({ id: 'acc_1', name: 'Acme Books Sandbox GmbH' }));`,
  );
  return { ...files, 'src/connector.ts': connector, 'src/sandbox/server.ts': server };
}

/** The package with every capability claimed, so that no check of the kit is skipped. */
function withEveryCapability(files: FileMap): FileMap {
  let manifest = files['src/manifest.ts']!;
  for (const flag of ['invoices', 'invoiceFinalize', 'invoiceEmail', 'voucherFiles', 'creditNotes', 'voucherCredits', 'customerUpdate']) {
    manifest = replaceOnce(manifest, `    ${flag}: false,`, `    ${flag}: true,`);
  }
  manifest = replaceOnce(
    manifest,
    `taxSituations: ['standard'],`,
    `taxSituations: ['standard', 'small_business', 'reverse_charge', 'intra_community', 'export'],`,
  );
  return { ...files, 'src/manifest.ts': manifest };
}

describe('a generated connector package', () => {
  let ws: TempWorkspace;
  const files = generate(spec);

  beforeAll(async () => {
    ws = await TempWorkspace.create();
    await ws.writePackage('acme-books', files);
    await ws.writePackage('acme-cloud', generate({ id: 'acme-cloud', name: 'Acme Cloud', auth: 'oauth2' }));
    await ws.writePackage('odd-name', generate({ id: 'odd-name', name: ODD_NAME, auth: 'api_token' }));
    await ws.writePackage('acme-written', withTestConnectionWritten(files));
    await ws.writePackage('acme-all', withEveryCapability(files));
    await ws.writePackage('acme-broken', files);
  });
  afterAll(() => ws?.remove());

  async function kitRun(id: string): Promise<CheckOutcome[]> {
    const mod = await ws.import<GeneratedModule>(id, 'src/index.ts');
    return outcomes(
      conformanceChecks({
        connector: mod.connector,
        // As the generated src/connector.test.ts does it.
        sandbox: async () => {
          const s = await mod.createAcmeBooksSandbox();
          return {
            auth: { kind: 'api_token', credentials: { apiToken: s.token } },
            badAuth: { kind: 'api_token', credentials: { apiToken: 'not-the-sandbox-token-0000' } },
            options: { baseUrl: s.url },
            control: s.control,
            close: s.close,
          };
        },
      }),
    );
  }

  it('builds: tsc --noEmit -p passes, and so do the oauth2 variant, an awkward name and one with an operation written', async () => {
    await writeFile(join(ws.packageDir('acme-broken'), 'src/index.ts'), "export const broken: number = 'text';\n");
    const [own, variants] = await Promise.all([
      // The package's own tsconfig, exactly as its `pnpm typecheck` runs it.
      tscNoEmit(join(ws.packageDir('acme-books'), 'tsconfig.json')),
      // The variants in one compiler run with the same options (quicker than one run each), together with a copy
      // broken on purpose: its one error, and no other, shows that the check looks at what it is given.
      ws.combinedTsconfig(['acme-cloud', 'odd-name', 'acme-written', 'acme-broken']).then(tscNoEmit),
    ]);
    expect(own, own.output).toMatchObject({ ok: true });
    const errors = variants.output.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors, variants.output).toHaveLength(1);
    expect(errors[0]).toMatch(/^plugins\/acme-broken\/src\/index\.ts\(1,14\): error TS2322/);
  }, 60_000);

  it('every operation throws unsupported "… is not written yet"', async () => {
    const { connector, createAcmeBooksSandbox } = await ws.import<GeneratedModule>('acme-books', 'src/index.ts');
    const sandbox = await createAcmeBooksSandbox();
    try {
      const http = createHttpClient({ rateLimitKey: 'generated', rateLimit: connector.manifest.rateLimit, store: new MemoryRateLimitStore() });
      const auth: ConnectionAuth<Credentials> = { kind: 'api_token', credentials: { apiToken: sandbox.token } };
      const ctx = {
        tenant: { id: 't', name: 'T' },
        connection: { id: 'c', auth, options: { baseUrl: sandbox.url }, state: {} },
        logger: silentLogger,
        http,
      };
      for (const op of OPERATIONS) {
        const call = (connector[op] as (c: typeof ctx, input: unknown) => Promise<unknown>)(ctx, {});
        const error = await call.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, op).toBeInstanceOf(ConnectorError);
        expect(error, op).toMatchObject({ kind: 'unsupported', message: `${op} is not written yet` });
      }
    } finally {
      await sandbox.close();
    }
  });

  it('fails the conformance kit in every operation check; only the manifest checks pass', async () => {
    const results = await kitRun('acme-books');
    const manifest = results.filter((r) => r.group === 'manifest');
    const operations = results.filter((r) => r.group !== 'manifest' && !r.skipped);
    expect(manifest).toHaveLength(4);
    expect(named(manifest.filter((r) => !r.passed))).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(16);
    expect(named(operations.filter((r) => r.passed))).toEqual([]);
    // They fail because the operations are missing, not for some other reason (a sandbox that did not start).
    for (const r of operations) expect(r.reason, `${r.group}: ${r.name}`).toMatch(/is not written yet/);
    // The only checks not run are those of capabilities the conservative manifest does not claim.
    const skipped = results.filter((r) => r.skipped);
    expect(new Set(skipped.map((r) => r.group))).toEqual(new Set(['invoice mode', 'cancellation', 'uncertain outcome']));
    for (const r of skipped) expect(r.reason).toMatch(/^capabilities\.(invoices|creditNotes|voucherCredits) is false$/);
  });

  it('with every capability claimed, no check is skipped and every operation check fails', async () => {
    const results = await kitRun('acme-all');
    expect(named(results.filter((r) => r.skipped))).toEqual([]);
    const operations = results.filter((r) => r.group !== 'manifest');
    expect(operations.length).toBeGreaterThanOrEqual(23);
    expect(named(operations.filter((r) => r.passed))).toEqual([]);
    expect(named(results.filter((r) => r.group === 'manifest' && !r.passed))).toEqual([]);
  });

  it('turns testConnection green once it is written (and the sandbox answers it); the rest stays red', async () => {
    const before = await kitRun('acme-books');
    const after = await kitRun('acme-written');
    const testConnection = after.filter((r) => r.group === 'testConnection');
    expect(testConnection).toHaveLength(3);
    expect(named(testConnection.filter((r) => !r.passed))).toEqual([]);
    // Everything else that ran is still red; what is green is exactly what was green before plus testConnection.
    const others = after.filter((r) => r.group !== 'manifest' && r.group !== 'testConnection' && !r.skipped);
    expect(others.length).toBeGreaterThanOrEqual(13);
    expect(named(others.filter((r) => r.passed))).toEqual([]);
    expect(named(after.filter((r) => r.passed))).toEqual([...named(before.filter((r) => r.passed)), ...named(testConnection)]);
    // Now the checks get past testConnection and stop at the next operation that is missing.
    expect(others.find((r) => r.group === 'customers')?.reason).toMatch(/upsertCustomer is not written yet/);
  });
});
