import type { ConnectorManifest, OAuthSpec, RateLimit } from '@accounting-hub/core';
import { z } from 'zod';

/** Production hosts (notes §1.1). The old api.lexoffice.io gateway was retired in December 2025: treat it as dead. */
export const LEXOFFICE_API_URL = 'https://api.lexware.io';
export const LEXOFFICE_AUTH_URL = 'https://app.lexware.de';
/** Lexware's partner sandbox (notes §1.1), for partners testing against Lexware itself. */
export const LEXWARE_PARTNER_SANDBOX = { baseUrl: 'https://api.lexware-sandbox.io', authBaseUrl: 'https://app.lexware-sandbox.de' } as const;

/** A lexoffice API key is valid 24 months (cookbook "Public API"); the tenant must renew it by hand. */
export const API_KEY_LIFETIME_MONTHS = 24;

/** The private API key a tenant creates at app.lexware.de/addons/public-api (used as a Bearer token). */
export const lexofficeCredentials = z.strictObject({
  apiKey: z.string().min(20, 'a lexoffice API key has at least 20 characters'),
});
export type LexofficeCredentials = z.infer<typeof lexofficeCredentials>;

export const lexofficeOptions = z.strictObject({
  /** The API host: production, Lexware's partner sandbox, or our own sandbox. */
  baseUrl: z.url().default(LEXOFFICE_API_URL),
  /** The OAuth2 authorization server host (authorize, token, revoke). */
  authBaseUrl: z.url().default(LEXOFFICE_AUTH_URL),
  /**
   * lexoffice allows 2 requests/s per client (token bucket over all endpoints, notes §2). Lower it for a tenant
   * that shares its key with other tools; raise it only against a sandbox.
   */
  requestsPerSecond: z.number().positive().max(10).default(2),
  /** The day the tenant created its API key: the key then expires 24 months later, and the hub shows that date. */
  apiKeyCreatedAt: z.iso.date().optional(),
});
export type LexofficeOptions = z.infer<typeof lexofficeOptions>;

/**
 * Scopes for bookkeeping, invoices, credit notes and sendmail (notes §1.3, per-endpoint "Required OAuth Scopes").
 * Posting categories need no scope. `files.write` is needed beside `vouchers.write` to attach a file to a voucher.
 */
export const OAUTH_SCOPES = [
  'profile.read',
  'contacts.read',
  'contacts.write',
  'invoices.read',
  'invoices.write',
  'credit-notes.read',
  'credit-notes.write',
  'vouchers.read',
  'vouchers.write',
  'files.write',
  'voucherlist.read',
  'vouchers.sendmail',
] as const;

/** Characters lexoffice allows in `connection_name` (notes §1.3): `/?äöüÄÖÜßa-zA-Z0-9.-{}"_\:=,()` and spaces. */
const CONNECTION_NAME_CHAR = /[/?äöüÄÖÜßa-zA-Z0-9.\-{}"_\\:=,() ]/u;
/** UNCERTAIN: no documented maximum length; a short label keeps the extensions page readable. */
const MAX_CONNECTION_NAME = 80;

/** The tenant's name as lexoffice accepts it for `connection_name`: other characters dropped, spaces collapsed. */
export function connectionName(tenantName: string): string {
  const kept = [...tenantName].map((ch) => (CONNECTION_NAME_CHAR.test(ch) ? ch : ' ')).join('');
  const collapsed = kept.replace(/\s+/g, ' ').trim().slice(0, MAX_CONNECTION_NAME).trim();
  return collapsed === '' ? 'Accounting Hub' : collapsed;
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** Options with defaults applied, whatever the caller passed (the testkit hands options over unparsed). */
export function resolveOptions(options: unknown): LexofficeOptions {
  return lexofficeOptions.parse(options ?? {});
}

export const lexofficeOAuth: OAuthSpec<LexofficeOptions> = {
  authorizeUrl: (o) => joinUrl(resolveOptions(o).authBaseUrl, '/oauth2/authorize'),
  tokenUrl: (o) => joinUrl(resolveOptions(o).authBaseUrl, '/oauth2/token'),
  revokeUrl: (o) => joinUrl(resolveOptions(o).authBaseUrl, '/oauth2/revoke'),
  scopes: [...OAUTH_SCOPES],
  pkce: true,
  clientAuth: 'basic',
  extraAuthorizeParams: ({ tenantName }) => ({ connection_name: connectionName(tenantName) }),
  // One refresh token per connection, replaced on every refresh; a lost race kills the connection (notes §1.3).
  rotatingRefreshTokens: true,
};

/** The manifest's limit is lexoffice's documented 2 requests/s with a burst of 2 (one second's worth). */
export const DEFAULT_RATE_LIMIT: RateLimit = { requestsPerSecond: 2, burst: 2 };

/**
 * The rate limit for one connection, honouring its `requestsPerSecond` option: the hub builds the connection's
 * HTTP client with this instead of `manifest.rateLimit` when it wants the per-connection setting.
 * The burst stays one second's worth of requests, as in the manifest.
 */
export function rateLimitFor(options: Partial<LexofficeOptions> | undefined): RateLimit {
  const rps = options?.requestsPerSecond ?? DEFAULT_RATE_LIMIT.requestsPerSecond;
  return { requestsPerSecond: rps, burst: Math.max(1, Math.floor(rps)) };
}

export const lexofficeManifest: ConnectorManifest<LexofficeCredentials, LexofficeOptions> = {
  id: 'lexoffice',
  displayName: 'lexoffice (Lexware Office)',
  version: '0.1.0',
  // OAuth first: only the partner API can send invoices by e-mail.
  auth: ['oauth2', 'api_token'],
  credentialsSchema: lexofficeCredentials,
  optionsSchema: lexofficeOptions,
  oauth: lexofficeOAuth,
  capabilities: {
    invoices: true,
    invoiceFinalize: true,
    // Partner API (OAuth) only; testConnection reports it unavailable on API-key connections.
    invoiceEmail: true,
    vouchers: true,
    voucherFiles: true,
    creditNotes: true,
    voucherCredits: true,
    customerUpdate: true,
    taxSituations: ['standard', 'small_business', 'reverse_charge', 'intra_community', 'export'],
  },
  rateLimit: DEFAULT_RATE_LIMIT,
  documentLabels: { invoice: 'Rechnung', voucher: 'Einnahmebeleg', creditNote: 'Rechnungskorrektur' },
};
