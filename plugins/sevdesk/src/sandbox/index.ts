export { createSevdeskSandbox, type SevdeskSandbox, type SevdeskSandboxOptions } from './server.js';
export { SevdeskSandboxState, type ValidationFailure } from './state.js';
export { ERRATA, type Erratum } from './openapi/errata.js';
export { SevdeskRequestValidator, type RequestIssue } from './openapi/validator.js';
export { loadSevdeskSpec } from './openapi/load-spec.js';
