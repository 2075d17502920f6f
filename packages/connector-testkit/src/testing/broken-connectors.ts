import { type Connector, type ConnectorManifest, capabilities } from '@accounting-hub/core';
import { z } from 'zod';

export interface EchoCredentials {
  apiKey: string;
}
export interface EchoOptions {
  baseUrl: string;
}

export const validManifest: ConnectorManifest<EchoCredentials, EchoOptions> = {
  id: 'broken',
  displayName: 'Broken',
  version: '0.0.1',
  auth: ['api_token'],
  capabilities: capabilities.parse({
    invoices: true,
    invoiceFinalize: true,
    invoiceEmail: true,
    vouchers: true,
    voucherFiles: true,
    creditNotes: true,
    voucherCredits: true,
    customerUpdate: true,
    taxSituations: ['standard'],
  }),
  rateLimit: { requestsPerSecond: 50, burst: 50 },
  credentialsSchema: z.strictObject({ apiKey: z.string().min(8) }),
  optionsSchema: z.strictObject({ baseUrl: z.url() }),
};

const notImplemented = async (): Promise<never> => {
  throw new Error('not implemented');
};

/** A connector whose every operation throws: the suite must fail each operation check. */
export const throwingConnector: Connector<EchoCredentials, EchoOptions> = {
  manifest: validManifest,
  testConnection: notImplemented,
  upsertCustomer: notImplemented,
  bookInvoice: notImplemented,
  bookVoucher: notImplemented,
  attachDocument: notImplemented,
  credit: notImplemented,
  findBooked: notImplemented,
};

/**
 * A connector that answers plausible results without ever asking the tool: shape checks alone would pass it,
 * so the suite must look into the sandbox.
 */
export const lyingConnector: Connector<EchoCredentials, EchoOptions> = {
  manifest: validManifest,
  testConnection: async () => ({ account: { id: 'acc', name: 'Echo' } }),
  upsertCustomer: async () => ({ customer: { id: 'cust-1', customerNumber: 'K-1', version: 1 }, action: 'created' }),
  bookInvoice: async (_ctx, input) => ({
    document: { kind: 'invoice', id: `inv-${input.reference}`, number: 'R-1' },
    fileAttached: true,
  }),
  bookVoucher: async (_ctx, input) => ({
    document: { kind: 'voucher', id: `v-${input.reference}`, number: input.invoice.number },
    fileAttached: true,
  }),
  attachDocument: async () => ({ fileId: 'file-1' }),
  credit: async (_ctx, input) => ({
    document: { kind: input.mode === 'invoice' ? 'credit_note' : 'voucher', id: `c-${input.reference}` },
    fileAttached: true,
  }),
  findBooked: async () => ({ document: null }),
};

/** Capabilities that contradict each other and a credentials schema that is no zod schema. */
export const brokenManifestConnector = {
  ...throwingConnector,
  manifest: {
    ...validManifest,
    capabilities: { ...validManifest.capabilities, invoiceFinalize: false, vouchers: false },
    credentialsSchema: {} as unknown as ConnectorManifest<EchoCredentials, EchoOptions>['credentialsSchema'],
  },
} satisfies Connector<EchoCredentials, EchoOptions>;
