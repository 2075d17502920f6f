import type { Connector } from '@accounting-hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EchoCredentials,
  type EchoOptions,
  brokenManifestConnector,
  lyingConnector,
  throwingConnector,
  validManifest,
} from '../testing/broken-connectors.js';
import { startEchoSandbox } from '../testing/echo-sandbox.js';
import { conformanceChecks } from './conformance-checks.js';
import { capabilityProblems } from './checks/manifest.js';

/**
 * The suite must be strict: a connector that does nothing, or pretends, fails every check that exercises an
 * operation. Manifest checks are about the manifest, so they are proven with a broken manifest instead.
 */
describe('the conformance suite is strict', () => {
  let sandbox: Awaited<ReturnType<typeof startEchoSandbox>>;
  beforeAll(async () => {
    sandbox = await startEchoSandbox();
  });
  afterAll(() => sandbox.close());

  function suiteFor(connector: Connector<EchoCredentials, EchoOptions>) {
    return conformanceChecks({
      connector,
      sandbox: async () => ({
        auth: { kind: 'api_token', credentials: { apiKey: 'good-key-123456' } },
        badAuth: { kind: 'api_token', credentials: { apiKey: 'bad-key-654321' } },
        options: { baseUrl: sandbox.url },
        control: sandbox.control,
      }),
    });
  }

  async function outcomes(connector: Connector<EchoCredentials, EchoOptions>) {
    const suite = suiteFor(connector);
    await suite.setup();
    const result: { group: string; name: string; passed: boolean; skipped: boolean }[] = [];
    try {
      for (const check of suite.checks) {
        if (check.skip) {
          result.push({ group: check.group, name: check.name, passed: false, skipped: true });
          continue;
        }
        await suite.beforeEach();
        const passed = await check.run().then(
          () => true,
          () => false,
        );
        result.push({ group: check.group, name: check.name, passed, skipped: false });
      }
    } finally {
      await suite.teardown();
    }
    return result;
  }

  it.each([
    ['throws "not implemented"', throwingConnector],
    ['answers without asking the tool', lyingConnector],
  ] as const)('a connector that %s fails every operation check', async (_label, connector) => {
    const results = await outcomes(connector);
    expect(results.filter((r) => r.skipped)).toEqual([]);
    const operationChecks = results.filter((r) => r.group !== 'manifest');
    expect(operationChecks.length).toBeGreaterThanOrEqual(20);
    expect(operationChecks.filter((r) => r.passed).map((r) => `${r.group}: ${r.name}`)).toEqual([]);
    // Its manifest is valid, so the manifest checks pass: they are not what makes it fail.
    expect(results.filter((r) => r.group === 'manifest').every((r) => r.passed)).toBe(true);
  });

  it('a connector with an inconsistent manifest fails every manifest check', async () => {
    const results = await outcomes(brokenManifestConnector as Connector<EchoCredentials, EchoOptions>);
    const manifest = results.filter((r) => r.group === 'manifest');
    expect(manifest).toHaveLength(4);
    expect(manifest.filter((r) => r.passed).map((r) => r.name)).toEqual([]);
  });

  it('names each capability contradiction', () => {
    expect(capabilityProblems(validManifest.capabilities)).toEqual([]);
    expect(
      capabilityProblems({
        ...validManifest.capabilities,
        invoices: false,
        invoiceFinalize: false,
        vouchers: false,
        taxSituations: ['export'],
      }),
    ).toEqual([
      'invoiceEmail needs invoiceFinalize',
      'creditNotes needs invoices',
      'voucherFiles needs vouchers',
      'voucherCredits needs vouchers',
      'a connector must book invoices or vouchers (or both)',
      'taxSituations must include standard',
    ]);
  });
});
