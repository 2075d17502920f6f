import type { SandboxHandle } from '@accounting-hub/connector-testkit';
import { customer as customerSchema } from '@accounting-hub/core';
import { seedCustomers } from '@accounting-hub/core/seeds';
import type { SevdeskCredentials, SevdeskOptions } from '../manifest.js';
import { type SevdeskSandbox, type SevdeskSandboxOptions, createSevdeskSandbox } from '../sandbox/index.js';

/** A well-formed token the sandbox refuses: the refusal must come from "sevdesk", not from the schema. */
export const WRONG_TOKEN = '0123456789abcdef0123456789abcdef';

/**
 * The customer sevdesk cannot take: its country is not in the account's StaticCountry table, so the address
 * cannot reference one. (sevdesk does not check VAT ids, so the testkit's default Börse GmbH would be accepted.)
 */
export const unknownCountryCustomer = customerSchema.parse({
  ...seedCustomers.boerseGmbH,
  ref: 'FN-0099',
  companyName: 'Nowhere Trading Ltd',
  address: { street: 'Unknown Road 1', zip: '00000', city: 'Nowhere', countryCode: 'ZZ' },
});

/** A started sandbox and the handle the testkit (and the plugin's own tests) connect with. */
export async function sandboxTarget(
  opts: SevdeskSandboxOptions = {},
): Promise<{ sandbox: SevdeskSandbox; handle: SandboxHandle<SevdeskCredentials, SevdeskOptions> }> {
  const sandbox = await createSevdeskSandbox(opts);
  return {
    sandbox,
    handle: {
      auth: { kind: 'api_token', credentials: { apiToken: sandbox.apiToken } },
      badAuth: { kind: 'api_token', credentials: { apiToken: WRONG_TOKEN } },
      options: { baseUrl: sandbox.url, requestsPerSecond: 10 },
      control: sandbox.control,
      close: sandbox.close,
      invalidCustomer: { customer: unknownCountryCustomer, field: 'customer.address.countryCode' },
    },
  };
}
