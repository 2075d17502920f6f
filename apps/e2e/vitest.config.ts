import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      // Chaos tests (src/chaos/) are long and run only through their own script, not in the workspace's `npm test`.
      exclude: [...configDefaults.exclude, 'src/chaos/**'],
      // One PostgreSQL for the whole run (DATABASE_URL, a testcontainer or embedded), as in apps/hub; each test file
      // makes its own database on it and hands its URL to the hub processes it starts.
      globalSetup: ['src/global-setup.ts'],
      // Every test drives separate processes (the hub, the sandboxes) over HTTP and waits for background bookings.
      testTimeout: 120_000,
      hookTimeout: 120_000,
      teardownTimeout: 30_000,
    },
  }),
);
