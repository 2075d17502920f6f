import net from 'node:net';
import path from 'node:path';
import type pg from 'pg';
import { type ChildServer, REPO_DIR, startChild } from './processes.js';

export const ADMIN_TOKEN = 'adm_bench_0123456789abcdef0123456789';
const SECRET_KEY = Buffer.alloc(32, 11).toString('base64');
/** The hub's entry point; BENCH_HUB_MAIN runs another one (a patched copy, to measure a change before and after). */
const HUB_MAIN = process.env.BENCH_HUB_MAIN ? path.resolve(process.env.BENCH_HUB_MAIN) : path.join(REPO_DIR, 'apps/hub/src/main.ts');

export interface BenchHub {
  url: string;
  process: ChildServer;
  api: HubApi;
  stop(): Promise<void>;
}

export interface StartHubOptions {
  databaseUrl: string;
  /** HUB_WORKERS: run the sync workers and the sweep in this process. */
  workers: boolean;
  /** More environment (WORKER_CONCURRENCY, ...). */
  env?: Record<string, string>;
  /** Node options before the entry point (e.g. `--expose-gc`, a preload). */
  nodeArgs?: string[];
}

/**
 * The real hub (apps/hub/src/main.ts, as `pnpm start` runs it) as its own process on 127.0.0.1, on the bench's
 * PostgreSQL. Log level `warn`: what a production deployment would print is part of what is measured.
 */
export async function startHub(options: StartHubOptions): Promise<BenchHub> {
  const port = await freePort();
  const child = await startChild(
    'hub',
    HUB_MAIN,
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      HUB_SECRET_KEY: SECRET_KEY,
      HUB_ADMIN_TOKEN: ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      HUB_WORKERS: String(options.workers),
      ...options.env,
    },
    /Accounting hub listening on (\S+)/,
    60_000,
    options.nodeArgs ?? [],
  );
  const url = `http://127.0.0.1:${port}`;
  return { url, process: child, api: new HubApi(url), stop: () => child.stop() };
}

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

export interface Tenant {
  id: string;
  name: string;
  apiKey: string;
}

/** The few REST calls the benchmarks make to set up tenants; every unexpected answer throws with its body. */
export class HubApi {
  constructor(readonly url: string) {}

  async call(method: string, route: string, token: string, body?: unknown, expect: number[] = [200]): Promise<unknown> {
    const res = await fetch(`${this.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!expect.includes(res.status)) throw new Error(`${method} ${route} answered ${res.status}: ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  }

  createTenant(name: string): Promise<Tenant> {
    return this.call('POST', '/v1/tenants', ADMIN_TOKEN, { name }, [201]) as Promise<Tenant>;
  }

  /** PUT /v1/connections/{connector} (the hub tests the credentials against the tool at once) and PUT /v1/settings. */
  async connect(
    tenant: Tenant,
    connector: string,
    credentials: Record<string, unknown>,
    options: Record<string, unknown>,
    settings: Record<string, unknown>,
  ): Promise<void> {
    await this.call('PUT', `/v1/connections/${connector}`, tenant.apiKey, { credentials, options });
    await this.call('PUT', '/v1/settings', tenant.apiKey, { connector, autoSync: true, ...settings });
  }

  async submit(tenant: Tenant, body: string): Promise<string> {
    const res = await fetch(`${this.url}/v1/invoices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body,
    });
    const text = await res.text();
    if (res.status !== 202) throw new Error(`POST /v1/invoices answered ${res.status}: ${text.slice(0, 500)}`);
    return (JSON.parse(text) as { id: string }).id;
  }
}

/** Polls the database until `done` answers true, or throws after `timeoutMs`. */
export async function waitFor(what: string, timeoutMs: number, done: () => Promise<boolean>, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Invoice counts by status in a database (optionally of some invoices only). */
export async function statusCounts(pool: pg.Pool, ids?: string[]): Promise<Record<string, number>> {
  const res = await pool.query<{ status: string; n: string }>(
    `select status, count(*) as n from invoice ${ids ? 'where id = any($1::uuid[])' : ''} group by status`,
    ids ? [ids] : [],
  );
  return Object.fromEntries(res.rows.map((r) => [r.status, Number(r.n)]));
}
