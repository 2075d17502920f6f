import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { conformanceChecks } from './conformance-checks.js';
import type { ConformanceTarget } from './target.js';

/** Starting a sandbox may take a while (a child process, a container); a check against it should not. */
const SETUP_TIMEOUT_MS = 60_000;
const CHECK_TIMEOUT_MS = 20_000;

/**
 * Registers the conformance suite with vitest, one `it` per check, grouped by topic. Call it at the top level of
 * a connector's test file: an integrator knows the connector is done when this passes.
 */
export function runConnectorConformance<C, O>(target: ConformanceTarget<C, O>): void {
  const suite = conformanceChecks(target);
  const groups = [...new Set(suite.checks.map((c) => c.group))];
  describe(`connector conformance: ${target.connector.manifest.id}`, () => {
    beforeAll(() => suite.setup(), SETUP_TIMEOUT_MS);
    afterAll(() => suite.teardown());
    beforeEach(() => suite.beforeEach());
    for (const group of groups) {
      describe(group, () => {
        for (const check of suite.checks.filter((c) => c.group === group)) {
          if (check.skip) it.skip(`${check.name} (${check.skip})`, () => {});
          else it(check.name, () => check.run(), CHECK_TIMEOUT_MS);
        }
      });
    }
  });
}
