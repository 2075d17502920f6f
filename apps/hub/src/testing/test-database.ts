import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { startTestPostgresServer, type TestPostgresServer } from './test-postgres-server.js';

export interface TestDatabase {
  /** URL of a fresh, empty database for this test file. */
  url: string;
  drop(): Promise<void>;
}

let ownServer: Promise<TestPostgresServer> | undefined;

/** The run's server from the global setup, or (without it) one started lazily for this process. */
async function serverAdminUrl(): Promise<string> {
  const provided = inject('hubTestPostgres');
  if (provided) return provided.adminUrl;
  ownServer ??= startTestPostgresServer().then((server) => {
    process.once('beforeExit', () => void server.stop());
    return server;
  });
  return (await ownServer).adminUrl;
}

/**
 * A fresh database (`hub_test_<random>`) on the run's PostgreSQL, so that test files never see each other's rows.
 * Call `drop()` in afterAll, after closing every pool on it.
 */
export async function getTestDatabase(): Promise<TestDatabase> {
  const adminUrl = await serverAdminUrl();
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
