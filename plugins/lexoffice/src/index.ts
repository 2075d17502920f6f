export { lexofficeConnector, lexofficeConnector as connector } from './connector.js';
export {
  API_KEY_LIFETIME_MONTHS,
  DEFAULT_RATE_LIMIT,
  LEXOFFICE_API_URL,
  LEXOFFICE_AUTH_URL,
  LEXWARE_PARTNER_SANDBOX,
  OAUTH_SCOPES,
  connectionName,
  lexofficeCredentials,
  lexofficeManifest,
  lexofficeOAuth,
  lexofficeOptions,
  rateLimitFor,
  type LexofficeCredentials,
  type LexofficeOptions,
} from './manifest.js';
export { lexofficeErrorFor, isVersionConflict } from './api/errors.js';
export { readErrorBody, type LexErrorBody, type LexIssue } from './api/error-body.js';
export { neutralField } from './api/fields.js';
export { POSTING_CATEGORIES, postingCategoryFor } from './mapping/categories.js';
export { taxTypeFor } from './mapping/tax-type.js';
export { SENDMAIL_NEEDS_PARTNER_API } from './operations/connection.js';
