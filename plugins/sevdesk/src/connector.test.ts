import { runConnectorConformance } from '@accounting-hub/connector-testkit';
import { describe, expect, it } from 'vitest';
import { connector } from './connector.js';
import type { SevdeskSandbox } from './sandbox/index.js';
import { sandboxTarget } from './testing/sandbox-target.js';

let sandbox: SevdeskSandbox | undefined;

// The testkit against a sevdesk account with sevdesk-Update 2.0 (tax rules). The old tax types (1.0) have their
// own tests in old-bookkeeping-system.test.ts.
runConnectorConformance({
  connector,
  sandbox: async () => {
    const target = await sandboxTarget();
    sandbox = target.sandbox;
    return target.handle;
  },
});

// Runs after the suite above (vitest keeps file order): the sandbox checked every request of the whole run
// against sevdesk's OpenAPI description and kept what failed across the suite's resets.
describe("the conformance run against sevdesk's OpenAPI description", () => {
  it('sent no request body or parameter the description refuses', () => {
    expect(sandbox, 'the conformance suite did not start the sandbox').toBeDefined();
    expect(sandbox!.state.openapi.failures).toEqual([]);
    expect(sandbox!.state.openapi.checked).toBeGreaterThan(200);
  });
});
