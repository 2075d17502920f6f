import { runConnectorConformance } from '@accounting-hub/connector-testkit';
import { connector } from './connector.js';
import { createReferenceSandbox } from './sandbox/index.js';

runConnectorConformance({
  connector,
  sandbox: async () => {
    const s = await createReferenceSandbox();
    return {
      auth: { kind: 'api_token', credentials: { apiKey: s.apiKey } },
      badAuth: { kind: 'api_token', credentials: { apiKey: 'ref_not-the-key-0000' } },
      options: { baseUrl: s.url },
      control: s.control,
      close: s.close,
    };
  },
});
