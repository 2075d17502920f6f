import { type TemplateContext, tsString } from '../spec.js';

/**
 * `src/manifest.ts`: a valid manifest with conservative capabilities. Every flag is a promise the hub relies on
 * when it accepts a tenant's settings, so the template claims the least a bookkeeping tool can do (income
 * vouchers, standard VAT) and says beside each flag what turning it on obliges the connector to.
 */
export function manifestTs(c: TemplateContext): string {
  const oauth = c.auth === 'oauth2';
  const imports = oauth ? 'ConnectorManifest, OAuthSpec' : 'ConnectorManifest';
  return `import type { ${imports} } from '@accounting-hub/core';
import { z } from 'zod';

${oauth ? oauthCredentials(c) : tokenCredentials(c)}
export type ${c.pascal}Credentials = z.infer<typeof ${c.camel}Credentials>;

/**
 * Per-connection options; the hub renders its connection form from this schema (z.toJSONSchema), so keep to
 * plain fields with a description the tenant understands.
 */
export const ${c.camel}Options = z.strictObject({
  /**
   * The API host, e.g. https://api.example.com (no trailing path). Tests and the sandbox point it at the sandbox.
   * TODO: once the production host is known, make it \`z.url().default('https://...')\` so tenants need not type it.
   */
  baseUrl: z.url(),${
    oauth
      ? `
  /** The OAuth2 authorization server (authorize and token endpoints). TODO: default it to the tool's host. */
  authBaseUrl: z.url(),`
      : ''
  }
});
export type ${c.pascal}Options = z.infer<typeof ${c.camel}Options>;
${oauth ? oauthSpec(c) : ''}
export const ${c.camel}Manifest: ConnectorManifest<${c.pascal}Credentials, ${c.pascal}Options> = {
  id: '${c.id}',
  displayName: ${c.nameLiteral},
  version: '0.1.0',
  // Every way a connection can authenticate; the first is the preferred one.
  auth: ['${c.auth}'],
  credentialsSchema: ${c.camel}Credentials,
  optionsSchema: ${c.camel}Options,${oauth ? `\n  oauth: ${c.camel}OAuth,` : ''}
  // What the hub may ask of this connector. The hub refuses a tenant's settings that need a flag that is false
  // (instead of failing at booking time), and the conformance kit runs the checks of every flag that is true.
  // Start small and turn a flag on when the operation behind it is written and its checks pass.
  capabilities: {
    // Invoice mode: bookInvoice creates the invoice in the tool (as a draft). Kit: "invoice mode", "uncertain outcome".
    invoices: false,
    // bookInvoice can leave the invoice finalized, with the number the tool assigns. Needs invoices.
    invoiceFinalize: false,
    // bookInvoice can have the tool send the finalized invoice by e-mail. Needs invoiceFinalize.
    invoiceEmail: false,
    // Voucher mode: bookVoucher books an income voucher with items per tax rate. Kit: "voucher mode", "uncertain outcome".
    vouchers: true,
    // The tenant's PDF can be attached to a voucher (in bookVoucher or by attachDocument). Needs vouchers.
    voucherFiles: false,
    // credit cancels an invoice-mode document with a credit note linked to it. Needs invoices. Kit: "cancellation".
    creditNotes: false,
    // credit cancels a voucher-mode booking with an income-reduction voucher. Needs vouchers. Kit: "cancellation".
    voucherCredits: false,
    // upsertCustomer can change an existing customer (otherwise it only creates, and links an existing one as is).
    customerUpdate: false,
    // The tax situations the connector books correctly: add small_business, reverse_charge, intra_community and
    // export once the tool's tax keys for them are mapped. 'standard' must stay.
    taxSituations: ['standard'],
  },
  // The client holds every connection to this; stay a little below the tool's documented limit, since other
  // software may share the tenant's account. TODO: the tool's real limit.
  rateLimit: { requestsPerSecond: 5, burst: 5 },
  // Optional: what a document is called in the tool, shown to the tenant, e.g.
  // documentLabels: { invoice: 'Rechnung', voucher: 'Einnahmebeleg', creditNote: 'Gutschrift' },
};
`;
}

function tokenCredentials(c: TemplateContext): string {
  return `/**
 * What a tenant hands over to connect ${c.nameComment}: its API token, sent as a Bearer token (see connector.ts).
 * TODO: name the field as the tool does and tighten the check to its format (length, prefix), so that a pasted
 * typo is refused by the form rather than by the tool.
 */
export const ${c.camel}Credentials = z.strictObject({
  apiToken: z.string().min(16, ${tsString(`${c.name} API tokens have at least 16 characters`)}),
});`;
}

function oauthCredentials(c: TemplateContext): string {
  return `/**
 * An OAuth2 connection carries no credentials of its own: the hub runs the authorization code flow described by
 * \`${c.camel}OAuth\` below, keeps and refreshes the tokens, and hands each operation the access token
 * (ctx.connection.auth.accessToken). To offer an API token as well, add its field here and 'api_token' to \`auth\`.
 */
export const ${c.camel}Credentials = z.strictObject({});`;
}

function oauthSpec(c: TemplateContext): string {
  return `
function joinUrl(base: string, path: string): string {
  return \`\${base.replace(/\\/+$/, '')}\${path}\`;
}

/**
 * The tool's OAuth2 authorization code flow, run by the hub. TODO: every value below is a placeholder: take the
 * endpoints, scopes, PKCE support, client authentication and refresh-token behaviour from the tool's documentation.
 */
export const ${c.camel}OAuth: OAuthSpec<${c.pascal}Options> = {
  authorizeUrl: (o) => joinUrl(o.authBaseUrl, '/oauth2/authorize'),
  tokenUrl: (o) => joinUrl(o.authBaseUrl, '/oauth2/token'),
  // The scopes to read and write customers, vouchers (and invoices, files) the operations need.
  scopes: [],
  pkce: true,
  // How the hub authenticates at the token endpoint: HTTP Basic or client_id/client_secret in the body.
  clientAuth: 'basic',
  // Whether every refresh hands out a new refresh token that replaces the old one.
  rotatingRefreshTokens: true,
};
`;
}
