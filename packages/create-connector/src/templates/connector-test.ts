import type { TemplateContext } from '../spec.js';

/** `src/connector.test.ts`: the conformance kit against the generated sandbox, the way lexoffice and sevdesk run it. */
export function connectorTestTs(c: TemplateContext): string {
  const oauth = c.auth === 'oauth2';
  const auth = oauth
    ? `      auth: { kind: 'oauth2', accessToken: s.token },
      // Well-formed, but not the token the sandbox accepts: the refusal must come from the tool.
      badAuth: { kind: 'oauth2', accessToken: 'not-the-sandbox-token-0000' },
      options: { baseUrl: s.url, authBaseUrl: s.url },`
    : `      auth: { kind: 'api_token', credentials: { apiToken: s.token } },
      // Well-formed (the manifest's schema accepts it), but not the token the sandbox accepts: the refusal must
      // come from the tool, not from the schema.
      badAuth: { kind: 'api_token', credentials: { apiToken: 'not-the-sandbox-token-0000' } },
      options: { baseUrl: s.url },`;
  return `import { runConnectorConformance } from '@accounting-hub/connector-testkit';
import { connector } from './connector.js';
import { create${c.pascal}Sandbox } from './sandbox/server.js';

/**
 * The conformance kit: the same suite lexoffice and sevdesk pass, against this connector's sandbox. It fails for
 * every operation that is not written yet (and for every capability flag whose operation does not live up to it);
 * the connector is done when it passes. Checks of capabilities the manifest does not claim are skipped.
 */
runConnectorConformance({
  connector,
  sandbox: async () => {
    const s = await create${c.pascal}Sandbox();
    return {
${auth}
      control: s.control,
      close: s.close,
      // A customer the tool refuses and the neutral field the validation error must name; the default is
      // seedCustomers.boerseGmbH (a VAT id with 8 digits) and 'customer.vatId'. Set it when the tool refuses
      // something else:
      // invalidCustomer: { customer: ..., field: 'customer.email' },
    };
  },
});
`;
}
