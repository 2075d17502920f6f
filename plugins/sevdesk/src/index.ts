export { connector } from './connector.js';
export {
  DEFAULT_REQUESTS_PER_SECOND,
  MAX_REQUESTS_PER_SECOND,
  rateLimitFor,
  sevdeskCredentials,
  sevdeskManifest,
  sevdeskOptions,
  type SevdeskCredentials,
  type SevdeskOptions,
  type SevdeskOptionsInput,
} from './manifest.js';
export { sevdeskState, type SevdeskState } from './state.js';
export { taxTreatment, type TaxTreatment } from './tax/tax-rules.js';
