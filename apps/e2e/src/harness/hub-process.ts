import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';
import { baseEnvironment, type ManagedProcess, type ProcessExit, spawnManaged } from './managed-process.js';
import { sleep } from './wait.js';
import { nodeBinary, workspacePath } from './workspace.js';

/**
 * The encryption key of every hub process the harness starts (HUB_SECRET_KEY) unless the caller gives one: processes
 * that share a database must share it, or the second cannot read the connections the first stored.
 */
export const E2E_SECRET_KEY = Buffer.alloc(32, 0x2e).toString('base64');

export interface StartHubOptions {
  /**
   * The hub's environment (apps/hub/src/config/env.ts), normally `DATABASE_URL` plus what a test tunes
   * (SWEEP_CRON, SYNC_RETRY_BASE_MS, WORKER_CONCURRENCY, HUB_WORKERS, ...). Filled in unless given: HUB_SECRET_KEY
   * (E2E_SECRET_KEY), HUB_ADMIN_TOKEN (random), LOG_LEVEL `info`, HUB_DATA_DIR (a fresh directory under the OS tmp
   * dir, removed after exit), PUBLIC_URL. Nothing of the test runner's own hub variables leaks in.
   */
  env: Record<string, string>;
  /** 0 or absent: a free port (retried if another process takes it first). */
  port?: number;
  /** Name in messages and of the log file (default `hub`). */
  name?: string;
  /** How long to wait for GET /health (default 90 s: a cold start on a busy machine). */
  readyTimeoutMs?: number;
}

export interface HubProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  adminToken: string;
  pid: number;
  process: ManagedProcess;
  /** stdout + stderr so far (pino JSON lines at LOG_LEVEL, plus the start banner). */
  logs(): string;
  /** The copy of the output under the OS tmp dir, kept after the test for post-mortems. */
  logFile: string;
  /** Sends a signal (default SIGKILL: the ungraceful end) and returns; await `exited` for the end. */
  kill(signal?: NodeJS.Signals): void;
  /** Graceful: SIGTERM (the hub finishes requests and stops its workers), SIGKILL after `timeoutMs` (default 15 s). */
  stop(options?: { timeoutMs?: number }): Promise<ProcessExit>;
  exited: Promise<ProcessExit>;
}

const HUB_VARIABLES = /^(PORT|HOST|PUBLIC_URL|DATABASE_URL|LOG_LEVEL|SWEEP_CRON|LOG_RETENTION_DAYS|WORKER_CONCURRENCY|SYNC_.*|HUB_.*)$/;

/**
 * Starts the BUILT hub (`apps/hub/dist/main.js`, what `pnpm start` runs; turbo builds it before the e2e tests) as
 * its own process on the workspace's Node, resolving every workspace package to its built `dist`, and waits until
 * GET /health answers 200.
 */
export async function startHubProcess(options: StartHubOptions): Promise<HubProcess> {
  const adminToken = options.env.HUB_ADMIN_TOKEN ?? `adm_e2e_${randomBytes(16).toString('hex')}`;
  const ownDataDir = options.env.HUB_DATA_DIR === undefined ? await mkdtemp(path.join(os.tmpdir(), 'hub-e2e-data-')) : undefined;
  const fixedPort = options.port !== undefined && options.port !== 0;

  try {
    for (let attempt = 1; ; attempt++) {
      const port = fixedPort ? (options.port as number) : await freePort();
      try {
        return await startOnce(options, port, adminToken, ownDataDir);
      } catch (error) {
        if (!(error instanceof AddressInUse) || fixedPort || attempt >= 3) throw error;
      }
    }
  } catch (error) {
    if (ownDataDir) await rm(ownDataDir, { recursive: true, force: true });
    throw error;
  }
}

class AddressInUse extends Error {}

async function startOnce(options: StartHubOptions, port: number, adminToken: string, ownDataDir: string | undefined): Promise<HubProcess> {
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...baseEnvironment((name) => HUB_VARIABLES.test(name)),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    LOG_LEVEL: 'info',
    HUB_SECRET_KEY: E2E_SECRET_KEY,
    ...(ownDataDir ? { HUB_DATA_DIR: ownDataDir } : {}),
    ...options.env,
    PORT: String(port),
    HUB_ADMIN_TOKEN: adminToken,
  };
  const proc = await spawnManaged({
    name: options.name ?? 'hub',
    command: nodeBinary(),
    args: ['dist/main.js'],
    cwd: workspacePath('apps', 'hub'),
    env,
  });
  if (ownDataDir) void proc.exited.then(() => rm(ownDataDir, { recursive: true, force: true }).catch(() => undefined));

  const timeoutMs = options.readyTimeoutMs ?? 90_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exit = proc.exitStatus();
    if (exit) {
      const message = `${proc.name} (pid ${proc.pid}) exited (code ${exit.code}, signal ${exit.signal}) before answering GET /health. Log: ${proc.logFile}\n${proc.tail()}`;
      throw /EADDRINUSE/.test(proc.logs()) ? new AddressInUse(message) : new Error(message);
    }
    if (await healthy(url)) break;
    if (Date.now() > deadline) {
      await proc.stop({ timeoutMs: 2000 });
      throw new Error(`${proc.name} (pid ${proc.pid}) did not answer GET /health within ${timeoutMs} ms. Log: ${proc.logFile}\n${proc.tail()}`);
    }
    await sleep(100);
  }

  return {
    url,
    port,
    adminToken,
    pid: proc.pid,
    process: proc,
    logs: () => proc.logs(),
    logFile: proc.logFile,
    kill: (signal) => proc.kill(signal),
    stop: ({ timeoutMs: stopTimeoutMs = 15_000 } = {}) => proc.stop({ timeoutMs: stopTimeoutMs }),
    exited: proc.exited,
  };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}
