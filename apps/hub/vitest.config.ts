import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      // One PostgreSQL for the whole run (DATABASE_URL, a testcontainer or embedded); each test file makes its own database.
      globalSetup: ['src/testing/global-setup.ts'],
      testTimeout: 30_000,
      hookTimeout: 120_000,
    },
  }),
);
