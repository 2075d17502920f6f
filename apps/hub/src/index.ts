export { type Config, ConfigError, type ConfigIssue, type Env, type LogLevel, loadConfig, type OAuthClientConfig } from './config/env.js';
export { type HubSecrets, resolveSecrets } from './config/local-secrets.js';
export { createHubContainer, type HubContainer, type HubCradle } from './app/container.js';
export { createLogger, type HubLogger, redactPaths } from './app/logger.js';
export { createHubRuntime, type HubRuntime, type HubRuntimeOptions } from './app/runtime.js';
export * from './db/entities/index.js';
export { type EmbeddedPostgresHandle, startEmbeddedPostgres } from './db/embedded-postgres.js';
export { type HubDatabase, openDatabase } from './db/open-database.js';
export { ormConfig } from './db/orm-config.js';
export { type HubJobs, hubJobs } from './jobs/catalog.js';
export {
  DeferJob,
  defineJobs,
  type EnqueueOptions,
  type JobCatalog,
  type JobContext,
  type JobHandler,
  JobQueue,
  type JobSpec,
  type WorkOptions,
} from './jobs/queue.js';
export { PostgresRateLimitStore, type Queryable } from './ratelimit/postgres-rate-limit-store.js';
export { apiKeyPrefix, type GeneratedApiKey, generateApiKey, hashApiKey, isWellFormedApiKey, verifyApiKey } from './security/api-keys.js';
export { createSecretBox, type SecretBox, SecretBoxError } from './security/secret-box.js';
