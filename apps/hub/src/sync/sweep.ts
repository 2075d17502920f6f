import type { Logger } from '@accounting-hub/core';
import cron from 'node-cron';
import type pg from 'pg';
import type { ConnectionService, SyncService } from '../app/services.js';

export interface SweepDeps {
  pool: pg.Pool;
  syncService: SyncService;
  connectionService: Pick<ConnectionService, 'refreshExpiring'>;
  logger: Logger;
  /** Deletes call-log rows older than the retention; answers how many. */
  deleteOldCallLogs: () => Promise<number>;
}

export interface SweepReport {
  requeued: number;
  cancellationsRequeued: number;
  reconnectedRetried: number;
  tokensRefreshed: number;
  logsDeleted: number;
  oauthStatesDeleted: number;
}

/** Only one hub process sweeps at a time; the others skip that round. */
const SWEEP_LOCK_KEY = 0x5357_4545; // "SWEE"
const BATCH = 1000;

/**
 * The safety net under the job queue, run every few minutes: re-queues invoices whose retry is due or whose
 * worker died mid-sync (lease ran out), retries invoices that failed on auth once their connection works again,
 * refreshes OAuth tokens ahead of expiry, and applies the call-log retention.
 */
export async function runSweep(deps: SweepDeps): Promise<SweepReport | null> {
  const client = await deps.pool.connect();
  try {
    const lock = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [SWEEP_LOCK_KEY]);
    if (!lock.rows[0]?.ok) return null;
    try {
      return await sweepOnce(deps);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [SWEEP_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

async function sweepOnce(deps: SweepDeps): Promise<SweepReport> {
  const { pool, syncService } = deps;
  const due = await pool.query<{ id: string; tenant_id: string }>(
    `select id, tenant_id from invoice
     where next_attempt_at <= now() and status in ('pending', 'syncing')
     order by next_attempt_at limit ${BATCH}`,
  );
  for (const r of due.rows) await syncService.enqueue({ tenantId: r.tenant_id, invoiceId: r.id, op: 'book' });

  const dueCancels = await pool.query<{ id: string; tenant_id: string }>(
    `select id, tenant_id from invoice
     where cancellation->>'status' in ('pending', 'syncing')
       and (cancellation->>'nextAttemptAt') is not null and (cancellation->>'nextAttemptAt')::timestamptz <= now()
     limit ${BATCH}`,
  );
  for (const r of dueCancels.rows) await syncService.enqueue({ tenantId: r.tenant_id, invoiceId: r.id, op: 'cancel' });

  // Invoices that failed only because the connection was dead go again once it works again: reconnected, or
  // tested successfully (either updates the connection row after the failure).
  const reconnected = await pool.query<{ id: string; tenant_id: string }>(
    `update invoice i set status = 'pending', attempts = 0, next_attempt_at = null, updated_at = now()
     from tenant t, connection c
     where i.status = 'failed' and i.last_error->>'kind' = 'auth' and t.id = i.tenant_id
       and c.tenant_id = t.id and c.connector = t.connector and c.status = 'active'
       and c.updated_at > (i.last_error->>'at')::timestamptz
     returning i.id, i.tenant_id`,
  );
  for (const r of reconnected.rows) await syncService.enqueue({ tenantId: r.tenant_id, invoiceId: r.id, op: 'book' });

  const tokensRefreshed = await deps.connectionService.refreshExpiring(15 * 60_000).catch((error: unknown) => {
    deps.logger.warn({ err: error }, 'sweep: token refresh failed');
    return 0;
  });
  const logsDeleted = await deps.deleteOldCallLogs();
  const states = await pool.query('delete from oauth_state where expires_at < now()');

  const report: SweepReport = {
    requeued: due.rowCount ?? 0,
    cancellationsRequeued: dueCancels.rowCount ?? 0,
    reconnectedRetried: reconnected.rowCount ?? 0,
    tokensRefreshed,
    logsDeleted,
    oauthStatesDeleted: states.rowCount ?? 0,
  };
  deps.logger.info(report, 'sweep done');
  return report;
}

/** Schedules the sweep with node-cron; answers a function that stops it. */
export function scheduleSweep(deps: SweepDeps, expression: string): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(expression, () => {
    running = runSweep(deps).catch((error: unknown) => deps.logger.error({ err: error }, 'sweep failed'));
  });
  return async () => {
    await task.stop();
    await running;
  };
}
