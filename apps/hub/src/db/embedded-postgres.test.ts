import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger } from '@accounting-hub/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded-postgres.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp('/tmp/hub-embedded-');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres', () => {
  it('creates the cluster and the database once and keeps them across restarts', async () => {
    const first = await startEmbeddedPostgres({ dir, logger: silentLogger });
    expect(first.reused).toBe(false);
    await query(first.url, 'create table kept (v text); insert into kept values (\'still here\')');
    await first.stop();

    const second = await startEmbeddedPostgres({ dir, logger: silentLogger });
    try {
      expect(await query(second.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  it('takes over a postgres left running by a killed run instead of failing on its postmaster.pid', async () => {
    const orphan = await startEmbeddedPostgres({ dir, logger: silentLogger });
    // A second start on the same directory stands for the restart after `kill -9` of the first process.
    const adopted = await startEmbeddedPostgres({ dir, logger: silentLogger });
    expect(adopted.reused).toBe(true);
    expect(adopted.port).toBe(orphan.port);
    expect(await query(adopted.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
    await adopted.stop();
    await orphan.stop();
  });

  it('removes a stale postmaster.pid whose process is gone', async () => {
    const pidFile = path.join(dir, 'pg', 'postmaster.pid');
    // pid 2^22-1 is above the default pid_max, so no process has it.
    await writeFile(pidFile, `4194303\n${path.join(dir, 'pg')}\n1700000000\n5999\n\n127.0.0.1\n`);
    const server = await startEmbeddedPostgres({ dir, logger: silentLogger });
    try {
      expect(server.reused).toBe(false);
      expect(await query(server.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
      expect((await readFile(pidFile, 'utf8')).split('\n')[3]).toBe(String(server.port));
    } finally {
      await server.stop();
    }
  });

  it('keeps the generated database password private to the owner', async () => {
    expect((await stat(path.join(dir, 'pg.password'))).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.getuid?.() !== 0)('as root, refuses a data directory the postgres user cannot reach, naming the directory', async () => {
    const home = await mkdtemp('/tmp/hub-private-');
    try {
      await chmod(home, 0o700);
      await expect(startEmbeddedPostgres({ dir: path.join(home, 'data'), logger: silentLogger })).rejects.toThrow(
        new RegExp(`cannot enter ${home} \\(mode 700\\).*HUB_DATA_DIR`),
      );
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it.skipIf(process.getuid?.() !== 0)('as root, makes its own data directory traversable (not listable) for postgres', async () => {
    const own = await mkdtemp('/tmp/hub-own-');
    try {
      await chmod(own, 0o700);
      const server = await startEmbeddedPostgres({ dir: own, logger: silentLogger });
      await server.stop();
      expect((await stat(own)).mode & 0o777).toBe(0o701);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});
