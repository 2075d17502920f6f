import type { Queryable } from '../ratelimit/postgres-rate-limit-store.js';

/**
 * Deletes call-log rows older than `olderThanDays`, `batchSize` rows per statement (found through the `at` index),
 * so that a large backlog never holds one long transaction and its locks. Returns how many rows went.
 */
export async function deleteOldCallLogs(pool: Queryable, olderThanDays: number, batchSize = 5000): Promise<number> {
  if (!(olderThanDays >= 0)) throw new RangeError(`olderThanDays must be >= 0 (got ${olderThanDays})`);
  if (!(batchSize >= 1)) throw new RangeError(`batchSize must be >= 1 (got ${batchSize})`);
  let total = 0;
  for (;;) {
    const { rows } = await pool.query<{ deleted: number }>(
      `with doomed as (
         select id from call_log where at < now() - $1::float8 * interval '1 day' order by at limit $2
       ), gone as (
         delete from call_log where id in (select id from doomed) returning 1
       )
       select count(*)::int as deleted from gone`,
      [olderThanDays, Math.floor(batchSize)],
    );
    const deleted = rows[0]?.deleted ?? 0;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
