import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createLogger } from '../app/logger.js';
import { createHubRuntime, type HubRuntime } from '../app/runtime.js';
import { type Config, type Env, loadConfig } from '../config/env.js';
import { freePort } from '../db/embedded-postgres.js';
import { buildApp } from '../http/app.js';
import type { DemoOAuthClient } from './sandboxes.js';

/** The hub's usual port, taken when it is free and PORT is not set. */
export const DEFAULT_PORT = 3000;

/**
 * The hub's configuration through its real loader, on the embedded default: DATABASE_URL and PUBLIC_URL are
 * ignored (the demo runs its own PostgreSQL and is reached on loopback), the bundled connectors are loaded, and
 * the lexoffice OAuth client is the one registered in the sandbox.
 */
export function demoConfig(env: Env, opts: { dataDir?: string | undefined; port?: number; oauthClient: DemoOAuthClient }): Config {
  return loadConfig({
    ...env,
    DATABASE_URL: undefined,
    PUBLIC_URL: undefined,
    HUB_CONNECTORS: undefined,
    HUB_WORKERS: 'true',
    ...(opts.port === undefined ? {} : { PORT: String(opts.port) }),
    ...(opts.dataDir === undefined ? {} : { HUB_DATA_DIR: opts.dataDir }),
    HUB_OAUTH_LEXOFFICE_CLIENT_ID: opts.oauthClient.clientId,
    HUB_OAUTH_LEXOFFICE_CLIENT_SECRET: opts.oauthClient.clientSecret,
  });
}

/**
 * The hub's port: `requested` (0: any free port); else PORT when it is set (`config` read it); else 3000 when it
 * is free, else any free port (a second demo, or something else on 3000).
 */
export async function choosePort(env: Env, config: Pick<Config, 'host' | 'port'>, requested?: number): Promise<number> {
  if (requested !== undefined) return requested > 0 ? requested : freePort();
  if (env.PORT?.trim()) return config.port;
  return (await isFree(config.host, DEFAULT_PORT)) ? DEFAULT_PORT : freePort();
}

function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export interface DemoHub {
  config: Config;
  runtime: HubRuntime;
  app: FastifyInstance;
  /** Where the hub listens (its public URL). */
  url: string;
  adminToken: string;
  /** The file the admin token is kept in, or null when it came from HUB_ADMIN_TOKEN. */
  adminTokenFile: string | null;
  /** The hub's own log (pino JSON lines). */
  logFile: string;
  close(): Promise<void>;
}

/**
 * Starts the hub as `npm start` does (runtime with workers and sweep, then the HTTP API on HOST:PORT), with its
 * log going to `<dataDir>/demo-hub.log` instead of the terminal, where the demo's own output goes.
 */
export async function startDemoHub(config: Config): Promise<DemoHub> {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o711 });
  const logFile = path.join(config.dataDir, 'demo-hub.log');
  // Owner only: the hub logs the admin token once, when it generates it.
  fs.closeSync(fs.openSync(logFile, 'a', 0o600));
  fs.chmodSync(logFile, 0o600);
  const destination = pino.destination({ dest: logFile, sync: true, append: true });
  const runtime = await createHubRuntime(config, { logger: createLogger(config.logLevel, destination) });
  const app = buildApp(runtime);
  const adminToken = runtime.cradle.adminToken;
  try {
    if (!adminToken) throw new Error('the hub runs without an admin token; the demo needs one to create its tenants');
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close().catch(() => undefined);
    await runtime.close().catch(() => undefined);
    destination.end();
    throw error;
  }
  return {
    config,
    runtime,
    app,
    url: config.publicUrl,
    adminToken,
    adminTokenFile: config.adminToken ? null : path.join(config.dataDir, 'admin.token'),
    logFile,
    async close() {
      try {
        await app.close();
        await runtime.close();
      } finally {
        destination.end();
      }
    },
  };
}
