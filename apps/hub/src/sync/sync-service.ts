import type pg from 'pg';
import type { SqlExecutor, SyncService } from '../app/services.js';
import { conflict, HubError, notFound } from '../errors/hub-error.js';
import type { HubJobs } from '../jobs/catalog.js';
import type { JobQueue } from '../jobs/queue.js';
import { SYNC_QUEUE, syncSingletonKey } from './jobs.js';

/** Fresh invoices go before backfilled ones: a backfill fills idle capacity, it never delays today's invoices. */
const PRIORITY_FRESH = 1;
const PRIORITY_BACKFILL = 0;
/** If a job is lost (it should not be), the sweep queues the invoice again after this. */
const SAFETY_NET_MINUTES = 10;

export function createSyncService(deps: { pool: pg.Pool; queue: JobQueue<HubJobs> }): SyncService {
  const { pool, queue } = deps;
  const run = (db: SqlExecutor | undefined) => db ?? { executeSql: (text: string, values?: unknown[]) => pool.query(text, values) };

  const service: SyncService = {
    async enqueue({ tenantId, invoiceId, op, priority = PRIORITY_FRESH, db }) {
      // The row carries its own due time, so the sweep can bring back a job that never ran.
      await run(db).executeSql(
        op === 'book'
          ? `update invoice set next_attempt_at = now() + interval '${SAFETY_NET_MINUTES} minutes'
             where id = $1 and status = 'pending' and next_attempt_at is null`
          : `update invoice set cancellation = cancellation || jsonb_build_object('nextAttemptAt',
               to_jsonb(now() + interval '${SAFETY_NET_MINUTES} minutes'))
             where id = $1 and cancellation->>'status' = 'pending'`,
        [invoiceId],
      );
      await queue.enqueue(
        SYNC_QUEUE,
        { tenantId, invoiceId, op },
        { singletonKey: syncSingletonKey(invoiceId, op), group: tenantId, priority, ...(db ? { db } : {}) },
      );
    },

    async resync(tenantId, invoiceId) {
      const res = await pool.query<{ status: string; cancellation_status: string | null }>(
        `select status, cancellation->>'status' as cancellation_status from invoice where id = $1 and tenant_id = $2`,
        [invoiceId, tenantId],
      );
      const row = res.rows[0];
      if (!row) throw notFound('invoice');
      if (row.status === 'booked') {
        // A booked invoice whose cancellation failed: sync means "try the cancellation again".
        if (row.cancellation_status === 'failed' || row.cancellation_status === 'pending') {
          await pool.query(
            `update invoice set cancellation = cancellation || jsonb_build_object('status', 'pending', 'attempts', 0,
               'nextAttemptAt', null) where id = $1`,
            [invoiceId],
          );
          await service.enqueue({ tenantId, invoiceId, op: 'cancel' });
          return;
        }
        throw conflict('already_booked', 'This invoice is booked already; syncing it again would book it twice.');
      }
      if (row.status === 'resolved') throw conflict('already_resolved', 'This invoice was resolved by hand.');
      if (row.status === 'syncing') throw conflict('sync_in_progress', 'This invoice is being synced right now.');
      // pending or failed: start over with fresh attempts. A pending write stays: it is settled first.
      await pool.query(
        `update invoice set status = 'pending', attempts = 0, next_attempt_at = null, updated_at = now()
         where id = $1 and status in ('pending', 'failed')`,
        [invoiceId],
      );
      await service.enqueue({ tenantId, invoiceId, op: 'book' });
    },

    async backfill(tenantId, range) {
      const tenant = await pool.query<{ connector: string | null }>('select connector from tenant where id = $1', [tenantId]);
      const connector = tenant.rows[0]?.connector;
      if (!connector) {
        throw new HubError(422, 'no_connector', 'Choose a bookkeeping tool in the settings before a backfill.');
      }
      const statuses = range.status ? [range.status] : ['pending', 'failed'];
      const res = await pool.query<{ id: string }>(
        `update invoice set status = 'pending', attempts = 0, next_attempt_at = null, updated_at = now()
         where tenant_id = $1 and date between $2 and $3 and status = any($4::text[])
         returning id`,
        [tenantId, range.from, range.to, statuses],
      );
      for (const { id } of res.rows) {
        await service.enqueue({ tenantId, invoiceId: id, op: 'book', priority: PRIORITY_BACKFILL });
      }
      return res.rows.length;
    },
  };
  return service;
}
