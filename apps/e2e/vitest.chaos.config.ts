import { configDefaults, defineConfig } from 'vitest/config';

/** `pnpm test:chaos`: only the chaos run (src/chaos/), with its own long timeouts; no JSON report for the summary. */
export default defineConfig({
  test: {
    include: ['src/chaos/**/*.test.ts'],
    exclude: [...configDefaults.exclude],
    globalSetup: ['src/global-setup.ts'],
    reporters: ['default'],
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
