import { z } from 'zod';
import { taxSituation } from '../tax/rates.js';

export const capabilities = z.strictObject({
  /** Can create invoice documents in the tool (invoice mode). */
  invoices: z.boolean(),
  /** Can create invoices finalized (the tool assigns the number), not only drafts. */
  invoiceFinalize: z.boolean(),
  /** Can have the tool send the invoice by e-mail ("finalized and sent"). */
  invoiceEmail: z.boolean(),
  /** Can book income vouchers (voucher mode). */
  vouchers: z.boolean(),
  /** Can attach the tenant's PDF to a voucher. */
  voucherFiles: z.boolean(),
  /** Can cancel an invoice-mode document with a credit note linked to it. */
  creditNotes: z.boolean(),
  /** Can book an income-reduction voucher for a voucher-mode cancellation. */
  voucherCredits: z.boolean(),
  /** Can update an existing customer (not only create). */
  customerUpdate: z.boolean(),
  /** The tax situations the connector can book. */
  taxSituations: z.array(taxSituation).min(1),
});
export type Capabilities = z.infer<typeof capabilities>;

/** "a implies b" pairs: a capability the hub can only use when the one it builds on is there too. */
const IMPLICATIONS: readonly [keyof Capabilities, keyof Capabilities][] = [
  ['invoiceEmail', 'invoiceFinalize'],
  ['invoiceFinalize', 'invoices'],
  ['creditNotes', 'invoices'],
  ['voucherFiles', 'vouchers'],
  ['voucherCredits', 'vouchers'],
];

/** Contradictions in a set of capability flags, each as a sentence; empty when consistent. */
export function capabilityProblems(caps: Capabilities): string[] {
  const problems: string[] = [];
  for (const [a, b] of IMPLICATIONS) {
    if (caps[a] && !caps[b]) problems.push(`${a} needs ${b}`);
  }
  if (!caps.invoices && !caps.vouchers) problems.push('a connector must book invoices or vouchers (or both)');
  // The seed scenarios and every real tenant start from standard-rated invoices.
  if (!caps.taxSituations.includes('standard')) problems.push('taxSituations must include standard');
  return problems;
}

export const rateLimit = z.strictObject({
  requestsPerSecond: z.number().positive(),
  burst: z.number().int().positive(),
});
export type RateLimit = z.infer<typeof rateLimit>;

/** OAuth2 authorization code flow (with PKCE where `pkce`), for connectors whose auth kind is `oauth2`. */
export interface OAuthSpec<Options> {
  authorizeUrl(options: Options): string;
  tokenUrl(options: Options): string;
  revokeUrl?(options: Options): string | undefined;
  scopes: string[];
  pkce: boolean;
  /** How the client authenticates at the token endpoint. */
  clientAuth: 'basic' | 'body';
  /** Extra query parameters for the authorize URL (lexoffice wants `connection_name`). */
  extraAuthorizeParams?(input: { tenantName: string; options: Options }): Record<string, string>;
  /** Whether every refresh hands out a new refresh token that replaces the old one. */
  rotatingRefreshTokens: boolean;
}

export const authKind = z.enum(['oauth2', 'api_token']);
export type AuthKind = z.infer<typeof authKind>;

/**
 * The data part of a manifest: everything the hub can show and check without calling the connector.
 * Validated when the connector loads (see `defineConnector`).
 */
export const manifestData = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'a lower-case id like "lexoffice"'),
  displayName: z.string().min(1).max(80),
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'a semver version'),
  /** Every way a connection can authenticate; the first is the preferred one. */
  auth: z.array(authKind).min(1),
  capabilities,
  rateLimit,
  /** Which invoice-mode statuses need which capability is fixed by the hub; this says what a document is called. */
  documentLabels: z
    .strictObject({ invoice: z.string(), voucher: z.string(), creditNote: z.string() })
    .optional(),
});
export type ManifestData = z.infer<typeof manifestData>;

export interface ConnectorManifest<Credentials = unknown, Options = unknown> extends ManifestData {
  /** Credentials a tenant hands over for token-style auth (API key, token). */
  credentialsSchema: z.ZodType<Credentials>;
  /** Per-connection options (base URL, rate limit override, ...). */
  optionsSchema: z.ZodType<Options>;
  oauth?: OAuthSpec<Options>;
}
