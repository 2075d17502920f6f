import { assertRecordsClean } from './assertions.js';
import type { ConformanceCheck, ConformanceChecks } from './check.js';
import {
  connectionChecks,
  creditChecks,
  customerChecks,
  errorChecks,
  invoiceModeChecks,
  manifestChecks,
  uncertainChecks,
  voucherModeChecks,
} from './checks/index.js';
import { ConformanceSession } from './session.js';
import type { ConformanceTarget } from './target.js';

/**
 * The conformance suite as named async checks. `runConnectorConformance` registers them with vitest; the
 * testkit's own tests drive them directly to prove that a broken connector fails every one.
 */
export function conformanceChecks<C, O>(target: ConformanceTarget<C, O>): ConformanceChecks {
  const session = new ConformanceSession(target);
  const checks: ConformanceCheck[] = [
    ...manifestChecks(session),
    ...connectionChecks(session),
    ...customerChecks(session),
    ...invoiceModeChecks(session),
    ...voucherModeChecks(session),
    ...creditChecks(session),
    ...uncertainChecks(session),
    ...errorChecks(session),
  ].map((check) => ({
    ...check,
    // Whatever a check did, the call log it left must be fit to show a tenant: no credential, every field there.
    run: async () => {
      await check.run();
      assertRecordsClean(session.records, session.secrets);
    },
  }));
  return {
    setup: () => session.setup(),
    beforeEach: () => session.reset(),
    teardown: () => session.teardown(),
    checks,
  };
}
