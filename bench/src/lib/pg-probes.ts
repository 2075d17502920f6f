import pg from 'pg';
import { pooled } from './stats.js';

/**
 * The database's own commit rate, as the same-run floor under intake: `clients` connections each committing
 * one-row insert transactions (a row the size of an invoice body) in a loop for `seconds`. With `notify`, each
 * transaction also calls pg_notify, as pg-boss does when a job is sent to a queue with notify on.
 */
export async function commitRate(url: string, opts: { clients: number; seconds: number; rowBytes: number; notify: boolean }): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: opts.clients });
  // An idle connection the server drops must not take the whole bench down (the query that needed it fails).
  pool.on('error', () => undefined);
  try {
    await pool.query('create table if not exists bench_commit (id bigserial primary key, v text not null)');
    const row = 'x'.repeat(opts.rowBytes);
    const end = Date.now() + opts.seconds * 1000;
    let commits = 0;
    const started = performance.now();
    await pooled(opts.clients, opts.clients, async () => {
      const client = await pool.connect();
      try {
        while (Date.now() < end) {
          await client.query('begin');
          await client.query('insert into bench_commit (v) values ($1)', [row]);
          if (opts.notify) await client.query(`select pg_notify('bench_commit', 'x')`);
          await client.query('commit');
          commits++;
        }
      } finally {
        client.release();
      }
    });
    const rate = commits / ((performance.now() - started) / 1000);
    await pool.query('drop table bench_commit');
    return rate;
  } finally {
    await pool.end();
  }
}

/**
 * Samples pg_stat_activity of one database every `everyMs` until stopped: how often its active backends were
 * seen waiting on what (`Lock:object` is the global lock a committing NOTIFY holds; `IO:WalSync` the fsync).
 */
export function sampleWaits(url: string, database: string, everyMs = 25): { stop(): Promise<{ samples: number; waits: Record<string, number> }> } {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  const waits: Record<string, number> = {};
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      // A sampler that lost its connection stops sampling; the benchmark goes on.
      const res = await client.query<{ w: string }>(
        `select coalesce(wait_event_type || ':' || wait_event, 'CPU') as w from pg_stat_activity
         where datname = $1 and state = 'active' and pid <> pg_backend_pid()`,
        [database],
      );
      samples++;
      for (const { w } of res.rows) waits[w] = (waits[w] ?? 0) + 1;
      await new Promise((r) => setTimeout(r, everyMs));
    }
    await client.end();
  })().catch(() => undefined);
  return {
    async stop() {
      running = false;
      await loop;
      return { samples, waits: Object.fromEntries(Object.entries(waits).sort((a, b) => b[1] - a[1])) };
    },
  };
}
