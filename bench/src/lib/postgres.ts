import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '@accounting-hub/core';
import { startEmbeddedPostgres } from '@accounting-hub/hub';
import pg from 'pg';
import { onCleanup } from './cleanup.js';
import { processTreeCpuMs } from './cpu.js';

export interface BenchDatabase {
  name: string;
  url: string;
  /** A small pool on the database, for the benchmark's own reads (counts, timestamps). */
  pool: pg.Pool;
  drop(): Promise<void>;
}

export interface BenchPostgres {
  kind: 'embedded' | 'external';
  adminUrl: string;
  /** PostgreSQL's version string, for the report. */
  version: string;
  /** CPU (ms) the server's processes used so far: the postmaster and its children; NaN for an external server. */
  cpuMs(): Promise<number>;
  /** A fresh, empty database for one benchmark; dropped at cleanup at the latest. */
  createDatabase(label: string): Promise<BenchDatabase>;
  stop(): Promise<void>;
}

/**
 * The suite's PostgreSQL: BENCH_DATABASE_URL (a user that may CREATE DATABASE) when set, else an embedded
 * PostgreSQL 18 in a fresh directory under the OS tmp dir, removed again on stop. Default settings (fsync on):
 * the figures should be what a deployment on this disk would see.
 */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  const external = process.env.BENCH_DATABASE_URL?.trim();
  let adminUrl: string;
  let stopServer: () => Promise<void>;
  let kind: BenchPostgres['kind'];
  let postmasterPid: (() => Promise<number>) | undefined;
  if (external) {
    kind = 'external';
    adminUrl = external;
    stopServer = async () => {};
  } else {
    kind = 'embedded';
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-bench-pg-'));
    const server = await startEmbeddedPostgres({ dir, database: 'postgres', logger: silentLogger }).catch(async (error) => {
      await rm(dir, { recursive: true, force: true });
      throw error;
    });
    adminUrl = server.adminUrl;
    postmasterPid = async () => Number((await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    stopServer = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const stop = onCleanup('postgres', stopServer);
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  const version = (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
  await admin.end();

  return {
    kind,
    adminUrl,
    version,
    cpuMs: async () => (postmasterPid ? processTreeCpuMs(await postmasterPid()) : Number.NaN),
    async createDatabase(label) {
      const name = `hub_bench_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`create database ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
      pool.on('error', () => undefined);
      const drop = onCleanup(`database ${name}`, async () => {
        await pool.end().catch(() => undefined);
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        try {
          await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
        } finally {
          await c.end();
        }
      });
      return { name, url: url.toString(), pool, drop };
    },
    stop,
  };
}
