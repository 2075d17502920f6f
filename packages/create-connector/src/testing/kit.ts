import type { ConformanceChecks } from '@accounting-hub/connector-testkit';

export interface CheckOutcome {
  group: string;
  name: string;
  skipped: boolean;
  passed: boolean;
  /** Why it failed (or why it was skipped). */
  reason: string | undefined;
}

/** Drives the suite the way runConnectorConformance does under vitest (setup, reset before each, teardown). */
export async function outcomes(suite: ConformanceChecks): Promise<CheckOutcome[]> {
  await suite.setup();
  const result: CheckOutcome[] = [];
  try {
    for (const check of suite.checks) {
      if (check.skip) {
        result.push({ group: check.group, name: check.name, skipped: true, passed: false, reason: check.skip });
        continue;
      }
      await suite.beforeEach();
      const reason = await check.run().then(
        () => undefined,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      result.push({ group: check.group, name: check.name, skipped: false, passed: reason === undefined, reason });
    }
  } finally {
    await suite.teardown();
  }
  return result;
}

/** "group: name" of each outcome, for readable assertions. */
export function named(list: readonly CheckOutcome[]): string[] {
  return list.map((o) => `${o.group}: ${o.name}`);
}
