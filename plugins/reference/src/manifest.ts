import type { ConnectorManifest, RateLimit } from '@accounting-hub/core';
import { z } from 'zod';

export const referenceCredentials = z.strictObject({ apiKey: z.string().min(8) });
export type ReferenceCredentials = z.infer<typeof referenceCredentials>;

export const referenceOptions = z.strictObject({
  baseUrl: z.url(),
  /** A lower limit for accounts on a smaller plan; the manifest's limit applies otherwise. */
  requestsPerSecond: z.number().positive().optional(),
});
export type ReferenceOptions = z.infer<typeof referenceOptions>;

/** Reference Books can do everything the contract names, so that every hub feature has a connector to test with. */
export const referenceManifest: ConnectorManifest<ReferenceCredentials, ReferenceOptions> = {
  id: 'reference',
  displayName: 'Reference Books',
  version: '0.1.0',
  auth: ['api_token'],
  credentialsSchema: referenceCredentials,
  optionsSchema: referenceOptions,
  capabilities: {
    invoices: true,
    invoiceFinalize: true,
    invoiceEmail: true,
    vouchers: true,
    voucherFiles: true,
    creditNotes: true,
    voucherCredits: true,
    customerUpdate: true,
    taxSituations: ['standard', 'small_business', 'reverse_charge', 'intra_community', 'export'],
  },
  rateLimit: { requestsPerSecond: 20, burst: 20 },
  documentLabels: { invoice: 'Rechnung', voucher: 'Einnahmebeleg', creditNote: 'Gutschrift' },
};

/** The limit of one connection: the option when given (a smaller plan), else the manifest's. The hub calls this. */
export function rateLimitFor(options: Partial<ReferenceOptions> | undefined): RateLimit {
  const rps = options?.requestsPerSecond;
  if (rps === undefined) return referenceManifest.rateLimit;
  return { requestsPerSecond: rps, burst: Math.max(1, Math.floor(rps)) };
}
