import type pg from 'pg';

export interface DbCounters {
  commits: number;
  rollbacks: number;
  walLsn: string;
}

/** Commits and rollbacks of one database and the cluster's WAL position, to read per-document costs off deltas. */
export async function dbCounters(pool: pg.Pool, database: string): Promise<DbCounters> {
  const res = await pool.query<{ commits: string; rollbacks: string; lsn: string }>(
    `select xact_commit as commits, xact_rollback as rollbacks, pg_current_wal_lsn()::text as lsn
     from pg_stat_database where datname = $1`,
    [database],
  );
  const row = res.rows[0]!;
  return { commits: Number(row.commits), rollbacks: Number(row.rollbacks), walLsn: row.lsn };
}

export async function dbDelta(pool: pg.Pool, database: string, before: DbCounters): Promise<{ commits: number; rollbacks: number; walBytes: number }> {
  // Statistics reach pg_stat_database when a backend reports them (at the latest ~1 s later): wait them out.
  await new Promise((r) => setTimeout(r, 1200));
  const after = await dbCounters(pool, database);
  const wal = await pool.query<{ bytes: string }>('select pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn) as bytes', [after.walLsn, before.walLsn]);
  return { commits: after.commits - before.commits, rollbacks: after.rollbacks - before.rollbacks, walBytes: Number(wal.rows[0]!.bytes) };
}
