import type { ConnectorManifest, RateLimit } from '@accounting-hub/core';
import { z } from 'zod';

/**
 * sevdesk's API token: "a hexadecimal string containing 32 characters" (sevdesk's OpenAPI description,
 * "Authentication and Authorization"). Pasted tokens often carry spaces or a line break: trimmed first.
 */
export const sevdeskCredentials = z.strictObject({
  apiToken: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{32}$/i, 'a sevdesk API token is 32 hexadecimal characters (sevdesk → Einstellungen → Benutzer → API-Token)'),
});
export type SevdeskCredentials = z.infer<typeof sevdeskCredentials>;

/**
 * sevdesk publishes no rate limit. Measured clients saw 11-18.5 sequential requests per second and bursts far
 * above that without a 429 (research notes §1.4), but sevdesk warns that it blocks tokens that look abusive.
 * A connection therefore starts at 4 requests per second; a tenant with a large back-fill may raise it.
 */
export const DEFAULT_REQUESTS_PER_SECOND = 4;
/** The ceiling the manifest declares: below every measured sequential rate. */
export const MAX_REQUESTS_PER_SECOND = 10;

export const sevdeskOptions = z.strictObject({
  baseUrl: z.url().default('https://my.sevdesk.de/api/v1'),
  requestsPerSecond: z.number().positive().max(20).default(DEFAULT_REQUESTS_PER_SECOND),
  /**
   * Overrides the revenue account the connector resolves from the account: an AccountDatev id on accounts with
   * sevdesk-Update 2.0, an AccountingType id on the old bookkeeping system (1.0).
   */
  revenueAccountId: z.string().regex(/^\d+$/, 'a sevdesk account id (digits)').optional(),
});
export type SevdeskOptions = z.infer<typeof sevdeskOptions>;
export type SevdeskOptionsInput = z.input<typeof sevdeskOptions>;

/** The token bucket of one connection: its own rate, a burst of one second's worth. */
export function rateLimitFor(options: Pick<SevdeskOptionsInput, 'requestsPerSecond'>): RateLimit {
  const requestsPerSecond = options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
  return { requestsPerSecond, burst: Math.max(1, Math.ceil(requestsPerSecond)) };
}

export const sevdeskManifest: ConnectorManifest<SevdeskCredentials, SevdeskOptions> = {
  id: 'sevdesk',
  displayName: 'sevdesk',
  version: '0.1.0',
  auth: ['api_token'],
  credentialsSchema: sevdeskCredentials,
  // The schema's input has defaults, its output has none missing: the hub stores what it parsed.
  optionsSchema: sevdeskOptions as z.ZodType<SevdeskOptions>,
  capabilities: {
    invoices: true,
    invoiceFinalize: true,
    invoiceEmail: true,
    vouchers: true,
    // sevdesk takes the file in saveVoucher itself (uploadTempFile first): bookVoucher attaches it.
    voucherFiles: true,
    creditNotes: true,
    voucherCredits: true,
    customerUpdate: true,
    // Mapped to tax rules (Update 2.0) or tax types (1.0) in tax/tax-rules.ts; reverse charge needs Update 2.0.
    taxSituations: ['standard', 'small_business', 'reverse_charge', 'intra_community', 'export'],
  },
  rateLimit: { requestsPerSecond: MAX_REQUESTS_PER_SECOND, burst: MAX_REQUESTS_PER_SECOND },
  documentLabels: { invoice: 'Rechnung', voucher: 'Beleg (Einnahme)', creditNote: 'Stornorechnung / Gutschrift' },
};
