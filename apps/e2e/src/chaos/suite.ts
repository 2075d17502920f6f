/**
 * The chaos run as a vitest test (see chaos.ts): one test that runs the scenario with a profile and fails with
 * every broken check listed. Used by src/chaos/chaos.test.ts (`pnpm test:chaos`, the full run) and by
 * src/chaos-ci.test.ts (the smaller variant in the workspace's `npm test`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { workspacePath } from '../harness/index.js';
import { type ChaosOptions, runChaos, summarize } from './chaos.js';

export function describeChaos(name: string, options: ChaosOptions): void {
  const budget = options.timeoutMs + 240_000;
  describe(`chaos (${name})`, () => {
    it(
      `${options.invoices} invoices over ${options.tenants} tenants on two hub processes, ${options.kills} SIGKILL(s), faults on both tools: exactly once, none lost, every attempt logged, no stray notification, no secret`,
      async () => {
        const result = await runChaos({ ...options, log: (line) => console.log(`[chaos ${name}] ${line}`) });
        const text = summarize(result);
        console.log(text);
        // Kept for the record (docs/reliability.md quotes the full run), beside the test report.
        const dir = workspacePath('apps', 'e2e', '.test-report');
        await mkdir(dir, { recursive: true });
        await writeFile(`${dir}/chaos-${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
        expect(result.problems, text).toEqual([]);
      },
      budget,
    );
  });
}
