import { runConnectorConformance } from '@accounting-hub/connector-testkit';
import { createLexofficeSandbox } from './sandbox/index.js';
import { FAST_RPS, connectorFor, sandboxOptions } from './testing.test-support.js';

/**
 * The conformance suite over a private API key, in both modes. Sandbox and client run at 10 requests/s so the
 * suite stays quick (rate-limit.test.ts proves the real 2/s). The public API cannot send e-mail: testConnection
 * reports it unavailable and the kit leaves finalized_and_sent out (the OAuth run covers sending).
 */
runConnectorConformance({
  connector: connectorFor({ requestsPerSecond: FAST_RPS }),
  sandbox: async () => {
    const s = await createLexofficeSandbox({ requestsPerSecond: FAST_RPS });
    return {
      auth: { kind: 'api_token', credentials: { apiKey: s.apiKey } },
      badAuth: { kind: 'api_token', credentials: { apiKey: 'lxo_sandbox_not-the-key-000000000000' } },
      options: sandboxOptions(s),
      control: s.control,
      close: s.close,
    };
  },
});
