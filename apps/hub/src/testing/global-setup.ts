import type { TestProject } from 'vitest/node';
import { startTestPostgresServer, type TestPostgresKind } from './test-postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    hubTestPostgres: { kind: TestPostgresKind; adminUrl: string; startMs: number };
  }
}

/** Starts one PostgreSQL for the whole vitest run and hands its URL to every test file (see getTestDatabase). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgresServer();
  project.provide('hubTestPostgres', { kind: server.kind, adminUrl: server.adminUrl, startMs: server.startMs });
  if (process.env.HUB_TEST_VERBOSE === '1' || server.kind !== 'external') {
    console.log(`[hub tests] PostgreSQL: ${server.kind}, ready in ${server.startMs} ms`);
  }
  return () => server.stop();
}
