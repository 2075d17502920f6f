import { getTestDatabase } from '@accounting-hub/hub/testing/test-database';

export interface TestPostgres {
  /** postgres:// URL of a fresh, empty database: give it to every hub process that should share it. */
  url: string;
  /** Drops the database (with force). Call it after the hub processes on it have stopped. */
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, made by the hub's own test helper on the run's PostgreSQL: DATABASE_URL when
 * set, else a testcontainer or an embedded PostgreSQL started once by the global setup (src/global-setup.ts). Hub
 * processes started on its URL run their migrations on it; two of them on one URL share everything.
 */
export async function createTestPostgres(): Promise<TestPostgres> {
  const db = await getTestDatabase();
  return { url: db.url, drop: () => db.drop() };
}
