/** The hub's global setup: one PostgreSQL for the run, provided to getTestDatabase() (see harness/test-postgres.ts). */
export { default } from '@accounting-hub/hub/testing/global-setup';
