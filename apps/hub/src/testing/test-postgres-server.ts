import { mkdtemp } from 'node:fs/promises';
import { silentLogger } from '@accounting-hub/core';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';

export type TestPostgresKind = 'external' | 'testcontainers' | 'embedded';

/** One PostgreSQL server for a whole test run; each test file makes its own database on it. */
export interface TestPostgresServer {
  kind: TestPostgresKind;
  /** A URL of a database on the server whose user may CREATE DATABASE. */
  adminUrl: string;
  /** How long getting the server took. */
  startMs: number;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL if set; else a testcontainers PostgreSQL where a container runtime answers; else an embedded
 * PostgreSQL in a fresh directory under /tmp (traversable by the `postgres` user when the tests run as root).
 */
export async function startTestPostgresServer(env: NodeJS.ProcessEnv = process.env): Promise<TestPostgresServer> {
  const started = Date.now();
  const external = env.DATABASE_URL?.trim();
  if (external) return { kind: 'external', adminUrl: external, startMs: 0, stop: async () => {} };

  const container = await startContainer();
  if (container) {
    return { kind: 'testcontainers', adminUrl: container.url, startMs: Date.now() - started, stop: container.stop };
  }

  const dir = await mkdtemp('/tmp/hub-test-pg-');
  const server = await startEmbeddedPostgres({ dir, database: 'postgres', logger: silentLogger });
  return {
    kind: 'embedded',
    adminUrl: server.adminUrl,
    startMs: Date.now() - started,
    stop: async () => {
      await server.stop();
      const { rm } = await import('node:fs/promises');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Rejects within milliseconds when there is no container runtime: then the caller falls back. */
async function startContainer(): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  if (process.env.HUB_TEST_NO_CONTAINERS === '1') return undefined;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch {
    return undefined;
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:18-alpine').start();
  return { url: container.getConnectionUri(), stop: async () => void (await container.stop()) };
}
