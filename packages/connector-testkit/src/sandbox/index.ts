/**
 * The sandbox side of the testkit: the admin protocol every tool sandbox speaks. Free of vitest, so that a
 * sandbox can run as a plain process (the demo, `pnpm sandbox`).
 */
export * from './types.js';
export { FaultInjector, type FaultHit, type FaultInjectorOptions, pathOnly, seededRandom } from './fault-injector.js';
export { SANDBOX_ADMIN_PREFIX, type HttpSandboxControl, httpSandboxControl } from './http-control.js';
export {
  SandboxCounters,
  type SandboxAdminState,
  credentialFingerprint,
  isSandboxAdminPath,
  sandboxAdminRoutes,
} from './admin-routes.js';
export { installSandboxRateLimit, SandboxTokenBucket } from './rate-limit.js';
