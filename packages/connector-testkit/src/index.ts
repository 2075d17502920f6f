export * from './sandbox/index.js';
export type { ConformanceTarget, SandboxHandle } from './conformance/target.js';
export type { ConformanceCheck, ConformanceChecks } from './conformance/check.js';
export { conformanceChecks } from './conformance/conformance-checks.js';
export { runConnectorConformance } from './conformance/run.js';
export { capabilityProblems } from './conformance/checks/manifest.js';
export { authSecrets, TESTKIT_TENANT, TESTKIT_CONNECTION_ID } from './conformance/session.js';
