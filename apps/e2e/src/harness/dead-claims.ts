import pg from 'pg';

export interface ExpiredClaims {
  /** Invoices a dead process held as `syncing` (their booking lease, 5 minutes in the hub, moved to now). */
  invoices: number;
  /** Cancellations a dead process held as `syncing`. */
  cancellations: number;
  /** Jobs pg-boss still counted as active (their expireInSeconds, 300 in the hub, cut short: failed now). */
  jobs: number;
}

/**
 * Fast-forwards the clock past the claims of hub processes that were killed, instead of waiting for them to run
 * out: a killed hub leaves the invoice it was booking `syncing` under a 5-minute lease (apps/hub sync-engine
 * `leaseMs`) and its pg-boss job `active` until `expireInSeconds` (300 s); with one job per tenant at a time
 * (SYNC_TENANT_CONCURRENCY=1) that active job also holds the tenant's slot. After this, a running hub's sweep
 * queues the invoice again and the pending-write record decides between "look it up" and "create".
 *
 * Only call it while NO hub process runs on the database: it would take live claims away from a running one.
 */
export async function expireClaimsOfDeadHubs(databaseUrl: string): Promise<ExpiredClaims> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    const invoices = await client.query(
      `update invoice set next_attempt_at = now() - interval '1 second', updated_at = now() where status = 'syncing'`,
    );
    const cancellations = await client.query(
      `update invoice set cancellation = cancellation || jsonb_build_object('nextAttemptAt', to_jsonb(now() - interval '1 second')),
         updated_at = now()
       where cancellation->>'status' = 'syncing'`,
    );
    const jobs = await client.query(
      `update pgboss.job set state = 'failed', completed_on = now(),
         output = '{"message":"expired: the hub process holding it was killed (e2e fast-forward)"}'::jsonb
       where state = 'active'`,
    );
    await client.query('commit');
    return { invoices: invoices.rowCount ?? 0, cancellations: cancellations.rowCount ?? 0, jobs: jobs.rowCount ?? 0 };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
