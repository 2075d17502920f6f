import { runConnectorConformance } from '@accounting-hub/connector-testkit';
import { createLexofficeSandbox } from './sandbox/index.js';
import { FAST_RPS, authorizeWithPkce, connectorFor, sandboxOptions } from './testing.test-support.js';

/**
 * The conformance suite over a partner (OAuth2) connection: the access token comes from the sandbox's
 * authorization code flow with PKCE, and "finalized and sent" goes through sendmail.
 */
runConnectorConformance({
  connector: connectorFor({ requestsPerSecond: FAST_RPS }),
  sandbox: async () => {
    const s = await createLexofficeSandbox({ requestsPerSecond: FAST_RPS });
    const tokens = await authorizeWithPkce(s);
    return {
      auth: { kind: 'oauth2', accessToken: tokens.access_token },
      badAuth: { kind: 'oauth2', accessToken: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJub2JvZHkifQ.not-a-token' },
      options: sandboxOptions(s),
      control: s.control,
      close: s.close,
    };
  },
});
