/** The lexoffice sandbox: tests, the demo and integrators point the connector's hosts at it. */
export {
  DEFAULT_REDIRECT_URIS,
  createLexofficeSandbox,
  type LexofficeSandbox,
  type LexofficeSandboxOptions,
  type SandboxOAuthClient,
} from './server.js';
export { LexofficeState, type Organization, type StoredContact, type StoredSalesVoucher, type StoredVoucher } from './state.js';
export { OAuthStore, type OAuthClient, type OAuthConnection, type TokenSet } from './oauth/store.js';
export { s256 } from './oauth/pkce.js';
export { POSTING_CATEGORY_DATA } from './posting-category-data.js';
