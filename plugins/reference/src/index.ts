export { connector } from './connector.js';
export { rateLimitFor, referenceManifest, type ReferenceCredentials, type ReferenceOptions } from './manifest.js';
export { createReferenceSandbox, type ReferenceSandbox, type ReferenceSandboxOptions } from './sandbox/index.js';
