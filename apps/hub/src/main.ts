import path from 'node:path';
import { createHubRuntime, type HubRuntime } from './app/runtime.js';
import { ConfigError, loadConfig } from './config/env.js';
import { buildApp } from './http/app.js';

/**
 * Starts the hub: configuration, runtime (PostgreSQL, migrations, jobs, services), then the HTTP API on
 * HOST:PORT. SIGINT/SIGTERM stop it gracefully: no new requests, running ones finish, then the runtime stops
 * (job workers, database, embedded PostgreSQL). A second signal exits at once.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }

  const runtime: HubRuntime = await createHubRuntime(config);
  const { logger } = runtime.cradle;
  const app = buildApp(runtime);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await app.close();
      await runtime.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Ctrl-C in a terminal signals the whole process group, the embedded PostgreSQL included: while stopping, its
  // "terminating connection due to administrator command" on an idle client is expected, not a crash.
  process.on('uncaughtException', (error) => {
    if (stopping && (error as { code?: unknown }).code === '57P01') return;
    logger.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  });

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    logger.error({ err: error }, 'could not listen');
    await runtime.close().catch(() => undefined);
    process.exit(1);
  }

  const lines = [
    `Accounting hub listening on ${config.publicUrl}`,
    `  API docs:  ${config.publicUrl}/docs   (OpenAPI: ${config.publicUrl}/openapi.json)`,
  ];
  if (runtime.embedded) {
    lines.push(`  Database:  embedded PostgreSQL in ${path.join(config.dataDir, 'pg')}`);
    if (!config.adminToken) lines.push(`  Admin token: in ${path.join(config.dataDir, 'admin.token')}`);
  }
  if (!runtime.cradle.adminToken) lines.push('  Admin API disabled (set HUB_ADMIN_TOKEN to enable it)');
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
