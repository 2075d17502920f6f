import { defineConfig } from 'vitest/config';

/**
 * Shared by every package: the JSON report feeds scripts/test-summary.mjs, which prints the one
 * "N passed, N failed" line for the whole workspace.
 */
export const sharedTestConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.test-report/vitest.json' },
  },
});
