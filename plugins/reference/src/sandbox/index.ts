export { createReferenceSandbox, type ReferenceSandbox, type ReferenceSandboxOptions } from './server.js';
